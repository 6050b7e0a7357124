#include "tmkit/core/placeables.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace tmkit {
namespace {

// Expected strings hold the spaces ICU writes as escapes, so that readers see
// them: U+00A0 (no-break space: uk and ru grouping, ru "2,5 %") and U+202F
// (narrow no-break space: "2024 р.", "3:30 PM").

// "kind «text as written» value" for each placeable, e.g.
// "number «11,000» 11000", "date «Oct. 23» --10-23", "time «3 p.m.» 15:00".
std::vector<std::string> Find(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const Placeable& p : FindPlaceables(text, lang)) {
    std::string span(text.substr(p.begin, p.end - p.begin));
    char value[64];
    switch (p.kind) {
      case PlaceableKind::kNumber:
      case PlaceableKind::kPercent:
        std::snprintf(value, sizeof value, "%.*f", p.fraction_digits, p.value);
        break;
      case PlaceableKind::kDate:
        if (p.year != 0) {
          std::snprintf(value, sizeof value, "%04d-%02d-%02d", p.year, p.month, p.day);
        } else {
          std::snprintf(value, sizeof value, "--%02d-%02d", p.month, p.day);
        }
        break;
      case PlaceableKind::kTime:
        std::snprintf(value, sizeof value, "%02d:%02d", p.hour, p.minute);
        break;
    }
    const char* kind = p.kind == PlaceableKind::kNumber    ? "number"
                       : p.kind == PlaceableKind::kPercent ? "percent"
                       : p.kind == PlaceableKind::kDate    ? "date"
                                                           : "time";
    out.push_back(std::string(kind) + " «" + span + "» " + value);
  }
  return out;
}

using Found = std::vector<std::string>;

// Each text of `cases` (text, the one placeable expected) in `lang`.
void ExpectFinds(const char* lang,
                 std::initializer_list<std::pair<const char*, const char*>> cases) {
  for (const auto& [text, found] : cases) EXPECT_EQ(Find(text, lang), Found{found}) << text;
}

// The single placeable of `text` (fails the test if there is not exactly one).
Placeable One(std::string_view text, std::string_view lang) {
  std::vector<Placeable> found = FindPlaceables(text, lang);
  EXPECT_EQ(found.size(), 1u) << text;
  return found.empty() ? Placeable() : found[0];
}

Placeable Number(double value, int fraction_digits = 0) {
  Placeable p;
  p.value = value;
  p.fraction_digits = fraction_digits;
  return p;
}

Placeable Date(int year, int month, int day) {
  Placeable p;
  p.kind = PlaceableKind::kDate;
  p.year = year;
  p.month = month;
  p.day = day;
  return p;
}

Placeable Time(int hour, int minute) {
  Placeable p;
  p.kind = PlaceableKind::kTime;
  p.hour = hour;
  p.minute = minute;
  return p;
}

// `target` rewritten for a source that changed from `old_source` to
// `new_source` (their placeables paired in order), or "(nullopt)".
std::string Adapt(std::string_view source_lang, std::string_view old_source,
                  std::string_view new_source, std::string_view target_lang,
                  std::string_view target) {
  std::vector<Placeable> from = FindPlaceables(old_source, source_lang);
  std::vector<Placeable> to = FindPlaceables(new_source, source_lang);
  EXPECT_EQ(from.size(), to.size()) << old_source << " / " << new_source;
  std::vector<PlaceableChange> changes;
  for (size_t i = 0; i < from.size() && i < to.size(); ++i) changes.push_back({from[i], to[i]});
  Segment segment;
  segment.text = target;
  std::optional<Segment> out = AdaptTarget(segment, target_lang, changes);
  return out ? out->text : "(nullopt)";
}

// ---------------------------------------------------------------------------
// Recognition: English

TEST(PlaceablesTest, EnglishNumbersUseCommaGroupingAndPointDecimal) {
  EXPECT_EQ(Find("About 11,000 troops", "en"), Found{"number «11,000» 11000"});
  EXPECT_EQ(Find("3.5 billion and 1,234,567.89", "en"),
            (Found{"number «3.5» 3.5", "number «1,234,567.89» 1234567.89"}));
  EXPECT_EQ(Find("from -4 to \u22125 degrees", "en"),
            (Found{"number «-4» -4", "number «\u22125» -5"}));
}

