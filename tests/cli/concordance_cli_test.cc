// End-to-end: `tmkit concordance` through the real build/tmkit, on a store
// built from a small en/uk/ko/zh TMX written here. What README "tmkit
// concordance" promises: whole words and phrases, case and accents ignored,
// Korean by syllables, numbers by value, --lang, --max, ranking, [brackets]
// without a terminal, --json with code-point offsets. The index rules are
// tested in tests/core/concordance_test.cc.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

// One <tu> in any two languages.
std::string Tu2(const std::string& lang1, const std::string& text1, const std::string& lang2,
                const std::string& text2) {
  return "<tu><tuv xml:lang=\"" + lang1 + "\"><seg>" + text1 + "</seg></tuv><tuv xml:lang=\"" +
         lang2 + "\"><seg>" + text2 + "</seg></tuv></tu>\n";
}

// The memory every test searches; unit ids follow the order (1, 2, ...).
const std::vector<std::string> kUnits = {
    /* 1 */ Tu("Shelling hit Donetsk Oblast at night.", "Обстріл влучив у Донецьку область уночі."),
    /* 2 */ Tu("The Oblast of Donetsk was shelled.", "Донецьку область обстріляли."),
    /* 3 */ Tu("Drones attacked Kharkiv.", "Атака дронів на Харків."),
    /* 4 */ Tu("An air-raid warning sounded.", "Пролунала повітряна тривога."),
    /* 5 */ Tu("She received an award.", "Вона отримала нагороду."),
    /* 6 */ Tu("The war goes on.", "Війна триває."),
    /* 7 */ Tu("A café opened in Lviv.", "У Львові відкрилася кав'ярня."),
    /* 8 */ Tu("The cafe closed.", "Кав'ярня закрилася."),
    /* 9 */ Tu("The people decide.", "Наро\u0301д вирішує."),
    /* 10 */ Tu("This is our land.", "Це наш край."),
    /* 11 */ Tu("These lands are rich.", "Ці краї багаті."),
    /* 12 */ Tu("About 11,000 troops were moved.", "Близько 11 000 військових перекинули."),
    /* 13 */ Tu("Only 11 soldiers stayed.", "Лишилося лише 11 солдатів."),
    /* 14 */ Tu("NATO leaders met.", "Лідери NATO зустрілися."),
    /* 15 */
    Tu2("ko", "평양에서 미사일을 발사했다.", "en", "A missile was launched from Pyongyang."),
    /* 16 */ Tu2("zh", "我在北京工作。", "en", "I work in Beijing."),
    /* 17 */
    Tu("A long aid convoy finally reached Kherson after three days.",
       "Довга колона з допомогою нарешті дісталася Херсона за три дні."),
    /* 18 */ Tu("The convoy reached Sumy.", "Колона дісталася Сум."),
    /* 19 */ Tu("A convoy of buses reached Odesa at dawn.", "Колона автобусів дісталася Одеси."),
    /* 20 */ Tu("Another convoy reached Dnipro today.", "Ще одна колона дісталася Дніпра."),
    /* 21 */ Tu("The last convoy reached Poltava.", "Остання колона дісталася Полтави."),
};

class CliConcordanceTest : public ::testing::Test, protected StoreFixture {
 protected:
  void SetUp() override {
    std::string body;
    for (const std::string& tu : kUnits) body += tu;
    CommandResult r = Tmkit("import " + ShellQuote(Write("memory.tmx", TmxDocument(body))));
    ASSERT_EQ(0, r.exit_code) << r.err;
  }
  // `concordance TEXT EXTRA` run.
  CommandResult Concordance(const std::string& text, const std::string& extra = "") const {
    return Tmkit("concordance " + ShellQuote(text) + " " + extra);
  }
  // Its output; fails the test unless it succeeds.
  std::string Run(const std::string& text, const std::string& extra = "") const {
    CommandResult r = Concordance(text, extra);
    EXPECT_EQ(0, r.exit_code) << text << " " << extra << "\n" << r.err;
    return r.out;
  }
  // `concordance TEXT EXTRA --json`, parsed.
  Json RunJson(const std::string& text, const std::string& extra = "") const {
    std::string out = Run(text, extra + " --json");
    return out.empty() ? Json() : Json::Parse(out);
  }
  // The texts of the hits of `concordance TEXT EXTRA --json`, in order.
  std::vector<std::string> HitTexts(const std::string& text, const std::string& extra = "") const {
    std::vector<std::string> texts;
    const Json j = RunJson(text, extra);
    for (const Json& hit : j["hits"].items()) texts.push_back(hit["text"].str());
    return texts;
  }
};

using Lines = std::vector<std::string>;

bool Contains(const std::string& out, const std::string& part) {
  return out.find(part) != std::string::npos;
}

