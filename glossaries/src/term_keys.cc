// Word keys for term recognition: folding and light, rule-based stemming.
// The rules and their reasons are in doc/terms.md ("Recognition").
#include "term_keys.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "tmkit/glossaries/recognize.h"

namespace tmkit {
namespace internal {
namespace {

// Words shorter than this (in code points) keep their endings: США, ЄС, Крим.
constexpr size_t kMinStem = 3;

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c < 0 ? 0xFFFD : static_cast<char32_t>(c));
  }
  return out;
}

std::string ToUtf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) {
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(c));
    out.append(buf, len);
  }
  return out;
}

bool EndsWith(std::u32string_view s, std::u32string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The slow path: ICU's NFKC case fold and core's accent folding.
std::string SlowFold(std::string_view word) {
  std::string key = AccentFold(MatchKey(word));
  std::string out;
  out.reserve(key.size());
  for (size_t i = 0; i < key.size(); ++i) {
    // U+2018, U+2019 (E2 80 98/99) and U+02BC (CA BC) → '
    if (key[i] == '\xE2' && i + 2 < key.size() && key[i + 1] == '\x80' &&
        (key[i + 2] == '\x98' || key[i + 2] == '\x99')) {
      out.push_back('\'');
      i += 2;
    } else if (key[i] == '\xCA' && i + 1 < key.size() && key[i + 1] == '\xBC') {
      out.push_back('\'');
      i += 1;
    } else {
      out.push_back(key[i]);
    }
  }
  return out;
}

// --- Ukrainian and Russian -------------------------------------------------------

// Vowels, the soft and hard signs and й: what a case ending is made of once
// its consonant-bearing part (ого, ами, …) is gone.
bool IsCyrillicVowelish(char32_t c) {
  switch (c) {
    case U'а': case U'е': case U'є': case U'и': case U'і': case U'ї': case U'о': case U'у':
    case U'ю': case U'я': case U'ь': case U'й': case U'ы': case U'э': case U'ъ':
      return true;
    default:
      return false;
  }
}

bool IsCyrillicConsonant(char32_t c) {
  return ((c >= 0x0430 && c <= 0x045F) || c == 0x0491) && !IsCyrillicVowelish(c);
}

// Endings removed from every word (they never end a dictionary form).
constexpr std::u32string_view kUkEndings[] = {U"ього", U"ьому", U"ого", U"ому",
                                              U"ими",  U"ами",  U"ями"};
constexpr std::u32string_view kRuEndings[] = {U"ого", U"его", U"ому", U"ему",
                                              U"ыми", U"ими", U"ами", U"ями"};
// Endings that also end dictionary forms (Потсдам, Харків, Львів, Ростов):
// removed only in the extra readings of a text word.
constexpr std::u32string_view kUkAltEndings[] = {U"ові", U"еві", U"єві", U"ом", U"ем", U"єм",
                                                 U"ам",  U"ям",  U"ах",  U"ях", U"им", U"ім",
                                                 U"их",  U"іх",  U"ів",  U"їв"};
constexpr std::u32string_view kRuAltEndings[] = {U"ом", U"ем", U"ам", U"ям", U"ах", U"ях",
                                                 U"им", U"ым", U"их", U"ых", U"ов", U"ев"};

// Removes trailing vowels, ь and й down to kMinStem; then, in Ukrainian, the
// о/е → і and є → ї alternation of a last closed syllable (Харкова → харків,
// Києва → київ), so that every case of such a word meets its nominative.
// The alternation needs a stem of four letters or more.
void FinishSlavicStem(std::u32string* s, bool ukrainian) {
  while (s->size() > kMinStem && IsCyrillicVowelish(s->back())) s->pop_back();
  // Not in three-letter stems, where it would merge unrelated words (Росія →
  // рос, ріс "grew").
  if (!ukrainian || s->size() < kMinStem + 1) return;
  const size_t n = s->size();
  if (!IsCyrillicConsonant((*s)[n - 1])) return;
  char32_t& v = (*s)[n - 2];
  if (v == U'о' || v == U'е') {
    v = U'і';
  } else if (v == U'є') {
    v = U'ї';
  }
}

bool HasCyrillic(std::u32string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char32_t c) { return (c >= 0x0400 && c <= 0x04FF); });
}