TEST(PlaceablesTest, EnglishPercentages) {
  EXPECT_EQ(Find("rose 2.5% and 10 %", "en"), (Found{"percent «2.5%» 2.5", "percent «10 %» 10"}));
  // A word is not a sign: "2.5 percent" is a number followed by a word.
  EXPECT_EQ(Find("rose 2.5 percent", "en"), Found{"number «2.5» 2.5"});
}

TEST(PlaceablesTest, NumberWithSeparatorsOfAnotherLanguageIsNotAPlaceable) {
  EXPECT_EQ(Find("page 1,5 and version 1.2.3", "en"), Found{});
  EXPECT_EQ(Find("12,34 and 1234,567", "en"), Found{});
}

TEST(PlaceablesTest, EnglishDates) {
  ExpectFinds("en", {
                        {"on October 23, 2024, the", "date «October 23, 2024» 2024-10-23"},
                        {"on Oct. 23 the", "date «Oct. 23» --10-23"},
                        {"on Sept. 5, 2024.", "date «Sept. 5, 2024» 2024-09-05"},
                        {"on 23 October 2024", "date «23 October 2024» 2024-10-23"},
                        {"on Oct 23", "date «Oct 23» --10-23"},
                        {"on October 23rd", "date «October 23rd» --10-23"},
                        {"on 10/23/2024.", "date «10/23/2024» 2024-10-23"},
                    });
}

TEST(PlaceablesTest, EnglishTimes) {
  ExpectFinds("en",
              {
                  {"at 3:00 PM local time", "time «3:00 PM» 15:00"},
                  {"at 3:00\u202fPM", "time «3:00\u202fPM» 15:00"},
                  {"at 3 p.m. on", "time «3 p.m.» 15:00"},
                  {"at 3pm", "time «3pm» 15:00"},
                  {"at 12 a.m.", "time «12 a.m.» 00:00"},
                  {"at 15:30 GMT", "time «15:30» 15:30"},
                  {"found at 7.55am", "time «7.55am» 07:55"},  // British, only with its marker
                  {"a 7.55 rise", "number «7.55» 7.55"},
              });
}

TEST(PlaceablesTest, WeekdayBeforeADateIsPartOfIt) {
  EXPECT_EQ(Find("On Wednesday, October 23, 2024, the", "en"),
            Found{"date «Wednesday, October 23, 2024» 2024-10-23"});
}

TEST(PlaceablesTest, MonthOrWeekdayAloneIsNotADate) {
  EXPECT_EQ(Find("in October 2024", "en"), Found{"number «2024» 2024"});
  EXPECT_EQ(Find("on Wednesday", "en"), Found{});
  EXPECT_EQ(Find("у жовтні 2024 року", "uk"), Found{"number «2024» 2024"});
}

TEST(PlaceablesTest, IdentifiersAreNotPlaceables) {
  // Changing a digit in these changes the word: an aircraft, a disease, an
  // ordinal, a slogan.
  for (const char* text : {"the A320", "COVID-19 cases", "F-16 jets", "flight MH17", "5th brigade",
                           "3D maps", "open 24/7", "after 9/11", "in the 1990s", "G7 leaders"}) {
    EXPECT_EQ(Find(text, "en"), Found{}) << text;
  }
  EXPECT_EQ(Find("винищувачі Су-27 і COVID-19", "uk"), Found{});
}

TEST(PlaceablesTest, UnitSymbolGluedToANumberLeavesTheNumber) {
  EXPECT_EQ(Find("a 10km stretch", "en"), Found{"number «10» 10"});
}

TEST(PlaceablesTest, HyphenBetweenNumbersIsARangeNotASign) {
  EXPECT_EQ(Find("in 2022-2024", "en"), (Found{"number «2022» 2022", "number «2024» 2024"}));
}

TEST(PlaceablesTest, IsoDateInAnyLanguage) {
  for (const char* lang : {"en", "uk", "ru", "ko"})
    EXPECT_EQ(Find("(2024-10-23)", lang), Found{"date «2024-10-23» 2024-10-23"}) << lang;
}