// --- Words in each script -------------------------------------------------------

TEST_F(CliConcordanceTest, FindsAnEnglishWordAndBracketsItWithoutATerminal) {
  std::string out = Run("Kharkiv");
  EXPECT_TRUE(Contains(out, "unit 3\n  en  Drones attacked [Kharkiv].\n")) << out;
  EXPECT_TRUE(Contains(out, "  uk  Атака дронів на Харків.\n")) << out;
  EXPECT_TRUE(Contains(out, "1 unit contains \"Kharkiv\"\n")) << out;
  EXPECT_FALSE(Contains(out, "\x1b[")) << "no colours without a terminal";
}

TEST_F(CliConcordanceTest, FindsAUkrainianWordWhateverItsCase) {
  std::string out = Run("ДРОНІВ");
  EXPECT_TRUE(Contains(out, "  uk  Атака [дронів] на Харків.\n")) << out;
  EXPECT_TRUE(Contains(out, "1 unit contains \"ДРОНІВ\"")) << out;
}

TEST_F(CliConcordanceTest, FindsAKoreanWordInsideAnEojeolWithoutLang) {
  std::string out = Run("평양");
  EXPECT_TRUE(Contains(out, "  ko  [평양]에서 미사일을 발사했다.\n")) << out;
  EXPECT_TRUE(Contains(out, "  en  A missile was launched from Pyongyang.\n")) << out;
}

// Chinese is indexed by characters as Korean is (fuzzy.h); without --lang
// each language is searched with the query cut the way it is indexed.
TEST_F(CliConcordanceTest, FindsAChineseWordWithoutLang) {
  ASSERT_EQ(HitTexts("北京", "--lang zh"), (Lines{"我在北京工作。"}));
  EXPECT_EQ(HitTexts("北京"), (Lines{"我在北京工作。"}));
}

// --- Whole words and phrases ------------------------------------------------------

TEST_F(CliConcordanceTest, MatchesWholeWordsOnly) {
  EXPECT_EQ(HitTexts("war"), (Lines{"The war goes on."}));
}

TEST_F(CliConcordanceTest, FindsAContiguousPhraseInOrder) {
  std::string out = Run("Donetsk Oblast");
  EXPECT_TRUE(Contains(out, "  en  Shelling hit [Donetsk Oblast] at night.\n")) << out;
  EXPECT_FALSE(Contains(out, "Oblast of Donetsk")) << out;
  EXPECT_TRUE(Contains(out, "1 unit contains \"Donetsk Oblast\"")) << out;
}

TEST_F(CliConcordanceTest, FindsAUkrainianPhrase) {
  EXPECT_EQ(HitTexts("донецьку область", "--lang uk"),
            (Lines{"Донецьку область обстріляли.", "Обстріл влучив у Донецьку область уночі."}));
}

// --- Accents ----------------------------------------------------------------------

TEST_F(CliConcordanceTest, AnUnaccentedQueryFindsTheAccentedWord) {
  Lines texts = HitTexts("cafe");
  EXPECT_NE(std::find(texts.begin(), texts.end(), "A café opened in Lviv."), texts.end());
}

TEST_F(CliConcordanceTest, AnAccentedQueryFindsTheUnaccentedWord) {
  Lines texts = HitTexts("café");
  EXPECT_NE(std::find(texts.begin(), texts.end(), "The cafe closed."), texts.end());
}

TEST_F(CliConcordanceTest, AQueryWithoutTheStressMarkFindsTheStressedWord) {
  std::string out = Run("народ");
  EXPECT_TRUE(Contains(out, "  uk  [Наро\u0301д] вирішує.\n")) << out;
}

TEST_F(CliConcordanceTest, ShortIAndYiAreNotFoldedToI) {
  EXPECT_TRUE(HitTexts("краи").empty());  // и for й
  EXPECT_TRUE(HitTexts("краі").empty());  // і for ї
  EXPECT_EQ(HitTexts("край"), (Lines{"Це наш край."}));
  EXPECT_EQ(HitTexts("краї"), (Lines{"Ці краї багаті."}));
}

// --- Ranking ----------------------------------------------------------------------

TEST_F(CliConcordanceTest, HitsWrittenAsTypedRankFirst) {
  EXPECT_EQ(HitTexts("cafe"), (Lines{"The cafe closed.", "A café opened in Lviv."}));
  EXPECT_EQ(HitTexts("café"), (Lines{"A café opened in Lviv.", "The cafe closed."}));
}

TEST_F(CliConcordanceTest, ShorterTextsRankBeforeLongerOnes) {
  EXPECT_EQ(
      HitTexts("convoy"),
      (Lines{"The convoy reached Sumy.", "The last convoy reached Poltava.",
             "Another convoy reached Dnipro today.", "A convoy of buses reached Odesa at dawn.",
             "A long aid convoy finally reached Kherson after three days."}));
}

