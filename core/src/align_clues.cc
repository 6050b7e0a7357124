#include "align_clues.h"

#include <unicode/dtfmtsym.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit::align_internal {
namespace {

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

bool IsWordChar(UChar32 c) {
  if (u_isalnum(c)) return true;
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Appends `cls` unless it repeats the last class.
void Push(std::string* out, char cls) {
  if (out->empty() || out->back() != cls) out->push_back(cls);
}

std::string LatinSkeleton(std::string_view folded) {
  std::string out;
  const size_t n = folded.size();
  for (size_t i = 0; i < n; ++i) {
    char c = folded[i];
    char next = i + 1 < n ? folded[i + 1] : '\0';
    auto take_next = [&](char cls) {
      Push(&out, cls);
      ++i;
    };
    switch (c) {
      case 'k': next == 'h' ? take_next('H') : Push(&out, 'K'); break;
      case 's': next == 'h' ? take_next('S') : Push(&out, 'S'); break;
      case 'z': next == 'h' ? take_next('S') : Push(&out, 'S'); break;
      case 'c':
        if (next == 'h') take_next('S');
        else Push(&out, next == 'e' || next == 'i' || next == 'y' ? 'S' : 'K');
        break;
      case 't':
        if (next == 'h') take_next('T');
        else if (next == 's' || next == 'z') take_next('S');
        else Push(&out, 'T');
        break;
      case 'd': next == 'z' || next == 'j' ? take_next('S') : Push(&out, 'T'); break;
      case 'p': next == 'h' ? take_next('B') : Push(&out, 'B'); break;
      case 'g': next == 'h' ? take_next('K') : Push(&out, 'K'); break;
      case 'b': case 'f': case 'v': Push(&out, 'B'); break;
      case 'q': Push(&out, 'K'); break;
      case 'x': Push(&out, 'K'); Push(&out, 'S'); break;
      case 'j': Push(&out, 'S'); break;
      case 'l': case 'r': Push(&out, 'R'); break;
      case 'm': Push(&out, 'M'); break;
      case 'n': Push(&out, 'N'); break;
      case 'h': Push(&out, 'H'); break;
      default: break;  // vowels, y, w, apostrophes
    }
  }
  return out;
}

char CyrillicClass(UChar32 c, UChar32 next, bool g_is_h, bool* skip_next) {
  switch (c) {
    case u'б': case u'п': case u'ф': case u'в': return 'B';
    case u'г': return g_is_h ? 'H' : 'K';
    case u'ґ': case u'к': return 'K';
    case u'х': return 'H';
    case u'д':
      if (next == u'ж' || next == u'з') {
        *skip_next = true;
        return 'S';
      }
      return 'T';
    case u'т': return 'T';
    case u'з': case u'с': case u'ж': case u'ш': case u'щ': case u'ч': case u'ц': return 'S';
    case u'л': case u'р': return 'R';
    case u'м': return 'M';
    case u'н': return 'N';
    default: return '\0';  // vowels, й, ь, ъ
  }
}

// Hangul jamo as consonant classes: initials (19) and finals (28, 0 = none).
constexpr const char* kInitial[19] = {"K", "K", "N", "T", "T", "R", "M", "B", "B", "S",
                                      "S", "",  "S", "S", "S", "K", "T", "B", "H"};
constexpr const char* kFinal[28] = {"",   "K",  "K",  "KS", "N",  "NS", "NH", "T", "R",  "RK",
                                    "RM", "RB", "RS", "RT", "RB", "RH", "M",  "B", "BS", "T",
                                    "T",  "NK", "T",  "T",  "K",  "T",  "B",  "H"};

bool Inflecting(const std::string& primary) {
  static constexpr std::string_view kLanguages[] = {"uk", "ru", "be", "pl", "cs", "sk", "sl",
                                                    "hr", "sr", "bg", "lt", "lv", "fi"};
  return std::find(std::begin(kLanguages), std::end(kLanguages), primary) != std::end(kLanguages);
}

std::string Fold(const icu::UnicodeString& s) {
  std::string utf8;
  s.toUTF8String(utf8);
  std::string folded = AccentFold(MatchKey(utf8));
  if (!folded.empty() && folded.back() == '.') folded.pop_back();
  return folded;
}

// Drops `n` code points from the end of `s`.
std::string DropLast(const std::string& s, int n) {
  size_t end = s.size();
  for (int k = 0; k < n && end > 0; ++k) {
    --end;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  }
  return s.substr(0, end);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Month names of one language, folded; for inflecting languages also their
// stems (the name less one or two final letters, at least four left).
struct MonthNames {
  std::unordered_map<std::string, int> exact;
  std::unordered_map<std::string, int> stems;
};

const MonthNames& MonthsFor(const std::string& primary) {
  static std::mutex mu;
  static std::map<std::string, MonthNames> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto [it, inserted] = cache.try_emplace(primary);
  if (!inserted) return it->second;
  MonthNames& names = it->second;
  UErrorCode status = U_ZERO_ERROR;
  icu::DateFormatSymbols symbols(icu::Locale(primary.c_str()), status);
  if (U_FAILURE(status)) return names;
  bool inflecting = Inflecting(primary);
  if (primary == "en") names.exact.emplace("sept", 9);  // AP style: Sept. 23
  for (auto context : {icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::STANDALONE}) {
    for (auto width : {icu::DateFormatSymbols::WIDE, icu::DateFormatSymbols::ABBREVIATED}) {
      int32_t count = 0;
      const icu::UnicodeString* months = symbols.getMonths(count, context, width);
      for (int32_t m = 0; m < count && m < 12; ++m) {
        std::string folded = Fold(months[m]);
        if (CodePoints(folded) < 3) continue;
        names.exact.emplace(folded, m + 1);
        if (!inflecting || width != icu::DateFormatSymbols::WIDE) continue;
        for (int cut = 1; cut <= 2; ++cut) {
          std::string stem = DropLast(folded, cut);
          if (CodePoints(stem) >= 4) names.stems.emplace(stem, m + 1);
        }
      }
    }
  }
  return names;
}

}  // namespace

int MonthOf(std::string_view folded, std::string_view lang) {
  // 3월 (ko), 3月 (ja, zh).
  size_t digits = 0;
  while (digits < folded.size() && folded[digits] >= '0' && folded[digits] <= '9') ++digits;
  if (digits > 0 && digits <= 2) {
    std::string_view rest = folded.substr(digits);
    if (rest.starts_with("\uC6D4") || rest.starts_with("\u6708")) {
      int month = std::stoi(std::string(folded.substr(0, digits)));
      return month >= 1 && month <= 12 ? month : 0;
    }
    return 0;
  }
  const MonthNames& names = MonthsFor(PrimaryLanguage(lang));
  std::string word(folded);
  if (auto it = names.exact.find(word); it != names.exact.end()) return it->second;
  for (int cut = 0; cut <= 2 && !names.stems.empty(); ++cut) {
    std::string stem = DropLast(word, cut);
    if (CodePoints(stem) < 4) break;
    if (auto it = names.stems.find(stem); it != names.stems.end()) return it->second;
  }
  return 0;
}

double KoreanNumber(std::string_view word) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"\uC5B5", 1e8}, {"\uB9CC", 1e4}, {"\uCC9C", 1e3}, {"\uBC31", 1e2}};
  double total = 0;
  bool any_unit = false;
  size_t i = 0;
  while (i < word.size() && word[i] >= '0' && word[i] <= '9') {
    size_t start = i;
    while (i < word.size() && ((word[i] >= '0' && word[i] <= '9') || word[i] == '.' || word[i] == ',')) ++i;
    std::string digits;
    for (char c : word.substr(start, i - start)) {
      if (c != ',') digits.push_back(c);
    }
    double value = std::strtod(digits.c_str(), nullptr);
    double unit = 1;
    for (auto [name, size] : kUnits) {
      if (word.substr(i).starts_with(name)) {
        unit = size;
        i += name.size();
        any_unit = true;
        break;
      }
    }
    total += value * unit;
    if (unit == 1) break;
  }
  return any_unit ? total : 0;
}