TEST(PlaceablesTest, TextWithoutDigitsHasNoPlaceables) {
  EXPECT_TRUE(FindPlaceables("eleven thousand troops on Wednesday", "en").empty());
  EXPECT_TRUE(FindPlaceables("одинадцять тисяч військових", "uk").empty());
  EXPECT_TRUE(FindPlaceables("", "ko").empty());
}

TEST(PlaceablesTest, OffsetsAreUtf8Bytes) {
  std::vector<Placeable> found = FindPlaceables("Київ: 11 000", "uk");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].begin, 10u);  // "Київ: " is 4 two-byte letters, ':' and ' '
  EXPECT_EQ(found[0].end, 16u);
}

TEST(PlaceablesTest, YearIsANumberWrittenWithoutGrouping) {
  Placeable year = One("in 2024", "en");
  EXPECT_EQ(year.kind, PlaceableKind::kNumber);
  EXPECT_EQ(year.value, 2024);
  EXPECT_EQ(FormatPlaceable(Number(2025), "en", &year), "2025");
  EXPECT_EQ(FormatPlaceable(Number(2025), "uk", &year), "2025");
  EXPECT_EQ(FormatPlaceable(Number(2025), "uk"), "2\u00a0025");  // ICU's default groups
}

// ---------------------------------------------------------------------------
// Recognition: Ukrainian, Russian

TEST(PlaceablesTest, UkrainianSpaceGroupedNumberIsOneNumber) {
  EXPECT_EQ(Find("на 5 000 осіб", "uk"), Found{"number «5 000» 5000"});
  EXPECT_EQ(Find("11\u00a0000 військових", "uk"), Found{"number «11\u00a0000» 11000"});
  EXPECT_EQ(Find("11\u202f000 військових", "uk"), Found{"number «11\u202f000» 11000"});
  EXPECT_EQ(Find("1 234 567,89 грн", "uk"), Found{"number «1 234 567,89» 1234567.89"});
}

TEST(PlaceablesTest, SpaceJoinsOnlyGroupsOfThreeDigits) {
  EXPECT_EQ(Find("у 2024 3 людини", "uk"), (Found{"number «2024» 2024", "number «3» 3"}));
  EXPECT_EQ(Find("з 1 по 15", "uk"), (Found{"number «1» 1", "number «15» 15"}));
}

TEST(PlaceablesTest, PlainSpaceDoesNotGroupInEnglish) {
  EXPECT_EQ(Find("5 000", "en"), (Found{"number «5» 5", "number «000» 0"}));
  EXPECT_EQ(Find("5\u00a0000", "en"), Found{"number «5\u00a0000» 5000"});
}

TEST(PlaceablesTest, UkrainianCommaIsTheDecimalSeparator) {
  // As ICU parses uk: "11,000" is eleven, written with three decimals.
  EXPECT_EQ(Find("11,000 і 11,5", "uk"), (Found{"number «11,000» 11.000", "number «11,5» 11.5"}));
}

TEST(PlaceablesTest, UkrainianPointGroupsThousands) {
  EXPECT_EQ(Find("11.000 осіб", "uk"), Found{"number «11.000» 11000"});
  // Neither grouping nor a uk decimal: not a number of this language.
  EXPECT_EQ(Find("3.5 млрд", "uk"), Found{});
}

TEST(PlaceablesTest, UkrainianPercentages) {
  EXPECT_EQ(Find("2,5%, 2,5 % і 2,5\u00a0%", "uk"),
            (Found{"percent «2,5%» 2.5", "percent «2,5 %» 2.5", "percent «2,5\u00a0%» 2.5"}));
  EXPECT_EQ(Find("на 2,5 відсотка", "uk"), Found{"number «2,5» 2.5"});
}

TEST(PlaceablesTest, UkrainianDates) {
  ExpectFinds("uk", {
                        {"23 жовтня 2024 р. у", "date «23 жовтня 2024 р.» 2024-10-23"},
                        {"23 жовтня 2024 року", "date «23 жовтня 2024 року» 2024-10-23"},
                        {"23 жовтня у Києві", "date «23 жовтня» --10-23"},
                        {"23 жовт. 2024", "date «23 жовт. 2024» 2024-10-23"},
                        {"станом на 23.10.2024.", "date «23.10.2024» 2024-10-23"},
                        {"середа, 23 жовтня", "date «середа, 23 жовтня» --10-23"},
                    });
}

