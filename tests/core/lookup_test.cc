#include "tmkit/core/lookup.h"

#include <gtest/gtest.h>

#include <optional>

#include "test_util.h"

namespace tmkit {
namespace {

Segment S(const std::string& text) { return Segment{text, {}}; }

TEST(ScoreExactTest, IdenticalTextScores100) {
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("Kyiv is the capital."), S("Kyiv is the capital."), &why), 100);
  EXPECT_TRUE(why.empty());
}

TEST(ScoreExactTest, WhitespaceOnlyDifferenceScores100) {
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("Kyiv  is the capital. "), S("Kyiv is the capital."), &why), 100);
}

TEST(ScoreExactTest, CaseDifferenceScores99) {
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("kyiv is the capital."), S("Kyiv is the capital."), &why), 99);
  EXPECT_EQ(why, std::vector<std::string>{"case"});
}

TEST(ScoreExactTest, CodeDifferenceScores99) {
  Segment with_code = S("Press Start.");
  with_code.codes.push_back(
      {.kind = CodeKind::kPlaceholder, .element = "ph", .data = {{"<br/>"}}, .offset = 5});
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("Press Start."), with_code, &why), 99);
  EXPECT_EQ(why, std::vector<std::string>{"codes"});
}

class LookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Store> s = Store::Open(dir_.path(), {});
    ASSERT_TRUE(s);
    store_.emplace(std::move(*s));
  }
  void Add(std::vector<TranslationUnit> units) {
    ASSERT_TRUE(store_->Import({.origin_path = "t.tmx"}, [&](UnitSink& sink) -> Status {
      for (TranslationUnit& u : units) {
        if (Status s = sink.Add(u); !s) return s;
      }
      return {};
    }));
  }
  static TranslationUnit U(std::vector<std::pair<std::string, std::string>> variants,
                           int64_t date = kNoDate) {
    TranslationUnit u;
    u.source_lang = variants[0].first;
    u.provenance.change_date = date;
    for (auto& [lang, text] : variants) {
      u.variants.push_back(Variant{.lang = lang, .segment = S(text)});
    }
    return u;
  }
  testing::TempDir dir_;
  std::optional<Store> store_;
};

TEST_F(LookupTest, SeveralTranslationsAreEachShownNewestFirst) {
  Add({U({{"en", "Kyiv"}, {"uk", "Київ"}}, 100), U({{"en", "Kyiv"}, {"uk", "м. Київ"}}, 200)});
  Result<std::vector<Match>> m =
      Lookup(*store_, S("Kyiv"), {.source_lang = "en", .target_lang = "uk"});
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].target.text, "м. Київ");
  EXPECT_EQ((*m)[1].target.text, "Київ");
}

TEST_F(LookupTest, ExactScoreRanksAboveCaseDifference) {
  Add({U({{"en", "north korea"}, {"ko", "북한 (소문자)"}}),
       U({{"en", "North Korea"}, {"ko", "북한"}})});
  Result<std::vector<Match>> m =
      Lookup(*store_, S("North Korea"), {.source_lang = "en", .target_lang = "ko"});
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].score, 100);
  EXPECT_EQ((*m)[0].target.text, "북한");
  EXPECT_EQ((*m)[1].score, 99);
}

TEST_F(LookupTest, MultilingualUnitServesAnyPairAndDirection) {
  Add({U({{"en", "Pyongyang"}, {"uk", "Пхеньян"}, {"ko", "평양"}})});
  auto m = Lookup(*store_, S("평양"), {.source_lang = "ko", .target_lang = "uk"});
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].target.text, "Пхеньян");
  EXPECT_EQ((*m)[0].source_lang, "ko");
}

TEST_F(LookupTest, MissingTargetLanguageGivesNoMatch) {
  Add({U({{"en", "Kharkiv"}, {"uk", "Харків"}})});
  EXPECT_TRUE(Lookup(*store_, S("Kharkiv"), {.source_lang = "en", .target_lang = "ko"})->empty());
}

TEST_F(LookupTest, MinScoreAndMaxResultsApply) {
  Add({U({{"en", "Kyiv"}, {"uk", "Київ"}}), U({{"en", "KYIV"}, {"uk", "КИЇВ"}})});
  auto m = Lookup(*store_, S("Kyiv"), {.source_lang = "en", .target_lang = "uk", .min_score = 100});
  ASSERT_EQ(m->size(), 1u);
  m = Lookup(*store_, S("Kyiv"), {.source_lang = "en", .target_lang = "uk", .max_results = 1});
  EXPECT_EQ(m->size(), 1u);
}

TEST_F(LookupTest, BadLanguageIsInvalidArgument) {
  auto m = Lookup(*store_, S("x"), {.source_lang = "english!", .target_lang = "uk"});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace tmkit
