// Sentence alignment: clues per sentence, then a banded dynamic program over
// beads, run twice (the second pass with the length model re-estimated on the
// first pass's links, in a narrow band around its path). See doc/align.md.
#include "tmkit/core/align.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "align_clues.h"
#include "tmkit/core/language.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/placeables.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

using align_internal::KoreanNumber;
using align_internal::MonthOf;
using align_internal::NameSkeleton;
using align_internal::ScaleWord;
using align_internal::SpelledNumber;
using align_internal::SplitWords;
using align_internal::Word;

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------
// Clues. Each sentence gets a sorted list of key ids; a key seen in a source
// and a target sentence of one bead is evidence for the bead, weighted by its
// kind and by how rare it is in the documents.

enum KeyKind : uint8_t {
  kNumber,      // a number, percentage, day or year, by value
  kMonth,       // a month of a date
  kTime,        // a time of day
  kToken,       // the same token on both sides (names, acronyms, codes)
  kCognate,     // same script: the same first four letters of a long word
  kName,        // different scripts: the same consonant skeleton
  kGlossary,    // a glossary concept (AlignOptions::concepts)
  kStoreWord,   // a word of a stored translation of the source sentence
  kPunctuation, // a question, an exclamation, a quotation
  kLearnt       // a word pair learnt from the first pass (LearnWordPairs)
};
const std::array<double, 10> kBaseWeight = {3.0, 1.5, 3.0, 2.0, 3.0, 1.5, 2.5, 0.6, 0.6, 1.0};
// A number or kept token on one side of a link that the other document has,
// but not this link's other side, costs this share of its weight.
constexpr double kUnmatchedCost = 1.0;

bool IsNumeric(KeyKind kind) { return kind == kNumber || kind == kTime; }

struct KeyInfo {
  KeyKind kind = kNumber;
  uint32_t df[2] = {0, 0};  // sentences holding it, per side
  std::string shown[2];     // as first written on each side
  double weight = 0;
};

struct SentenceInfo {
  double length = 0;           // code points
  std::vector<uint32_t> keys;  // sorted, repeats kept
  std::vector<std::pair<uint32_t, std::string>> shown;  // keys as written in this sentence
  bool paragraph_start = false;
};

class Clues {
 public:
  Clues(const AlignOptions& options, std::string src_lang, std::string tgt_lang)
      : options_(options) {
    lang_[0] = std::move(src_lang);
    lang_[1] = std::move(tgt_lang);
  }

  void Build(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt) {
    const std::vector<Sentence>* sides[2] = {&src, &tgt};
    for (int side = 0; side < 2; ++side) script_[side] = DominantScript(*sides[side]);
    same_script_ = script_[0] == script_[1];
    for (int side = 0; side < 2; ++side) {
      info_[side].resize(sides[side]->size());
      words_[side].resize(sides[side]->size());
      for (size_t k = 0; k < sides[side]->size(); ++k) {
        const Sentence& s = (*sides[side])[k];
        SentenceInfo& info = info_[side][k];
        info.length = CodePoints(s.text);
        info.paragraph_start = k == 0 || s.paragraph != (*sides[side])[k - 1].paragraph;
        current_shown_ = &info.shown;
        AddSentenceKeys(side, s.text, &info.keys);
        current_shown_ = nullptr;
        IndexWords(side, k, s.text);
      }
    }
    if (options_.store != nullptr) AddStoreKeys(src, tgt);
    if (options_.concepts) AddConceptKeys(src, tgt);
    Finish();
  }

  // Word pairs learnt from a first alignment (after hunalign): two words that
  // keep appearing in linked sentences, and rarely apart, are translations
  // of each other in this document (Gipfel ↔ sommet). Each word keeps its
  // best partner (Dice ≥ 0.5, seen together in two links or more).
  void LearnWordPairs(const std::vector<std::pair<size_t, size_t>>& links) {
    std::unordered_map<uint64_t, uint32_t> together;
    for (auto [i, j] : links) {
      for (uint32_t a : words_[0][i]) {
        for (uint32_t b : words_[1][j]) ++together[(uint64_t{a} << 32) | b];
      }
    }
    struct Pair {
      double dice;
      uint32_t a, b;
    };
    std::vector<Pair> pairs;
    for (auto [key, count] : together) {
      if (count < 2) continue;
      uint32_t a = static_cast<uint32_t>(key >> 32), b = static_cast<uint32_t>(key);
      double dice = 2.0 * count / (word_df_[0][a] + word_df_[1][b]);
      if (dice >= 0.5) pairs.push_back({dice, a, b});
    }
    std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
      return x.dice != y.dice ? x.dice > y.dice : std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    std::vector<uint32_t> partner[2] = {std::vector<uint32_t>(word_df_[0].size(), UINT32_MAX),
                                        std::vector<uint32_t>(word_df_[1].size(), UINT32_MAX)};
    size_t learnt = 0;
    for (const Pair& p : pairs) {
      if (partner[0][p.a] != UINT32_MAX || partner[1][p.b] != UINT32_MAX) continue;
      uint32_t key = Intern(kLearnt, std::to_string(p.a), 0, word_text_[0][p.a]);
      Intern(kLearnt, std::to_string(p.a), 1, word_text_[1][p.b]);
      partner[0][p.a] = key;
      partner[1][p.b] = key;
      ++learnt;
    }
    if (learnt == 0) return;
    for (int side = 0; side < 2; ++side) {
      for (size_t k = 0; k < info_[side].size(); ++k) {
        for (uint32_t w : words_[side][k]) {
          if (partner[side][w] != UINT32_MAX) info_[side][k].keys.push_back(partner[side][w]);
        }
      }
    }
    Finish();
  }