TEST(PlaceablesTest, UkrainianTimeAndOrdinalSuffix) {
  EXPECT_EQ(Find("о 15:30 у 2024-му", "uk"), (Found{"time «15:30» 15:30", "number «2024» 2024"}));
}

TEST(PlaceablesTest, RussianNumbersPercentsAndDates) {
  EXPECT_EQ(Find("Около 11\u00a0000 военных, 2,5\u00a0%", "ru"),
            (Found{"number «11\u00a0000» 11000", "percent «2,5\u00a0%» 2.5"}));
  EXPECT_EQ(Find("23 октября 2024 г. и 23 октября", "ru"),
            (Found{"date «23 октября 2024 г.» 2024-10-23", "date «23 октября» --10-23"}));
  EXPECT_EQ(Find("23.10.2024", "ru"), Found{"date «23.10.2024» 2024-10-23"});
}

// ---------------------------------------------------------------------------
// Recognition: Korean

TEST(PlaceablesTest, KoreanCountersStayOutsideTheNumber) {
  EXPECT_EQ(Find("약 11,000명의 병력", "ko"), Found{"number «11,000» 11000"});
  EXPECT_EQ(Find("23일 발표", "ko"), Found{"number «23» 23"});
}

TEST(PlaceablesTest, KoreanDates) {
  ExpectFinds("ko", {
                        {"2024년 10월 23일 평양에서", "date «2024년 10월 23일» 2024-10-23"},
                        {"10월 23일에", "date «10월 23일» --10-23"},
                        {"10월 23일(수)", "date «10월 23일(수)» --10-23"},
                        {"2024년 10월 23일 수요일", "date «2024년 10월 23일 수요일» 2024-10-23"},
                        {"2024. 10. 23. 발표", "date «2024. 10. 23.» 2024-10-23"},
                    });
}

TEST(PlaceablesTest, KoreanMonthAloneIsNotADate) {
  EXPECT_EQ(Find("2024년 10월", "ko"), (Found{"number «2024» 2024", "number «10» 10"}));
}

TEST(PlaceablesTest, KoreanTimes) {
  ExpectFinds("ko", {
                        {"오후 3시에", "time «오후 3시» 15:00"},
                        {"오후 3시 30분에", "time «오후 3시 30분» 15:30"},
                        {"오전 9시 반", "time «오전 9시 반» 09:30"},
                        {"15시", "time «15시» 15:00"},
                    });
}

TEST(PlaceablesTest, KoreanHoursAreADurationNotATime) {
  EXPECT_EQ(Find("3시간 동안", "ko"), Found{"number «3» 3"});
}

// ---------------------------------------------------------------------------
// FormatPlaceable

TEST(PlaceablesTest, FormatNumberForTheTargetLocale) {
  struct Case {
    const char* lang;
    const char* out;
  } cases[] = {{"en", "12,000"}, {"uk", "12\u00a0000"}, {"ru", "12\u00a0000"}, {"ko", "12,000"}};
  for (const Case& c : cases) EXPECT_EQ(FormatPlaceable(Number(12000), c.lang), c.out) << c.lang;
  EXPECT_EQ(FormatPlaceable(Number(-3.5, 1), "uk"), "-3,5");
}

TEST(PlaceablesTest, FormatKeepsTheFractionDigitsOfTheValue) {
  EXPECT_EQ(FormatPlaceable(Number(3.5, 2), "uk"), "3,50");
  EXPECT_EQ(FormatPlaceable(Number(11, 3), "en"), "11.000");
}

TEST(PlaceablesTest, FormatKeepsTheGroupingAndSignTheTextUsed) {
  Placeable plain = One("11 000", "uk");
  EXPECT_EQ(FormatPlaceable(Number(12000), "uk", &plain), "12 000");
  Placeable dotted = One("11.000", "uk");
  EXPECT_EQ(FormatPlaceable(Number(1250000), "uk", &dotted), "1.250.000");
  Placeable minus = One("\u22125 °C", "uk");
  EXPECT_EQ(FormatPlaceable(Number(-7), "uk", &minus), "\u22127");
}

