#include "tmkit/core/fuzzy.h"

#include <gtest/gtest.h>

#include <random>

#include "tmkit/core/text.h"

namespace tmkit {
namespace {

std::vector<std::string> Tokens(const std::string& text, const std::string& lang) {
  return ScoringTokens(text, lang);
}

TEST(FuzzyTest, WordTokensDropSpacesAndPunctuation) {
  EXPECT_EQ(
      Tokens("Russian drones struck Kharkiv, officials said.", "en"),
      (std::vector<std::string>{"russian", "drones", "struck", "kharkiv", "officials", "said"}));
}

// Found by fuzz_tmx: a soft hyphen (U+00AD) or a zero-width joiner folds to
// an empty key, which the fuzzy index cannot store.
TEST(FuzzyTest, IgnorableCharactersAreNoTokens) {
  EXPECT_EQ(Tokens("\uD3C9\uC591\u00AD\uC5D0\uC11C", "ko"),
            (std::vector<std::string>{"\uD3C9", "\uC591", "\uC5D0", "\uC11C"}));
  EXPECT_EQ(Tokens("\u6771\u4EAC\u206D", "ja"), (std::vector<std::string>{"\u6771", "\u4EAC"}));
  EXPECT_TRUE(Tokens("\u200D\u00AD", "ko").empty());
  EXPECT_TRUE(Tokens("\u00AD", "en").empty());
}

TEST(FuzzyTest, PlaceablesAreOneTokenStandingForTheirKind) {
  EXPECT_EQ(Tokens("At least 11,000 people were injured.", "en"),
            (std::vector<std::string>{"at", "least", "\x01N", "people", "were", "injured"}));
  // Grouped with a space, as Ukrainian writes it: one number, not two.
  EXPECT_EQ(Tokens("Щонайменше 11 000 людей дістали поранення.", "uk"),
            (std::vector<std::string>{"щонайменше", "\x01N", "людей", "дістали", "поранення"}));
  EXPECT_EQ(Tokens("On October 23, 2024, 2.5% voted.", "en"),
            (std::vector<std::string>{"on", "\x01D", "\x01P", "voted"}));
}

TEST(FuzzyTest, TokensKnowWhereTheyAreInTheText) {
  std::string text = "Дрони атакували Харків.";
  std::vector<Token> tokens = Tokenize(text, "uk");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "Харків");
  EXPECT_EQ(tokens[2].key, "харків");
}

TEST(FuzzyTest, KoreanIsScoredByCharacters) {
  EXPECT_EQ(TokenUnitFor("ko"), TokenUnit::kCharacter);
  EXPECT_EQ(TokenUnitFor("ko-KR"), TokenUnit::kCharacter);
  EXPECT_EQ(TokenUnitFor("zh-Hant"), TokenUnit::kCharacter);
  EXPECT_EQ(TokenUnitFor("uk"), TokenUnit::kWord);
  EXPECT_EQ(Tokens("평양에서 발사.", "ko"),
            (std::vector<std::string>{"평", "양", "에", "서", "발", "사"}));
}

TEST(FuzzyTest, ScoresFollowTheDesignFormula) {
  // score = floor(100 × (1 − d / max(|a|, |b|))), 100 only for identical match keys.
  struct Case {
    const char* a;
    const char* b;
    const char* lang;
    int score;
  } cases[] = {
      // Identical, or identical match keys (case, width, whitespace).
      {"Rescuers worked through the night.", "Rescuers worked through the night.", "en", 100},
      {"Rescuers worked through the night.", "rescuers  worked through the NIGHT.", "en", 100},
      // Punctuation only: keys differ, no token does: 99.
      {"Rescuers worked through the night.", "Rescuers worked through the night!", "en", 99},
      // One word substituted: 8 tokens, d = 1: 100 × 7/8 = 87; 6 tokens: 100 × 5/6 = 83.
      {"The city lies 30 kilometres from the border.",
       "The town lies 30 kilometres from the border.", "en", 87},
      {"The quick brown fox jumps high.", "The quick brown dog jumps high.", "en", 83},
      // A number changed is not a word changed: placeables differ, 99 (the
      // lookup then adapts the number and applies its placeable penalty).
      {"At least 11 people were injured.", "At least 12 people were injured.", "en", 99},
      // A clause dropped: 7 tokens against 5, d = 2: 100 × 5/7 = 71.
      {"Rescuers worked through the night, officials said.", "Rescuers worked through the night.",
       "en", 71},
      // Ukrainian: one word of four differs: 100 × 3/4 = 75.
      {"Рятувальники працювали всю ніч.", "Рятувальники працювали цілу ніч.", "uk", 75},
      // Korean by characters: 평양에서 vs 평양 (2 of 4 characters).
      {"평양에서", "평양", "ko", 50},
      // One particle of ten characters: 100 × 9/10 = 90.
      {"미사일은 바다에 떨어졌다.", "미사일이 바다에 떨어졌다.", "ko", 90},
      // Nothing in common.
      {"Kyiv", "Pyongyang", "en", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FuzzyScore(c.a, c.b, c.lang), c.score) << c.a << " | " << c.b;
  }
}

TEST(FuzzyTest, ScoreIsSymmetric) {
  EXPECT_EQ(FuzzyScore("one two three four", "one three four", "en"),
            FuzzyScore("one three four", "one two three four", "en"));
}

TEST(FuzzyTest, BandedDistanceIsExactWithinTheBoundAndAboveItOtherwise) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> len(0, 12), word(0, 4);
  auto random_tokens = [&] {
    std::vector<std::string> t(len(rng));
    for (std::string& w : t) w = std::string(1, static_cast<char>('a' + word(rng)));
    return t;
  };
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::string> a = random_tokens(), b = random_tokens();
    int exact = TokenEditDistance(a, b);
    for (int bound = 0; bound <= 12; ++bound) {
      int banded = TokenEditDistance(a, b, bound);
      if (exact <= bound) {
        ASSERT_EQ(banded, exact) << "trial " << trial << " bound " << bound;
      } else {
        ASSERT_GT(banded, bound) << "trial " << trial << " bound " << bound;
      }
    }
  }
}