// --- --lang -----------------------------------------------------------------------

TEST_F(CliConcordanceTest, WithoutLangBothSidesAreSearched) {
  Json j = RunJson("NATO");
  ASSERT_EQ(j["hits"].size(), 2u);
  EXPECT_EQ(j["hits"][0]["lang"].str(), "en");
  EXPECT_EQ(j["hits"][1]["lang"].str(), "uk");
}

TEST_F(CliConcordanceTest, LangRestrictsTheSearchToThatSide) {
  std::string out = Run("NATO", "--lang uk");
  EXPECT_TRUE(Contains(out, "unit 14\n  uk  Лідери [NATO] зустрілися.\n  en  NATO leaders met.\n"))
      << out;
  EXPECT_FALSE(Contains(out, "[NATO] leaders")) << out;
  EXPECT_TRUE(Contains(out, "1 unit contains \"NATO\"\n")) << out;
}

TEST_F(CliConcordanceTest, AnInvalidLangIsAUsageError) {
  CommandResult r = Concordance("NATO", "--lang 'e n'");
  EXPECT_EQ(2, r.exit_code) << r.out;
  EXPECT_TRUE(Contains(r.err, "BCP 47")) << r.err;
}

// The summary says how many units contain the text; a unit matching on both
// sides is one unit.
TEST_F(CliConcordanceTest, AUnitMatchingOnBothSidesIsCountedOnce) {
  std::string out = Run("NATO");
  EXPECT_TRUE(Contains(out, "1 unit contains \"NATO\"")) << out;
}

// --- Numbers by value ---------------------------------------------------------------

// Without --lang each language reads the query's number its own way: 11,000
// is eleven thousand in English and eleven in Ukrainian.
TEST_F(CliConcordanceTest, EachLanguageReadsTheQuerysNumberItsOwnWay) {
  std::string out = Run("11,000");
  EXPECT_TRUE(Contains(out, "  en  About [11,000] troops were moved.\n")) << out;
  EXPECT_TRUE(Contains(out, "  uk  Лишилося лише [11] солдатів.\n")) << out;
  EXPECT_FALSE(Contains(out, "[11 000]")) << out;
}

TEST_F(CliConcordanceTest, ANumberOfAnotherValueIsNeitherFoundNorCounted) {
  CommandResult r = Concordance("12,000");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_EQ(r.out, "no unit contains \"12,000\"\n");
  EXPECT_EQ(RunJson("12,000")["total"].num(), 0);
}

TEST_F(CliConcordanceTest, WithLangUkSpacedThousandsFindTheUkrainianText) {
  EXPECT_EQ(HitTexts("11 000", "--lang uk"), (Lines{"Близько 11 000 військових перекинули."}));
}

// With --lang the query is read as that language writes numbers: in uk the
// comma is the decimal separator, so 11,000 is eleven (placeables.h).
TEST_F(CliConcordanceTest, WithLangUkACommaIsTheDecimalSeparator) {
  EXPECT_EQ(HitTexts("11,000", "--lang uk"), (Lines{"Лишилося лише 11 солдатів."}));
}

// A query copied from the Ukrainian text finds that text.
TEST_F(CliConcordanceTest, SpacedThousandsWithoutLangFindTheUkrainianText) {
  Lines texts = HitTexts("11 000");
  EXPECT_NE(std::find(texts.begin(), texts.end(), "Близько 11 000 військових перекинули."),
            texts.end());
}

// --- Counting and --max ---------------------------------------------------------------

TEST_F(CliConcordanceTest, MaxLimitsTheShownHitsWhileTheTotalCountsAll) {
  std::string out = Run("convoy", "--max 2");
  size_t shown = 0;
  for (size_t at = out.find("unit "); at != std::string::npos; at = out.find("\nunit ", at + 1)) {
    ++shown;
  }
  EXPECT_EQ(shown, 2u) << out;
  EXPECT_TRUE(Contains(out, "5 units contain \"convoy\", 2 shown\n")) << out;
}

TEST_F(CliConcordanceTest, JsonTotalCountsAllHitsWhileMaxLimitsTheList) {
  Json j = RunJson("convoy", "--max 2");
  EXPECT_EQ(j["total"].num(), 5);
  EXPECT_EQ(j["hits"].size(), 2u);
  EXPECT_FALSE(j["total_is_estimate"].boolean());
}

// --- JSON -----------------------------------------------------------------------------

