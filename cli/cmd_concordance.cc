// tmkit concordance TEXT [--lang L] [--max 20] [--json]
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "common.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/placeables.h"
#include "tmkit/core/text.h"

namespace tmkit::cli {
namespace {

constexpr size_t kMaxChecked = 20000;  // units checked before the count becomes an estimate

struct ConcordanceCommand {
  std::string text;
  std::string lang;
  int max = 20;
  bool json = false;
};

struct Hit {
  uint64_t unit = 0;
  std::string lang;
  std::string text;
  size_t begin = 0, end = 0;  // the phrase in text (bytes)
  bool verbatim = false;      // written as the query wrote it (case and accents)
  int length = 0;
  std::vector<std::pair<std::string, std::string>> translations;  // lang, text
};

// Finds the phrase in `text`: its token run, accents and case ignored, with
// placeables of the same value. False if the index's match was only by kind.
bool Locate(const std::string& text, const std::string& lang, const std::vector<Token>& query,
            const std::vector<Placeable>& query_places, std::string_view query_text, Hit* hit) {
  std::vector<Placeable> places;
  std::vector<Token> tokens = Tokenize(text, lang, &places);
  for (size_t start = 0; start + query.size() <= tokens.size(); ++start) {
    size_t i = 0;
    for (; i < query.size(); ++i) {
      const Token& t = tokens[start + i];
      const Token& q = query[i];
      if (q.placeable >= 0) {
        if (t.placeable < 0 || !places[t.placeable].SameValue(query_places[q.placeable])) break;
      } else if (AccentFold(t.key) != AccentFold(q.key)) {
        break;
      }
    }
    if (i < query.size()) continue;
    hit->begin = tokens[start].begin;
    hit->end = tokens[start + query.size() - 1].end;
    std::string_view found(text.data() + hit->begin, hit->end - hit->begin);
    hit->verbatim = found.find(query_text) != std::string_view::npos ||
                    query_text.find(found) != std::string_view::npos;
    return true;
  }
  return false;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

int RunConcordance(const ConcordanceCommand& cmd) {
  if (!IsValidUtf8(cmd.text)) return Fail("the text is not valid UTF-8", kExitUsage);
  std::string lang;
  if (!cmd.lang.empty()) {
    Result<std::string> l = NormalizeLanguageTag(cmd.lang);
    if (!l) return Fail(l.error().message, kExitUsage);
    lang = *l;
  }
  const std::string query_text = ToNfc(cmd.text);
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  // Each language is searched with the query cut and read as that language
  // is indexed (words, or characters for Korean and CJK; its numbers).
  std::vector<std::string> languages;
  if (!lang.empty()) {
    languages.push_back(lang);
  } else {
    Result<StoreStats> stats = store->Stats();
    if (!stats) return Fail(stats.error());
    for (const auto& [l, n] : stats->languages) {
      std::string primary = PrimaryLanguage(l);
      if (std::find(languages.begin(), languages.end(), primary) == languages.end())
        languages.push_back(primary);
    }
  }
  std::vector<Hit> hits;
  uint64_t total = 0;  // texts found
  bool exact = true, any_words = false;
  // The newest hits are ranked; the count covers every hit.
  const size_t ranked = std::max<size_t>(static_cast<size_t>(cmd.max) * 50, 1000);
  for (const std::string& l : languages) {
    std::vector<Placeable> query_places;
    std::vector<Token> query = Tokenize(query_text, l, &query_places);
    if (query.empty()) continue;
    any_words = true;
    std::vector<std::string> keys;
    for (const Token& t : query) keys.push_back(t.key);
    uint64_t found = 0;
    bool found_exact = true;
    Status s = store->FindPhrase(
        l, keys, ranked, kMaxChecked,
        [&](const PhraseHit& ph, const TranslationUnit& unit) {
          Hit hit;
          hit.unit = unit.id;
          hit.lang = ph.lang;
          hit.length = ph.length;
          for (const Variant& v : unit.variants) {
            if (v.lang == ph.lang && hit.text.empty()) {
              hit.text = v.segment.text;
            } else {
              hit.translations.emplace_back(v.lang, v.segment.text);
            }
          }
          if (Locate(hit.text, ph.lang, query, query_places, query_text, &hit)) {
            hits.push_back(std::move(hit));
          } else if (found > 0) {
            --found;  // matched the number's kind only, not its value
          }
        },
        &found, &found_exact);
    if (!s) return Fail(s.error());
    total += found;
    exact &= found_exact;
  }
  if (!any_words) {
    return Fail("give at least one word to search for (punctuation alone is not indexed)",
                kExitUsage);
  }
  // Ranked: written as typed first, then shorter texts (the phrase is more of
  // them), then newest.
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.verbatim != b.verbatim) return a.verbatim;
    if (a.length != b.length) return a.length < b.length;
    return a.unit > b.unit;
  });
  // Units (a unit may match in several languages), when every hit was seen.
  std::vector<uint64_t> units;
  for (const Hit& h : hits) units.push_back(h.unit);
  std::sort(units.begin(), units.end());
  units.erase(std::unique(units.begin(), units.end()), units.end());
  const bool complete = exact && hits.size() == total;
  if (hits.size() > static_cast<size_t>(cmd.max)) hits.resize(cmd.max);
  if (cmd.json) {
    std::string j = "{\"query\": " + JsonString(cmd.text) +
                    ", \"lang\": " + (lang.empty() ? "null" : JsonString(lang)) +
                    ", \"total\": " + std::to_string(total) +
                    ", \"units\": " + (complete ? std::to_string(units.size()) : "null") +
                    ", \"total_is_estimate\": " + (exact ? "false" : "true") + ", \"hits\": [";
    for (size_t i = 0; i < hits.size(); ++i) {
      const Hit& h = hits[i];
      j += (i ? ", " : "") + std::string("{\"unit\": ") + std::to_string(h.unit) +
           ", \"lang\": " + JsonString(h.lang) + ", \"text\": " + JsonString(h.text) +
           ", \"start\": " + std::to_string(CodePoints(h.text.substr(0, h.begin))) +
           ", \"end\": " + std::to_string(CodePoints(h.text.substr(0, h.end))) +
           ", \"translations\": [";
      for (size_t t = 0; t < h.translations.size(); ++t) {
        j += (t ? ", " : "") + std::string("{\"lang\": ") + JsonString(h.translations[t].first) +
             ", \"text\": " + JsonString(h.translations[t].second) + "}";
      }
      j += "]}";
    }
    std::cout << j << "]}\n";
    return kExitOk;
  }
  if (hits.empty()) {
    std::cout << "no unit contains \"" << cmd.text << "\"" << (lang.empty() ? "" : " in " + lang)
              << "\n";
    return kExitOk;
  }
  const bool color = isatty(STDOUT_FILENO);
  for (const Hit& h : hits) {
    std::string marked = h.text.substr(0, h.begin) + (color ? "\x1b[1;33m" : "[") +
                         h.text.substr(h.begin, h.end - h.begin) + (color ? "\x1b[0m" : "]") +
                         h.text.substr(h.end);
    std::cout << "unit " << h.unit << "\n  " << h.lang << "  " << marked << "\n";
    for (const auto& [l, t] : h.translations) std::cout << "  " << l << "  " << t << "\n";
  }
  if (complete) {
    std::cout << Thousands(units.size())
              << (units.size() == 1 ? " unit contains \"" : " units contain \"") << cmd.text
              << "\"";
    if (total != units.size()) std::cout << " (" << Thousands(total) << " texts)";
  } else {
    std::cout << (exact ? "" : "about ") << Thousands(total)
              << (total == 1 ? " text contains \"" : " texts contain \"") << cmd.text << "\"";
  }
  std::cout << (hits.size() < total ? ", " + std::to_string(hits.size()) + " shown" : "") << "\n";
  return kExitOk;
}

}  // namespace

