// Transliteration suggestions (glossaries/include/tmkit/glossaries/transliterate.h):
// Romanize as tables of source → expected per scheme, then SuggestNames on
// news sentences, with and without glossary hits. The rules are in
// doc/terms.md ("Transliteration suggestions").
#include "tmkit/glossaries/transliterate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tmkit/glossaries/recognize.h"

namespace tmkit {
namespace {

struct Case {
  const char* source;
  const char* expected;
};

void ExpectRomanized(const char* lang, const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(Romanize(c.source, lang), c.expected) << lang << ": " << c.source;
  }
}

// --- Romanize: Ukrainian, KMU Resolution 55 (2010) -----------------------------------

TEST(RomanizeTest, UkrainianNationalRomanisation) {
  ExpectRomanized("uk", {
      {"Київ", "Kyiv"},
      {"Запоріжжя", "Zaporizhzhia"},
      {"Донецька область", "Donetska oblast"},
      {"Згурівка", "Zghurivka"},
      {"Юрій Їжакевич", "Yurii Yizhakevych"},
      {"Кам'янське", "Kamianske"},
      {"Єнакієве", "Yenakiieve"},
      {"Маріуполь", "Mariupol"},
      {"Зеленський", "Zelenskyi"},
      {"ЩОРС", "SHCHORS"},
      // The examples of the resolution's table.
      {"Алушта", "Alushta"}, {"Андрій", "Andrii"}, {"Борщагівка", "Borshchahivka"},
      {"Вінниця", "Vinnytsia"}, {"Гадяч", "Hadiach"}, {"Ґалаґан", "Galagan"},
      {"Горгани", "Horhany"}, {"Дон", "Don"}, {"Рівне", "Rivne"}, {"Єнакієве", "Yenakiieve"},
      {"Гайвороння", "Haivoronnia"}, {"Наєнко", "Naienko"}, {"Житомир", "Zhytomyr"},
      {"Закарпаття", "Zakarpattia"}, {"Медвин", "Medvyn"}, {"Михайленко", "Mykhailenko"},
      {"Іванків", "Ivankiv"}, {"Іващенко", "Ivashchenko"}, {"Їжакевич", "Yizhakevych"},
      {"Кадиївка", "Kadyivka"}, {"Мар'їне", "Marine"}, {"Йосипівка", "Yosypivka"},
      {"Стрий", "Stryi"}, {"Олексій", "Oleksii"}, {"Київ", "Kyiv"}, {"Лебедин", "Lebedyn"},
      {"Миколаїв", "Mykolaiv"}, {"Ніжин", "Nizhyn"}, {"Одеса", "Odesa"}, {"Полтава", "Poltava"},
      {"Ромни", "Romny"}, {"Суми", "Sumy"}, {"Тетерів", "Teteriv"}, {"Ужгород", "Uzhhorod"},
      {"Фастів", "Fastiv"}, {"Шарківщина", "Sharkivshchyna"}, {"Целуйко", "Tseluiko"},
      {"Чернівці", "Chernivtsi"}, {"Шостка", "Shostka"}, {"Гоща", "Hoshcha"},
      {"Русь", "Rus"}, {"Юрій", "Yurii"}, {"Корюківка", "Koriukivka"}, {"Яготин", "Yahotyn"},
      {"Ичня", "Ychnia"}, {"Знам'янка", "Znamianka"}, {"Розгон", "Rozghon"},
      // More places and people of the news.
      {"Харків", "Kharkiv"}, {"Львів", "Lviv"}, {"Чернігів", "Chernihiv"},
      {"Дніпро", "Dnipro"}, {"Херсон", "Kherson"}, {"Ірпінь", "Irpin"},
      {"Бахмут", "Bakhmut"}, {"Авдіївка", "Avdiivka"}, {"Кривий Ріг", "Kryvyi Rih"},
      {"Біла Церква", "Bila Tserkva"}, {"Івано-Франківськ", "Ivano-Frankivsk"},
      {"Володимир Зеленський", "Volodymyr Zelenskyi"}, {"Віталій Кличко", "Vitalii Klychko"},
      {"Тарас Шевченко", "Taras Shevchenko"}, {"Ющенко", "Yushchenko"},
  });
}

TEST(RomanizeTest, UkrainianInitialAndMedialForms) {
  ExpectRomanized("uk", {
      {"Європа", "Yevropa"}, {"Соляник Євген", "Solianyk Yevhen"},  // word-initial є
      {"Їжак", "Yizhak"}, {"Гаї", "Hai"},                         // ї
      {"Йосип", "Yosyp"}, {"Бій", "Bii"},                         // й
      {"Юля", "Yulia"}, {"Ялта", "Yalta"},                        // ю, я
      {"п'ять", "piat"}, {"Кам’янка", "Kamianka"}, {"Камʼянка", "Kamianka"},  // ' ’ ʼ
      {"Ізгинь", "Izghyn"}, {"ЗГУРІВКА", "ZGHURIVKA"},            // зг
      {"Кривий Ріг-Ялта", "Kryvyi Rih-Yalta"},                   // after a hyphen: initial
  });
}

TEST(RomanizeTest, UkrainianCaseIsKept) {
  ExpectRomanized("uk", {
      {"щорс", "shchors"}, {"Щорс", "Shchors"}, {"ЩОРС", "SHCHORS"},
      {"ЮРІЙ ЇЖАКЕВИЧ", "YURII YIZHAKEVYCH"}, {"ХАРКІВ", "KHARKIV"},
      {"КИЇВ", "KYIV"}, {"Я", "Ya"}, {"ЖУК", "ZHUK"}, {"ЗАПОРІЖЖЯ", "ZAPORIZHZHIA"},
  });
}

TEST(RomanizeTest, UkrainianKeepsEverythingElse) {
  ExpectRomanized("uk", {
      {"Київ, 24 лютого 2022 р.", "Kyiv, 24 liutoho 2022 r."},
      {"«Укренерго» і NATO", "«Ukrenerho» i NATO"},
      {"'Київ'", "'Kyiv'"},  // quotes are not apostrophes
      {"Ки́їв", "Kyiv"},       // stress marks dropped
  });
}

// --- Romanize: Russian, BGN/PCGN without diacritics --------------------------------

TEST(RomanizeTest, RussianBgnInNewsForm) {
  ExpectRomanized("ru", {
      {"Щёлково", "Shchelkovo"},
      {"Донецкая область", "Donetskaya oblast"},
      {"Москва", "Moskva"},
      {"Хрущёв", "Khrushchev"},
      {"Елена Соловьёва", "Yelena Solovyeva"},
      {"Подъячев", "Podyachev"},
      {"Советская Гавань", "Sovetskaya Gavan"},
      {"Юрий Гагарин", "Yuriy Gagarin"},
      {"Ростов-на-Дону", "Rostov-na-Donu"},
      {"Нижний Новгород", "Nizhniy Novgorod"},
      {"ЩЁЛКОВО", "SHCHELKOVO"},
      {"Эрмитаж", "Ermitazh"},
  });
}

// --- Romanize: Korean, Hangul-Latin ----------------------------------------------------

TEST(RomanizeTest, KoreanHangulLatinCapitalised) {
  ExpectRomanized("ko", {
      {"평양", "Pyeongyang"},
      {"김정은", "Gimjeongeun"},
      {"서울", "Seoul"},
      {"부산", "Busan"},
      {"문재인 대통령", "Munjaein Daetonglyeong"},
      {"윤석열", "Yunseogyeol"},
      {"함경북도", "Hamgyeongbugdo"},
      {"NATO는", "NATOneun"},  // a particle after Latin letters is not a word start
  });
}

// --- Romanize: other scripts and Latin ---------------------------------------------------

TEST(RomanizeTest, OtherScriptsAnyLatinAscii) {
  ExpectRomanized("el", {{"Αθήνα", "Athena"}});
  ExpectRomanized("ka", {{"თბილისი", "tbilisi"}});
  // Cyrillic in a language without its own scheme: ISO 9 made ASCII.
  ExpectRomanized("bg", {{"София", "Sofia"}});
  // Hangul is Hangul-Latin whatever the language says.
  ExpectRomanized("en", {{"평양", "Pyeongyang"}});
}

TEST(RomanizeTest, LatinReturnsItself) {
  for (const char* lang : {"uk", "ru", "ko", "en", "de"}) {
    for (const char* text : {"Kyiv", "Zürich", "São Paulo", "Kim Jong Un", "", "2024, 12:00"}) {
      EXPECT_EQ(Romanize(text, lang), text) << lang << ": " << text;
    }
  }
}

TEST(RomanizeTest, SchemesAndTargetScripts) {
  EXPECT_EQ(RomanizationScheme("uk"), kSchemeUkrainianNational);
  EXPECT_EQ(RomanizationScheme("uk-UA"), kSchemeUkrainianNational);
  EXPECT_EQ(RomanizationScheme("ru"), kSchemeRussianBgn);
  EXPECT_EQ(RomanizationScheme("ko-KR"), kSchemeHangul);
  EXPECT_EQ(RomanizationScheme("el"), kSchemeAnyLatin);
  for (const char* latin : {"en", "en-GB", "de", "pl", "tr", "sr-Latn"}) {
    EXPECT_TRUE(IsLatinScriptLanguage(latin)) << latin;
  }
  for (const char* other : {"uk", "ru", "ko", "sr", "el", "zh", "", "not a tag!"}) {
    EXPECT_FALSE(IsLatinScriptLanguage(other)) << other;
  }
}

// --- SuggestNames ------------------------------------------------------------------

// "source → target" of each suggestion, for compact expectations.
std::vector<std::string> Names(std::string_view text, const char* src, const char* tgt = "en",
                               const std::vector<TermHit>& known = {}) {
  std::vector<std::string> out;
  for (const NameSuggestion& s : SuggestNames(text, src, tgt, known)) {
    EXPECT_TRUE(s.suggestion);
    out.push_back(s.source + " → " + s.target);
  }
  return out;
}

using Strings = std::vector<std::string>;

TEST(SuggestNamesTest, UkrainianNamesWithOffsets) {
  const std::string text = "Обстріли в Запоріжжі: Юрій Їжакевич приїхав до Маріуполя.";
  std::vector<NameSuggestion> got = SuggestNames(text, "uk", "en", {});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].source, "Запоріжжі");
  EXPECT_EQ(got[0].target, "Zaporizhzhi");  // not a restored ending: the surface
  EXPECT_EQ(got[0].start, 11);
  EXPECT_EQ(got[0].end, 20);
  EXPECT_EQ(text.substr(got[0].byte_start, got[0].byte_end - got[0].byte_start), "Запоріжжі");
  EXPECT_EQ(got[1].source, "Юрій Їжакевич");
  EXPECT_EQ(got[1].target, "Yurii Yizhakevych");
  EXPECT_EQ(got[1].as_written, "Yurii Yizhakevych");
  EXPECT_EQ(got[1].start, 22);
  EXPECT_EQ(got[1].end, 35);
  EXPECT_EQ(got[1].scheme, kSchemeUkrainianNational);
  EXPECT_EQ(got[2].source, "Маріуполя");
  EXPECT_EQ(got[2].target, "Mariupolia");
  EXPECT_TRUE(got[2].suggestion);
}