 private:
  // Sorts each sentence's keys and weighs every key by its kind and rarity.
  void Finish() {
    for (KeyInfo& key : keys_) key.df[0] = key.df[1] = 0;
    for (int side = 0; side < 2; ++side) {
      for (SentenceInfo& info : info_[side]) {
        std::sort(info.keys.begin(), info.keys.end());
        uint32_t last = UINT32_MAX;
        for (uint32_t key : info.keys) {
          if (key != last) ++keys_[key].df[side];
          last = key;
        }
      }
    }
    for (KeyInfo& key : keys_) {
      double df = std::max(key.df[0], key.df[1]);
      key.weight = df == 0 ? 0 : kBaseWeight[key.kind] / std::sqrt(df);
    }
  }

  // The distinct words of each sentence (folded, three letters or more;
  // any length in scripts without spaces), as ids, for LearnWordPairs.
  void IndexWords(int side, size_t k, std::string_view text) {
    std::vector<uint32_t>& ids = words_[side][k];
    for (const Word& w : SplitWords(text)) {
      if (!w.has_letter || w.has_digit) continue;
      bool spaceless = w.script == USCRIPT_HANGUL || w.script == USCRIPT_HAN;
      if (w.length < (spaceless ? 2 : 3)) continue;
      std::string_view surface = text.substr(w.begin, w.end - w.begin);
      auto [it, inserted] = word_ids_[side].try_emplace(AccentFold(MatchKey(surface)),
                                                        static_cast<uint32_t>(word_df_[side].size()));
      if (inserted) {
        word_df_[side].push_back(0);
        word_text_[side].emplace_back(surface);
      }
      ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint32_t id : ids) ++word_df_[side][id];
  }

 public:

  const std::vector<SentenceInfo>& side(int s) const { return info_[s]; }
  int script(int s) const { return script_[s]; }
  const KeyInfo& key(uint32_t id) const { return keys_[id]; }

 private:
  static double CodePoints(std::string_view text) {
    double n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
  }

  static int DominantScript(const std::vector<Sentence>& sentences) {
    std::unordered_map<int, size_t> counts;
    size_t seen = 0;
    for (const Sentence& s : sentences) {
      for (const Word& w : SplitWords(s.text)) {
        if (w.has_letter) ++counts[w.script];
      }
      if (++seen == 200) break;  // enough to tell
    }
    int best = USCRIPT_COMMON;
    size_t best_count = 0;
    for (auto [script, count] : counts) {
      if (count > best_count) best = script, best_count = count;
    }
    return best;
  }