double ScaleWord(std::string_view folded) {
  // Prefixes: тисяч- covers тисяча, тисячі, тисяч; million- covers millions.
  static constexpr std::pair<std::string_view, double> kScales[] = {
      {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12},
      {"тис", 1e3},      {"тыс", 1e3},     {"тисяч", 1e3},   {"тысяч", 1e3},     {"млн", 1e6},     {"мільйон", 1e6},
      {"миллион", 1e6},  {"млрд", 1e9},    {"мільярд", 1e9}, {"миллиард", 1e9},
      {"трлн", 1e12},    {"mio", 1e6},     {"mrd", 1e9},     {"milliard", 1e9},
      {"milliarde", 1e9}};
  std::string_view word = folded;
  if (word.ends_with(".")) word.remove_suffix(1);
  for (auto [prefix, scale] : kScales) {
    if (!word.starts_with(prefix)) continue;
    // Whole abbreviations (тис, млн); words may inflect (тисячі, millions).
    if (word.size() == prefix.size() || CodePoints(prefix) >= 5) return scale;
  }
  return 0;
}

int SpelledNumber(std::string_view folded, std::string_view lang) {
  // Cardinals 2–12 in their usual forms (uk and ru in every case and the
  // collective двоє/трое), ordinals 3rd–10th by stem in uk and ru.
  static const std::unordered_map<std::string, std::unordered_map<std::string, int>> kWords = {
      {"en", {{"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
              {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12},
              {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6}, {"seventh", 7},
              {"eighth", 8}, {"ninth", 9}, {"tenth", 10}, {"dozen", 12}}},
      {"uk", {{"два", 2}, {"дві", 2}, {"двох", 2}, {"двом", 2}, {"двома", 2}, {"двоє", 2},
              {"три", 3}, {"трьох", 3}, {"трьом", 3}, {"трьома", 3}, {"троє", 3},
              {"чотири", 4}, {"чотирьох", 4}, {"чотирьом", 4}, {"четверо", 4},
              {"п'ять", 5}, {"п'яти", 5}, {"п'ятьох", 5}, {"п'ятеро", 5},
              {"шість", 6}, {"шести", 6}, {"шістьох", 6}, {"шестеро", 6},
              {"сім", 7}, {"семи", 7}, {"сімох", 7}, {"семеро", 7},
              {"вісім", 8}, {"восьми", 8}, {"вісьмох", 8}, {"восьмеро", 8},
              {"дев'ять", 9}, {"дев'яти", 9}, {"дев'ятьох", 9}, {"дев'ятеро", 9},
              {"десять", 10}, {"десяти", 10}, {"десятьох", 10}, {"десятеро", 10},
              {"одинадцять", 11}, {"одинадцяти", 11}, {"дванадцять", 12}, {"дванадцяти", 12},
              {"втретє", 3}, {"утретє", 3}, {"вчетверте", 4}, {"учетверте", 4}, {"вп'яте", 5},
              {"уп'яте", 5}, {"вшосте", 6}, {"ушосте", 6}, {"всьоме", 7}, {"усьоме", 7},
              {"ввосьме", 8}, {"увосьме", 8}, {"вдев'яте", 9}, {"удев'яте", 9}, {"вдесяте", 10},
              {"удесяте", 10}}},
      {"ru", {{"два", 2}, {"две", 2}, {"двух", 2}, {"двум", 2}, {"двумя", 2}, {"двое", 2},
              {"три", 3}, {"трех", 3}, {"трем", 3}, {"тремя", 3}, {"трое", 3},
              {"четыре", 4}, {"четырех", 4}, {"четырем", 4}, {"четверо", 4},
              {"пять", 5}, {"пяти", 5}, {"пятеро", 5}, {"шесть", 6}, {"шести", 6},
              {"шестеро", 6}, {"семь", 7}, {"семи", 7}, {"семеро", 7}, {"восемь", 8},
              {"восьми", 8}, {"девять", 9}, {"девяти", 9}, {"десять", 10}, {"десяти", 10},
              {"одиннадцать", 11}, {"двенадцать", 12}}},
      {"de", {{"zwei", 2}, {"drei", 3}, {"vier", 4}, {"funf", 5}, {"sechs", 6}, {"sieben", 7},
              {"acht", 8}, {"neun", 9}, {"zehn", 10}, {"elf", 11}, {"zwolf", 12}}},
      {"fr", {{"deux", 2}, {"trois", 3}, {"quatre", 4}, {"cinq", 5}, {"six", 6}, {"sept", 7},
              {"huit", 8}, {"neuf", 9}, {"dix", 10}, {"onze", 11}, {"douze", 12}}},
      {"ko", {{"두", 2}, {"세", 3}, {"다섯", 5}, {"여섯", 6}, {"일곱", 7}, {"여덟", 8},
              {"아홉", 9}}}};
  static const std::unordered_map<std::string, std::vector<std::pair<std::string, int>>>
      kOrdinalStems = {{"uk", {{"трет", 3}, {"четверт", 4}, {"п'ят", 5}, {"шост", 6}, {"сьом", 7},
                               {"восьм", 8}, {"дев'ят", 9}, {"десят", 10}}},
                       {"ru", {{"трет", 3}, {"четверт", 4}, {"пят", 5}, {"шест", 6}, {"седьм", 7},
                               {"восьм", 8}, {"девят", 9}, {"десят", 10}}}};
  std::string primary = PrimaryLanguage(lang);
  std::string word(folded);
  // One apostrophe for all (Ukrainian writes ', ’ or ʼ).
  for (std::string_view apostrophe : {"\u2019", "\u02BC"}) {
    for (size_t at; (at = word.find(apostrophe)) != std::string::npos;) {
      word.replace(at, apostrophe.size(), "'");
    }
  }
  if (auto lang_it = kWords.find(primary); lang_it != kWords.end()) {
    if (auto it = lang_it->second.find(word); it != lang_it->second.end()) return it->second;
  }
  if (auto lang_it = kOrdinalStems.find(primary); lang_it != kOrdinalStems.end()) {
    for (const auto& [stem, value] : lang_it->second) {
      // The stem plus an adjective ending (третій, третього, третьої; третий).
      static const std::unordered_set<std::string_view> kEndings = {
          "ій", "ий", "я", "є", "е", "ього", "ьому", "ім", "ю", "ої", "ьої", "ою", "ьою", "і",
          "их", "іх", "ими", "іми", "ого", "ому", "им", "ий", "а", "ая", "ое", "ой", "ую", "ые",
          "ых", "ыми", "ьего", "ьему", "ья", "ье", "ьи", "ьих", "ьим"};
      if (word.starts_with(stem) && kEndings.contains(std::string_view(word).substr(stem.size()))) {
        return value;
      }
    }
  }
  return 0;
}

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  Word current;
  bool in_word = false;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    bool word_char = c >= 0 && IsWordChar(c);
    // An apostrophe joins two letters (don't, Кам'янське); elsewhere it ends a word.
    if (!word_char && in_word && c >= 0 && IsApostrophe(c) && i < n) {
      int32_t j = i;
      UChar32 d;
      U8_NEXT(s, j, n, d);
      word_char = d >= 0 && u_isalpha(d);
    }
    // A change of script ends a word: IAEA는 is IAEA and 는.
    if (word_char && in_word && current.has_letter && u_isalpha(c)) {
      UErrorCode status = U_ZERO_ERROR;
      UScriptCode script = uscript_getScript(c, &status);
      if (script != current.script && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
        words.push_back(current);
        in_word = false;
      }
    }
    if (word_char) {
      if (!in_word) {
        current = Word{};
        current.begin = static_cast<size_t>(start);
        in_word = true;
      }
      current.end = static_cast<size_t>(i);
      ++current.length;
      if (u_isdigit(c)) {
        current.has_digit = true;
      } else if (u_isalpha(c)) {
        if (!current.has_letter) {
          UErrorCode status = U_ZERO_ERROR;
          current.script = uscript_getScript(c, &status);
          current.capitalised = u_isupper(c) || u_istitle(c);
        }
        current.has_letter = true;
        if (u_isupper(c)) current.has_upper = true;
      }
    } else if (in_word) {
      words.push_back(current);
      in_word = false;
    }
  }
  if (in_word) words.push_back(current);
  return words;
}