TEST(PlaceablesTest, FormatUngroupedLikeGroupsFromTenThousand) {
  Placeable five_thousand = One("5000 осіб", "uk");
  EXPECT_EQ(FormatPlaceable(Number(6000), "uk", &five_thousand), "6000");
  EXPECT_EQ(FormatPlaceable(Number(12000), "uk", &five_thousand), "12\u00a0000");
}

TEST(PlaceablesTest, FormatPercentForTheTargetLocale) {
  Placeable pct = Number(2.5, 1);
  pct.kind = PlaceableKind::kPercent;
  EXPECT_EQ(FormatPlaceable(pct, "en"), "2.5%");
  EXPECT_EQ(FormatPlaceable(pct, "uk"), "2,5%");
  EXPECT_EQ(FormatPlaceable(pct, "ru"), "2,5\u00a0%");
  Placeable spaced = One("2,5 %", "uk");
  pct.value = 3.1;
  EXPECT_EQ(FormatPlaceable(pct, "uk", &spaced), "3,1 %");
}

TEST(PlaceablesTest, FormatNumbersAcrossLanguages) {
  EXPECT_EQ(FormatPlaceable(One("11,000", "en"), "uk"), "11\u00a0000");
  EXPECT_EQ(FormatPlaceable(One("11,000", "en"), "ko"), "11,000");
  EXPECT_EQ(FormatPlaceable(One("11 000", "uk"), "en"), "11,000");
  EXPECT_EQ(FormatPlaceable(One("2,5%", "uk"), "en"), "2.5%");
}

TEST(PlaceablesTest, FormatDateDefaultsPerLanguage) {
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "en"), "October 24, 2024");
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "uk"), "24 жовтня 2024\u202fр.");
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "ru"), "24 октября 2024\u202fг.");
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "ko"), "2024년 10월 24일");
  EXPECT_EQ(FormatPlaceable(Date(0, 10, 24), "en"), "October 24");
  EXPECT_EQ(FormatPlaceable(Date(0, 10, 24), "uk"), "24 жовтня");
  EXPECT_EQ(FormatPlaceable(Date(0, 10, 24), "ko"), "10월 24일");
}

TEST(PlaceablesTest, FormatDatesAcrossLanguages) {
  EXPECT_EQ(FormatPlaceable(One("Oct. 23", "en"), "uk"), "23 жовтня");
  EXPECT_EQ(FormatPlaceable(One("October 23, 2024", "en"), "ko"), "2024년 10월 23일");
  EXPECT_EQ(FormatPlaceable(One("23 жовтня", "uk"), "en"), "October 23");
  EXPECT_EQ(FormatPlaceable(One("23 жовтня 2024 р.", "uk"), "en"), "October 23, 2024");
}

TEST(PlaceablesTest, FormatDateInThePatternOfTheTarget) {
  struct Case {
    const char* lang;
    const char* like;
    Placeable value;
    const char* out;
  } cases[] = {
      {"uk", "23 жовтня", Date(0, 10, 24), "24 жовтня"},
      {"uk", "23 жовтня 2024 р.", Date(2025, 1, 2), "2 січня 2025 р."},
      {"uk", "23.10.2024", Date(2024, 9, 5), "05.09.2024"},
      {"ru", "23 октября 2024 года", Date(2024, 5, 9), "9 мая 2024 года"},
      {"ko", "10월 23일", Date(0, 10, 24), "10월 24일"},
      {"ko", "2024. 10. 23.", Date(2024, 9, 5), "2024. 9. 5."},
      {"en", "Oct. 23", Date(0, 9, 5), "Sept. 5"},  // AP abbreviations
      {"en", "Oct. 23", Date(0, 3, 1), "March 1"},
      {"en", "Oct 23", Date(0, 9, 5), "Sep 5"},  // ICU's, without a period
      {"en", "October 23rd", Date(0, 10, 22), "October 22nd"},
      {"en", "2024-10-23", Date(2024, 9, 5), "2024-09-05"},
  };
  for (const Case& c : cases) {
    Placeable like = One(c.like, c.lang);
    EXPECT_EQ(FormatPlaceable(c.value, c.lang, &like), c.out) << c.like;
  }
}