  uint32_t Intern(KeyKind kind, const std::string& key, int side, std::string_view shown) {
    std::string full;
    full.reserve(key.size() + 1);
    full.push_back(static_cast<char>('a' + kind));
    full += key;
    auto [it, inserted] = ids_.try_emplace(std::move(full), static_cast<uint32_t>(keys_.size()));
    if (inserted) {
      KeyInfo info;
      info.kind = kind;
      keys_.push_back(std::move(info));
    }
    KeyInfo& info = keys_[it->second];
    if (info.shown[side].empty()) info.shown[side] = std::string(shown);
    if (current_shown_ != nullptr) current_shown_->emplace_back(it->second, std::string(shown));
    return it->second;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  // The multiplier of a scale written onto a number: 2.8bn, 5tn; after a
  // currency sign also 125m and 10k (£125m; but 5m alone may be metres).
  static double AttachedScale(std::string_view text, size_t begin, size_t end) {
    std::string_view rest = text.substr(end);
    size_t letters = 0;
    while (letters < rest.size() && rest[letters] >= 'a' && rest[letters] <= 'z') ++letters;
    std::string_view suffix = rest.substr(0, letters);
    if (letters < rest.size() && static_cast<unsigned char>(rest[letters]) >= 0x80) return 1;
    if (suffix == "bn") return 1e9;
    if (suffix == "tn" || suffix == "trn") return 1e12;
    if (suffix == "mn") return 1e6;
    if (suffix != "m" && suffix != "k") return 1;
    std::string_view before = text.substr(0, begin);
    bool currency = false;
    for (std::string_view sign : {"$", "\u00A3", "\u20AC", "\u00A5", "\u20B4", "\u20BD"}) {
      currency = currency || before.ends_with(sign);
    }
    return currency ? (suffix == "m" ? 1e6 : 1e3) : 1;
  }

  static std::string NumberKey(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", value);
    return buf;
  }

  void AddSentenceKeys(int side, std::string_view text, std::vector<uint32_t>* keys) {
    const std::string& lang = lang_[side];
    // Numbers, dates and times by value. Korean writes large numbers with
    // myriad units (1만2천 = 12,000), which the placeables read as parts.
    std::vector<Word> words = SplitWords(text);
    std::vector<std::pair<size_t, size_t>> myriads;
    for (const Word& w : words) {
      if (!w.has_digit || !w.has_letter) continue;
      std::string_view surface = text.substr(w.begin, w.end - w.begin);
      if (double value = KoreanNumber(surface); value > 0) {
        keys->push_back(Intern(kNumber, NumberKey(value), side, surface));
        myriads.emplace_back(w.begin, w.end);
      }
    }
    std::vector<Placeable> places = FindPlaceables(text, lang);
    for (const Placeable& p : places) {
      bool inside = std::any_of(myriads.begin(), myriads.end(),
                                [&](auto span) { return p.begin < span.second && p.end > span.first; });
      if (inside) continue;
      std::string_view shown = text.substr(p.begin, p.end - p.begin);
      switch (p.kind) {
        case PlaceableKind::kNumber:
        case PlaceableKind::kPercent: {
          // 3월 / 3月 is March: a month, found with the words below.
          if (text.substr(p.end).starts_with("\uC6D4") || text.substr(p.end).starts_with("\u6708")) {
            break;
          }
          // 12 тис. = 12 thousand = 12,000; 1.5 million = 1,5 млн; £2.8bn.
          double value = p.value * AttachedScale(text, p.begin, p.end);
          auto next = std::find_if(words.begin(), words.end(),
                                   [&](const Word& w) { return w.begin >= p.end; });
          if (p.kind == PlaceableKind::kNumber && next != words.end() &&
              text.substr(p.end, next->begin - p.end).find_first_not_of(" \u00A0") ==
                  std::string_view::npos) {
            std::string_view word = text.substr(next->begin, next->end - next->begin);
            if (double scale = ScaleWord(AccentFold(MatchKey(word))); scale > 0) value *= scale;
          }
          // A percentage meets percentages only: 20% is not 20 generators.
          std::string key = (p.kind == PlaceableKind::kPercent ? "%" : "") + NumberKey(value);
          keys->push_back(Intern(kNumber, key, side, shown));
          break;
        }
        case PlaceableKind::kDate:
          if (p.day > 0) keys->push_back(Intern(kNumber, NumberKey(p.day), side, shown));
          if (p.year > 0) keys->push_back(Intern(kNumber, NumberKey(p.year), side, shown));
          if (p.month > 0) keys->push_back(Intern(kMonth, NumberKey(p.month), side, shown));
          break;
        case PlaceableKind::kTime:
          keys->push_back(Intern(kTime, NumberKey(p.hour * 60 + std::max(p.minute, 0)), side, shown));
          break;
      }
    }
    // Numbers inside words that the placeables leave alone: 1930s, 125th,
    // 21st (decades and ordinals; their translations write 1930-х, 125-й).
    for (const Word& w : words) {
      if (!w.has_digit || !w.has_letter || !IsDigit(text[w.begin])) continue;
      bool covered = std::any_of(places.begin(), places.end(), [&](const Placeable& p) {
        return p.begin < w.end && p.end > w.begin;
      });
      bool myriad = std::any_of(myriads.begin(), myriads.end(),
                                [&](auto span) { return span.first == w.begin; });
      size_t digits = w.begin;
      while (digits < w.end && IsDigit(text[digits])) ++digits;
      std::string_view suffix = text.substr(digits, w.end - digits);
      if (covered || myriad || suffix.size() > 3 || suffix.starts_with("\uC6D4") ||
          suffix.starts_with("\u6708")) {
        continue;
      }
      std::string_view number = text.substr(w.begin, digits - w.begin);
      keys->push_back(Intern(kNumber, NumberKey(std::strtod(std::string(number).c_str(), nullptr)),
                             side, text.substr(w.begin, w.end - w.begin)));
    }

    // Punctuation that survives translation.
    bool question = false, exclamation = false, quote = false;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c == '?') question = true;
      if (c == '!') exclamation = true;
      if (c == '"') quote = true;
    }
    for (std::string_view q : {"\u201C", "\u201D", "\u00AB", "\u00BB", "\u201E", "\uFF1F"}) {
      if (text.find(q) != std::string_view::npos) (q == "\uFF1F" ? question : quote) = true;
    }
    if (question) keys->push_back(Intern(kPunctuation, "?", side, "?"));
    if (exclamation) keys->push_back(Intern(kPunctuation, "!", side, "!"));
    if (quote) keys->push_back(Intern(kPunctuation, "\"", side, "\u201C\u201D"));

