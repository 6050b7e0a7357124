// Placeables (see placeables.h and doc/placeables.md).
//
// FindPlaceables is a hand-written scanner over UTF-8: it runs on every query
// and on every segment at import, so it never touches ICU on text without a
// digit, and otherwise only reads per-thread data taken from ICU once per
// language (separators, month and weekday names, AM/PM markers). Writing a
// value (FormatPlaceable) and re-inflecting unit words use ICU formatters,
// also cached per thread.
//
// The file runs top-down:
//   1. Characters: UTF-8 stepping and the character classes the scanner needs.
//   2. LangInfo: the per-thread, per-language data.
//   3. Styles: how a placeable was written, kept in Placeable::style.
//   4. Scanner: FindPlaceables.
//   5. Writers: FormatPlaceable.
//   6. Unit words: re-inflection after a rewritten number.
//   7. AdaptTarget.
#include "tmkit/core/placeables.h"

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dcfmtsym.h>
#include <unicode/displayoptions.h>
#include <unicode/dtfmtsym.h>
#include <unicode/dtptngen.h>
#include <unicode/locid.h>
#include <unicode/measunit.h>
#include <unicode/numberformatter.h>
#include <unicode/plurrule.h>
#include <unicode/smpdtfmt.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include "tmkit/core/language.h"

namespace tmkit {
namespace {

// ---------------------------------------------------------------------------
// 1. Characters

constexpr UChar32 kNone = -1;  // "no character here" (start or end of text)

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string Utf8(UChar32 c) {
  std::string out;
  icu::UnicodeString(c).toUTF8String(out);
  return out;
}

// The code point at byte `i` and the byte after it; kNone at the end.
UChar32 At(std::string_view s, size_t i, size_t* next) {
  if (i >= s.size()) {
    *next = s.size();
    return kNone;
  }
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *next = i + 1;
    return b;
  }
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT_OR_FFFD(s.data(), j, static_cast<int32_t>(s.size()), c);
  *next = static_cast<size_t>(j);
  return c;
}

// The code point ending at byte `i` and where it starts; kNone at the start.
UChar32 Before(std::string_view s, size_t i, size_t* start) {
  if (i == 0) {
    *start = 0;
    return kNone;
  }
  auto b = static_cast<unsigned char>(s[i - 1]);
  if (b < 0x80) {
    *start = i - 1;
    return b;
  }
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV_OR_FFFD(s.data(), 0, j, c);
  *start = static_cast<size_t>(j);
  return c;
}

// Decimal digit value of `c`, or -1. ASCII first: other scripts' digits are
// rare in the languages this serves, and u_charDigitValue is a table lookup.
int DigitValue(UChar32 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c < 0x660) return -1;
  return u_isdigit(c) ? u_charDigitValue(c) : -1;
}