TEST(FuzzyTest, EditDistanceCountsInsertDeleteSubstitute) {
  using V = std::vector<std::string>;
  EXPECT_EQ(TokenEditDistance(V{}, V{}), 0);
  EXPECT_EQ(TokenEditDistance(V{"a", "b", "c"}, V{}), 3);
  EXPECT_EQ(TokenEditDistance(V{"a", "b", "c"}, V{"a", "x", "c"}), 1);
  EXPECT_EQ(TokenEditDistance(V{"a", "b", "c"}, V{"a", "c"}), 1);
  EXPECT_EQ(TokenEditDistance(V{"a", "b"}, V{"b", "a"}), 2);
}

}  // namespace
}  // namespace tmkit

namespace tmkit {
namespace {

TEST(FuzzyTest, TokenKeysAreTheMatchKeysOfTheirText) {
  // The fast paths (ASCII, basic Cyrillic, Hangul) agree with ICU's NFKC case fold.
  const char* texts[] = {"ҐАНОК Їжака ЄВРОПИ Ў ЁЛКА Київ ЗСУ з'єднання з’єднання мʼясо",
                         "СЪЕЗД Ѐ Ѝ ЂУРО Џеп Straße ΣΊΣΥΦΟΣ ﬁne", "북한은 평양에서 ＡＢＣ",
                         "Donetsk Oblast's 5th brigade"};
  const char* langs[] = {"uk", "ru", "ko", "en"};
  for (size_t i = 0; i < std::size(texts); ++i) {
    std::string text = texts[i];
    for (const Token& t : Tokenize(text, langs[i])) {
      if (t.placeable >= 0) continue;
      EXPECT_EQ(t.key, MatchKey(text.substr(t.begin, t.end - t.begin))) << text;
    }
  }
}

}  // namespace
}  // namespace tmkit