    // Words: the same token, cognates (same script), names across scripts.
    const int own = script_[side], other = script_[1 - side];
    bool other_is_spaceless = other == USCRIPT_HANGUL || other == USCRIPT_HAN ||
                              other == USCRIPT_HIRAGANA || other == USCRIPT_KATAKANA ||
                              other == USCRIPT_THAI;
    for (size_t k = 0; k < words.size(); ++k) {
      const Word& w = words[k];
      if (!w.has_letter) continue;  // numbers come from the placeables
      std::string_view surface = text.substr(w.begin, w.end - w.begin);
      // Months and numbers written as words: March ↔ березня ↔ 3월, six ↔ 6기.
      std::string folded_word = AccentFold(MatchKey(surface));
      // (Numbers first: French sept is seven, not Sept.)
      if (int number = SpelledNumber(folded_word, lang); number > 0) {
        keys->push_back(Intern(kNumber, NumberKey(number), side, surface));
        continue;
      }
      if (int month = MonthOf(folded_word, lang); month > 0) {
        keys->push_back(Intern(kMonth, NumberKey(month), side, surface));
        continue;
      }
      if (same_script_) {
        std::string folded = AccentFold(MatchKey(surface));
        if (w.length >= 5) {
          keys->push_back(Intern(kCognate, Prefix(folded, 4), side, surface));
        } else if (w.length >= 2 && (w.has_upper || w.has_digit)) {
          keys->push_back(Intern(kToken, folded, side, surface));
        }
        continue;
      }
      // A token the other language may keep as it is: a word in the other
      // side's script (Telegram in Ukrainian text), or a name, acronym or code.
      if (w.length >= 2 && (w.script == other || w.has_upper || w.has_digit)) {
        keys->push_back(Intern(kToken, AccentFold(MatchKey(surface)), side, surface));
      }
      if (w.script != own || w.has_digit) continue;
      bool caseless = !uscript_isCased(static_cast<UScriptCode>(own));
      if (!w.capitalised && !caseless) continue;
      if (own != USCRIPT_HANGUL && w.length < 3) continue;
      std::string skeleton = NameSkeleton(surface, lang);
      AddNameKeys(side, skeleton, own, surface, keys);
      // Names written as one word in Korean: Kim Jong Un → 김정은.
      if (other_is_spaceless && own == USCRIPT_LATIN) {
        for (size_t r = k + 1; r < words.size() && r < k + 3; ++r) {
          if (!words[r].capitalised || words[r].script != own) break;
          std::string_view run = text.substr(w.begin, words[r].end - w.begin);
          AddNameKeys(side, NameSkeleton(run, lang), own, run, keys);
        }
      }
    }
  }

  // Latin names give their skeleton (and, ending in v/f, the skeleton
  // without it: Kharkiv → 하르키우); inflecting or particle-taking scripts
  // also give it minus its last one or two classes (Харкові, 평양에서).
  void AddNameKeys(int side, const std::string& skeleton, int script, std::string_view surface,
                   std::vector<uint32_t>* keys) {
    if (skeleton.size() < 2) return;
    keys->push_back(Intern(kName, skeleton, side, surface));
    if (script == USCRIPT_LATIN) {
      if (skeleton.size() >= 4 && skeleton.back() == 'B') {
        keys->push_back(Intern(kName, skeleton.substr(0, skeleton.size() - 1), side, surface));
      }
      return;
    }
    for (size_t cut = 1; cut <= 2 && skeleton.size() - cut >= 3; ++cut) {
      keys->push_back(Intern(kName, skeleton.substr(0, skeleton.size() - cut), side, surface));
    }
  }

  static std::string Prefix(const std::string& folded, int code_points) {
    size_t i = 0;
    int seen = 0;
    while (i < folded.size() && seen < code_points) {
      ++i;
      while (i < folded.size() && (static_cast<unsigned char>(folded[i]) & 0xC0) == 0x80) ++i;
      ++seen;
    }
    return folded.substr(0, i);
  }

  // Words of the folded text (letters only), for dictionary matching.
  static std::vector<std::string> FoldedWords(std::string_view text) {
    std::vector<std::string> out;
    for (const Word& w : SplitWords(text)) {
      if (w.has_letter) out.push_back(AccentFold(MatchKey(text.substr(w.begin, w.end - w.begin))));
    }
    return out;
  }

  // Stored translations of each source sentence: the words of the best
  // match's target are keys that the target sentences' words meet.
  void AddStoreKeys(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt) {
    LookupOptions lookup;
    lookup.source_lang = lang_[0];
    lookup.target_lang = lang_[1];
    lookup.min_score = 75;
    lookup.max_results = 1;
    lookup.alignment_penalty = 0;
    lookup.adapt = false;
    // One lookup a sentence, on every core (a lookup in a 1M-unit store takes
    // about a millisecond); the keys are interned afterwards, in order.
    std::vector<std::string> stored(src.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t k; (k = next.fetch_add(1)) < src.size();) {
        Segment query;
        query.text = src[k].text;
        Result<std::vector<Match>> matches = Lookup(*options_.store, query, lookup);
        if (matches && !matches->empty()) stored[k] = std::move(matches->front().target.text);
      }
    };
    size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
    threads = std::min(threads, src.size() / 64 + 1);
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
    bool any = false;
    for (size_t k = 0; k < src.size(); ++k) {
      if (stored[k].empty()) continue;
      any = true;
      for (const std::string& word : FoldedWords(stored[k])) {
        if (MinLength(word)) info_[0][k].keys.push_back(Intern(kStoreWord, word, 0, word));
      }
    }
    if (!any) return;
    for (size_t k = 0; k < tgt.size(); ++k) {
      for (const std::string& word : FoldedWords(tgt[k].text)) {
        auto it = ids_.find(std::string(1, static_cast<char>('a' + kStoreWord)) + word);
        if (it != ids_.end()) info_[1][k].keys.push_back(Intern(kStoreWord, word, 1, word));
      }
    }
  }

  bool MinLength(const std::string& folded) const {
    size_t cps = static_cast<size_t>(CodePoints(folded));
    return script_[1] == USCRIPT_HANGUL || script_[1] == USCRIPT_HAN ? cps >= 2 : cps >= 3;
  }

  // The glossary concepts each sentence mentions, as the term base finds
  // them (inflection-tolerant): one key per concept.
  void AddConceptKeys(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt) {
    const std::vector<Sentence>* sides[2] = {&src, &tgt};
    for (int side = 0; side < 2; ++side) {
      for (size_t k = 0; k < sides[side]->size(); ++k) {
        current_shown_ = &info_[side][k].shown;
        for (const AlignOptions::Concept& c : options_.concepts((*sides[side])[k].text, lang_[side])) {
          info_[side][k].keys.push_back(Intern(kGlossary, std::to_string(c.id), side, c.written));
        }
        current_shown_ = nullptr;
      }
    }
  }

  const AlignOptions& options_;
  std::string lang_[2];
  int script_[2] = {0, 0};
  bool same_script_ = true;
  std::vector<SentenceInfo> info_[2];
  std::vector<KeyInfo> keys_;
  std::unordered_map<std::string, uint32_t> ids_;
  // Where Intern() notes how the sentence being read writes each key.
  std::vector<std::pair<uint32_t, std::string>>* current_shown_ = nullptr;
  // Words per sentence, for LearnWordPairs.
  std::vector<std::vector<uint32_t>> words_[2];
  std::unordered_map<std::string, uint32_t> word_ids_[2];
  std::vector<uint32_t> word_df_[2];
  std::vector<std::string> word_text_[2];
};

