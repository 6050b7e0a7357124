// Recall of the fuzzy index against an exhaustive scan, on a real store.
//
//   build/bench/recall_bench STORE QUERIES.txt SRC [MIN_SCORE]
//
// Loads the scoring tokens of every SRC variant of the store once, then for
// each query compares Store::FindSimilar (the index) with scoring every
// variant (banded edit distance, same formula): the sets of (unit, score) at
// or above MIN_SCORE must be equal. Prints one JSON line: queries, matches
// found by the scan, recall and precision of the index, and the time of each.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/store.h"
#include "tmkit/core/text.h"

using namespace tmkit;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s STORE QUERIES.txt SRC [MIN_SCORE]\n", argv[0]);
    return 2;
  }
  const std::string lang = argv[3];
  const int min_score = argc > 4 ? std::atoi(argv[4]) : 70;
  Result<Store> store = Store::Open(argv[1], {.create_if_missing = false, .read_only = true});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  // Every variant's tokens as ids of a local vocabulary (the scan's own).
  std::unordered_map<std::string, uint32_t> vocab;
  auto ids = [&](const std::vector<std::string>& keys) {
    std::vector<uint32_t> out;
    for (const std::string& k : keys) out.push_back(vocab.emplace(k, vocab.size()).first->second);
    return out;
  };
  struct Text {
    uint64_t unit;
    std::vector<uint32_t> tokens;
  };
  std::vector<Text> texts;
  auto t0 = std::chrono::steady_clock::now();
  Status s = store->ForEach([&](const TranslationUnit& u) -> Status {
    for (const Variant& v : u.variants) {
      if (LanguageMatches(lang, v.lang))
        texts.push_back({u.id, ids(ScoringTokens(v.segment.text, v.lang))});
    }
    return {};
  });
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().message.c_str());
    return 1;
  }
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ifstream in(argv[2]);
  std::string line;
  uint64_t queries = 0, scan_matches = 0, index_matches = 0, common = 0;
  double scan_ms = 0, index_ms = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    ++queries;
    std::string text = ToNfc(line);
    std::vector<std::string> keys = ScoringTokens(text, lang);
    std::vector<uint32_t> q = ids(keys);
    const int n = static_cast<int>(q.size());
    std::set<std::pair<uint64_t, int>> scan, index;
    auto a = std::chrono::steady_clock::now();
    if (n > 0) {
      for (const Text& t : texts) {
        const int m = static_cast<int>(t.tokens.size());
        int bound = MaxDistanceFor(min_score, n, m);
        int d = EditDistance<uint32_t>(q, t.tokens, bound);
        if (d <= bound) scan.emplace(t.unit, ScoreFromDistance(d, n, m));
      }
    }
    auto b = std::chrono::steady_clock::now();
    s = store->FindSimilar(lang, keys, min_score, [&](const SimilarHit& h, const TranslationUnit&) {
      index.emplace(h.unit_id, h.score);
      return true;
    });
    auto c = std::chrono::steady_clock::now();
    if (!s) {
      std::fprintf(stderr, "%s\n", s.error().message.c_str());
      return 1;
    }
    scan_ms += std::chrono::duration<double, std::milli>(b - a).count();
    index_ms += std::chrono::duration<double, std::milli>(c - b).count();
    scan_matches += scan.size();
    index_matches += index.size();
    for (const auto& x : index) common += scan.count(x);
    if (index != scan) {
      std::fprintf(stderr, "differs: %s (scan %zu, index %zu)\n", line.c_str(), scan.size(),
                   index.size());
    }
  }
  std::printf(
      "{\"texts\": %zu, \"load_s\": %.1f, \"queries\": %llu, \"min_score\": %d, "
      "\"scan_matches\": %llu, \"index_matches\": %llu, \"recall\": %.6f, \"precision\": %.6f, "
      "\"scan_ms_per_query\": %.2f, \"index_ms_per_query\": %.3f}\n",
      texts.size(), load_s, static_cast<unsigned long long>(queries), min_score,
      static_cast<unsigned long long>(scan_matches), static_cast<unsigned long long>(index_matches),
      scan_matches ? static_cast<double>(common) / scan_matches : 1.0,
      index_matches ? static_cast<double>(common) / index_matches : 1.0, scan_ms / queries,
      index_ms / queries);
  return 0;
}