template <size_t N>
bool StripLongest(std::u32string* s, const std::u32string_view (&endings)[N]) {
  size_t best = 0;
  for (std::u32string_view e : endings) {
    if (e.size() > best && EndsWith(*s, e) && s->size() - e.size() >= kMinStem) best = e.size();
  }
  if (best == 0) return false;
  for (size_t i = 0; i < best; ++i) s->pop_back();  // (resize trips g++ 12's -Wrestrict)
  return true;
}

std::u32string SlavicKey(std::u32string s, bool ukrainian) {
  if (!HasCyrillic(s)) return s;
  if (ukrainian) {
    StripLongest(&s, kUkEndings);
  } else {
    StripLongest(&s, kRuEndings);
  }
  FinishSlavicStem(&s, ukrainian);
  return s;
}

void SlavicAlternatives(const std::u32string& folded, bool ukrainian,
                        std::vector<std::u32string>* out) {
  if (!HasCyrillic(folded)) return;
  auto add = [&](std::u32string_view e) {
    if (!EndsWith(folded, e) || folded.size() - e.size() < kMinStem) return;
    std::u32string s = folded.substr(0, folded.size() - e.size());
    FinishSlavicStem(&s, ukrainian);
    out->push_back(std::move(s));
  };
  if (ukrainian) {
    for (std::u32string_view e : kUkAltEndings) add(e);
  } else {
    for (std::u32string_view e : kRuAltEndings) add(e);
  }
}

// --- English -------------------------------------------------------------------

// Possessive ('s, s') and plural: -ies → -y, -es → -e (not after a, e, o),
// -s → "" (not after u or s); the stem keeps three letters.
std::u32string EnglishPossessive(std::u32string s) {
  if (EndsWith(s, U"'s") && s.size() > 2) {
    s.pop_back();
    s.pop_back();
  } else if (s.size() > 1 && s.back() == U'\'') {
    s.pop_back();
  }
  return s;
}

std::u32string EnglishKey(std::u32string s) {
  s = EnglishPossessive(std::move(s));
  if (s.size() < kMinStem + 1) return s;
  if (EndsWith(s, U"ies") && !EndsWith(s, U"eies") && !EndsWith(s, U"aies")) {
    s.pop_back();
    s.pop_back();
    s.back() = U'y';
  } else if (EndsWith(s, U"es") && !EndsWith(s, U"aes") && !EndsWith(s, U"ees") &&
             !EndsWith(s, U"oes")) {
    s.pop_back();
  } else if (s.back() == U's' && !EndsWith(s, U"us") && !EndsWith(s, U"ss")) {
    s.pop_back();
  }
  return s;
}

void EnglishAlternatives(const std::u32string& folded, std::vector<std::u32string>* out) {
  std::u32string s = EnglishPossessive(folded);
  if (s.size() < kMinStem + 2) return;
  if (EndsWith(s, U"ies")) out->push_back(s.substr(0, s.size() - 1));  // movies → movie
  for (std::u32string_view e : {U"ches", U"shes", U"sses", U"xes", U"zes", U"oes"}) {
    if (EndsWith(s, e)) out->push_back(s.substr(0, s.size() - 2));  // churches → church
  }
}

// --- Korean -------------------------------------------------------------------

enum class After : uint8_t { kAny, kConsonant, kVowel, kVowelOrRieul };

struct Particle {
  std::u32string_view text;
  After after;
};