TEST(PlaceablesTest, FormatRecomputesTheWeekdayOfADate) {
  Placeable like = One("Wednesday, October 23, 2024", "en");
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "en", &like), "Thursday, October 24, 2024");
  Placeable ko = One("2024년 10월 23일(수)", "ko");
  EXPECT_EQ(FormatPlaceable(Date(2024, 10, 24), "ko", &ko), "2024년 10월 24일(목)");
  // Without a year the weekday is unknown: nothing is written.
  EXPECT_EQ(FormatPlaceable(Date(0, 10, 24), "en", &like), "");
}

TEST(PlaceablesTest, FormatTimeDefaultsPerLanguage) {
  EXPECT_EQ(FormatPlaceable(Time(15, 30), "en"), "3:30\u202fPM");
  EXPECT_EQ(FormatPlaceable(Time(15, 30), "uk"), "15:30");
  EXPECT_EQ(FormatPlaceable(Time(15, 30), "ko"), "오후 3시 30분");
  EXPECT_EQ(FormatPlaceable(Time(9, 0), "ko"), "오전 9시");
}

TEST(PlaceablesTest, FormatTimeInThePatternOfTheTarget) {
  struct Case {
    const char* lang;
    const char* like;
    Placeable value;
    const char* out;
  } cases[] = {
      {"en", "3 p.m.", Time(16, 30), "4:30 p.m."},
      {"en", "3:00 PM", Time(9, 0), "9:00 AM"},
      {"uk", "15:30", Time(9, 5), "9:05"},
      {"uk", "09:30", Time(9, 5), "09:05"},
      {"ko", "오후 3시", Time(16, 30), "오후 4시 30분"},
      {"ko", "오후 3시 30분", Time(10, 0), "오전 10시"},
      {"ko", "오전 9시 반", Time(10, 30), "오전 10시 반"},
  };
  for (const Case& c : cases) {
    Placeable like = One(c.like, c.lang);
    EXPECT_EQ(FormatPlaceable(c.value, c.lang, &like), c.out) << c.like;
  }
}

// ---------------------------------------------------------------------------
// AdaptTarget

TEST(PlaceablesTest, AdaptsEnglishNumberInUkrainianTarget) {
  EXPECT_EQ(Adapt("en", "About 11,000 troops", "About 12,000 troops", "uk",
                  "Близько 11\u00a0000 військових"),
            "Близько 12\u00a0000 військових");
  EXPECT_EQ(
      Adapt("en", "About 11,000 troops", "About 12,000 troops", "uk", "Близько 11 000 військових"),
      "Близько 12 000 військових");
}

TEST(PlaceablesTest, ReinflectsUkrainianUnitAfterNumber) {
  EXPECT_EQ(Adapt("en", "5 kilometers", "2 kilometers", "uk", "за 5 кілометрів від"),
            "за 2 кілометри від");
  EXPECT_EQ(Adapt("en", "5 kilometers", "21 kilometers", "uk", "за 5 кілометрів від"),
            "за 21 кілометр від");
  EXPECT_EQ(Adapt("en", "5 kilometers", "1.5 kilometers", "uk", "5 кілометрів"), "1,5 кілометра");
  EXPECT_EQ(Adapt("en", "2 hours", "5 hours", "uk", "ще 2 години"), "ще 5 годин");
  EXPECT_EQ(Adapt("en", "5 percent", "2 percent", "uk", "на 5 відсотків"), "на 2 відсотки");
}

TEST(PlaceablesTest, ReinflectsRussianUnitAfterNumber) {
  EXPECT_EQ(Adapt("en", "5 kilometers", "3 kilometers", "ru", "5 километров"), "3 километра");
  EXPECT_EQ(Adapt("en", "5 years", "1 year", "ru", "за 5 лет"), "за 1 год");
}

