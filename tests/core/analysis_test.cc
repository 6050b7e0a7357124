// Match analysis: words per ICU boundaries (CJK by character), the bands of a
// hand-checked file, repetitions counted once, weights.
#include "tmkit/core/analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/store_fixture.h"

namespace tmkit::testing {
namespace {

TEST(CountWordsTest, WordsAreLettersAndNumbersNotPunctuation) {
  EXPECT_EQ(CountWords("Hello, world!", "en"), 2u);
  EXPECT_EQ(CountWords("Rescuers evacuated 40 residents, officials said.", "en"), 6u);
  EXPECT_EQ(CountWords("Київ — столиця України.", "uk"), 3u);
  EXPECT_EQ(CountWords("서울에서 회의가 열렸다.", "ko"), 3u);  // Korean words are spaced
  EXPECT_EQ(CountWords("", "en"), 0u);
  EXPECT_EQ(CountWords(" — ", "en"), 0u);
}

TEST(CountWordsTest, IdeographsAndKanaCountOneWordEach) {
  EXPECT_EQ(CountWords("我爱北京", "zh"), 4u);
  EXPECT_EQ(CountWords("東京都に住んでいます", "ja"), 10u);
  EXPECT_EQ(CountWords("iPhone 15を買った", "ja"), 6u);  // iPhone, 15, を, 買, っ, た
}

TEST(CountCharactersTest, CodePointsWithoutWhiteSpace) {
  EXPECT_EQ(CountCharacters("a b"), 2u);
  EXPECT_EQ(CountCharacters("Київ, 2024"), 9u);
  EXPECT_EQ(CountCharacters("\t\n "), 0u);
}

class AnalysisTest : public StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    TranslationUnit river = Pair("en", "The river flooded the village.", "uk", "Річка затопила село.");
    river.props.push_back({.type = "x-context-pre", .text = "Heavy rain fell overnight."});
    Add({river,
         Pair("en", "The mayor declared a state of emergency.", "uk",
              "Мер оголосив надзвичайний стан."),
         Pair("en", "Rescuers evacuated 40 residents from the area.", "uk",
              "Рятувальники евакуювали 40 мешканців з району.")});
  }
  static std::vector<AnalysisSegment> File() {
    return {
        {{"Heavy rain fell overnight.", {}}, ""},                                     // no match, 4 words
        {{"The river flooded the village.", {}}, "Heavy rain fell overnight."},        // 101, 5
        {{"The mayor declared a state of emergency.", {}}, "The river flooded the village."},  // 100, 7
        {{"The mayor declared a state of emergency on Monday.", {}}, ""},              // fuzzy, 9
        {{"The river flooded the village.", {}}, "The mayor declared a state of emergency."},  // rep, 5
        {{"Rescuers evacuated 40 residents from the area.", {}}, ""},                  // 100, 7
    };
  }
  const AnalysisBand& Band(const Analysis& a, const std::string& name) {
    for (const AnalysisBand& b : a.bands) {
      if (b.name == name) return b;
    }
    ADD_FAILURE() << "no band " << name;
    return a.bands.front();
  }
};

TEST_F(AnalysisTest, AHandCheckedFileFallsIntoItsBands) {
  Result<Analysis> a = Analyze(*store_, File(), {.source_lang = "en", .target_lang = "uk"});
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->segments, 6u);
  EXPECT_EQ(a->words, 4u + 5 + 7 + 9 + 5 + 7);
  EXPECT_EQ(Band(*a, "no match").segments, 1u);
  EXPECT_EQ(Band(*a, "no match").words, 4u);
  EXPECT_EQ(Band(*a, "101").segments, 1u);
  EXPECT_EQ(Band(*a, "101").words, 5u);
  EXPECT_EQ(Band(*a, "100").segments, 2u);
  EXPECT_EQ(Band(*a, "100").words, 14u);
  EXPECT_EQ(Band(*a, "repetitions").segments, 1u);
  EXPECT_EQ(Band(*a, "repetitions").words, 5u);
  // Two words added to seven: 100 × (1 − 2/9) = 77.
  EXPECT_EQ(a->scores[3], 77);
  EXPECT_EQ(Band(*a, "75-84").segments, 1u);
  EXPECT_EQ(Band(*a, "75-84").characters, CountCharacters("The mayor declared a state of emergency on Monday."));
  // Default weights: rep 0.1, 101 0, 100 0.1, 75–84 0.8, no match 1.
  EXPECT_DOUBLE_EQ(a->weighted_words, 5 * 0.1 + 0 + 14 * 0.1 + 9 * 0.8 + 4 * 1.0);
}

TEST_F(AnalysisTest, BandsAndWeightsAreConfigurable) {
  AnalysisOptions o{.source_lang = "en", .target_lang = "uk", .fuzzy_floors = {70}};
  o.weights = {{"70-99", 0.5}};
  Result<Analysis> a = Analyze(*store_, File(), o);
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(Band(*a, "70-99").segments, 1u);
  EXPECT_EQ(Band(*a, "no match").max_score, 69);
  // Bands not named weigh 1.
  EXPECT_DOUBLE_EQ(a->weighted_words, 5 + 5 + 14 + 9 * 0.5 + 4);
}

TEST_F(AnalysisTest, BadFloorsAndMissingLanguagesAreRefused) {
  EXPECT_FALSE(Analyze(*store_, File(), {.source_lang = "en"}).has_value());
  EXPECT_FALSE(
      Analyze(*store_, File(), {.source_lang = "en", .target_lang = "uk", .fuzzy_floors = {100}})
          .has_value());
  EXPECT_FALSE(
      Analyze(*store_, File(), {.source_lang = "en", .target_lang = "uk", .fuzzy_floors = {80, 80}})
          .has_value());
}

}  // namespace
}  // namespace tmkit::testing