// Case particles, the copula and common delimiters. Combinations (에서는,
// 과의, 까지도) are two particles: a word loses at most two.
constexpr Particle kParticles[] = {
    {U"은", After::kConsonant},      {U"는", After::kVowel},
    {U"이", After::kConsonant},      {U"가", After::kVowel},
    {U"을", After::kConsonant},      {U"를", After::kVowel},
    {U"과", After::kConsonant},      {U"와", After::kVowel},
    {U"으로", After::kConsonant},    {U"로", After::kVowelOrRieul},
    {U"으로서", After::kConsonant},  {U"로서", After::kVowelOrRieul},
    {U"으로써", After::kConsonant},  {U"로써", After::kVowelOrRieul},
    {U"으로부터", After::kConsonant}, {U"로부터", After::kVowelOrRieul},
    {U"이다", After::kConsonant},    {U"다", After::kVowel},
    {U"이며", After::kConsonant},    {U"며", After::kVowel},
    {U"이고", After::kConsonant},    {U"이라고", After::kConsonant},
    {U"라고", After::kVowel},        {U"이라는", After::kConsonant},
    {U"라는", After::kVowel},        {U"이라며", After::kConsonant},
    {U"라며", After::kVowel},        {U"이나", After::kConsonant},
    {U"나", After::kVowel},          {U"이란", After::kConsonant},
    {U"란", After::kVowel},          {U"이었다", After::kConsonant},
    {U"였다", After::kVowel},        {U"의", After::kAny},
    {U"에", After::kAny},            {U"에서", After::kAny},
    {U"에게", After::kAny},          {U"에게서", After::kAny},
    {U"께", After::kAny},            {U"께서", After::kAny},
    {U"한테", After::kAny},          {U"한테서", After::kAny},
    {U"도", After::kAny},            {U"만", After::kAny},
    {U"까지", After::kAny},          {U"부터", After::kAny},
    {U"보다", After::kAny},          {U"처럼", After::kAny},
    {U"마다", After::kAny},          {U"조차", After::kAny},
    {U"밖에", After::kAny},          {U"뿐", After::kAny},
    {U"대로", After::kAny},
};

bool ParticleFits(char32_t before, After after) {
  if (after == After::kAny || before < 0xAC00 || before > 0xD7A3) return true;
  const int final_consonant = static_cast<int>((before - 0xAC00) % 28);
  switch (after) {
    case After::kConsonant: return final_consonant != 0;
    case After::kVowel: return final_consonant == 0;
    case After::kVowelOrRieul: return final_consonant == 0 || final_consonant == 8;  // ㄹ
    case After::kAny: break;
  }
  return true;
}

void KoreanStrip(const std::u32string& word, std::vector<std::u32string>* out) {
  for (const Particle& p : kParticles) {
    if (word.size() <= p.text.size() || !EndsWith(word, p.text)) continue;
    const size_t rest = word.size() - p.text.size();
    if (!ParticleFits(word[rest - 1], p.after)) continue;
    out->push_back(word.substr(0, rest));
  }
}

void KoreanAlternatives(const std::u32string& folded, std::vector<std::u32string>* out) {
  const size_t first = out->size();
  KoreanStrip(folded, out);
  const size_t one = out->size();
  for (size_t i = first; i < one; ++i) {
    std::u32string s = (*out)[i];
    KoreanStrip(s, out);
  }
}

}  // namespace

KeyLanguage KeyLanguageOf(std::string_view lang) {
  size_t end = lang.find_first_of("-_");
  std::string_view primary = lang.substr(0, end);
  auto is = [&](std::string_view code) {
    return primary.size() == code.size() &&
           std::equal(primary.begin(), primary.end(), code.begin(),
                      [](char a, char b) { return (a | 0x20) == b; });
  };
  if (is("en")) return KeyLanguage::kEnglish;
  if (is("uk")) return KeyLanguage::kUkrainian;
  if (is("ru")) return KeyLanguage::kRussian;
  if (is("ko")) return KeyLanguage::kKorean;
  return KeyLanguage::kOther;
}