TEST(SuggestNamesTest, KnownHitsAreNotSuggested) {
  const std::string text = "Вчора Володимир Зеленський відвідав Донецьку область і Київ.";
  // The hits FindTerms would report: Зеленський and Донецьку область.
  std::vector<TermHit> known(2);
  known[0].source = "Зеленський";
  known[0].start = 16;
  known[0].end = 26;
  known[1].source = "Донецьку область";
  known[1].start = 36;
  known[1].end = 52;
  EXPECT_EQ(Names(text, "uk", "en", known), (Strings{"Володимир → Volodymyr", "Київ → Kyiv"}));
  EXPECT_EQ(Names(text, "uk"),
            (Strings{"Володимир Зеленський → Volodymyr Zelenskyi", "Донецьку → Donetsku",
                     "Київ → Kyiv"}));
}

TEST(SuggestNamesTest, WithFindTermsHits) {
  TermEntry entry;
  entry.terms.push_back({.lang = "uk", .text = "Донецька область"});
  entry.terms.push_back({.lang = "en", .text = "Donetsk Oblast"});
  MemoryTermSource base({entry});
  const std::string text = "Бої тривають у Донецькій області та під Бахмутом.";
  Result<std::vector<TermHit>> hits = FindTerms(text, "uk", "en", base);
  ASSERT_TRUE(hits.has_value());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(Names(text, "uk", "en", *hits), (Strings{"Бахмутом → Bakhmutom"}));
}