// Spaces that may sit inside a number or a date: plain, no-break (uk, ru in
// ICU), narrow no-break (fr numbers, ICU's "р." and "PM"), thin, figure.
bool IsSpaceSep(UChar32 c) {
  return c == ' ' || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

// Scripts that glue counters and particles to numbers (23일, 11,000명, 第5).
bool IsCjk(UChar32 c) {
  return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
         (c >= 0x3130 && c <= 0x318F) || (c >= 0x3040 && c <= 0x30FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

bool IsLetter(UChar32 c) {
  if (c < 0) return false;
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_charType(c) == U_NON_SPACING_MARK;
}

// A letter of an alphabetic script: digits glued to one make an identifier
// (A320, 5th, MH17), unlike CJK counters.
bool IsWordLetter(UChar32 c) { return IsLetter(c) && !IsCjk(c); }

// Letters and the apostrophes that stay inside Ukrainian words.
bool IsWordChar(UChar32 c) { return IsLetter(c) || c == '\'' || c == 0x2019 || c == 0x02BC; }

bool StartsWithAt(std::string_view s, size_t i, std::string_view w) {
  return i <= s.size() && s.size() - i >= w.size() && s.compare(i, w.size(), w) == 0;
}

bool EndsWithAt(std::string_view s, size_t i, std::string_view w) {
  return i <= s.size() && i >= w.size() && s.compare(i - w.size(), w.size(), w) == 0;
}

// Is there a digit anywhere? The fast path of FindPlaceables: Cyrillic and
// Hangul never reach u_isdigit.
bool HasDigit(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  for (size_t i = 0; i < n;) {
    unsigned char b = p[i];
    if (b < 0x80) {
      if (static_cast<unsigned char>(b - '0') < 10) return true;
      ++i;
      continue;
    }
    if (b < 0xD8) {  // two-byte sequences: up to U+05FF, no digits there
      i += 2;
      continue;
    }
    size_t next = 0;
    UChar32 c = At(s, i, &next);
    i = next;
    if (c >= 0xAC00 && c <= 0xD7A3) continue;
    if (DigitValue(c) >= 0) return true;
  }
  return false;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year != 0) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool ValidDate(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

// ---------------------------------------------------------------------------
// 2. LangInfo

// How a month or weekday name was written; the field letter used in styles.
struct NameForm {
  std::string text;
  int index = 0;  // month 1–12; weekday 1–7 (Sunday = 1, as ICU)
  char field = 'B';
};

// Unit words of one language, for re-inflection (section 6).
class UnitWords {
 public:
  explicit UnitWords(const icu::Locale& locale);

  // When `after` starts with a unit word (after the number `old_number`),
  // sets `*length` to its byte length and `*form` to the form for
  // `new_number` in the same grammatical case; `genitive` prefers that case
  // where the form fits several. False if there is no unit word, the form
  // does not change, or the case is ambiguous or may be an ordinal's.
  bool Reinflect(std::string_view after, const Placeable& old_number, const Placeable& new_number,
                 bool genitive, size_t* length, std::string* form) const;

 private:
  std::string PluralOf(const Placeable& number) const;
  // The unit text of `unit` formatted after sample k in case c ("" if none).
  std::string UnitText(const icu::MeasureUnit& unit, UDisplayOptionsGrammaticalCase c,
                       size_t k) const;
  // Fills the forms of unit u (once): a unit's forms are built the first time
  // a word with its initial follows a rewritten number.
  void Build(size_t u) const;

  icu::Locale locale_;
  std::unique_ptr<icu::PluralRules> rules_;
  std::vector<std::string> keywords_;            // plural keywords ("one", "few", ...)
  std::vector<std::pair<double, int>> samples_;  // a number of each keyword: value, fraction digits
  std::vector<std::string> numbers_;             // the samples as the locale writes them
  std::vector<int> cases_;  // UDisplayOptionsGrammaticalCase, in preference order
  std::vector<icu::MeasureUnit> units_;
  std::unordered_map<UChar32, std::vector<uint32_t>> by_initial_;  // lower-case initial → units
  mutable std::vector<bool> built_;
  mutable std::vector<std::string> forms_;  // [(unit * cases + case) * keywords + keyword]
  mutable std::unordered_map<std::string, std::vector<uint32_t>> by_form_;  // form → forms_ indices
  mutable std::unordered_map<std::string, std::vector<std::string>>
      by_first_word_;  // longest first
};

// What FindPlaceables and FormatPlaceable need of one language, from ICU.
// One per thread and language tag (GetLangInfo), never shared between threads.
struct LangInfo {
  explicit LangInfo(std::string_view tag);

  std::string tag;
  std::string primary;  // "en" for "en-GB"
  icu::Locale locale;

  // Numbers.
  UChar32 decimal = '.';
  UChar32 grouping = ',';        // ICU's grouping separator
  std::string grouping_utf8;     // the same, as ICU writes it
  std::string minus_utf8 = "-";  // ICU's minus sign
  bool space_grouping = false;   // the locale groups with a space (uk, ru, fr): "5 000" too
  UChar32 other_grouping = 0;    // also read as grouping: '.' where ',' is the decimal (ICU parse)

  // Dates and times.
  std::vector<NameForm> months;    // longest first
  std::vector<NameForm> weekdays;  // longest first
  std::array<std::string, 13> month_wide, month_abbr;
  std::array<std::string, 8> weekday_wide, weekday_abbr;
  std::array<std::string, 2> ampm;
  bool ampm_first = false;        // "오후 3시" (ko), not "3:00 PM"
  std::string numeric_order;      // "dmy", "mdy", "ymd": the short date's field order
  UChar32 numeric_sep = 0;        // its separator ('.', '/'); 0 when it has none usable
  bool numeric_trailing = false;  // ko "2024. 10. 23."
  bool numeric_pad_day = false;   // the pattern pads: dd.MM.y (uk), not M/d/y (en)
  bool numeric_pad_month = false;

  // Writers, created on first use.
  std::map<std::pair<int, bool>, icu::number::LocalizedNumberFormatter> number_formatters;
  std::unique_ptr<icu::DateTimePatternGenerator> pattern_generator;
  std::map<std::string, std::unique_ptr<icu::SimpleDateFormat>> date_formats;
  std::unique_ptr<icu::Calendar> calendar;
  std::string percent_prefix, percent_suffix;  // around the number in ICU's percent
  std::unique_ptr<UnitWords> units;

  const icu::number::LocalizedNumberFormatter& NumberFormatter(int fraction_digits,
                                                               bool grouping_off);
  icu::SimpleDateFormat* DateFormatFor(const char* skeleton);
  const UnitWords& Units();
};

LangInfo::LangInfo(std::string_view t) : tag(t), primary(PrimaryLanguage(t)) {
  UErrorCode status = U_ZERO_ERROR;
  locale = icu::Locale::forLanguageTag(icu::StringPiece(tag.data(), tag.size()), status);
  if (U_FAILURE(status)) locale = icu::Locale::getRoot();

  status = U_ZERO_ERROR;
  icu::DecimalFormatSymbols symbols(locale, status);
  if (U_SUCCESS(status)) {
    auto first = [](const icu::UnicodeString& u, UChar32 fallback) {
      return u.length() > 0 ? u.char32At(0) : fallback;
    };
    decimal = first(symbols.getSymbol(icu::DecimalFormatSymbols::kDecimalSeparatorSymbol), '.');
    grouping = first(symbols.getSymbol(icu::DecimalFormatSymbols::kGroupingSeparatorSymbol), ',');
    minus_utf8 = Utf8(symbols.getSymbol(icu::DecimalFormatSymbols::kMinusSignSymbol));
  }
  grouping_utf8 = Utf8(grouping);
  space_grouping = IsSpaceSep(grouping);
  // ICU reads "11.000" as 11000 in uk, ru, fr, whose grouping is a space
  // and decimal ',' (de groups with '.' anyway); and the other way round.
  if (decimal == ',' && grouping != '.') other_grouping = '.';
  if (decimal == '.' && grouping != ',') other_grouping = ',';

  status = U_ZERO_ERROR;
  icu::DateFormatSymbols dates(locale, status);
  if (U_SUCCESS(status)) {
    int32_t n = 0;
    const icu::UnicodeString* wide =
        dates.getMonths(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
    for (int32_t i = 0; i < n && i < 12; ++i) month_wide[i + 1] = Utf8(wide[i]);
    const icu::UnicodeString* abbr =
        dates.getMonths(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::ABBREVIATED);
    for (int32_t i = 0; i < n && i < 12; ++i) month_abbr[i + 1] = Utf8(abbr[i]);
    const icu::UnicodeString* days =
        dates.getWeekdays(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::WIDE);
    for (int32_t i = 1; i < n && i <= 7; ++i) weekday_wide[i] = Utf8(days[i]);
    days =
        dates.getWeekdays(n, icu::DateFormatSymbols::FORMAT, icu::DateFormatSymbols::ABBREVIATED);
    for (int32_t i = 1; i < n && i <= 7; ++i) weekday_abbr[i] = Utf8(days[i]);
    const icu::UnicodeString* markers = dates.getAmPmStrings(n);
    for (int32_t i = 0; i < n && i < 2; ++i) ampm[i] = Utf8(markers[i]);
  }

  // Month names: ICU's wide and abbreviated format forms ("жовтня",
  // "жовт."). Korean months ("10월") are digits and read by their own rule.
  auto add_month = [&](const std::string& text, int month, char field) {
    if (text.empty() || DigitValue(static_cast<unsigned char>(text[0])) >= 0) return;
    for (const NameForm& f : months)
      if (f.text == text) return;
    months.push_back({text, month, field});
  };
  bool english = primary == "en";
  for (int m = 1; m <= 12; ++m) add_month(month_wide[m], m, 'B');
  for (int m = 1; m <= 12; ++m) {
    // English news writes AP abbreviations (Jan. Feb. Aug. Sept. Oct. Nov.
    // Dec.), which ICU does not know ("Sep"): any English abbreviation with
    // a period is read as AP style and written back as AP style.
    if (english) {
      if (month_abbr[m] != month_wide[m]) add_month(month_abbr[m] + ".", m, 'A');
      if (m == 9) add_month("Sept.", m, 'A');
    }
    add_month(month_abbr[m], m, 'b');
    if (english && m == 9) add_month("Sept", m, 'b');
  }
  for (int d = 1; d <= 7; ++d) {
    if (!weekday_wide[d].empty()) weekdays.push_back({weekday_wide[d], d, 'E'});
  }
  auto longest_first = [](const NameForm& a, const NameForm& b) {
    return a.text.size() > b.text.size();
  };
  std::stable_sort(months.begin(), months.end(), longest_first);
  std::stable_sort(weekdays.begin(), weekdays.end(), longest_first);

  // The short date pattern gives the numeric order: M/d/yy, dd.MM.yy, yy. M. d.
  std::unique_ptr<icu::DateFormat> short_date(
      icu::DateFormat::createDateInstance(icu::DateFormat::kShort, locale));
  if (auto* sdf = dynamic_cast<icu::SimpleDateFormat*>(short_date.get())) {
    icu::UnicodeString pattern;
    sdf->toPattern(pattern);
    bool quoted = false;
    for (int32_t i = 0; i < pattern.length(); ++i) {
      char16_t c = pattern[i];
      if (c == '\'') quoted = !quoted;
      if (quoted) continue;
      char f = c == 'd' ? 'd' : c == 'M' || c == 'L' ? 'm' : c == 'y' ? 'y' : 0;
      if (f != 0 && numeric_order.find(f) == std::string::npos) numeric_order += f;
      if (f == 'd' && i + 1 < pattern.length() && pattern[i + 1] == c) numeric_pad_day = true;
      if (f == 'm' && i + 1 < pattern.length() && pattern[i + 1] == c) numeric_pad_month = true;
      if ((c == '.' || c == '/' || c == '-') && numeric_order.size() < 3 && numeric_sep == 0)
        numeric_sep = c;
      if (c == '.' && numeric_order.size() == 3 && i + 1 == pattern.length())
        numeric_trailing = true;
    }
    if (numeric_order.size() != 3) numeric_sep = 0;
  }

  // Where the AM/PM marker goes: before the hour in ko ("a h:mm").
  status = U_ZERO_ERROR;
  pattern_generator.reset(icu::DateTimePatternGenerator::createInstance(locale, status));
  if (U_FAILURE(status)) pattern_generator.reset();
  if (pattern_generator) {
    status = U_ZERO_ERROR;
    icu::UnicodeString hm = pattern_generator->getBestPattern(u"hmm", status);
    ampm_first = U_SUCCESS(status) && hm.length() > 0 && hm[0] == u'a';
  }
}

const icu::number::LocalizedNumberFormatter& LangInfo::NumberFormatter(int fraction_digits,
                                                                       bool grouping_off) {
  auto key = std::make_pair(fraction_digits, grouping_off);
  auto it = number_formatters.find(key);
  if (it == number_formatters.end()) {
    auto f = icu::number::NumberFormatter::withLocale(locale).precision(
        icu::number::Precision::fixedFraction(fraction_digits));
    if (grouping_off) f = f.grouping(UNUM_GROUPING_OFF);
    it = number_formatters.emplace(key, std::move(f)).first;
  }
  return it->second;
}

icu::SimpleDateFormat* LangInfo::DateFormatFor(const char* skeleton) {
  auto it = date_formats.find(skeleton);
  if (it != date_formats.end()) return it->second.get();
  std::unique_ptr<icu::SimpleDateFormat> format;
  if (pattern_generator) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString pattern =
        pattern_generator->getBestPattern(icu::UnicodeString(skeleton, -1, US_INV), status);
    if (U_SUCCESS(status)) {
      format = std::make_unique<icu::SimpleDateFormat>(pattern, locale, status);
      if (U_FAILURE(status)) format.reset();
    }
  }
  if (format) format->adoptTimeZone(icu::TimeZone::getGMT()->clone());
  return date_formats.emplace(skeleton, std::move(format)).first->second.get();
}

const UnitWords& LangInfo::Units() {
  if (!units) units = std::make_unique<UnitWords>(locale);
  return *units;
}

// The thread's LangInfo for `tag`. Tags are few (one per language a store
// holds); past kMaxTags, a new tag shares its primary language's entry.
LangInfo& GetLangInfo(std::string_view tag) {
  constexpr size_t kMaxTags = 64;
  thread_local std::vector<std::unique_ptr<LangInfo>> cache;
  thread_local LangInfo* last = nullptr;
  if (last != nullptr && last->tag == tag) return *last;
  for (auto& info : cache) {
    if (info->tag == tag) return *(last = info.get());
  }
  if (cache.size() >= kMaxTags) {
    std::string primary = PrimaryLanguage(tag);
    if (primary != tag) return GetLangInfo(primary);
  }
  cache.push_back(std::make_unique<LangInfo>(tag));
  return *(last = cache.back().get());
}

// ---------------------------------------------------------------------------
// 3. Styles
//
// Placeable::style keeps how the text wrote a placeable, so that a new value
// is written the same way.
//
// Numbers and percentages: 'N' then four fields separated by kSep: the
// grouping separator written (empty when none), '1' when a number of 1000 or
// more was written without grouping (a year), the sign written, and what
// stands between the number and '%'.
//
// Dates and times: 'T' then a template: the text as written with each field
// replaced by kField and a letter. Dates: d (day), D (day, two digits), m
// (month number), M (two digits), y (year), B (month name), b (abbreviated
// name), A (AP abbreviation), E (weekday name), e (abbreviated weekday).
// English dates also have O (the ordinal suffix of the day: "23rd").
// Times: H (hour 0–23), I (two digits), h (1–12), n (minutes, two digits), o
// (":mm" when the minutes are not 0: "3 p.m." → "3:30 p.m."), P/p/Q/q/K (the
// AM/PM marker as AM, am, A.M., a.m., or the locale's), T (Korean minutes:
// " 30분", nothing at 0), U (the same with "반" for 30).

constexpr char kSep = '\x1f';
constexpr char kField = '\x01';

struct NumberStyle {
  std::string group;
  bool ungrouped = false;
  std::string sign;
  std::string percent_gap;
};

std::string EncodeNumberStyle(const NumberStyle& s) {
  std::string out = "N";
  out += s.group;
  out += kSep;
  out += s.ungrouped ? '1' : '0';
  out += kSep;
  out += s.sign;
  out += kSep;
  out += s.percent_gap;
  return out;
}

bool DecodeNumberStyle(std::string_view style, NumberStyle* s) {
  if (style.empty() || style[0] != 'N') return false;
  std::string_view rest = style.substr(1);
  std::array<std::string_view, 4> parts;
  for (size_t i = 0; i < 4; ++i) {
    size_t cut = i < 3 ? rest.find(kSep) : rest.size();
    if (cut == std::string_view::npos) return false;
    parts[i] = rest.substr(0, cut);
    rest = cut < rest.size() ? rest.substr(cut + 1) : std::string_view();
  }
  s->group = parts[0];
  s->ungrouped = parts[1] == "1";
  s->sign = parts[2];
  s->percent_gap = parts[3];
  return true;
}

bool HasField(std::string_view style, char f) {
  return style.find(std::string{kField, f}) != std::string_view::npos;
}

// Builds a date or time template while the scanner walks the text.
class TemplateBuilder {
 public:
  TemplateBuilder(std::string_view text, size_t begin) : text_(text), pos_(begin) {}
  // The text [field_begin, field_end) is field `f`.
  void Field(size_t field_begin, size_t field_end, char f) {
    out_.append(text_.substr(pos_, field_begin - pos_));
    out_ += kField;
    out_ += f;
    pos_ = field_end;
  }
  // A field that was not written ("o" after "3 p.m."'s hour).
  void Insert(char f) {
    out_ += kField;
    out_ += f;
  }
  std::string Finish(size_t end) {
    out_.append(text_.substr(pos_, end - pos_));
    return std::move(out_);
  }

 private:
  std::string_view text_;
  size_t pos_;
  std::string out_ = "T";
};

// ---------------------------------------------------------------------------
// 4. Scanner

Placeable Make(PlaceableKind kind, size_t begin, size_t end) {
  Placeable p;
  p.kind = kind;
  p.begin = begin;
  p.end = end;
  return p;
}

struct Digits {
  size_t begin = 0, end = 0;
  int count = 0;
  int64_t value = 0;  // saturates; only small fields read it
  std::string ascii;
};

// Korean date and time words.
constexpr UChar32 kYearKo = 0xB144;    // 년
constexpr UChar32 kMonthKo = 0xC6D4;   // 월
constexpr UChar32 kDayKo = 0xC77C;     // 일
constexpr UChar32 kHourKo = 0xC2DC;    // 시
constexpr UChar32 kMinuteKo = 0xBD84;  // 분
constexpr UChar32 kSpanKo = 0xAC04;    // 간: 3시간 is three hours, not three o'clock
constexpr UChar32 kHalfKo = 0xBC18;    // 반: half past

// The English ordinal suffix of `n` ("st" for 21, "th" for 11).
std::string_view EnglishOrdinal(int64_t n) {
  if (n % 100 >= 11 && n % 100 <= 13) return "th";
  switch (n % 10) {
    case 1:
      return "st";
    case 2:
      return "nd";
    case 3:
      return "rd";
    default:
      return "th";
  }
}

// Year words written after a day-month-year date ("2024 р.", "2024 года").
constexpr std::string_view kYearSuffixes[] = {"року", "р.", "года", "г."};

// Latin AM/PM markers after a time, with their style letter. Longest first.
struct Marker {
  std::string_view text;
  bool pm;
  char field;
};
constexpr Marker kLatinMarkers[] = {
    {"a.m.", false, 'q'}, {"p.m.", true, 'q'}, {"A.M.", false, 'Q'}, {"P.M.", true, 'Q'},
    {"AM", false, 'P'},   {"PM", true, 'P'},   {"am", false, 'p'},   {"pm", true, 'p'},
};

// Unit symbols that may be glued to a number ("10km", "£5m", "5кг"): the
// number is a placeable. Any other letter glued to digits makes the whole
// token an identifier or an ordinal (A320, 5th, 3D, G7).
constexpr std::string_view kGluedUnits[] = {
    "km", "m",   "cm",  "mm",  "kg",  "g",    "t",    "mi",  "ft",  "ha", "kW", "MW",
    "GW", "kWh", "MWh", "GWh", "bn",  "mn",   "km2",  "км",  "м",   "см", "мм", "кг",
    "г",  "т",   "га",  "тис", "млн", "млрд", "трлн", "кВт", "МВт", "ГВт"};

class Scanner {
 public:
  Scanner(std::string_view text, const LangInfo& lang) : s_(text), lang_(lang) {}

  std::vector<Placeable> Run() {
    std::vector<Placeable> out;
    size_t i = 0;
    while (i < s_.size()) {
      size_t p = NextDigit(i);
      if (p == std::string_view::npos) break;
      Placeable found;
      Digits run;
      ReadDigits(p, &run);
      size_t resume = run.end;
      if (Recognise(p, &found, &resume)) {
        i = found.end;
        floor_ = found.end;
        out.push_back(std::move(found));
      } else {
        i = std::max(resume, run.end);
      }
    }
    return out;
  }

 private:
  UChar32 CpAt(size_t i, size_t* next) const { return At(s_, i, next); }
  UChar32 CpAt(size_t i) const {
    size_t next = 0;
    return At(s_, i, &next);
  }
  UChar32 CpBefore(size_t i, size_t* start) const { return Before(s_, i, start); }
  UChar32 CpBefore(size_t i) const {
    size_t start = 0;
    return Before(s_, i, &start);
  }
  bool DigitAt(size_t i) const { return DigitValue(CpAt(i)) >= 0; }

  size_t NextDigit(size_t i) const {
    while (i < s_.size()) {
      auto b = static_cast<unsigned char>(s_[i]);
      if (b < 0x80) {
        if (b >= '0' && b <= '9') return i;
        ++i;
        continue;
      }
      size_t next = 0;
      UChar32 c = At(s_, i, &next);
      if (c >= 0x660 && DigitValue(c) >= 0) return i;
      i = next;
    }
    return std::string_view::npos;
  }

  bool ReadDigits(size_t i, Digits* d) const {
    *d = Digits();
    d->begin = i;
    size_t next = 0;
    for (int v; (v = DigitValue(CpAt(i, &next))) >= 0; i = next) {
      ++d->count;
      d->ascii += static_cast<char>('0' + v);
      if (d->value < INT64_MAX / 100) d->value = d->value * 10 + v;
    }
    d->end = i;
    return d->count > 0;
  }

  // One space separator at `i`: the byte after it, else `i`.
  size_t SkipGap(size_t i) const {
    size_t next = 0;
    return IsSpaceSep(CpAt(i, &next)) ? next : i;
  }

  // The end of the identifier-like token starting at `i` (letters, digits
  // and inner connectors: "A320neo", "COVID-19", "1,2,3", "24/7").
  size_t TokenEnd(size_t i) const {
    size_t next = 0;
    while (i < s_.size()) {
      UChar32 c = CpAt(i, &next);
      if (IsLetter(c) || DigitValue(c) >= 0) {
        i = next;
        continue;
      }
      if (c == '-' || c == '_' || c == '.' || c == ',' || c == ':' || c == '/' || c == 0x2010 ||
          c == 0x2011) {
        UChar32 after = CpAt(next);
        if (IsLetter(after) || DigitValue(after) >= 0) {
          i = next;
          continue;
        }
      }
      break;
    }
    return i;
  }

  // Nothing word-like starts at `i` (a name or a marker ended there).
  bool BoundaryAt(size_t i) const {
    UChar32 c = CpAt(i);
    return !IsWordChar(c) && DigitValue(c) < 0;
  }
  bool BoundaryBefore(size_t i) const {
    UChar32 c = CpBefore(i);
    return !IsWordChar(c) && DigitValue(c) < 0;
  }

  // After a number: the text does not go on as part of a bigger number.
  bool NumberEndsAt(size_t i) const {
    size_t next = 0;
    UChar32 c = CpAt(i, &next);
    if (DigitValue(c) >= 0) return false;
    if ((c == '.' || c == ',' || c == ':' || c == '/') && DigitAt(next)) return false;
    return !IsWordLetter(c);
  }

  const NameForm* NameAt(const std::vector<NameForm>& names, size_t i, size_t* end) const {
    for (const NameForm& f : names) {
      if (StartsWithAt(s_, i, f.text) && BoundaryAt(i + f.text.size()) && BoundaryBefore(i)) {
        *end = i + f.text.size();
        return &f;
      }
    }
    return nullptr;
  }
  const NameForm* NameBefore(const std::vector<NameForm>& names, size_t i, size_t* begin) const {
    for (const NameForm& f : names) {
      if (EndsWithAt(s_, i, f.text) && i - f.text.size() >= floor_ &&
          BoundaryBefore(i - f.text.size())) {
        *begin = i - f.text.size();
        return &f;
      }
    }
    return nullptr;
  }

  // A weekday name written before a date at `i` ("Wednesday, ", "середа, ").
  const NameForm* WeekdayBefore(size_t i, size_t* begin) const {
    size_t gap_start = 0;
    if (!IsSpaceSep(CpBefore(i, &gap_start))) return nullptr;
    size_t name_end = gap_start;
    if (CpBefore(gap_start) == ',') name_end = gap_start - 1;
    return NameBefore(lang_.weekdays, name_end, begin);
  }

  // A four-digit year at `i` that ends there ("2024", not "2024,5").
  bool YearAt(size_t i, Digits* y) const {
    return ReadDigits(i, y) && y->count == 4 && NumberEndsAt(y->end);
  }

  // The end of an English ordinal day ("October 23rd"), else d.end.
  size_t OrdinalEnd(const Digits& d) const {
    if (lang_.primary != "en") return d.end;
    std::string_view suffix = EnglishOrdinal(d.value);
    bool ordinal = StartsWithAt(s_, d.end, suffix) && BoundaryAt(d.end + suffix.size());
    return ordinal ? d.end + suffix.size() : d.end;
  }

  // Rules in order: the longer reading wins (a date over the numbers in it).
  bool Recognise(size_t p, Placeable* out, size_t* resume) {
    // Left context: digits glued to a letter, or after letter-hyphen, are
    // part of a word or an identifier (A320, COVID-19, F-16): the whole token
    // is not a placeable.
    // A '.' or ',' before the digits: ".5", "No.5" (but Korean "했다.5일"
    // lacks only a space).
    size_t prev_start = 0;
    UChar32 prev = CpBefore(p, &prev_start);
    UChar32 before = CpBefore(prev_start);
    bool glued = IsWordLetter(prev) || prev == '_' || prev == '@';
    if (prev == '-' || prev == 0x2010 || prev == 0x2011) glued = IsWordLetter(before);
    if (prev == '.' || prev == ',') glued = !IsCjk(before);
    if (glued) {
      *resume = TokenEnd(p);
      return false;
    }
    return IsoDate(p, out) || KoreanDate(p, out) || NumericDate(p, out) || Time(p, out, resume) ||
           TextDate(p, out) || Number(p, out, resume);
  }

  // 2024-10-23, in any language.
  bool IsoDate(size_t p, Placeable* out) const {
    Digits y, m, d;
    if (!ReadDigits(p, &y) || y.count != 4 || CpAt(y.end) != '-') return false;
    if (!ReadDigits(y.end + 1, &m) || m.count != 2 || CpAt(m.end) != '-') return false;
    if (!ReadDigits(m.end + 1, &d) || d.count != 2 || !NumberEndsAt(d.end)) return false;
    if (CpAt(d.end) == '-' && DigitAt(d.end + 1)) return false;
    if (!ValidDate(static_cast<int>(y.value), static_cast<int>(m.value), static_cast<int>(d.value)))
      return false;
    TemplateBuilder t(s_, p);
    t.Field(y.begin, y.end, 'y');
    t.Field(m.begin, m.end, 'M');
    t.Field(d.begin, d.end, 'D');
    *out = Make(PlaceableKind::kDate, p, d.end);
    out->year = static_cast<int>(y.value);
    out->month = static_cast<int>(m.value);
    out->day = static_cast<int>(d.value);
    out->style = t.Finish(d.end);
    return true;
  }

  // 2024년 10월 23일, 10월 23일; a weekday after it ("수요일", "(수)") is kept with it.
  bool KoreanDate(size_t p, Placeable* out) const {
    Digits first;
    ReadDigits(p, &first);
    size_t after = 0;
    UChar32 unit = CpAt(first.end, &after);
    if (unit != kYearKo && unit != kMonthKo) return false;
    Digits y, m, d;
    size_t i = 0;
    if (unit == kYearKo) {
      if (first.count != 4) return false;
      y = first;
      i = SkipGap(after);
      if (!ReadDigits(i, &m) || CpAt(m.end, &after) != kMonthKo) return false;
    } else {
      m = first;
    }
    if (m.count > 2) return false;
    i = SkipGap(after);
    if (!ReadDigits(i, &d) || d.count > 2 || CpAt(d.end, &after) != kDayKo) return false;
    int year = static_cast<int>(y.value);
    if (!ValidDate(year, static_cast<int>(m.value), static_cast<int>(d.value))) return false;
    TemplateBuilder t(s_, p);
    if (y.count > 0) t.Field(y.begin, y.end, 'y');
    t.Field(m.begin, m.end, 'm');
    t.Field(d.begin, d.end, 'd');
    size_t end = after;
    // 수요일 / (수) right after the day.
    size_t w = SkipGap(end), w_end = 0;
    if (const NameForm* wd = NameAt(lang_.weekdays, w, &w_end)) {
      t.Field(w, w_end, wd->field);
      end = w_end;
    } else if (CpAt(end) == '(') {
      for (int k = 1; k <= 7; ++k) {
        const std::string& a = lang_.weekday_abbr[k];
        if (!a.empty() && StartsWithAt(s_, end + 1, a) && CpAt(end + 1 + a.size()) == ')') {
          t.Field(end + 1, end + 1 + a.size(), 'e');
          end += a.size() + 2;
          break;
        }
      }
    }
    *out = Make(PlaceableKind::kDate, p, end);
    out->year = year;
    out->month = static_cast<int>(m.value);
    out->day = static_cast<int>(d.value);
    out->style = t.Finish(end);
    return true;
  }

  // The locale's numeric date with a four-digit year: 23.10.2024 (uk, ru,
  // de), 10/23/2024 (en), 2024. 10. 23. (ko).
  bool NumericDate(size_t p, Placeable* out) const {
    if (lang_.numeric_sep == 0) return false;
    std::array<Digits, 3> f;
    size_t i = p;
    for (int k = 0; k < 3; ++k) {
      if (k > 0) {
        size_t next = 0;
        if (CpAt(i, &next) != lang_.numeric_sep) return false;
        i = lang_.numeric_trailing ? SkipGap(next) : next;
      }
      if (!ReadDigits(i, &f[k])) return false;
      bool is_year = lang_.numeric_order[k] == 'y';
      if (is_year ? f[k].count != 4 : f[k].count > 2) return false;
      i = f[k].end;
    }
    size_t end = i;
    if (lang_.numeric_trailing && CpAt(end) == '.') ++end;
    if (!NumberEndsAt(end)) return false;
    int year = 0, month = 0, day = 0;
    TemplateBuilder t(s_, p);
    for (int k = 0; k < 3; ++k) {
      char o = lang_.numeric_order[k];
      int v = static_cast<int>(f[k].value);
      // "05" pads and "5" does not; "23" says nothing, so the locale's
      // pattern decides (uk dd.MM.y pads, en M/d/y and ko y. M. d. do not).
      bool pad = f[k].count == 2 && (f[k].ascii[0] == '0' ||
                                     (o == 'd' ? lang_.numeric_pad_day : lang_.numeric_pad_month));
      if (o == 'y') year = v, t.Field(f[k].begin, f[k].end, 'y');
      if (o == 'm') month = v, t.Field(f[k].begin, f[k].end, pad ? 'M' : 'm');
      if (o == 'd') day = v, t.Field(f[k].begin, f[k].end, pad ? 'D' : 'd');
    }
    if (!ValidDate(year, month, day)) return false;
    *out = Make(PlaceableKind::kDate, p, end);
    out->year = year;
    out->month = month;
    out->day = day;
    out->style = t.Finish(end);
    return true;
  }

  // An AM/PM marker written after a time at `i` ("PM", "p.m.", ICU's own):
  // *pm is 0 or 1, *field its style letter.
  bool MarkerAt(size_t i, int* pm, char* field, size_t* end) const {
    for (const Marker& mk : kLatinMarkers) {
      if (StartsWithAt(s_, i, mk.text) && BoundaryAt(i + mk.text.size())) {
        *pm = mk.pm ? 1 : 0;
        *field = mk.field;
        *end = i + mk.text.size();
        return true;
      }
    }
    for (int k = 0; k < 2; ++k) {
      const std::string& a = lang_.ampm[k];
      if (!a.empty() && StartsWithAt(s_, i, a) && BoundaryAt(i + a.size())) {
        *pm = k;
        *field = 'K';
        *end = i + a.size();
        return true;
      }
    }
    return false;
  }

  // 15:30, 3:00 PM, 3 p.m., 3pm, 7.55am, 오후 3시 30분, 15시.
  bool Time(size_t p, Placeable* out, size_t* resume) const {
    Digits h;
    ReadDigits(p, &h);
    if (h.count > 2) return false;
    size_t after = 0;
    UChar32 c = CpAt(h.end, &after);
    Digits m;
    bool colon = false, korean = false, half = false;
    size_t end = h.end;
    if (c == ':' && DigitAt(after)) {
      ReadDigits(after, &m);
      size_t next = 0;
      if (m.count != 2 || (CpAt(m.end, &next) == ':' && DigitAt(next))) {
        *resume = TokenEnd(p);  // 3:2, 15:30:45 (seconds are not read)
        return false;
      }
      colon = true;
      end = m.end;
    } else if (c == '.' && DigitAt(after) && !lang_.ampm_first) {
      // British "7.55am", "4.40 pm": a time only with its marker (7.55 alone
      // is a decimal).
      Digits dotted;
      ReadDigits(after, &dotted);
      int pm;
      char field;
      size_t marker_end = 0;
      if (dotted.count == 2 && MarkerAt(SkipGap(dotted.end), &pm, &field, &marker_end)) {
        m = dotted;
        colon = true;
        end = m.end;
      }
    } else if (c == kHourKo && CpAt(after) != kSpanKo) {
      korean = true;
      end = after;
      size_t i = SkipGap(after), unit_end = 0;
      Digits mk;
      if (ReadDigits(i, &mk) && mk.count <= 2 && CpAt(mk.end, &unit_end) == kMinuteKo &&
          CpAt(unit_end) != kSpanKo) {
        m = mk;
        end = unit_end;
      } else if (CpAt(i, &unit_end) == kHalfKo && !IsLetter(CpAt(unit_end))) {
        half = true;
        end = unit_end;
      }
    }
    // A marker before (ko 오후) or after (en PM).
    size_t begin = p;
    int marker = -1;  // 0 am, 1 pm
    char marker_field = 0;
    size_t marker_begin = 0, marker_end = 0;
    if (lang_.ampm_first) {
      size_t gap_start = 0;
      size_t before = IsSpaceSep(CpBefore(p, &gap_start)) ? gap_start : p;
      for (int k = 0; k < 2 && marker < 0; ++k) {
        const std::string& a = lang_.ampm[k];
        if (!a.empty() && EndsWithAt(s_, before, a) && before - a.size() >= floor_ &&
            BoundaryBefore(before - a.size())) {
          marker = k;
          marker_field = 'K';
          marker_begin = before - a.size();
          marker_end = before;
          begin = marker_begin;
        }
      }
    } else if (!korean) {
      marker_begin = SkipGap(end);
      if (!MarkerAt(marker_begin, &marker, &marker_field, &marker_end)) marker = -1;
    }
    if (!colon && !korean && (marker < 0 || marker_begin < p)) return false;
    int hour = static_cast<int>(h.value);
    int minute = m.count > 0 ? static_cast<int>(m.value) : half ? 30 : 0;
    if (minute > 59) return false;
    if (marker >= 0) {
      if (hour < 1 || hour > 12) return false;
      hour = hour % 12 + (marker == 1 ? 12 : 0);
    } else if (hour > 23) {
      if (colon) *resume = TokenEnd(p);
      return false;
    }
    if (!korean && !colon && !NumberEndsAt(h.end) && marker_begin != h.end) return false;
    TemplateBuilder t(s_, begin);
    if (marker >= 0 && marker_begin < p) t.Field(marker_begin, marker_end, marker_field);
    char hour_field = marker >= 0 ? 'h' : h.count == 2 && h.ascii[0] == '0' ? 'I' : 'H';
    t.Field(h.begin, h.end, hour_field);
    if (korean) {
      // The minutes after "3시" are one optional field, so that 4:00 is
      // written "4시", not "4시 0분".
      t.Field(after, end, half ? 'U' : 'T');
      *out = Make(PlaceableKind::kTime, begin, end);
      out->style = t.Finish(end);
    } else {
      if (colon) {
        t.Field(m.begin, m.end, 'n');
      } else {
        t.Insert('o');
      }
      if (marker >= 0 && marker_begin >= p) {
        t.Field(marker_begin, marker_end, marker_field);
        end = marker_end;
      }
      *out = Make(PlaceableKind::kTime, begin, end);
      out->style = t.Finish(end);
    }
    out->hour = hour;
    out->minute = minute;
    return true;
  }

  // Dates with a month name: October 23, 2024; Oct. 23; Sept. 5, 2024;
  // 23 October 2024; 23 жовтня 2024 р.; 23 октября; 23. Oktober.
  bool TextDate(size_t p, Placeable* out) const {
    Digits d;
    ReadDigits(p, &d);
    if (d.count > 2 || d.value < 1 || d.value > 31) return false;
    return MonthFirstDate(p, d, out) || DayFirstDate(p, d, out);
  }

  bool MonthFirstDate(size_t p, const Digits& d, Placeable* out) const {
    size_t gap_start = 0, month_begin = 0;
    if (!IsSpaceSep(CpBefore(p, &gap_start))) return false;
    const NameForm* month = NameBefore(lang_.months, gap_start, &month_begin);
    size_t day_end = OrdinalEnd(d);
    if (month == nullptr || !NumberEndsAt(day_end)) return false;
    if (!ValidDate(0, month->index, static_cast<int>(d.value))) return false;
    size_t begin = month_begin;
    size_t weekday_begin = 0;
    const NameForm* weekday = WeekdayBefore(month_begin, &weekday_begin);
    if (weekday != nullptr) begin = weekday_begin;
    // ", 2024" or " 2024".
    size_t end = day_end;
    size_t i = CpAt(end) == ',' ? end + 1 : end;
    Digits y;
    size_t y_at = SkipGap(i);
    bool has_year = y_at != i && YearAt(y_at, &y);
    if (has_year && !ValidDate(static_cast<int>(y.value), month->index, static_cast<int>(d.value)))
      return false;
    TemplateBuilder t(s_, begin);
    if (weekday != nullptr) t.Field(weekday_begin, weekday_begin + weekday->text.size(), 'E');
    t.Field(month_begin, month_begin + month->text.size(), month->field);
    t.Field(d.begin, d.end, 'd');
    if (day_end != d.end) t.Field(d.end, day_end, 'O');
    if (has_year) {
      t.Field(y.begin, y.end, 'y');
      end = y.end;
    }
    *out = Make(PlaceableKind::kDate, begin, end);
    out->year = has_year ? static_cast<int>(y.value) : 0;
    out->month = month->index;
    out->day = static_cast<int>(d.value);
    out->style = t.Finish(end);
    return true;
  }

  bool DayFirstDate(size_t p, const Digits& d, Placeable* out) const {
    size_t day_end = OrdinalEnd(d), i = day_end;
    if (CpAt(i) == '.' && IsSpaceSep(CpAt(i + 1))) ++i;  // de "23. Oktober"
    size_t month_at = SkipGap(i), month_end = 0;
    if (month_at == i) return false;
    const NameForm* month = NameAt(lang_.months, month_at, &month_end);
    if (month == nullptr) return false;
    if (!ValidDate(0, month->index, static_cast<int>(d.value))) return false;
    size_t begin = p;
    size_t weekday_begin = 0;
    const NameForm* weekday = WeekdayBefore(p, &weekday_begin);
    if (weekday != nullptr) begin = weekday_begin;
    size_t end = month_end;
    Digits y;
    size_t y_at = SkipGap(end);
    bool has_year = y_at != end && YearAt(y_at, &y);
    if (has_year && !ValidDate(static_cast<int>(y.value), month->index, static_cast<int>(d.value)))
      return false;
    if (has_year) {
      end = y.end;
      size_t s_at = SkipGap(end);
      if (s_at != end) {
        for (std::string_view suffix : kYearSuffixes) {
          if (StartsWithAt(s_, s_at, suffix) && BoundaryAt(s_at + suffix.size())) {
            end = s_at + suffix.size();
            break;
          }
        }
      }
    }
    TemplateBuilder t(s_, begin);
    if (weekday != nullptr) t.Field(weekday_begin, weekday_begin + weekday->text.size(), 'E');
    t.Field(d.begin, d.end, 'd');
    if (day_end != d.end) t.Field(d.end, day_end, 'O');
    t.Field(month_at, month_end, month->field);
    if (has_year) t.Field(y.begin, y.end, 'y');
    *out = Make(PlaceableKind::kDate, begin, end);
    out->year = has_year ? static_cast<int>(y.value) : 0;
    out->month = month->index;
    out->day = static_cast<int>(d.value);
    out->style = t.Finish(end);
    return true;
  }

  bool IsGroupingChar(UChar32 c) const {
    return c == lang_.grouping || (c == lang_.other_grouping && c != 0);
  }

  // 11,000  11 000  11.000 (uk)  3.5  3,5  -4  2024  2.5%  2,5 %  11,000명
  bool Number(size_t p, Placeable* out, size_t* resume) const {
    size_t begin = p;
    NumberStyle style;
    bool negative = false;
    size_t sign_start = 0;
    UChar32 sign = CpBefore(p, &sign_start);
    if ((sign == '-' || sign == 0x2212 || sign == '+') && sign_start >= floor_) {
      UChar32 before = CpBefore(sign_start);
      if (!IsLetter(before) && DigitValue(before) < 0 && before != ')') {
        begin = sign_start;
        negative = sign != '+';
        style.sign = s_.substr(sign_start, p - sign_start);
      }
    }
    Digits first;
    ReadDigits(p, &first);
    std::string integer = first.ascii, fraction;
    size_t end = first.end;
    UChar32 group_char = 0;  // the grouping written; all spaces count as one
    bool has_fraction = false;
    for (;;) {
      size_t next = 0;
      UChar32 c = CpAt(end, &next);
      bool separator = IsSpaceSep(c) || c == '.' || c == ',' || c == lang_.decimal;
      if (!separator || !DigitAt(next)) break;
      Digits g;
      ReadDigits(next, &g);
      if (IsSpaceSep(c)) {
        // "5 000": a space groups only 1–3 digits, then groups of exactly
        // three ("у 2024 3 людини" is two numbers). A plain space groups only
        // where the locale groups with a space.
        bool space_ok = c != ' ' || lang_.space_grouping;
        if (!space_ok || has_fraction || first.count > 3 || g.count != 3 ||
            (group_char != 0 && !IsSpaceSep(group_char)))
          break;
        if (group_char == 0) style.group = s_.substr(end, next - end);
        group_char = c;
      } else if (c == lang_.decimal && !has_fraction) {
        has_fraction = true;
        fraction = g.ascii;
      } else if (IsGroupingChar(c) && !has_fraction && first.count <= 3 && g.count == 3 &&
                 (group_char == 0 || group_char == c)) {
        if (group_char == 0) style.group = s_.substr(end, next - end);
        group_char = c;
      } else {
        // "1,5" in en, "3.5" in uk, "1.2.3": not a number of this language.
        *resume = TokenEnd(p);
        return false;
      }
      if (!has_fraction) integer += g.ascii;
      end = g.end;
    }
    {
      // "24/7", "3:2": not a number, nor a date or time.
      size_t next = 0;
      UChar32 c = CpAt(end, &next);
      if ((c == ':' || c == '/') && DigitAt(next)) {
        *resume = TokenEnd(p);
        return false;
      }
    }
    // Right context: a glued letter makes an identifier or an ordinal (5th,
    // 3D, 320A), except a unit symbol ("10km"); CJK counters are fine (23일).
    size_t next = 0;
    UChar32 c = CpAt(end, &next);
    PlaceableKind kind = PlaceableKind::kNumber;
    size_t placeable_end = end;
    if (IsWordLetter(c)) {
      size_t w = end;
      while (IsWordLetter(CpAt(w, &next))) w = next;
      std::string_view word = s_.substr(end, w - end);
      bool unit =
          std::find(std::begin(kGluedUnits), std::end(kGluedUnits), word) != std::end(kGluedUnits);
      if (!unit || DigitAt(w)) {
        *resume = TokenEnd(p);
        return false;
      }
    } else {
      size_t pct = SkipGap(end);
      if (CpAt(pct, &next) == '%') {
        kind = PlaceableKind::kPercent;
        style.percent_gap = s_.substr(end, pct - end);
        placeable_end = next;
      }
    }
    style.ungrouped = group_char == 0 && integer.size() >= 4;
    std::string digits = integer;
    if (has_fraction) digits += "." + fraction;
    double value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    *out = Make(kind, begin, placeable_end);
    out->value = negative ? -value : value;
    out->fraction_digits = static_cast<int>(fraction.size());
    out->style = EncodeNumberStyle(style);
    return true;
  }

  std::string_view s_;
  const LangInfo& lang_;
  size_t floor_ = 0;  // end of the last placeable: rules never reach back past it
};

// ---------------------------------------------------------------------------
// 5. Writers

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  if (from.empty() || from == to) return s;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string FormatNumberValue(const Placeable& v, LangInfo& lang, const Placeable* like) {
  NumberStyle style;
  bool have_style = like != nullptr && DecodeNumberStyle(like->style, &style);
  int fraction_digits = std::clamp(v.fraction_digits, 0, 15);
  bool grouping_off = have_style && style.ungrouped && std::fabs(v.value) < 10000;
  UErrorCode status = U_ZERO_ERROR;
  std::string number = Utf8(lang.NumberFormatter(fraction_digits, grouping_off)
                                .formatDouble(std::fabs(v.value), status)
                                .toString(status));
  if (U_FAILURE(status)) return {};
  // The grouping the text used ("11 000" with a plain space stays so);
  // otherwise ICU's (U+00A0 in uk and ru, U+202F in fr).
  if (have_style && !style.group.empty())
    number = ReplaceAll(number, lang.grouping_utf8, style.group);
  std::string sign;
  if (v.value < 0) {
    sign = have_style && !style.sign.empty() && style.sign != "+" ? style.sign : lang.minus_utf8;
  } else if (have_style && style.sign == "+") {
    sign = "+";
  }
  if (v.kind != PlaceableKind::kPercent) return sign + number;
  if (have_style && like->kind == PlaceableKind::kPercent)
    return sign + number + style.percent_gap + "%";
  if (lang.percent_prefix.empty() && lang.percent_suffix.empty()) {
    // Where ICU puts "%" for this locale: "2,5%" uk, "2,5 %" ru.
    UErrorCode s2 = U_ZERO_ERROR;
    std::string one = Utf8(icu::number::NumberFormatter::withLocale(lang.locale)
                               .unit(icu::MeasureUnit::getPercent())
                               .formatDouble(7, s2)
                               .toString(s2));
    size_t at = one.find('7');
    if (U_FAILURE(s2) || at == std::string::npos) {
      lang.percent_suffix = "%";
    } else {
      lang.percent_prefix = one.substr(0, at);
      lang.percent_suffix = one.substr(at + 1);
    }
  }
  return sign + lang.percent_prefix + number + lang.percent_suffix;
}

// Fills `cal` with the value's fields (Gregorian, GMT).
icu::Calendar* CalendarFor(LangInfo& lang, const Placeable& v) {
  if (!lang.calendar) {
    UErrorCode status = U_ZERO_ERROR;
    lang.calendar.reset(
        icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(), lang.locale, status));
    if (U_FAILURE(status)) lang.calendar.reset();
  }
  if (!lang.calendar) return nullptr;
  lang.calendar->clear();
  int month = v.month >= 1 ? v.month : 1, day = v.day >= 1 ? v.day : 1;
  lang.calendar->set(v.year != 0 ? v.year : 2000, month - 1, day, std::max(v.hour, 0),
                     std::max(v.minute, 0), 0);
  return lang.calendar.get();
}

std::string FormatWithSkeleton(LangInfo& lang, const char* skeleton, const Placeable& v) {
  icu::SimpleDateFormat* format = lang.DateFormatFor(skeleton);
  icu::Calendar* cal = CalendarFor(lang, v);
  if (format == nullptr || cal == nullptr) return {};
  icu::UnicodeString out;
  icu::FieldPosition pos;
  format->format(*cal, out, pos);
  return Utf8(out);
}

std::string KoreanTime(int hour, int minute, bool marker) {
  std::string out;
  int h = hour;
  if (marker) {
    out = hour < 12 ? "\uC624\uC804 " : "\uC624\uD6C4 ";  // 오전 / 오후
    h = hour % 12 == 0 ? 12 : hour % 12;
  }
  out += std::to_string(h) + "\uC2DC";                              // 시
  if (minute != 0) out += " " + std::to_string(minute) + "\uBD84";  // 분
  return out;
}

std::string DefaultDateTime(const Placeable& v, LangInfo& lang) {
  if (v.kind == PlaceableKind::kTime) {
    if (v.hour < 0 || v.hour > 23 || v.minute < 0 || v.minute > 59) return {};
    // Korean news writes 오후 3시 30분; ICU's short time is 오후 3:30.
    if (lang.primary == "ko") return KoreanTime(v.hour, v.minute, true);
    return FormatWithSkeleton(lang, "jmm", v);
  }
  if (!ValidDate(v.year, v.month, v.day)) return {};
  return FormatWithSkeleton(lang, v.year != 0 ? "yMMMMd" : "MMMMd", v);
}

std::string TwoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// The AP Stylebook's month abbreviations (used where the text wrote "Oct.").
std::string ApMonth(int month) {
  static constexpr const char* kAp[] = {"Jan.", "Feb.", "March", "April", "May",  "June",
                                        "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};
  return kAp[month - 1];
}

// `v` written by the template `style` (section 3); empty when `v` lacks a
// field the template needs (a weekday without a year).
std::string FormatTemplate(const Placeable& v, LangInfo& lang, std::string_view style) {
  bool date = v.kind == PlaceableKind::kDate;
  if (date && !ValidDate(v.year, v.month, v.day)) return {};
  if (!date && (v.hour < 0 || v.hour > 23 || v.minute < 0 || v.minute > 59)) return {};
  int h12 = v.hour % 12 == 0 ? 12 : v.hour % 12;
  bool pm = v.hour >= 12;
  std::string out;
  for (size_t i = 1; i < style.size(); ++i) {
    if (style[i] != kField || i + 1 >= style.size()) {
      out += style[i];
      continue;
    }
    char f = style[++i];
    switch (f) {
      case 'd':
        out += std::to_string(v.day);
        break;
      case 'D':
        out += TwoDigits(v.day);
        break;
      case 'O':
        out += EnglishOrdinal(v.day);
        break;
      case 'm':
        out += std::to_string(v.month);
        break;
      case 'M':
        out += TwoDigits(v.month);
        break;
      case 'y':
        if (v.year == 0) return {};
        out += std::to_string(v.year);
        break;
      case 'B':
        out += lang.month_wide[v.month];
        break;
      case 'b':
        out += lang.month_abbr[v.month];
        break;
      case 'A':
        out += ApMonth(v.month);
        break;
      case 'E':
      case 'e': {
        if (v.year == 0) return {};
        namespace chr = std::chrono;
        chr::year_month_day ymd{chr::year{v.year}, chr::month{static_cast<unsigned>(v.month)},
                                chr::day{static_cast<unsigned>(v.day)}};
        unsigned wd = chr::weekday{chr::sys_days{ymd}}.c_encoding() + 1;  // Sunday = 1
        out += f == 'E' ? lang.weekday_wide[wd] : lang.weekday_abbr[wd];
        break;
      }
      case 'H':
        out += std::to_string(v.hour);
        break;
      case 'I':
        out += TwoDigits(v.hour);
        break;
      case 'h':
        out += std::to_string(h12);
        break;
      case 'n':
        out += TwoDigits(v.minute);
        break;
      case 'o':
        if (v.minute != 0) out += ":" + TwoDigits(v.minute);
        break;
      case 'P':
        out += pm ? "PM" : "AM";
        break;
      case 'p':
        out += pm ? "pm" : "am";
        break;
      case 'Q':
        out += pm ? "P.M." : "A.M.";
        break;
      case 'q':
        out += pm ? "p.m." : "a.m.";
        break;
      case 'K':
        out += lang.ampm[pm ? 1 : 0];
        break;
      case 'T':
        if (v.minute != 0) out += " " + std::to_string(v.minute) + "\uBD84";
        break;
      case 'U':
        if (v.minute == 30) {
          out += " \uBC18";
        } else if (v.minute != 0) {
          out += " " + std::to_string(v.minute) + "\uBD84";
        }
        break;
      default:
        return {};
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// 6. Unit words
//
// For every unit news text counts in (kNewsUnits, a part of ICU's), every
// grammatical case the locale has (ICU 72, draft API) and every plural
// keyword, the full-name form ICU writes after a sample number of that
// keyword: uk kilometer, genitive, many → "кілометрів". Built once per thread
// and language, the first time a rewritten number is followed by a word.

// Cases in the order of preference when a form fits several: the citation
// (nominative) first, then the ones numbers most often stand in. uk has no
// prepositional (ICU falls back to the nominative): its locative is used.
constexpr UDisplayOptionsGrammaticalCase kCases[] = {
    UDISPOPT_GRAMMATICAL_CASE_NOMINATIVE,    UDISPOPT_GRAMMATICAL_CASE_ACCUSATIVE,
    UDISPOPT_GRAMMATICAL_CASE_GENITIVE,      UDISPOPT_GRAMMATICAL_CASE_DATIVE,
    UDISPOPT_GRAMMATICAL_CASE_INSTRUMENTAL,  UDISPOPT_GRAMMATICAL_CASE_LOCATIVE,
    UDISPOPT_GRAMMATICAL_CASE_PREPOSITIONAL,
};

// The first word of `s` (letters and inner apostrophes).
size_t FirstWordLength(std::string_view s) {
  size_t i = 0, next = 0;
  while (i < s.size() && IsWordChar(At(s, i, &next))) i = next;
  return i;
}

UnitWords::UnitWords(const icu::Locale& locale) : locale_(locale) {
  UErrorCode status = U_ZERO_ERROR;
  rules_.reset(icu::PluralRules::forLocale(locale_, status));
  if (U_FAILURE(status) || !rules_) return;
  // A sample number for each plural keyword, found by asking ICU: integers
  // first, then one fraction digit ("1,5" is uk "other"). getSamples() gives
  // doubles, which lose the visible fraction digits that decide the keyword.
  auto select = [&](double v, int fraction_digits) {
    UErrorCode s2 = U_ZERO_ERROR;
    auto f = icu::number::NumberFormatter::withLocale(locale_).precision(
        icu::number::Precision::fixedFraction(fraction_digits));
    std::string k = Utf8(rules_->select(f.formatDouble(v, s2), s2));
    return U_SUCCESS(s2) ? k : std::string();
  };
  for (int fd = 0; fd <= 1; ++fd) {
    for (int i = 1; i <= 200; ++i) {
      double v = fd == 0 ? i : i + 0.5;
      std::string k = select(v, fd);
      if (!k.empty() && std::find(keywords_.begin(), keywords_.end(), k) == keywords_.end()) {
        keywords_.push_back(k);
        samples_.push_back({v, fd});
      }
    }
  }
  // One plural form (ko, ja): nothing to re-inflect.
  if (keywords_.size() < 2) return;

  // The units news text counts in (ICU has 188 more — currencies aside — and
  // building their forms takes time every lookup process pays; these are
  // built unit by unit, when a word with their initial is met).
  static constexpr const char* kNewsUnits[] = {"kilometer",
                                               "meter",
                                               "centimeter",
                                               "millimeter",
                                               "mile",
                                               "foot",
                                               "inch",
                                               "yard",
                                               "nautical-mile",
                                               "square-kilometer",
                                               "square-meter",
                                               "hectare",
                                               "acre",
                                               "liter",
                                               "milliliter",
                                               "cubic-meter",
                                               "gallon",
                                               "kilogram",
                                               "gram",
                                               "tonne",
                                               "pound",
                                               "second",
                                               "minute",
                                               "hour",
                                               "day",
                                               "week",
                                               "month",
                                               "year",
                                               "decade",
                                               "century",
                                               "kilometer-per-hour",
                                               "meter-per-second",
                                               "mile-per-hour",
                                               "knot",
                                               "celsius",
                                               "fahrenheit",
                                               "degree",
                                               "watt",
                                               "kilowatt",
                                               "megawatt",
                                               "gigawatt",
                                               "kilowatt-hour",
                                               "megawatt-hour",
                                               "gigabyte",
                                               "megabyte",
                                               "terabyte",
                                               "percent"};
  for (const char* id : kNewsUnits) {
    UErrorCode s2 = U_ZERO_ERROR;
    icu::MeasureUnit u = icu::MeasureUnit::forIdentifier(id, s2);
    if (U_SUCCESS(s2)) units_.push_back(u);
  }
  auto plain = icu::number::NumberFormatter::withLocale(locale_);
  for (size_t k = 0; k < samples_.size(); ++k) {
    UErrorCode s2 = U_ZERO_ERROR;
    numbers_.push_back(
        Utf8(plain.precision(icu::number::Precision::fixedFraction(samples_[k].second))
                 .formatDouble(samples_[k].first, s2)
                 .toString(s2)));
  }
  // The cases this locale has: those that write a kilometre or an hour
  // (masculine, feminine) differently from the nominative.
  const icu::MeasureUnit probes[] = {icu::MeasureUnit::getKilometer(), icu::MeasureUnit::getHour()};
  for (UDisplayOptionsGrammaticalCase c : kCases) {
    bool differs = c == kCases[0];
    for (const icu::MeasureUnit& probe : probes) {
      for (size_t k = 0; k < samples_.size() && !differs; ++k)
        differs = UnitText(probe, c, k) != UnitText(probe, kCases[0], k);
    }
    if (differs) cases_.push_back(c);
  }
  // Each unit by the initials of its nominative forms, one per plural keyword
  // (ru год/года/лет: a suppletive form has an initial of its own; the other
  // cases share the nominatives' initials: кілометр/кілометрів, день/дні).
  for (size_t u = 0; u < units_.size(); ++u) {
    for (size_t k = 0; k < samples_.size(); ++k) {
      std::string text = UnitText(units_[u], kCases[0], k);
      if (text.empty()) continue;
      size_t next = 0;
      std::vector<uint32_t>& list = by_initial_[u_tolower(At(text, 0, &next))];
      if (list.empty() || list.back() != u) list.push_back(static_cast<uint32_t>(u));
    }
  }
  built_.assign(units_.size(), false);
  forms_.resize(units_.size() * cases_.size() * keywords_.size());
}

std::string UnitWords::UnitText(const icu::MeasureUnit& unit, UDisplayOptionsGrammaticalCase c,
                                size_t k) const {
  UErrorCode status = U_ZERO_ERROR;
  std::string text =
      Utf8(icu::number::NumberFormatter::withLocale(locale_)
               .unit(unit)
               .unitWidth(UNUM_UNIT_WIDTH_FULL_NAME)
               .displayOptions(icu::DisplayOptions::builder().setGrammaticalCase(c).build())
               .precision(icu::number::Precision::fixedFraction(samples_[k].second))
               .formatDouble(samples_[k].first, status)
               .toString(status));
  // The unit text of a formatted "<number> <unit>"; empty when the number is
  // not first (ko "시속 {0}킬로미터") or the unit has no name.
  if (U_FAILURE(status) || text.compare(0, numbers_[k].size(), numbers_[k]) != 0) return {};
  size_t next = 0;
  if (!IsSpaceSep(At(text, numbers_[k].size(), &next))) return {};
  return text.substr(next);
}

void UnitWords::Build(size_t u) const {
  if (built_[u]) return;
  built_[u] = true;
  const size_t nk = keywords_.size(), nc = cases_.size();
  for (size_t c = 0; c < nc; ++c) {
    for (size_t k = 0; k < nk; ++k) {
      std::string text =
          UnitText(units_[u], static_cast<UDisplayOptionsGrammaticalCase>(cases_[c]), k);
      if (text.empty()) continue;
      uint32_t index = static_cast<uint32_t>((u * nc + c) * nk + k);
      forms_[index] = text;
      std::vector<uint32_t>& list = by_form_[text];
      if (list.empty()) {
        std::vector<std::string>& firsts = by_first_word_[text.substr(0, FirstWordLength(text))];
        firsts.push_back(text);
        std::sort(firsts.begin(), firsts.end(),
                  [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
      }
      list.push_back(index);
    }
  }
}

std::string UnitWords::PluralOf(const Placeable& number) const {
  UErrorCode status = U_ZERO_ERROR;
  auto f = icu::number::NumberFormatter::withLocale(locale_).precision(
      icu::number::Precision::fixedFraction(std::clamp(number.fraction_digits, 0, 15)));
  icu::UnicodeString k = rules_->select(f.formatDouble(std::fabs(number.value), status), status);
  return U_SUCCESS(status) ? Utf8(k) : std::string();
}

bool UnitWords::Reinflect(std::string_view after, const Placeable& old_number,
                          const Placeable& new_number, bool genitive, size_t* length,
                          std::string* form) const {
  if (forms_.empty()) return false;
  size_t first = FirstWordLength(after);
  if (first == 0) return false;
  {
    size_t next = 0;
    auto units = by_initial_.find(u_tolower(At(after, 0, &next)));
    if (units == by_initial_.end()) return false;
    for (uint32_t u : units->second) Build(u);
  }
  auto it = by_first_word_.find(std::string(after.substr(0, first)));
  if (it == by_first_word_.end()) return false;
  const std::string* surface = nullptr;
  for (const std::string& candidate : it->second) {
    size_t next = 0;
    if (StartsWithAt(after, 0, candidate) && !IsWordChar(At(after, candidate.size(), &next))) {
      surface = &candidate;
      break;
    }
  }
  if (surface == nullptr) return false;
  const std::vector<uint32_t>& entries = by_form_.at(*surface);
  size_t nk = keywords_.size(), nc = cases_.size();
  auto keyword_index = [&](const std::string& kw) {
    return static_cast<size_t>(std::find(keywords_.begin(), keywords_.end(), kw) -
                               keywords_.begin());
  };
  std::string old_kw = PluralOf(old_number);
  size_t old_k = keyword_index(old_kw), new_k = keyword_index(PluralOf(new_number));
  if (old_k >= nk || new_k >= nk) return false;
  std::vector<size_t> order(nc);
  for (size_t c = 0; c < nc; ++c) order[c] = c;
  if (genitive) {
    std::stable_partition(order.begin(), order.end(), [&](size_t c) {
      return cases_[c] == UDISPOPT_GRAMMATICAL_CASE_GENITIVE;
    });
  }
  // Only a form that agrees with the old number is read: one that does not
  // is not counted by it ("у 2024 році", "о 15 годині" name a year and an
  // hour). The case is the first in `order` the form fits.
  for (size_t c : order) {
    std::string chosen;
    bool ambiguous = false;
    for (uint32_t index : entries) {
      size_t k = index % nk, ci = (index / nk) % nc, u = index / nk / nc;
      if (ci != c || k != old_k) continue;
      const std::string& candidate = forms_[(u * nc + c) * nk + new_k];
      if (candidate.empty()) continue;
      if (chosen.empty()) {
        chosen = candidate;
      } else if (chosen != candidate) {
        ambiguous = true;
      }
    }
    if (ambiguous) return false;
    if (chosen.empty()) continue;
    // After 1, 21, 31… an oblique singular is also what an ordinal takes
    // ("о 21 годині" is at nine p.m., "у 2021 році" in the year 2021):
    // leave it.
    bool direct = cases_[c] == UDISPOPT_GRAMMATICAL_CASE_NOMINATIVE ||
                  cases_[c] == UDISPOPT_GRAMMATICAL_CASE_ACCUSATIVE;
    if (old_kw == "one" && !direct) return false;
    if (chosen == *surface) return false;
    *length = surface->size();
    *form = chosen;
    return true;
  }
  return false;
}

// Prepositions after which uk and ru put a counted unit in the genitive. The
// genitive plural of many units is also their nominative one ("5
// кілометрів"), so only the word before the number tells "близько 2
// кілометрів" (genitive) from "2 кілометри" (nominative).
bool GovernsGenitive(std::string_view word, std::string_view primary) {
  static constexpr std::string_view kUk[] = {"близько", "більше",   "менше",  "до",
                                             "від",     "протягом", "після",  "без",
                                             "біля",    "для",      "замість"};
  static constexpr std::string_view kRu[] = {"около",  "более",  "менее", "свыше",   "до",
                                             "от",     "после",  "без",   "для",     "порядка",
                                             "больше", "меньше", "из",    "течение", "вместо"};
  if (primary != "uk" && primary != "ru") return false;
  icu::UnicodeString folded =
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size())).foldCase();
  std::string w = Utf8(folded);
  auto has = [&](const auto& list) {
    return std::find(std::begin(list), std::end(list), w) != std::end(list);
  };
  return primary == "uk" ? has(kUk) : has(kRu);
}

// Is `p` written like a year (1000–2999, no grouping, no fraction)? The word
// after a year names it, it is not counted by it ("2021 рік", "2024 року").
bool LooksLikeYear(const Placeable& p) {
  NumberStyle style;
  return p.fraction_digits == 0 && p.value >= 1000 && p.value < 3000 &&
         DecodeNumberStyle(p.style, &style) && style.ungrouped;
}

// ---------------------------------------------------------------------------
// 7. AdaptTarget

// Does the target's placeable `t` stand for the source's `from`? Dates match
// on month and day, and on the year when both give one.
bool Corresponds(const Placeable& t, const Placeable& from, bool same_kind) {
  bool numeric_t = t.kind == PlaceableKind::kNumber || t.kind == PlaceableKind::kPercent;
  bool numeric_f = from.kind == PlaceableKind::kNumber || from.kind == PlaceableKind::kPercent;
  if (same_kind ? t.kind != from.kind : !(numeric_t && numeric_f)) return false;
  switch (t.kind) {
    case PlaceableKind::kNumber:
    case PlaceableKind::kPercent:
      return t.value == from.value;
    case PlaceableKind::kDate:
      return t.month == from.month && t.day == from.day &&
             (t.year == from.year || t.year == 0 || from.year == 0);
    case PlaceableKind::kTime:
      return t.hour == from.hour && t.minute == from.minute;
  }
  return false;
}

// The value to write over `like`: `to`'s, in `like`'s kind; a date keeps the
// target's year when the source gave none.
std::optional<Placeable> NewValue(const Placeable& like, const Placeable& to) {
  Placeable v = to;
  bool numeric_like = like.kind == PlaceableKind::kNumber || like.kind == PlaceableKind::kPercent;
  bool numeric_to = to.kind == PlaceableKind::kNumber || to.kind == PlaceableKind::kPercent;
  if (numeric_like != numeric_to || (!numeric_like && like.kind != to.kind)) return std::nullopt;
  v.kind = like.kind;
  if (v.kind == PlaceableKind::kDate && v.year == 0) v.year = like.year;
  return v;
}

struct Edit {
  size_t begin, end;
  std::string text;
};

// Does `word` look like a form of a weekday name: all of the name but its
// last letter, case aside ("середу" for середа, "пятницу" for пятница)?
bool LooksLikeWeekday(std::string_view word, const LangInfo& lang) {
  if (word.empty()) return false;
  icu::UnicodeString w = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  w.foldCase();
  for (int d = 1; d <= 7; ++d) {
    icu::UnicodeString name = icu::UnicodeString::fromUTF8(lang.weekday_wide[d]);
    name.foldCase();
    int32_t stem = name.countChar32() - 1;
    if (stem < 3) continue;
    int32_t stem_units = name.moveIndex32(0, stem);
    if (w.length() >= stem_units && w.compare(0, stem_units, name, 0, stem_units) == 0) return true;
  }
  return false;
}

// Is a weekday written next to the date text[begin, end) but outside it
// ("у середу, 23 жовтня": ICU has no accusative names)? Rewriting the date
// would leave that weekday wrong.
bool WeekdayNextTo(std::string_view text, size_t begin, size_t end, const LangInfo& lang) {
  size_t i = begin, start = 0;
  while (i > 0 && (IsSpaceSep(Before(text, i, &start)) || Before(text, i, &start) == ',' ||
                   Before(text, i, &start) == '(')) {
    i = start;
  }
  size_t word_end = i;
  while (i > 0 && IsWordChar(Before(text, i, &start))) i = start;
  if (LooksLikeWeekday(text.substr(i, word_end - i), lang)) return true;
  size_t next = 0;
  i = end;
  while (i < text.size()) {
    UChar32 c = At(text, i, &next);
    if (!IsSpaceSep(c) && c != ',' && c != '(') break;
    i = next;
  }
  size_t word_begin = i;
  while (i < text.size() && IsWordChar(At(text, i, &next))) i = next;
  return LooksLikeWeekday(text.substr(word_begin, i - word_begin), lang);
}

}  // namespace

bool Placeable::SameValue(const Placeable& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case PlaceableKind::kNumber:
    case PlaceableKind::kPercent:
      return value == other.value;
    case PlaceableKind::kDate:
      return year == other.year && month == other.month && day == other.day;
    case PlaceableKind::kTime:
      return hour == other.hour && minute == other.minute;
  }
  return false;
}

std::vector<Placeable> FindPlaceables(std::string_view text, std::string_view lang) {
  if (!HasDigit(text)) return {};
  return Scanner(text, GetLangInfo(lang)).Run();
}

std::string FormatPlaceable(const Placeable& value, std::string_view lang, const Placeable* like) {
  LangInfo& info = GetLangInfo(lang);
  switch (value.kind) {
    case PlaceableKind::kNumber:
    case PlaceableKind::kPercent:
      return FormatNumberValue(value, info, like);
    case PlaceableKind::kDate:
    case PlaceableKind::kTime:
      if (like != nullptr && like->kind == value.kind && !like->style.empty() &&
          like->style[0] == 'T') {
        return FormatTemplate(value, info, like->style);
      }
      return DefaultDateTime(value, info);
  }
  return {};
}

std::optional<Segment> AdaptTarget(const Segment& target, std::string_view target_lang,
                                   const std::vector<PlaceableChange>& changes) {
  if (changes.empty()) return target;
  std::vector<Placeable> found = FindPlaceables(target.text, target_lang);

  // Changes with equal `from` values form a group, paired in order with the
  // target placeables of that value; the counts must agree.
  std::vector<int> assigned(changes.size(), -1);
  std::vector<bool> used(found.size(), false), grouped(changes.size(), false);
  for (size_t i = 0; i < changes.size(); ++i) {
    if (grouped[i]) continue;
    std::vector<size_t> group;
    for (size_t j = i; j < changes.size(); ++j) {
      if (!grouped[j] && changes[j].from.SameValue(changes[i].from)) {
        grouped[j] = true;
        group.push_back(j);
      }
    }
    std::vector<size_t> candidates;
    for (bool same_kind : {true, false}) {
      for (size_t k = 0; k < found.size(); ++k) {
        if (Corresponds(found[k], changes[i].from, same_kind)) candidates.push_back(k);
      }
      if (!candidates.empty()) break;
    }
    if (candidates.size() != group.size()) return std::nullopt;
    for (size_t t = 0; t < group.size(); ++t) {
      if (used[candidates[t]]) return std::nullopt;
      used[candidates[t]] = true;
      assigned[group[t]] = static_cast<int>(candidates[t]);
    }
  }

  std::vector<Edit> edits;
  for (size_t i = 0; i < changes.size(); ++i) {
    const PlaceableChange& change = changes[i];
    if (change.from.SameValue(change.to)) continue;
    const Placeable& like = found[assigned[i]];
    std::optional<Placeable> value = NewValue(like, change.to);
    if (!value) return std::nullopt;
    std::string written = FormatPlaceable(*value, target_lang, &like);
    if (written.empty()) return std::nullopt;
    if (like.kind == PlaceableKind::kDate && !HasField(like.style, 'E') &&
        !HasField(like.style, 'e') &&
        WeekdayNextTo(target.text, like.begin, like.end, GetLangInfo(target_lang))) {
      return std::nullopt;
    }
    edits.push_back({like.begin, like.end, written});
    if (like.kind != PlaceableKind::kNumber || LooksLikeYear(like)) continue;
    // The unit word after the number, in the form for the new number.
    std::string_view text = target.text;
    std::string_view rest = text.substr(like.end);
    size_t gap = 0;
    if (!IsSpaceSep(At(rest, 0, &gap))) continue;
    size_t word_end = like.begin, start = 0;
    while (word_end > 0 && IsSpaceSep(Before(text, word_end, &start))) word_end = start;
    size_t word_begin = word_end;
    while (word_begin > 0 && IsWordChar(Before(text, word_begin, &start))) word_begin = start;
    LangInfo& info = GetLangInfo(target_lang);
    bool genitive = GovernsGenitive(text.substr(word_begin, word_end - word_begin), info.primary);
    size_t length = 0;
    std::string form;
    if (info.Units().Reinflect(rest.substr(gap), like, *value, genitive, &length, &form)) {
      size_t word = like.end + gap;
      edits.push_back({word, word + length, form});
    }
  }

  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  Segment out;
  out.text.reserve(target.text.size() + 16);
  size_t pos = 0;
  for (const Edit& e : edits) {
    if (e.begin < pos) return std::nullopt;  // overlapping rewrites: cannot happen, but be safe
    out.text.append(target.text, pos, e.begin - pos);
    out.text += e.text;
    pos = e.end;
  }
  out.text.append(target.text, pos, std::string::npos);

  // Codes keep their place in the text around them: a code at a rewritten
  // span's start stays before it, one at its end moves with the text after.
  out.codes = target.codes;
  for (InlineCode& code : out.codes) {
    int64_t shift = 0;
    for (const Edit& e : edits) {
      if (code.offset > e.begin && code.offset < e.end) return std::nullopt;
      if (code.offset >= e.end) {
        shift += static_cast<int64_t>(e.text.size()) - static_cast<int64_t>(e.end - e.begin);
      }
    }
    code.offset = static_cast<uint32_t>(static_cast<int64_t>(code.offset) + shift);
  }
  return out;
}

}  // namespace tmkit