// ---------------------------------------------------------------------------
// The bead model.

struct Bead {
  int a, b;      // source and target sentences
  double prior;  // log probability relative to 1-1
};
// Gale & Church's bead frequencies (1-1 0.89, 1-0/0-1 0.0099, 2-1/1-2 0.089,
// 2-2 0.011), with 1-3/3-1 rarer still; as log ratios to 1-1.
const std::array<Bead, 8> kBeads = {{{1, 1, 0.0},
                                     {1, 0, std::log(0.005 / 0.89)},
                                     {0, 1, std::log(0.005 / 0.89)},
                                     {2, 1, std::log(0.0445 / 0.89)},
                                     {1, 2, std::log(0.0445 / 0.89)},
                                     {2, 2, std::log(0.001 / 0.89)},
                                     {3, 1, std::log(0.002 / 0.89)},
                                     {1, 3, std::log(0.002 / 0.89)}}};
constexpr double kCrossParagraph = -4.0;     // a bead's sentences from two paragraphs
constexpr double kParagraphMismatch = -1.5;  // a paragraph starts on one side only

struct LengthModel {
  static constexpr double kLinearFrom = 1.25;
  double ratio = 1;       // target characters per source character
  double variance = 6.8;  // per target character (Gale & Church's s²)

  // log P(the lengths | a true link): two-tailed normal.
  double LogProb(double ls, double lt) const {
    // A sentence left out costs its bead's prior only, whatever its length:
    // untranslated passages (captions, adverts, a dropped paragraph) are runs
    // of them.
    if (ls == 0 || lt == 0) return 0;
    double mean = ratio * ls;
    double var = variance * std::max(mean, lt) + 1;
    double z = std::abs(lt - mean) / std::sqrt(var);
    // A heavy tail: past kLinearFrom deviations the log-probability falls
    // linearly, not quadratically (a headline or a free rendering is often
    // far longer or shorter than the ratio says, and should not be forced
    // into a merge by its length alone).
    if (z > kLinearFrom) return LogTwoTail(kLinearFrom) - (z - kLinearFrom) * kLinearFrom;
    return LogTwoTail(z);
  }
  double Z(double ls, double lt) const {
    double mean = ratio * ls;
    return (lt - mean) / std::sqrt(variance * std::max(mean, lt) + 1);
  }
  static double LogTwoTail(double z) {
    double x = z / std::sqrt(2.0);
    if (x < 5) return std::log(std::erfc(x));
    // erfc(x) ≈ exp(−x²) / (x √π) for large x.
    return -x * x - std::log(x * std::sqrt(M_PI));
  }
};

struct BeadEvidence {
  double score = 0;
  double matched = 0;
  bool unmatched_numbers = false;
};

class Aligner {
 public:
  Aligner(const Clues& clues, bool use_paragraphs)
      : clues_(clues), src_(clues.side(0)), tgt_(clues.side(1)), n_(src_.size()),
        m_(tgt_.size()), use_paragraphs_(use_paragraphs) {
    prefix_len_[0].assign(n_ + 1, 0);
    prefix_len_[1].assign(m_ + 1, 0);
    for (size_t i = 0; i < n_; ++i) prefix_len_[0][i + 1] = prefix_len_[0][i] + src_[i].length;
    for (size_t j = 0; j < m_; ++j) prefix_len_[1][j + 1] = prefix_len_[1][j] + tgt_[j].length;
  }

  LengthModel& model() { return model_; }
  double total_length(int side) const { return prefix_len_[side].back(); }

  // A path: the beads, as (end i, end j, bead index), in document order.
  struct Step {
    size_t i, j;
    int bead;
    double posterior = 0;
  };

  // Best path within `width` of `center` (target index per source index),
  // widened until the path keeps clear of the band's edges.
  std::vector<Step> Run(const std::vector<double>& center, size_t width, bool posteriors) {
    for (;;) {
      SetBand(center, width);
      std::vector<Step> path = Viterbi();
      bool full = width >= std::max(n_, m_);
      if (full || !TouchesEdge(path)) {
        if (posteriors) Posteriors(&path);
        band_ = width;
        return path;
      }
      width *= 2;
    }
  }

  size_t band() const { return band_; }

  // What the bead's sentences share. A key on one side only counts against
  // a link that claims a translation (both sides present), never against a
  // sentence left out, which claims none.
  BeadEvidence Evidence(size_t i, size_t j, const Bead& bead) const {
    BeadEvidence e;
    Gather(src_, i - bead.a, i, &ks_);
    Gather(tgt_, j - bead.b, j, &kt_);
    const bool translation = bead.a > 0 && bead.b > 0;
    size_t p = 0, q = 0;
    while (p < ks_.size() || q < kt_.size()) {
      if (q == kt_.size() || (p < ks_.size() && ks_[p] < kt_[q])) {
        if (translation) Unmatched(ks_[p], 1, &e);
        ++p;
      } else if (p == ks_.size() || kt_[q] < ks_[p]) {
        if (translation) Unmatched(kt_[q], 0, &e);
        ++q;
      } else {
        e.matched += clues_.key(ks_[p]).weight;
        ++p, ++q;
      }
    }
    e.score = e.matched;
    return e;
  }