TEST(PlaceablesTest, ReinflectionKeepsTheGrammaticalCase) {
  // Locative (uk) and prepositional (ru) plurals stay in their case.
  EXPECT_EQ(Adapt("en", "5 kilometers", "3 kilometers", "ru", "в 5 километрах"), "в 3 километрах");
  EXPECT_EQ(Adapt("en", "5 kilometers", "1 kilometer", "uk", "у 5 кілометрах"), "у 1 кілометрі");
  // Instrumental.
  EXPECT_EQ(Adapt("en", "2 hours", "1 hour", "uk", "перед 2 годинами"), "перед 1 годиною");
}

TEST(PlaceablesTest, GenitivePrepositionKeepsTheGenitive) {
  // "кілометрів" is nominative and genitive plural; "близько" wants the genitive.
  EXPECT_EQ(Adapt("en", "about 5 km", "about 2 km", "uk", "близько 5 кілометрів"),
            "близько 2 кілометрів");
  EXPECT_EQ(Adapt("en", "about 5 km", "about 2 km", "ru", "около 5 километров"),
            "около 2 километров");
}

TEST(PlaceablesTest, WordNamedByTheNumberIsNotReinflected) {
  // A year or an hour of the day is named, not counted: the word stays.
  EXPECT_EQ(Adapt("en", "in 2024", "in 2025", "uk", "у 2024 році"), "у 2025 році");
  EXPECT_EQ(Adapt("en", "in 2021", "in 2022", "uk", "2021 рік став"), "2022 рік став");
  EXPECT_EQ(Adapt("en", "in 2021", "in 2022", "ru", "в 2021 году"), "в 2022 году");
  EXPECT_EQ(Adapt("en", "at 21", "at 22", "uk", "о 21 годині"), "о 22 годині");
  EXPECT_EQ(Adapt("en", "at 15", "at 16", "uk", "о 15 годині"), "о 16 годині");
}

TEST(PlaceablesTest, WordThatIsNotAUnitIsLeftAlone) {
  EXPECT_EQ(Adapt("en", "5 soldiers", "2 soldiers", "uk", "5 військових"), "2 військових");
}

TEST(PlaceablesTest, AdaptsDateInUkrainianTarget) {
  EXPECT_EQ(Adapt("en", "on October 23", "on October 24", "uk", "23 жовтня"), "24 жовтня");
  // The target's year stays when the source gives none.
  EXPECT_EQ(Adapt("en", "on Oct. 23", "on Oct. 24", "uk", "23 жовтня 2024 р."),
            "24 жовтня 2024 р.");
  EXPECT_EQ(Adapt("en", "October 23, 2024", "January 2, 2025", "uk", "23.10.2024"), "02.01.2025");
}

TEST(PlaceablesTest, AdaptsKoreanDateAndCountedNumber) {
  EXPECT_EQ(Adapt("en", "on Oct. 23, 2024", "on Oct. 24, 2024", "ko", "2024년 10월 23일 평양에서"),
            "2024년 10월 24일 평양에서");
  EXPECT_EQ(Adapt("en", "11,000 people", "12,000 people", "ko", "11,000명이"), "12,000명이");
}

TEST(PlaceablesTest, AdaptsUkrainianSourceIntoEnglishTarget) {
  EXPECT_EQ(Adapt("uk", "11 000 військових", "12 000 військових", "en", "11,000 troops"),
            "12,000 troops");
  EXPECT_EQ(Adapt("uk", "23 жовтня", "24 жовтня", "en", "on October 23"), "on October 24");
  EXPECT_EQ(Adapt("uk", "23 жовтня", "5 вересня", "en", "on Oct. 23"), "on Sept. 5");
}

TEST(PlaceablesTest, AdaptsTimesAcrossLanguages) {
  EXPECT_EQ(Adapt("en", "at 3 p.m.", "at 4:30 p.m.", "uk", "о 15:00"), "о 16:30");
  EXPECT_EQ(Adapt("en", "at 3 p.m.", "at 4:30 p.m.", "ko", "오후 3시에"), "오후 4시 30분에");
}

TEST(PlaceablesTest, PercentInSourceMatchesNumberBeforeAWordInTarget) {
  EXPECT_EQ(Adapt("en", "rose 2.5%", "rose 3.1%", "uk", "зросла на 2,5 відсотка"),
            "зросла на 3,1 відсотка");
}