std::string NameSkeleton(std::string_view word, std::string_view lang) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t n = static_cast<int32_t>(word.size());
  int32_t i = 0;
  UChar32 first;
  U8_NEXT(s, i, n, first);
  if (first < 0) return {};
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(first, &status);
  std::string out;
  if (script == USCRIPT_LATIN) {
    std::string folded = AccentFold(MatchKey(word));
    std::string ascii;
    for (char c : folded) {
      if (c >= 'a' && c <= 'z') ascii.push_back(c);
    }
    return LatinSkeleton(ascii);
  }
  if (script == USCRIPT_CYRILLIC) {
    std::string primary = PrimaryLanguage(lang);
    bool g_is_h = primary == "uk" || primary == "be";
    std::u32string cps;
    for (i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c >= 0) cps.push_back(static_cast<char32_t>(u_tolower(c)));
    }
    for (size_t k = 0; k < cps.size(); ++k) {
      bool skip_next = false;
      char cls = CyrillicClass(static_cast<UChar32>(cps[k]),
                               k + 1 < cps.size() ? static_cast<UChar32>(cps[k + 1]) : 0, g_is_h,
                               &skip_next);
      if (cls != '\0') Push(&out, cls);
      if (skip_next) ++k;
    }
    return out;
  }
  if (script == USCRIPT_HANGUL) {
    for (i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c < 0xAC00 || c > 0xD7A3) continue;
      int index = c - 0xAC00;
      for (const char* p = kInitial[index / 588]; *p; ++p) Push(&out, *p);
      for (const char* p = kFinal[index % 28]; *p; ++p) Push(&out, *p);
    }
    return out;
  }
  return {};
}

}  // namespace tmkit::align_internal
