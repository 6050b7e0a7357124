#include "tmkit/core/analysis.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "tmkit/core/language.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

// Ideographs and kana: one word a character (CAT tools' CJK count).
bool CountsPerCharacter(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return U_SUCCESS(status) &&
         (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
}

// One word break iterator per language and thread (creating one is costly).
icu::BreakIterator* WordBreaker(std::string_view lang) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>, std::less<>> cache;
  std::string primary = PrimaryLanguage(lang);
  auto it = cache.find(primary);
  if (it == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale(primary.c_str()), status));
    if (U_FAILURE(status)) bi.reset();
    it = cache.emplace(primary, std::move(bi)).first;
  }
  return it->second.get();
}

// Fuzzy searches from this floor up are cheap enough to try first.
constexpr int kCheapFloor = 75;

std::string BandName(int lo, int hi) { return std::to_string(lo) + "-" + std::to_string(hi); }

}  // namespace

uint64_t CountCharacters(std::string_view text) {
  uint64_t n = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t len = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < len;) {
    UChar32 c;
    U8_NEXT(p, i, len, c);
    if (c >= 0 && !u_isUWhiteSpace(c)) ++n;
  }
  return n;
}

uint64_t CountWords(std::string_view text, std::string_view lang) {
  if (text.empty()) return 0;
  icu::BreakIterator* bi = WordBreaker(lang);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (!bi || U_FAILURE(status)) {
    utext_close(ut);
    return 0;
  }
  bi->setText(ut, status);
  uint64_t words = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    // A run of ideographs or kana is one ICU word (dictionary break) or
    // several: count its characters instead.
    uint64_t per_char = 0, others = 0;
    for (int32_t i = start; i < end;) {
      UChar32 c;
      U8_NEXT(p, i, end, c);
      if (c >= 0 && CountsPerCharacter(c)) {
        ++per_char;
      } else {
        ++others;
      }
    }
    words += per_char + (others > 0 ? 1 : 0);
  }
  bi->setText(icu::UnicodeString());  // detach before closing the UText
  utext_close(ut);
  return words;
}

Result<Analysis> Analyze(const Store& store, const std::vector<AnalysisSegment>& segments,
                         const AnalysisOptions& options) {
  if (options.source_lang.empty() || options.target_lang.empty()) {
    return InvalidArgument("analysis needs the source and target languages");
  }
  std::vector<int> floors = options.fuzzy_floors;
  if (floors.empty()) return InvalidArgument("give at least one fuzzy band floor (e.g. 95,85,75,50)");
  std::sort(floors.begin(), floors.end(), std::greater<>());
  if (floors.front() > 99 || floors.back() < 1 ||
      std::adjacent_find(floors.begin(), floors.end()) != floors.end()) {
    return InvalidArgument("fuzzy band floors must be distinct numbers from 1 to 99");
  }

  Analysis a;
  a.bands.push_back({.name = "repetitions"});
  a.bands.push_back({.name = "101", .min_score = 101, .max_score = 101});
  a.bands.push_back({.name = "100", .min_score = 100, .max_score = 100});
  int top = 99;
  for (int f : floors) {
    a.bands.push_back({.name = BandName(f, top), .min_score = f, .max_score = top});
    top = f - 1;
  }
  a.bands.push_back({.name = "no match", .min_score = 0, .max_score = top});
  for (AnalysisBand& b : a.bands) {
    for (const auto& [name, w] : options.weights) {
      if (name == b.name) b.weight = w;
    }
  }

  // Repetitions: a match key seen before in the file.
  a.scores.assign(segments.size(), 0);
  std::vector<size_t> firsts;
  {
    std::unordered_map<std::string, size_t> seen;
    for (size_t i = 0; i < segments.size(); ++i) {
      std::string key = MatchKey(segments[i].source.text);
      if (!key.empty() && !seen.emplace(std::move(key), i).second) {
        a.scores[i] = -1;
      } else {
        firsts.push_back(i);
      }
    }
  }

  // The best match of each first occurrence, on every core. A fuzzy search
  // costs more the lower its floor (it must read more of the index to find
  // everything a scan would), so the usual bands are searched first and the
  // lowest floor only for segments without a match there.
  std::vector<int> search_floors;
  for (int f : floors) {
    if (f >= kCheapFloor) search_floors.assign(1, f);  // the lowest floor ≥ kCheapFloor
  }
  if (search_floors.empty() || search_floors.front() != floors.back()) {
    search_floors.push_back(floors.back());
  }
  std::atomic<size_t> next{0}, done{0};
  std::vector<Error> errors;
  std::mutex errors_mu;
  auto work = [&] {
    for (size_t k = next++; k < firsts.size(); k = next++) {
      const AnalysisSegment& s = segments[firsts[k]];
      int best = 0;
      for (size_t level = 0; level < search_floors.size() && best == 0; ++level) {
        if (MatchKey(s.source.text).empty()) break;
        LookupOptions lo{.source_lang = options.source_lang,
                         .target_lang = options.target_lang,
                         .min_score = search_floors[level],
                         .max_results = 1,
                         .previous = s.previous};  // adapted as pretranslate scores it
        Result<std::vector<Match>> m = Lookup(store, s.source, lo);
        if (!m) {
          std::lock_guard<std::mutex> lock(errors_mu);
          errors.push_back(m.error());
          return;
        }
        if (!m->empty()) best = m->front().score;
      }
      a.scores[firsts[k]] = best;
      size_t d = ++done;
      if (options.progress && d % 64 == 0) options.progress(d);
    }
  };
  const size_t threads =
      std::clamp<size_t>(std::thread::hardware_concurrency(), 1, std::max<size_t>(1, firsts.size()));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (!errors.empty()) return std::unexpected(errors.front());

  for (size_t i = 0; i < segments.size(); ++i) {
    const int score = a.scores[i];
    AnalysisBand* band = &a.bands.front();  // repetitions
    if (score >= 0) {
      for (AnalysisBand& b : a.bands) {
        if (&b != &a.bands.front() && score >= b.min_score && score <= b.max_score) band = &b;
      }
    }
    const uint64_t words = CountWords(segments[i].source.text, options.source_lang);
    const uint64_t chars = CountCharacters(segments[i].source.text);
    ++band->segments;
    band->words += words;
    band->characters += chars;
    ++a.segments;
    a.words += words;
    a.characters += chars;
  }
  for (const AnalysisBand& b : a.bands) a.weighted_words += static_cast<double>(b.words) * b.weight;
  if (options.progress) options.progress(firsts.size());
  return a;
}

}  // namespace tmkit