std::string FoldWord(std::string_view word) {
  // Fast path for ASCII, the Ukrainian/Russian alphabets and Hangul syllables
  // (what ICU's NFKC case fold and AccentFold would give); ICU for the rest.
  std::string key;
  key.reserve(word.size());
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return SlowFold(word);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    } else if (c >= 0x0410 && c <= 0x042F) {
      c += 0x20;  // А..Я
    } else if (c >= 0x0430 && c <= 0x044F) {
      // а..я
    } else if (c == 0x0401 || c == 0x0451) {
      c = 0x0435;  // Ё ё → е (AccentFold)
    } else if (c == 0x0404 || c == 0x0406 || c == 0x0407 || c == 0x040E) {
      c += 0x50;  // Є І Ї Ў
    } else if (c == 0x0454 || c == 0x0456 || c == 0x0457 || c == 0x045E || c == 0x0491) {
      // є і ї ў ґ
    } else if (c == 0x0490) {
      c = 0x0491;  // Ґ
    } else if (c == 0x2019 || c == 0x2018 || c == 0x02BC) {
      c = '\'';
    } else if (c >= 0xAC00 && c <= 0xD7A3) {
      // Hangul syllables fold to themselves
    } else {
      return SlowFold(word);
    }
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    key.append(buf, len);
  }
  return key;
}

std::string WordKey(std::string_view word, KeyLanguage lang) {
  std::string folded = FoldWord(word);
  switch (lang) {
    case KeyLanguage::kUkrainian:
    case KeyLanguage::kRussian:
      return ToUtf8(SlavicKey(ToU32(folded), lang == KeyLanguage::kUkrainian));
    case KeyLanguage::kEnglish:
      return ToUtf8(EnglishKey(ToU32(folded)));
    case KeyLanguage::kKorean:
    case KeyLanguage::kOther:
      break;
  }
  return folded;
}

void TextKeys(std::string_view word, KeyLanguage lang, std::vector<std::string>* out) {
  out->clear();
  std::string folded = FoldWord(word);
  std::vector<std::u32string> alts;
  std::u32string u = ToU32(folded);
  switch (lang) {
    case KeyLanguage::kUkrainian:
    case KeyLanguage::kRussian: {
      const bool uk = lang == KeyLanguage::kUkrainian;
      out->push_back(ToUtf8(SlavicKey(u, uk)));
      SlavicAlternatives(u, uk, &alts);
      break;
    }
    case KeyLanguage::kEnglish:
      out->push_back(ToUtf8(EnglishKey(u)));
      EnglishAlternatives(u, &alts);
      break;
    case KeyLanguage::kKorean:
      out->push_back(folded);
      KoreanAlternatives(u, &alts);
      break;
    case KeyLanguage::kOther:
      out->push_back(std::move(folded));
      return;
  }
  for (const std::u32string& a : alts) {
    std::string s = ToUtf8(a);
    if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(std::move(s));
  }
}

void SplitWords(std::string_view text, std::string_view lang, std::vector<WordSpan>* out) {
  out->clear();
  if (text.empty()) return;
  // One word break iterator per language and thread (creating one is costly).
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
  icu::BreakIterator* bi = it->second.get();
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (!bi || U_FAILURE(status)) {
    utext_close(ut);
    out->push_back({0, static_cast<uint32_t>(text.size())});
    return;
  }
  bi->setText(ut, status);
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    // Words, numbers, kana, ideographs; not spaces or punctuation.
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    out->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
  }
  // The iterator keeps a pointer to the UText: detach it before closing.
  bi->setText(icu::UnicodeString());
  utext_close(ut);
}

}  // namespace internal

std::string TermWordKey(std::string_view word, std::string_view lang) {
  return internal::WordKey(word, internal::KeyLanguageOf(lang));
}

std::vector<std::string> TextWordKeys(std::string_view word, std::string_view lang) {
  std::vector<std::string> out;
  internal::TextKeys(word, internal::KeyLanguageOf(lang), &out);
  return out;
}

}  // namespace tmkit