  // Keys both sides of the bead share, as a person reads them.
  std::vector<std::string> Shared(size_t i, size_t j, const Bead& bead) const {
    Gather(src_, i - bead.a, i, &ks_);
    Gather(tgt_, j - bead.b, j, &kt_);
    std::vector<std::string> out;
    size_t p = 0, q = 0;
    while (p < ks_.size() && q < kt_.size()) {
      if (ks_[p] < kt_[q]) {
        ++p;
      } else if (kt_[q] < ks_[p]) {
        ++q;
      } else {
        const KeyInfo& key = clues_.key(ks_[p]);
        // Punctuation, stored translations and learnt pairs are statistics,
        // not something a person checks by eye.
        if (key.kind != kPunctuation && key.kind != kStoreWord && key.kind != kLearnt) {
          std::string a = Written(src_, i - bead.a, i, ks_[p], key.shown[0]);
          std::string b = Written(tgt_, j - bead.b, j, ks_[p], key.shown[1]);
          std::string shown = a == b ? a : a + " \u2194 " + b;
          if (std::find(out.begin(), out.end(), shown) == out.end()) out.push_back(shown);
        }
        ++p, ++q;
      }
    }
    return out;
  }

  // How sentences [from, to) write key `id` (else `fallback`).
  static std::string Written(const std::vector<SentenceInfo>& side, size_t from, size_t to,
                             uint32_t id, const std::string& fallback) {
    for (size_t k = from; k < to; ++k) {
      for (const auto& [key, text] : side[k].shown) {
        if (key == id) return text;
      }
    }
    return fallback;
  }

  double LengthZ(size_t i, size_t j, const Bead& bead) const {
    double ls = prefix_len_[0][i] - prefix_len_[0][i - bead.a];
    double lt = prefix_len_[1][j] - prefix_len_[1][j - bead.b];
    return model_.Z(ls, lt);
  }

 private:
  // A number, or a token kept as it is (IAEA, Telegram), that the other
  // document has but this link's other side lacks costs part of its weight.
  void Unmatched(uint32_t id, int other_side, BeadEvidence* e) const {
    const KeyInfo& key = clues_.key(id);
    bool numeric = IsNumeric(key.kind);
    if (!numeric && key.kind != kToken) return;
    if (numeric) e->unmatched_numbers = true;
    if (key.df[other_side] > 0) e->matched -= kUnmatchedCost * key.weight;
  }

  static void Gather(const std::vector<SentenceInfo>& side, size_t from, size_t to,
                     std::vector<uint32_t>* out) {
    out->clear();
    for (size_t k = from; k < to; ++k) {
      size_t mid = out->size();
      out->insert(out->end(), side[k].keys.begin(), side[k].keys.end());
      if (mid > 0) std::inplace_merge(out->begin(), out->begin() + mid, out->end());
    }
  }

  double Paragraphs(size_t i, size_t j, const Bead& bead) const {
    if (!use_paragraphs_) return 0;
    double score = 0;
    for (size_t k = i - bead.a + 1; k < i; ++k) score += src_[k].paragraph_start ? kCrossParagraph : 0;
    for (size_t k = j - bead.b + 1; k < j; ++k) score += tgt_[k].paragraph_start ? kCrossParagraph : 0;
    if (bead.a > 0 && bead.b > 0 &&
        src_[i - bead.a].paragraph_start != tgt_[j - bead.b].paragraph_start) {
      score += kParagraphMismatch;
    }
    return score;
  }

  double Score(size_t i, size_t j, const Bead& bead) const {
    double ls = prefix_len_[0][i] - prefix_len_[0][i - bead.a];
    double lt = prefix_len_[1][j] - prefix_len_[1][j - bead.b];
    return bead.prior + model_.LogProb(ls, lt) + Evidence(i, j, bead).score +
           Paragraphs(i, j, bead);
  }

  void SetBand(const std::vector<double>& center, size_t width) {
    lo_.assign(n_ + 1, 0);
    hi_.assign(n_ + 1, 0);
    for (size_t i = 0; i <= n_; ++i) {
      double c = center[i];
      lo_[i] = static_cast<size_t>(std::clamp(c - static_cast<double>(width), 0.0, double(m_)));
      hi_[i] = static_cast<size_t>(std::clamp(c + static_cast<double>(width), 0.0, double(m_)));
    }
    lo_[0] = 0;
    hi_[n_] = m_;
    // Keep the band connected: each row overlaps the next.
    for (size_t i = 1; i <= n_; ++i) lo_[i] = std::min(lo_[i], hi_[i - 1]);
    for (size_t i = n_; i-- > 0;) hi_[i] = std::max(hi_[i], lo_[i + 1]);
    offset_.assign(n_ + 2, 0);
    for (size_t i = 0; i <= n_; ++i) offset_[i + 1] = offset_[i] + (hi_[i] - lo_[i] + 1);
  }

  bool InBand(size_t i, size_t j) const { return i <= n_ && j >= lo_[i] && j <= hi_[i]; }
  size_t Cell(size_t i, size_t j) const { return offset_[i] + (j - lo_[i]); }

  bool TouchesEdge(const std::vector<Step>& path) const {
    for (const Step& s : path) {
      if ((lo_[s.i] > 0 && s.j <= lo_[s.i] + 1) || (hi_[s.i] < m_ && s.j + 1 >= hi_[s.i])) {
        return true;
      }
    }
    return false;
  }