void SetupConcordance(CLI::App& app) {
  auto cmd = std::make_shared<ConcordanceCommand>();
  CLI::App* sub = app.add_subcommand("concordance", "Find every unit containing a word or phrase");
  sub->footer(
      "Searches whole words, ignoring case and accents (наро́д finds народ, cafe finds\n"
      "café); Korean, Chinese and Japanese by characters, so 평양 finds 평양에서.\n"
      "Each language is searched with TEXT read as that language writes it, numbers\n"
      "by value: 11,000 finds English 11,000; 11 000 finds Ukrainian 11 000 (in\n"
      "Ukrainian, 11,000 is eleven). Hits are ranked: written as you typed first,\n"
      "then the shortest texts, then the newest; the hit is shown in [brackets] (in\n"
      "colour on a terminal) with the unit's other languages.\n\n"
      "Examples:\n"
      "  tmkit concordance \"Donetsk Oblast\"\n"
      "  tmkit concordance \"Донецької області\" --lang uk --json\n");
  sub->add_option("TEXT", cmd->text, "The word or phrase")->required();
  sub->add_option("--lang", cmd->lang, "Search only this language's side (en, uk, ko ...)");
  sub->add_option("--max", cmd->max, "Most hits shown")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  sub->add_flag("--json", cmd->json, "Print JSON (see README: concordance)");
  sub->callback([cmd] { CommandResult() = RunConcordance(*cmd); });
}

}  // namespace tmkit::cli