TEST(SuggestNamesTest, UkrainianBaseFormsOfSurnames) {
  const std::string text = "Заява Зеленського, зустріч із Порошенком та Донецької ОДА.";
  std::vector<NameSuggestion> got = SuggestNames(text, "uk", "en", {});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].source, "Зеленського");
  EXPECT_EQ(got[0].target, "Zelenskyi");
  EXPECT_EQ(got[0].as_written, "Zelenskoho");
  EXPECT_EQ(got[1].target, "Poroshenko");
  EXPECT_EQ(got[1].as_written, "Poroshenkom");
  EXPECT_EQ(got[2].source, "Донецької");  // ОДА: an abbreviation, not a name
  EXPECT_EQ(got[2].target, "Donetska");
}

TEST(SuggestNamesTest, SentenceStartsAndFunctionWords) {
  const std::vector<std::pair<const char*, Strings>> cases = {
      // A lone capitalised word opening a sentence is a common word...
      {"Президент заявив про це в Харкові.", {"Харкові → Kharkovi"}},
      // ...unless the text capitalises it mid-sentence too.
      {"Харків обстріляли. Мер сказав, що Харків вистоїть.",
       {"Харків → Kharkiv", "Харків → Kharkiv"}},
      // The first word of a sentence needs the same evidence in a longer run:
      // names follow common words (Заява Зеленського)...
      {"Президент Зеленський сказав, що президент прибуде.", {"Зеленський → Zelenskyi"}},
      {"Обстріли Херсона тривають.", {"Херсона → Khersona"}},
      // ...so a first name opening a sentence is lost, unless it recurs.
      {"Юлія Тимошенко виступила.", {"Тимошенко → Tymoshenko"}},
      {"Юлія Тимошенко виступила. Вчора Юлія Тимошенко мовчала.",
       {"Юлія Тимошенко → Yuliia Tymoshenko", "Юлія Тимошенко → Yuliia Tymoshenko"}},
      // A hyphen ties the first word to the next.
      {"Івано-Франківськ прокинувся.", {"Івано-Франківськ → Ivano-Frankivsk"}},
      // Capitalised prepositions and conjunctions never start a name.
      {"У Львові та Києві тихо.", {"Львові → Lvovi", "Києві → Kyievi"}},
      {"На Донеччині.", {"Донеччині → Donechchyni"}},
      // Abbreviations with a period do not end a sentence.
      {"Вибух у м. Ірпінь.", {"Ірпінь → Irpin"}},
      // After a colon and a quote, a new sentence starts.
      {"Він сказав: «Дякую» і пішов.", {}},
      // All caps: abbreviations.
      {"ЗСУ та НАТО.", {}},
      // A line break starts a sentence (a headline).
      {"Новини\nОбстріли Херсона", {"Херсона → Khersona"}},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(Names(text, "uk"), expected) << text;
  }
}