  std::vector<Step> Viterbi() {
    std::vector<double> best(offset_[n_ + 1], kNegInf);
    std::vector<int8_t> back(offset_[n_ + 1], -1);
    best[Cell(0, 0)] = 0;
    for (size_t i = 0; i <= n_; ++i) {
      for (size_t j = lo_[i]; j <= hi_[i]; ++j) {
        if (i == 0 && j == 0) continue;
        double top = kNegInf;
        int arg = -1;
        for (size_t b = 0; b < kBeads.size(); ++b) {
          const Bead& bead = kBeads[b];
          if (static_cast<size_t>(bead.a) > i || static_cast<size_t>(bead.b) > j) continue;
          size_t pi = i - bead.a, pj = j - bead.b;
          if (!InBand(pi, pj)) continue;
          double prev = best[Cell(pi, pj)];
          if (prev == kNegInf) continue;
          double s = prev + Score(i, j, bead);
          if (s > top) top = s, arg = static_cast<int>(b);
        }
        best[Cell(i, j)] = top;
        back[Cell(i, j)] = static_cast<int8_t>(arg);
      }
    }
    std::vector<Step> path;
    size_t i = n_, j = m_;
    while (i > 0 || j > 0) {
      int b = back[Cell(i, j)];
      path.push_back(Step{i, j, b});
      i -= kBeads[b].a;
      j -= kBeads[b].b;
    }
    std::reverse(path.begin(), path.end());
    return path;
  }

  static double LogAdd(double a, double b) {
    if (a == kNegInf) return b;
    if (b == kNegInf) return a;
    double hi = std::max(a, b);
    return hi + std::log1p(std::exp(std::min(a, b) - hi));
  }

  // Forward-backward over the band: each step's posterior probability.
  void Posteriors(std::vector<Step>* path) {
    std::vector<double> fwd(offset_[n_ + 1], kNegInf), bwd(offset_[n_ + 1], kNegInf);
    fwd[Cell(0, 0)] = 0;
    for (size_t i = 0; i <= n_; ++i) {
      for (size_t j = lo_[i]; j <= hi_[i]; ++j) {
        if (i == 0 && j == 0) continue;
        double sum = kNegInf;
        for (const Bead& bead : kBeads) {
          if (static_cast<size_t>(bead.a) > i || static_cast<size_t>(bead.b) > j) continue;
          size_t pi = i - bead.a, pj = j - bead.b;
          if (!InBand(pi, pj) || fwd[Cell(pi, pj)] == kNegInf) continue;
          sum = LogAdd(sum, fwd[Cell(pi, pj)] + Score(i, j, bead));
        }
        fwd[Cell(i, j)] = sum;
      }
    }
    bwd[Cell(n_, m_)] = 0;
    for (size_t i = n_ + 1; i-- > 0;) {
      for (size_t j = hi_[i] + 1; j-- > lo_[i];) {
        if (i == n_ && j == m_) continue;
        double sum = kNegInf;
        for (const Bead& bead : kBeads) {
          size_t ni = i + bead.a, nj = j + bead.b;
          if (!InBand(ni, nj) || bwd[Cell(ni, nj)] == kNegInf) continue;
          sum = LogAdd(sum, bwd[Cell(ni, nj)] + Score(ni, nj, bead));
        }
        bwd[Cell(i, j)] = sum;
      }
    }
    double total = fwd[Cell(n_, m_)];
    for (Step& s : *path) {
      const Bead& bead = kBeads[s.bead];
      size_t pi = s.i - bead.a, pj = s.j - bead.b;
      double lp = fwd[Cell(pi, pj)] + Score(s.i, s.j, bead) + bwd[Cell(s.i, s.j)] - total;
      s.posterior = std::clamp(std::exp(lp), 0.0, 1.0);
    }
  }

  const Clues& clues_;
  const std::vector<SentenceInfo>& src_;
  const std::vector<SentenceInfo>& tgt_;
  const size_t n_, m_;
  const bool use_paragraphs_;
  std::vector<double> prefix_len_[2];
  LengthModel model_;
  std::vector<size_t> lo_, hi_, offset_;
  size_t band_ = 0;
  mutable std::vector<uint32_t> ks_, kt_;
};

// Target positions along the diagonal of character lengths.
std::vector<double> Diagonal(const std::vector<SentenceInfo>& src,
                             const std::vector<SentenceInfo>& tgt) {
  std::vector<double> cum_t(tgt.size() + 1, 0);
  for (size_t j = 0; j < tgt.size(); ++j) cum_t[j + 1] = cum_t[j] + tgt[j].length;
  double total_s = 0;
  for (const SentenceInfo& s : src) total_s += s.length;
  std::vector<double> center(src.size() + 1, 0);
  double cum_s = 0;
  for (size_t i = 0; i <= src.size(); ++i) {
    double f = total_s > 0 ? cum_s / total_s : 0;
    double want = f * cum_t.back();
    size_t j = static_cast<size_t>(std::lower_bound(cum_t.begin(), cum_t.end(), want) - cum_t.begin());
    center[i] = static_cast<double>(std::min(j, tgt.size()));
    if (i < src.size()) cum_s += src[i].length;
  }
  center.back() = static_cast<double>(tgt.size());
  return center;
}

// The target position of a path at each source index (the mean of its cells).
std::vector<double> PathCenter(const std::vector<Aligner::Step>& path, size_t n) {
  std::vector<double> center(n + 1, 0);
  std::vector<int> count(n + 1, 0);
  for (const Aligner::Step& s : path) {
    center[s.i] += static_cast<double>(s.j);
    ++count[s.i];
  }
  double last = 0;
  for (size_t i = 0; i <= n; ++i) {
    if (count[i] > 0) last = center[i] / count[i];
    center[i] = last;
  }
  return center;
}

