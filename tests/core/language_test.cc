#include "tmkit/core/language.h"

#include <gtest/gtest.h>

namespace tmkit {
namespace {

TEST(LanguageTest, NormalizeGivesCanonicalCase) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"en", "en"},
      {"EN-US", "en-US"},
      {"eN-uS", "en-US"},
      {"es_es", "es-ES"},
      {"zh-hant-tw", "zh-Hant-TW"},
      {"sr-latn", "sr-Latn"},
      {"fR-Ca", "fr-CA"},
      {"uk", "uk"},
      {" ko ", "ko"},
      {"*all*", "*all*"},
      {"de-CH-1996", "de-CH-1996"},
      {"en-x-ABC", "en-x-abc"},
  };
  for (const Case& c : cases) {
    Result<std::string> r = NormalizeLanguageTag(c.in);
    ASSERT_TRUE(r) << c.in << ": " << r.error().message;
    EXPECT_EQ(*r, c.out) << c.in;
  }
}

TEST(LanguageTest, MalformedTagIsInvalidInput) {
  for (const char* bad :
       {"", "en--US", "english-united-states-of-america", "e", "en US", "zh-Hant-"}) {
    Result<std::string> r = NormalizeLanguageTag(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find("BCP 47"), std::string::npos);
  }
}

TEST(LanguageTest, GenericTagFindsRegionalVariants) {
  EXPECT_TRUE(LanguageMatches("en", "en-US"));
  EXPECT_TRUE(LanguageMatches("en", "en-GB"));
  EXPECT_TRUE(LanguageMatches("EN", "en-us"));
  EXPECT_TRUE(LanguageMatches("zh", "zh-Hant-TW"));
}

TEST(LanguageTest, RegionalTagFindsGenericButNotOtherRegions) {
  EXPECT_TRUE(LanguageMatches("en-US", "en"));
  EXPECT_TRUE(LanguageMatches("en-US", "EN-US"));
  EXPECT_FALSE(LanguageMatches("en-US", "en-GB"));
  EXPECT_FALSE(LanguageMatches("zh-Hans", "zh-Hant"));
}

TEST(LanguageTest, PrefixMustEndOnSubtagBoundary) {
  EXPECT_FALSE(LanguageMatches("e", "en"));
  EXPECT_FALSE(LanguageMatches("en", "eng"));
  EXPECT_FALSE(LanguageMatches("*all*", "en"));
}

TEST(LanguageTest, ExactTagRanksBeforePrefix) {
  EXPECT_EQ(LanguageMatchQuality("en-US", "en-us"), 2);
  EXPECT_EQ(LanguageMatchQuality("en", "en-US"), 1);
  EXPECT_EQ(LanguageMatchQuality("en", "fr"), 0);
}

TEST(LanguageTest, PrimaryLanguageIsLowerCase) {
  EXPECT_EQ(PrimaryLanguage("EN-US"), "en");
  EXPECT_EQ(PrimaryLanguage("uk"), "uk");
  EXPECT_EQ(PrimaryLanguage("zh_Hant"), "zh");
}

}  // namespace
}  // namespace tmkit