TEST_F(CliConcordanceTest, JsonHasTheDocumentedFields) {
  Json j = RunJson("Kharkiv");
  EXPECT_EQ(j["query"].str(), "Kharkiv");
  EXPECT_TRUE(j["lang"].is_null());
  EXPECT_EQ(j["total"].num(), 1);
  EXPECT_TRUE(j.has("total_is_estimate"));
  EXPECT_FALSE(j["total_is_estimate"].boolean());
  ASSERT_EQ(j["hits"].size(), 1u);
  const Json& hit = j["hits"][0];
  EXPECT_EQ(hit["unit"].num(), 3);
  EXPECT_EQ(hit["lang"].str(), "en");
  EXPECT_EQ(hit["text"].str(), "Drones attacked Kharkiv.");
  EXPECT_EQ(hit["start"].num(), 16);
  EXPECT_EQ(hit["end"].num(), 23);
  ASSERT_EQ(hit["translations"].size(), 1u);
  EXPECT_EQ(hit["translations"][0]["lang"].str(), "uk");
  EXPECT_EQ(hit["translations"][0]["text"].str(), "Атака дронів на Харків.");
  EXPECT_EQ(hit.fields().size(), 6u);
  EXPECT_EQ(j["units"].num(), 1);
  EXPECT_EQ(j.fields().size(), 6u);
}

TEST_F(CliConcordanceTest, JsonLangIsTheCanonicalTagGiven) {
  EXPECT_EQ(RunJson("NATO", "--lang UK")["lang"].str(), "uk");
}

TEST_F(CliConcordanceTest, JsonOffsetsCountCodePointsInCyrillicText) {
  Json j = RunJson("дронів");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["text"].str(), "Атака дронів на Харків.");
  EXPECT_EQ(j["hits"][0]["start"].num(), 6);  // not 11 (bytes)
  EXPECT_EQ(j["hits"][0]["end"].num(), 12);   // not 23 (bytes)
}

TEST_F(CliConcordanceTest, JsonOffsetsCountACombiningMarkAsACodePoint) {
  Json j = RunJson("народ");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["start"].num(), 0);
  EXPECT_EQ(j["hits"][0]["end"].num(), 6);  // Н а р о U+0301 д
}

TEST_F(CliConcordanceTest, JsonOffsetsCountHangulSyllables) {
  Json j = RunJson("미사일");
  ASSERT_EQ(j["hits"].size(), 1u);
  EXPECT_EQ(j["hits"][0]["start"].num(), 5);
  EXPECT_EQ(j["hits"][0]["end"].num(), 8);
}

TEST_F(CliConcordanceTest, JsonWhenNothingIsFoundHasNoHits) {
  Json j = RunJson("zeppelin");
  EXPECT_EQ(j["total"].num(), 0);
  EXPECT_TRUE(j["hits"].is_array());
  EXPECT_EQ(j["hits"].size(), 0u);
}

// --- What is not found, and errors ---------------------------------------------------

TEST_F(CliConcordanceTest, NothingFoundSaysNoUnitContainsAndSucceeds) {
  CommandResult r = Concordance("zeppelin");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_EQ(r.out, "no unit contains \"zeppelin\"\n");
}

TEST_F(CliConcordanceTest, NothingFoundInALanguageNamesIt) {
  CommandResult r = Concordance("Kharkiv", "--lang uk");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_EQ(r.out, "no unit contains \"Kharkiv\" in uk\n");
}

TEST_F(CliConcordanceTest, PunctuationOnlyQueryIsAUsageError) {
  CommandResult r = Concordance("...");
  EXPECT_EQ(2, r.exit_code) << r.out;
  EXPECT_TRUE(Contains(r.err, "punctuation alone is not indexed")) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(CliConcordanceTest, DeletedUnitIsNotFound) {
  CommandResult d = Tmkit("delete 6");
  ASSERT_EQ(0, d.exit_code) << d.err;
  CommandResult r = Concordance("war");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_EQ(r.out, "no unit contains \"war\"\n");
}

TEST_F(CliConcordanceTest, UnitsOfAFailedImportAreNotFound) {
  std::string truncated =
      TmxDocument(Tu("A zeppelin flew over Kyiv.", "Цепелін пролетів над Києвом.") +
                  Tu("Another zeppelin", "Ще"));
  truncated.resize(truncated.find("Another zeppelin") + 16);  // the file ends inside <seg>
  CommandResult imp = Tmkit("import " + ShellQuote(Write("bad.tmx", truncated)));
  ASSERT_NE(0, imp.exit_code) << imp.out;
  CommandResult r = Concordance("zeppelin");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_EQ(r.out, "no unit contains \"zeppelin\"\n");
}

TEST_F(CliConcordanceTest, WithoutAStoreFailsWithAHint) {
  CommandResult r = RunShell(TmkitCommand(Path("missing"), "concordance war"));
  EXPECT_EQ(1, r.exit_code) << r.out;
  EXPECT_TRUE(Contains(r.err, "import a file first")) << r.err;
}

}  // namespace
}  // namespace tmkit::testing