TEST(SuggestNamesTest, MultiWordNames) {
  const std::vector<std::pair<const char*, Strings>> cases = {
      {"Він поїхав до Івано-Франківська.", {"Івано-Франківська → Ivano-Frankivska"}},
      {"Заява В. Зеленського.", {"В. Зеленського → V. Zelenskyi"}},
      {"Підписав В.О. Зеленський.", {"В.О. Зеленський → V.O. Zelenskyi"}},
      {"Він живе в Кривому Розі.", {"Кривому Розі → Kryvomu Rozi"}},
      // A comma or a line break ends a name.
      {"Гості з Харкова, Львова.", {"Харкова → Kharkova", "Львова → Lvova"}},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(Names(text, "uk"), expected) << text;
  }
  EXPECT_EQ(Names("Он приехал в Ростов-на-Дону.", "ru"), (Strings{"Ростов-на-Дону → Rostov-na-Donu"}));
}

TEST(SuggestNamesTest, Russian) {
  EXPECT_EQ(Names("Встреча в Щёлково с Юрием Гагариным.", "ru"),
            (Strings{"Щёлково → Shchelkovo", "Юрием Гагариным → Yuriyem Gagarinym"}));
  EXPECT_EQ(Names("Слова Вишневецкого и Донецкую область.", "ru"),
            (Strings{"Вишневецкого → Vishnevetskiy", "Донецкую → Donetskaya"}));
}

TEST(SuggestNamesTest, NothingForKoreanOrNonLatinTargets) {
  EXPECT_TRUE(SuggestNames("김정은 위원장이 평양에서", "ko", "en", {}).empty());
  EXPECT_TRUE(SuggestNames("Юрій Їжакевич приїхав.", "uk", "ru", {}).empty());
  EXPECT_TRUE(SuggestNames("Юрій Їжакевич приїхав.", "uk", "ko", {}).empty());
  EXPECT_TRUE(SuggestNames("Kim Jong Un arrived in Pyongyang.", "en", "uk", {}).empty());
  // Latin-script targets other than English get the same suggestions.
  EXPECT_EQ(Names("Він приїхав з Юрієм Їжакевичем.", "uk", "de"),
            (Strings{"Юрієм Їжакевичем → Yuriiem Yizhakevychem"}));
}

TEST(SuggestNamesTest, LatinWordsAndEmptyText) {
  EXPECT_EQ(Names("Компанія Microsoft і Google.", "uk"), (Strings{}));
  EXPECT_EQ(Names("", "uk"), (Strings{}));
  EXPECT_EQ(Names("   ", "ru"), (Strings{}));
}

}  // namespace
}  // namespace tmkit