// Ratio and spread re-estimated on a path's 1-1 links (the 90 % that fit best).
void Reestimate(const Aligner::Step* begin, const Aligner::Step* end, const Clues& clues,
                LengthModel* model) {
  std::vector<std::pair<double, double>> pairs;
  for (const Aligner::Step* s = begin; s != end; ++s) {
    if (s->bead != 0) continue;
    pairs.emplace_back(clues.side(0)[s->i - 1].length, clues.side(1)[s->j - 1].length);
  }
  if (pairs.size() < 5) return;
  double sum_s = 0, sum_t = 0;
  for (auto [ls, lt] : pairs) sum_s += ls, sum_t += lt;
  if (sum_s <= 0 || sum_t <= 0) return;
  double ratio = sum_t / sum_s;
  std::vector<double> dev;
  for (auto [ls, lt] : pairs) {
    double mean = ratio * ls;
    dev.push_back((lt - mean) * (lt - mean) / std::max(std::max(mean, lt), 1.0));
  }
  std::sort(dev.begin(), dev.end());
  dev.resize(std::max<size_t>(1, dev.size() * 9 / 10));
  double var = 0;
  for (double d : dev) var += d;
  var /= static_cast<double>(dev.size());
  model->ratio = ratio;
  model->variance = std::clamp(var * 1.5, 2.0, 40.0);
}

}  // namespace

std::string FormatVecalignLink(const AlignLink& link) {
  auto list = [](const std::vector<uint32_t>& ids) {
    std::string out = "[";
    for (size_t k = 0; k < ids.size(); ++k) {
      if (k > 0) out += ", ";
      out += std::to_string(ids[k]);
    }
    return out + "]";
  };
  return list(link.src) + ":" + list(link.tgt);
}

Result<Alignment> AlignSentences(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt,
                                 const AlignOptions& options) {
  Result<std::string> src_lang = NormalizeLanguageTag(options.src_lang);
  if (!src_lang) return InvalidArgument("--src: " + src_lang.error().message);
  Result<std::string> tgt_lang = NormalizeLanguageTag(options.tgt_lang);
  if (!tgt_lang) return InvalidArgument("--tgt: " + tgt_lang.error().message);

  Clues clues(options, *src_lang, *tgt_lang);
  clues.Build(src, tgt);
  auto paragraphs = [](const std::vector<Sentence>& s) {
    return s.empty() ? 0u : s.back().paragraph - s.front().paragraph + 1;
  };
  bool use_paragraphs = paragraphs(src) > 1 && paragraphs(tgt) > 1;
  Aligner aligner(clues, use_paragraphs);

  Alignment result;
  std::vector<Aligner::Step> path;
  if (!src.empty() && !tgt.empty()) {
    LengthModel& model = aligner.model();
    // The ratio of the pair's lengths, drawn towards a prior (1, or 1:2
    // between a script written without spaces and one with them) by 200
    // characters' worth, so that a short pair does not decide it alone.
    auto density = [](int script) {
      return script == USCRIPT_HANGUL || script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
                     script == USCRIPT_KATAKANA
                 ? 0.5
                 : 1.0;
    };
    double prior = density(clues.script(1)) / density(clues.script(0));
    constexpr double kPriorWeight = 200;
    model.ratio = (aligner.total_length(1) + kPriorWeight * prior) /
                  (aligner.total_length(0) + kPriorWeight);
    model.variance = 6.8;
    // Pass 1: a band around the diagonal. Pass 2: the model re-estimated on
    // pass 1's links, a narrow band around its path.
    path = aligner.Run(Diagonal(clues.side(0), clues.side(1)), 20, false);
    Reestimate(path.data(), path.data() + path.size(), clues, &model);
    std::vector<std::pair<size_t, size_t>> one_to_one;
    for (const Aligner::Step& s : path) {
      if (s.bead == 0) one_to_one.emplace_back(s.i - 1, s.j - 1);
    }
    clues.LearnWordPairs(one_to_one);
    path = aligner.Run(PathCenter(path, src.size()), 8, true);
    result.length_ratio = model.ratio;
    result.band = static_cast<uint32_t>(aligner.band());
  } else {
    // One side empty: every sentence is unaligned.
    for (size_t i = 1; i <= src.size(); ++i) path.push_back({i, 0, 1, 1.0});
    for (size_t j = 1; j <= tgt.size(); ++j) path.push_back({0, j, 2, 1.0});
  }

  for (const Aligner::Step& s : path) {
    const Bead& bead = kBeads[s.bead];
    AlignLink link;
    for (size_t k = s.i - bead.a; k < s.i; ++k) link.src.push_back(static_cast<uint32_t>(k));
    for (size_t k = s.j - bead.b; k < s.j; ++k) link.tgt.push_back(static_cast<uint32_t>(k));
    link.confidence = s.posterior;
    if (bead.a == 0 || bead.b == 0) {
      link.flags.push_back("unaligned");
    } else {
      if (s.posterior < 0.5) link.flags.push_back("uncertain");
      if (aligner.Evidence(s.i, s.j, bead).unmatched_numbers) link.flags.push_back("numbers");
      if (std::abs(aligner.LengthZ(s.i, s.j, bead)) > 3.0) link.flags.push_back("length");
      link.evidence = aligner.Shared(s.i, s.j, bead);
    }
    result.links.push_back(std::move(link));
  }
  return result;
}

}  // namespace tmkit