TEST(PlaceablesTest, RepeatedValuesArePairedInOrder) {
  EXPECT_EQ(Adapt("en", "11 and 11", "12 and 13", "uk", "11 і 11"), "12 і 13");
}

TEST(PlaceablesTest, RewrittenWeekdayFollowsTheDate) {
  EXPECT_EQ(Adapt("en", "Wednesday, October 23, 2024", "Thursday, October 24, 2024", "en",
                  "Wednesday, October 23, 2024"),
            "Thursday, October 24, 2024");
}

TEST(PlaceablesTest, InflectedWeekdayNextToADateIsNullopt) {
  // ICU has no accusative "середу": the date cannot change without it.
  EXPECT_EQ(Adapt("en", "Wednesday, Oct. 23", "Thursday, Oct. 24", "uk", "У середу, 23 жовтня"),
            "(nullopt)");
}

TEST(PlaceablesTest, MissingValueIsNullopt) {
  EXPECT_EQ(Adapt("en", "11 dead", "12 dead", "uk", "одинадцять загиблих"), "(nullopt)");
  EXPECT_EQ(Adapt("en", "on Oct. 23", "on Oct. 24", "uk", "22 жовтня"), "(nullopt)");
}

TEST(PlaceablesTest, AmbiguousValueIsNullopt) {
  EXPECT_EQ(Adapt("en", "11 dead", "12 dead", "uk", "11 загиблих і 11 поранених"), "(nullopt)");
}

TEST(PlaceablesTest, NoChangesReturnTheTargetUnchanged) {
  Segment target;
  target.text = "11 000";
  std::optional<Segment> out = AdaptTarget(target, "uk", {});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, target);
}

TEST(PlaceablesTest, MovesInlineCodeOffsets) {
  // "<b>Близько</b> <x/>11 000<i> військових</i>", with 11 000 → 120 000:
  // "Близько " is 15 bytes, "11\u00a0000" 7, "120\u00a0000" 8.
  Segment target;
  target.text = "Близько 11\u00a0000 військових";
  target.codes.push_back({.kind = CodeKind::kOpen, .element = "bpt", .id = "1", .offset = 0});
  target.codes.push_back({.kind = CodeKind::kClose, .element = "ept", .id = "1", .offset = 14});
  target.codes.push_back({.kind = CodeKind::kPlaceholder, .element = "ph", .offset = 15});
  target.codes.push_back({.kind = CodeKind::kOpen, .element = "bpt", .id = "2", .offset = 22});
  target.codes.push_back({.kind = CodeKind::kClose, .element = "ept", .id = "2", .offset = 43});
  std::optional<Segment> out =
      AdaptTarget(target, "uk", {{One("11,000 troops", "en"), One("120,000 troops", "en")}});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->text, "Близько 120\u00a0000 військових");
  ASSERT_EQ(out->codes.size(), 5u);
  EXPECT_EQ(out->codes[0].offset, 0u);
  EXPECT_EQ(out->codes[1].offset, 14u);
  EXPECT_EQ(out->codes[2].offset, 15u);  // at the number's start: stays before it
  EXPECT_EQ(out->codes[3].offset, 23u);  // at its end: moves with the text after it
  EXPECT_EQ(out->codes[4].offset, 44u);
}

TEST(PlaceablesTest, CodeInsideARewrittenSpanIsNullopt) {
  // "11<ph/> 000": the code sits inside the number.
  Segment target;
  target.text = "11\u00a0000 військових";
  target.codes.push_back({.kind = CodeKind::kPlaceholder, .element = "ph", .offset = 2});
  EXPECT_FALSE(AdaptTarget(target, "uk", {{One("11,000", "en"), One("12,000", "en")}}));
}

TEST(PlaceablesTest, ChangeOfKindIsNullopt) {
  Segment target;
  target.text = "23 жовтня";
  EXPECT_FALSE(AdaptTarget(target, "uk", {{One("Oct. 23", "en"), One("24", "en")}}));
}

}  // namespace
}  // namespace tmkit
