// Lookups as doc/scoring.md specifies them: exact and fuzzy scores, each
// penalty and its points, placeable adaptation, 101 context matches, the diff
// to the query, and (property test) the fuzzy index finding exactly what an
// exhaustive scan finds. The tables of the fuzzy and adaptation tests are the
// worked examples of doc/scoring.md.
#include "tmkit/core/lookup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "test_util.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/text.h"

namespace tmkit {

// For readable failures (found by argument-dependent lookup, hence outside the
// anonymous namespace).
void PrintTo(const DiffPart& d, std::ostream* os) { *os << d.op << "\"" << d.text << "\""; }

namespace {

Segment S(const std::string& text) { return Segment{text, {}}; }

// A placeholder code (<ph/>) at byte `offset`.
InlineCode Ph(uint32_t offset) {
  return {.kind = CodeKind::kPlaceholder, .element = "ph", .data = {{"<br/>"}}, .offset = offset};
}

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
  with_code.codes.push_back(Ph(5));
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("Press Start."), with_code, &why), 99);
  EXPECT_EQ(why, std::vector<std::string>{"codes"});
}

TEST(ScoreExactTest, WidthDifferenceCountsAsCase) {
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("Ｋｙｉｖ is the capital."), S("Kyiv is the capital."), &why), 99);
  EXPECT_EQ(why, std::vector<std::string>{"case"});
}

TEST(ScoreExactTest, SeveralDifferencesStillScore99) {
  // On an identical match key the reasons are listed; the score is 99 whatever their number.
  Segment with_code = S("Press Start.");
  with_code.codes.push_back(Ph(5));
  std::vector<std::string> why;
  EXPECT_EQ(ScoreExact(S("press start."), with_code, &why), 99);
  EXPECT_EQ(why, (std::vector<std::string>{"case", "codes"}));
}

class LookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Store> s = Store::Open(dir_.path(), {});
    ASSERT_TRUE(s);
    store_.emplace(std::move(*s));
  }
  // Imports `units` as one file of format `format` ("tmx", "align").
  void AddFrom(const std::string& path, const std::string& format,
               std::vector<TranslationUnit> units) {
    ASSERT_TRUE(store_->Import({.origin_path = path, .origin_format = format},
                               [&](UnitSink& sink) -> Status {
                                 for (TranslationUnit& u : units) {
                                   if (Status s = sink.Add(u); !s) return s;
                                 }
                                 return {};
                               }));
  }
  void Add(std::vector<TranslationUnit> units) { AddFrom("t.tmx", "tmx", std::move(units)); }
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
  // Lookup of `text` with `options` (source and target languages filled in);
  // fails the test on an error.
  std::vector<Match> Find(const std::string& text, const std::string& src, const std::string& tgt,
                          LookupOptions options = {}) {
    return Find(S(text), src, tgt, std::move(options));
  }
  std::vector<Match> Find(const Segment& query, const std::string& src, const std::string& tgt,
                          LookupOptions options = {}) {
    options.source_lang = src;
    options.target_lang = tgt;
    Result<std::vector<Match>> m = Lookup(*store_, query, options);
    EXPECT_TRUE(m) << m.error().message;
    return m ? *m : std::vector<Match>{};
  }
  testing::TempDir dir_;
  std::optional<Store> store_;
};

using Penalties = std::vector<std::string>;

// --- Exact matches ----------------------------------------------------------

TEST_F(LookupTest, SeveralTranslationsAreEachShownNewestFirst) {
  Add({U({{"en", "Kyiv"}, {"uk", "Київ"}}, 100), U({{"en", "Kyiv"}, {"uk", "м. Київ"}}, 200)});
  std::vector<Match> m = Find("Kyiv", "en", "uk");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].target.text, "м. Київ");
  EXPECT_EQ(m[1].target.text, "Київ");
}

TEST_F(LookupTest, ExactScoreRanksAboveCaseDifference) {
  Add({U({{"en", "north korea"}, {"ko", "북한 (소문자)"}}),
       U({{"en", "North Korea"}, {"ko", "북한"}})});
  std::vector<Match> m = Find("North Korea", "en", "ko");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].score, 100);
  EXPECT_EQ(m[0].target.text, "북한");
  EXPECT_EQ(m[1].score, 99);
  EXPECT_EQ(m[1].penalties, Penalties{"case"});
}

TEST_F(LookupTest, MultilingualUnitServesAnyPairAndDirection) {
  Add({U({{"en", "Pyongyang"}, {"uk", "Пхеньян"}, {"ko", "평양"}})});
  std::vector<Match> m = Find("평양", "ko", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].target.text, "Пхеньян");
  EXPECT_EQ(m[0].source_lang, "ko");
}

TEST_F(LookupTest, MissingTargetLanguageGivesNoMatch) {
  Add({U({{"en", "Kharkiv"}, {"uk", "Харків"}})});
  EXPECT_TRUE(Find("Kharkiv", "en", "ko").empty());
}

TEST_F(LookupTest, BadLanguageIsInvalidArgument) {
  auto m = Lookup(*store_, S("x"), {.source_lang = "english!", .target_lang = "uk"});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(LookupTest, EmptyQueryIsInvalidArgument) {
  auto m = Lookup(*store_, S(" \t "), {.source_lang = "en", .target_lang = "uk"});
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::kInvalidArgument);
}

// --- Fuzzy matches: the formula ----------------------------------------------

// score = floor(100 × (1 − d / max(|a|, |b|))) over word tokens (en, uk) or
// characters (ko); at most 99 when the match keys differ. doc/scoring.md,
// "Worked examples".
struct FuzzyCase {
  const char* src;
  const char* tgt;
  const char* stored;
  const char* translation;
  const char* query;
  int score;
};

const FuzzyCase kFuzzyCases[] = {
    // 8 tokens, one substituted: 100 × 7/8 = 87 (30 is the same number in both).
    {"en", "uk", "The city lies 30 kilometres from the border.",
     "Місто розташоване за 30 кілометрів від кордону.",
     "The town lies 30 kilometres from the border.", 87},
    // 4 tokens, one substituted: 75.
    {"en", "fr", "Big elephants cannot fly.", "Les gros éléphants ne peuvent pas voler.",
     "Big elephants cannot swim.", 75},
    // A clause more in the stored text: 7 tokens against 5, d = 2: 100 × 5/7 = 71.
    {"en", "uk", "Rescuers worked through the night, officials said.",
     "Рятувальники працювали всю ніч, повідомили посадовці.", "Rescuers worked through the night.",
     71},
    // One word more in the query: 6 against 5, d = 1: 100 × 5/6 = 83.
    {"en", "uk", "Drones struck Kharkiv on Friday.", "Дрони атакували Харків у п'ятницю.",
     "Drones struck Kharkiv early on Friday.", 83},
    // Ukrainian: one word of four: 75; one of seven: 100 × 6/7 = 85.
    {"uk", "en", "Рятувальники працювали всю ніч.", "Rescuers worked through the night.",
     "Рятувальники працювали цілу ніч.", 75},
    {"uk", "en", "Російські дрони вночі атакували Харків, повідомили посадовці.",
     "Russian drones struck Kharkiv overnight, officials said.",
     "Російські дрони вночі атакували Одесу, повідомили посадовці.", 85},
    // Korean by characters: one particle of ten: 90; of twelve: 100 × 11/12 = 91.
    {"ko", "en", "미사일은 바다에 떨어졌다.", "The missile fell into the sea.",
     "미사일이 바다에 떨어졌다.", 90},
    {"ko", "uk", "구조대원들은 밤새 작업했다.", "Рятувальники працювали всю ніч.",
     "구조대원들이 밤새 작업했다.", 91},
    // 평양에서 "in Pyongyang" against 평양: 2 of 4 characters: 50.
    {"ko", "en", "평양에서", "in Pyongyang", "평양", 50},
};

TEST_F(LookupTest, FuzzyMatchesAreFoundAndScoredByTheFormula) {
  std::vector<TranslationUnit> units;
  for (const FuzzyCase& c : kFuzzyCases)
    units.push_back(U({{c.src, c.stored}, {c.tgt, c.translation}}));
  Add(units);
  for (const FuzzyCase& c : kFuzzyCases) {
    SCOPED_TRACE(c.query);
    std::vector<Match> m = Find(c.query, c.src, c.tgt, {.min_score = 1, .max_results = 50});
    auto it =
        std::find_if(m.begin(), m.end(), [&](const Match& x) { return x.source.text == c.stored; });
    ASSERT_NE(it, m.end()) << "not found: " << c.stored;
    EXPECT_EQ(it->score, c.score);
    EXPECT_EQ(it->score, FuzzyScore(c.stored, c.query, c.src)) << "the lookup agrees with fuzzy.h";
    EXPECT_EQ(it->target.text, c.translation);
    EXPECT_TRUE(it->penalties.empty());
    EXPECT_FALSE(it->adapted);
  }
}

TEST_F(LookupTest, PunctuationOnlyDifferenceScores99WithoutPenalty) {
  Add({U(
      {{"en", "Rescuers worked through the night."}, {"uk", "Рятувальники працювали всю ніч."}})});
  std::vector<Match> m = Find("Rescuers worked through the night!", "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 99);
  EXPECT_TRUE(m[0].penalties.empty());
  EXPECT_FALSE(m[0].adapted);
}

TEST_F(LookupTest, MinScoreDropsWeakerMatches) {
  Add({U({{"en", "Big elephants cannot fly."}, {"fr", "Les gros éléphants ne peuvent pas voler."}}),
       U({{"en", "Big elephants cannot swim."},
          {"fr", "Les gros éléphants ne savent pas nager."}})});
  // The query scores 100 with one and 75 with the other.
  EXPECT_EQ(Find("Big elephants cannot swim.", "en", "fr", {.min_score = 75}).size(), 2u);
  std::vector<Match> m = Find("Big elephants cannot swim.", "en", "fr", {.min_score = 76});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 100);
  EXPECT_TRUE(Find("Big elephants cannot walk.", "en", "fr", {.min_score = 76}).empty());
}

TEST_F(LookupTest, MaxResultsKeepsTheBest) {
  Add({U({{"en", "one two three four five"}, {"uk", "а"}}),
       U({{"en", "one two three four six"}, {"uk", "б"}}),
       U({{"en", "one two three seven eight"}, {"uk", "в"}})});
  std::vector<Match> m = Find("one two three four five", "en", "uk", {.min_score = 50});
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].score, 100);
  EXPECT_EQ(m[1].score, 80);
  EXPECT_EQ(m[2].score, 60);
  m = Find("one two three four five", "en", "uk", {.min_score = 50, .max_results = 2});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].target.text, "а");
  EXPECT_EQ(m[1].target.text, "б");
}

TEST_F(LookupTest, MatchIsFoundWhenManyCloserTextsLackTheTargetLanguage) {
  std::vector<TranslationUnit> units;
  for (int i = 0; i < 60; ++i) {
    std::string tag = {static_cast<char>('a' + i % 26), static_cast<char>('a' + i / 26)};
    units.push_back(U({{"en",
                        "Drones struck the city of Kharkiv overnight, officials said on "
                        "Friday " +
                            tag + "."},
                       {"fr", "Des drones ont frappé Kharkiv " + tag + "."}}));
  }
  units.push_back(U({{"en", "Drones struck the city of Odesa overnight, officials said on Monday."},
                     {"uk", "Дрони вночі атакували Одесу, повідомили в понеділок посадовці."}}));
  Add(units);
  // 11 tokens, two substituted: 100 × 9/11 = 81 ≥ 70 (the en–fr texts score 91).
  std::vector<Match> m =
      Find("Drones struck the city of Kharkiv overnight, officials said on Friday.", "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 81);
}

// --- Placeables ----------------------------------------------------------------

// A match that differs from the query only in placeables scores 100 − 1 (the
// "placeables" penalty) and its target gets the query's values.
struct AdaptCase {
  const char* src;
  const char* tgt;
  const char* stored;
  const char* translation;
  const char* query;
  const char* adapted;
};

const AdaptCase kAdaptCases[] = {
    // en → uk: the unit word is re-inflected for the new number (30 кілометрів, 32 кілометри).
    {"en", "uk", "The city lies about 30 kilometres from the Russian border.",
     "Місто розташоване приблизно за 30 кілометрів від російського кордону.",
     "The city lies about 32 kilometres from the Russian border.",
     "Місто розташоване приблизно за 32 кілометри від російського кордону."},
    // en → ko: a date and a number.
    {"en", "ko",
     "Ukraine's air force said it shot down 37 of the 52 drones launched on October 23.",
     "우크라이나 공군은 10월 23일 발사된 드론 52대 가운데 37대를 격추했다고 밝혔다.",
     "Ukraine's air force said it shot down 40 of the 52 drones launched on October 24.",
     "우크라이나 공군은 10월 24일 발사된 드론 52대 가운데 40대를 격추했다고 밝혔다."},
    // uk → en: a number grouped with a no-break space, written back with a comma.
    {"uk", "en", "Ракета пролетіла близько 1\u00a0000 кілометрів, перш ніж упасти в море.",
     "The missile flew about 1,000 kilometres before landing in the sea.",
     "Ракета пролетіла близько 1\u00a0200 кілометрів, перш ніж упасти в море.",
     "The missile flew about 1,200 kilometres before landing in the sea."},
};

TEST_F(LookupTest, PlaceableOnlyDifferenceScores99AndAdaptsTheTarget) {
  std::vector<TranslationUnit> units;
  for (const AdaptCase& c : kAdaptCases)
    units.push_back(U({{c.src, c.stored}, {c.tgt, c.translation}}));
  Add(units);
  for (const AdaptCase& c : kAdaptCases) {
    SCOPED_TRACE(c.query);
    std::vector<Match> m = Find(c.query, c.src, c.tgt);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].score, 99);
    EXPECT_EQ(m[0].penalties, Penalties{"placeables"});
    EXPECT_TRUE(m[0].adapted);
    EXPECT_EQ(m[0].target.text, c.adapted);
    EXPECT_EQ(m[0].source.text, c.stored) << "the source is shown as stored";
  }
}

TEST_F(LookupTest, PlaceablePenaltyAddsToAWordDifference) {
  Add({U({{"en", kAdaptCases[0].stored}, {"uk", kAdaptCases[0].translation}})});
  // 10 tokens, one word substituted: 90; the number adapted: one point off.
  std::vector<Match> m =
      Find("The town lies about 32 kilometres from the Russian border.", "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 89);
  EXPECT_EQ(m[0].penalties, Penalties{"placeables"});
  EXPECT_TRUE(m[0].adapted);
  EXPECT_EQ(m[0].target.text, kAdaptCases[0].adapted);
}

TEST_F(LookupTest, WithoutAdaptationEachChangedPlaceableCountsAsAWord) {
  Add({U({{"en", kAdaptCases[0].stored}, {"uk", kAdaptCases[0].translation}})});
  std::vector<Match> m = Find(kAdaptCases[0].query, "en", "uk", {.adapt = false});
  ASSERT_EQ(m.size(), 1u);
  // 10 tokens, the number a substitution: 100 × 9/10.
  EXPECT_EQ(m[0].score, 90);
  EXPECT_EQ(m[0].penalties, Penalties{"placeables-not-adapted"});
  EXPECT_FALSE(m[0].adapted);
  EXPECT_EQ(m[0].target.text, kAdaptCases[0].translation);
}

TEST_F(LookupTest, PlaceableMissingFromTheTargetIsNotAdapted) {
  // The target does not write the number: nothing to rewrite.
  Add({U({{"en", "The city lies about 30 kilometres from the Russian border."},
          {"uk", "Місто розташоване неподалік від російського кордону."}})});
  std::vector<Match> m = Find(kAdaptCases[0].query, "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 90);
  EXPECT_EQ(m[0].penalties, Penalties{"placeables-not-adapted"});
  EXPECT_FALSE(m[0].adapted);
  EXPECT_EQ(m[0].target.text, "Місто розташоване неподалік від російського кордону.");
}

// --- Codes ---------------------------------------------------------------------

TEST_F(LookupTest, CodesDifferingInAFuzzyMatchCostAPoint) {
  TranslationUnit u =
      U({{"en", "Press Start to begin the test."}, {"uk", "Натисніть Start, щоб почати."}});
  u.variants[0].segment.codes.push_back(Ph(5));
  Add({u});
  // 6 tokens, one substituted: 83; the query has no code: 82.
  std::vector<Match> m = Find("Press Start to begin the game.", "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 82);
  EXPECT_EQ(m[0].penalties, Penalties{"codes"});
}

TEST_F(LookupTest, SameCodesInAFuzzyMatchCostNothing) {
  TranslationUnit u =
      U({{"en", "Press Start to begin the test."}, {"uk", "Натисніть Start, щоб почати."}});
  u.variants[0].segment.codes.push_back(Ph(5));
  Add({u});
  Segment query = S("Press Start to begin the game.");
  query.codes.push_back(Ph(5));
  std::vector<Match> m = Find(query, "en", "uk");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 83);
  EXPECT_TRUE(m[0].penalties.empty());
}

// --- Multiple translations -----------------------------------------------------

TEST_F(LookupTest, DifferentTranslationsOfOneSourceAreEachShownAPointLower) {
  Add({U({{"en", "Kyiv is the capital."}, {"uk", "Київ — столиця."}}, 100),
       U({{"en", "Kyiv is the capital."}, {"uk", "Київ є столицею."}}, 200)});
  std::vector<Match> m = Find("Kyiv is the capital.", "en", "uk");
  ASSERT_EQ(m.size(), 2u);
  for (const Match& x : m) {
    EXPECT_EQ(x.score, 99) << x.target.text;
    EXPECT_EQ(x.penalties, Penalties{"multiple-translations"}) << x.target.text;
  }
  std::set<std::string> targets = {m[0].target.text, m[1].target.text};
  EXPECT_EQ(targets, (std::set<std::string>{"Київ — столиця.", "Київ є столицею."}));
}

TEST_F(LookupTest, DifferentTranslationsOfAFuzzySourceAreEachMarked) {
  Add({U({{"en", "Kyiv is the capital of Ukraine."}, {"uk", "Київ — столиця України."}}, 100),
       U({{"en", "Kyiv is the capital of Ukraine."}, {"uk", "Київ є столицею України."}}, 200)});
  // 6 tokens, one substituted: 83, less a point each.
  std::vector<Match> m = Find("Kyiv is the capital of Europe.", "en", "uk");
  ASSERT_EQ(m.size(), 2u);
  for (const Match& x : m) {
    EXPECT_EQ(x.score, 82) << x.target.text;
    EXPECT_EQ(x.penalties, Penalties{"multiple-translations"}) << x.target.text;
  }
}

TEST_F(LookupTest, SameTranslationTwiceIsNotMultiple) {
  // Two units (different notes keep them apart) with one translation.
  TranslationUnit a = U({{"en", "Kyiv is the capital."}, {"uk", "Київ — столиця."}}, 100);
  TranslationUnit b = U({{"en", "Kyiv is the capital."}, {"uk", "Київ — столиця."}}, 200);
  b.notes.push_back({.text = "checked"});
  Add({a, b});
  for (const Match& x : Find("Kyiv is the capital.", "en", "uk")) {
    EXPECT_EQ(x.score, 100);
    EXPECT_TRUE(x.penalties.empty());
  }
}

// --- Alignment -----------------------------------------------------------------

TEST_F(LookupTest, AlignedUnitLosesThePenaltyAndRanksBelowAnEqualHumanUnit) {
  AddFrom("aligned.tsv", "align",
          {U({{"en", "Kyiv is the capital."}, {"uk", "Київ — столиця."}}, 300)});
  AddFrom("human.tmx", "tmx",
          {U({{"en", "Kyiv was a capital."}, {"uk", "Київ був столицею."}}, 100)});
  // Both score 75 by their tokens (4, one substituted); the aligned one is newer
  // and would come first without its penalty.
  std::vector<Match> m = Find("Kyiv was the capital.", "en", "uk", {.min_score = 50});
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].origin, "human.tmx");
  EXPECT_EQ(m[0].score, 75);
  EXPECT_TRUE(m[0].penalties.empty());
  EXPECT_EQ(m[1].origin, "aligned.tsv");
  EXPECT_EQ(m[1].score, 74);
  EXPECT_EQ(m[1].penalties, Penalties{"alignment"});
}

TEST_F(LookupTest, AlignmentPenaltyIsConfigurable) {
  AddFrom("aligned.tsv", "align", {U({{"en", "Kyiv is the capital."}, {"uk", "Київ — столиця."}})});
  struct {
    int points;
    int score;
    Penalties penalties;
  } cases[] = {{1, 99, {"alignment"}}, {5, 95, {"alignment"}}, {0, 100, {}}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.points);
    std::vector<Match> m =
        Find("Kyiv is the capital.", "en", "uk", {.alignment_penalty = c.points});
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].score, c.score);
    EXPECT_EQ(m[0].penalties, c.penalties);
  }
}

// --- Context (101) -------------------------------------------------------------

class LookupContextTest : public LookupTest {
 protected:
  void SetUp() override {
    LookupTest::SetUp();
    TranslationUnit u = U(
        {{"en", "Rescuers worked through the night."}, {"uk", "Рятувальники працювали всю ніч."}});
    u.props.push_back({.type = "x-context-pre", .text = "The attack damaged several houses."});
    Add({u, U({{"en", "Rescuers worked all day."}, {"uk", "Рятувальники працювали весь день."}})});
  }
};

TEST_F(LookupContextTest, SameTextAndSamePreviousSegmentScores101) {
  struct {
    const char* previous;
    int score;
  } cases[] = {
      {"The attack damaged several houses.", 101},
      {"the attack damaged  SEVERAL houses.", 101},  // compared by match key
      {"The attack damaged a school.", 100},
      {"", 100},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.previous);
    std::vector<Match> m =
        Find("Rescuers worked through the night.", "en", "uk", {.previous = c.previous});
    ASSERT_FALSE(m.empty());
    EXPECT_EQ(m[0].score, c.score);
    EXPECT_EQ(m[0].context, c.score == 101);
    EXPECT_TRUE(m[0].penalties.empty());
  }
}

TEST_F(LookupContextTest, UnitWithoutRecordedContextStays100) {
  std::vector<Match> m = Find("Rescuers worked all day.", "en", "uk",
                              {.previous = "The attack damaged several houses."});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].score, 100);
  EXPECT_FALSE(m[0].context);
}

TEST_F(LookupTest, AnAlignedUnitsContextMatchLosesOnlyTheAlignmentPenalty) {
  TranslationUnit u =
      U({{"en", "Rescuers worked through the night."}, {"uk", "Рятувальники працювали всю ніч."}});
  u.props.push_back({.type = "x-context-pre", .text = "The attack damaged several houses."});
  AddFrom("article.en.txt + article.uk.txt", "align", {u});
  std::vector<Match> m = Find("Rescuers worked through the night.", "en", "uk",
                              {.previous = "The attack damaged several houses."});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 100);
  EXPECT_TRUE(m[0].context);
  EXPECT_EQ(m[0].penalties, Penalties{"alignment"});
}

TEST_F(LookupTest, OmegaTPrevPropIsAContextToo) {
  TranslationUnit u =
      U({{"en", "Rescuers worked through the night."}, {"uk", "Рятувальники працювали всю ніч."}});
  u.props.push_back({.type = "prev", .text = "The attack damaged several houses."});
  Add({u});
  std::vector<Match> m = Find("Rescuers worked through the night.", "en", "uk",
                              {.previous = "The attack damaged several houses."});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].score, 101);
  EXPECT_TRUE(m[0].context);
}

TEST_F(LookupTest, PlaceableOnlyDifferenceWithTheSamePreviousSegmentStays99) {
  TranslationUnit u = U({{"en", kAdaptCases[0].stored}, {"uk", kAdaptCases[0].translation}});
  u.props.push_back({.type = "x-context-pre", .text = "Kharkiv is a big city."});
  Add({u});
  std::vector<Match> m =
      Find(kAdaptCases[0].query, "en", "uk", {.previous = "Kharkiv is a big city."});
  ASSERT_EQ(m.size(), 1u);
  // 101 is for the same text; this one differs in a number.
  EXPECT_EQ(m[0].score, 99);
  EXPECT_FALSE(m[0].context);
  EXPECT_EQ(m[0].penalties, Penalties{"placeables"});
}

TEST_F(LookupContextTest, FuzzyMatchNeverScores101) {
  std::vector<Match> m = Find("Rescuers worked through the night!", "en", "uk",
                              {.previous = "The attack damaged several houses."});
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0].score, 99);
  EXPECT_FALSE(m[0].context);
}

// --- The diff ------------------------------------------------------------------

// The '=' and '-' runs, in order: they spell the stored source.
std::string SourceOf(const std::vector<DiffPart>& diff) {
  std::string s;
  for (const DiffPart& d : diff) {
    if (d.op != '+') s += d.text;
  }
  return s;
}

std::string Ops(const std::vector<DiffPart>& diff) {
  std::string s;
  for (const DiffPart& d : diff) s += d.op;
  return s;
}

struct DiffCase {
  const char* lang;
  const char* stored;
  const char* query;
  std::vector<DiffPart> diff;
};

TEST(DiffToQueryTest, RunsSpellTheSourceAndPlusHoldsTheQuerysWords) {
  const DiffCase cases[] = {
      // Substitution.
      {"en",
       "Big elephants cannot fly.",
       "Big elephants cannot swim.",
       {{'=', "Big elephants cannot "}, {'-', "fly"}, {'+', "swim"}, {'=', "."}}},
      // Insertion: the query has words the source lacks.
      {"en",
       "Drones struck Kharkiv on Friday.",
       "Drones struck Kharkiv early on Friday.",
       {{'=', "Drones struck Kharkiv"}, {'+', "early"}, {'=', " on Friday."}}},
      // Deletion: source words the query lacks, with the text between them.
      {"en",
       "Rescuers worked through the night, officials said.",
       "Rescuers worked through the night.",
       {{'=', "Rescuers worked through the night, "}, {'-', "officials said"}, {'=', "."}}},
      // Two words replaced by one.
      {"uk",
       "Рятувальники працювали всю ніч.",
       "Рятувальники відпочивали.",
       {{'=', "Рятувальники "}, {'-', "працювали всю ніч"}, {'+', "відпочивали"}, {'=', "."}}},
      // Korean, by characters: the particle alone.
      {"ko",
       "미사일은 바다에 떨어졌다.",
       "미사일이 바다에 떨어졌다.",
       {{'=', "미사일"}, {'-', "은"}, {'+', "이"}, {'=', " 바다에 떨어졌다."}}},
      // A placeable with another value is a change in the diff.
      {"en",
       "At least 11 people were injured.",
       "At least 12 people were injured.",
       {{'=', "At least "}, {'-', "11"}, {'+', "12"}, {'=', " people were injured."}}},
  };
  for (const DiffCase& c : cases) {
    SCOPED_TRACE(c.query);
    std::vector<DiffPart> diff = DiffToQuery(c.query, c.stored, c.lang);
    EXPECT_EQ(diff, c.diff) << Ops(diff);
    EXPECT_EQ(SourceOf(diff), c.stored);
  }
}

TEST(DiffToQueryTest, IdenticalTextsAreOneEqualRun) {
  std::vector<DiffPart> diff = DiffToQuery("Rescuers worked.", "Rescuers worked.", "en");
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0], (DiffPart{'=', "Rescuers worked."}));
}

TEST(DiffToQueryTest, KoreanInsertionIsNotSpaced) {
  std::vector<DiffPart> diff = DiffToQuery("평양에서", "평양", "ko");
  EXPECT_EQ(diff, (std::vector<DiffPart>{{'=', "평양"}, {'+', "에서"}}));
}

TEST_F(LookupTest, MatchCarriesTheDiffToTheQuery) {
  Add({U(
      {{"en", "Big elephants cannot fly."}, {"fr", "Les gros éléphants ne peuvent pas voler."}})});
  std::vector<Match> m = Find("Big elephants cannot swim.", "en", "fr");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].diff,
            (std::vector<DiffPart>{
                {'=', "Big elephants cannot "}, {'-', "fly"}, {'+', "swim"}, {'=', "."}}));
}

// --- Property: the index finds what a scan finds ------------------------------

// For random stores without placeables, codes or repeated sources (so that no
// penalty applies), Lookup with min_score θ returns exactly the units whose
// token score against the query is ≥ θ, each with that score (99 at most
// unless the texts are the same), as a brute-force scan over Store::ForEach
// computes it.
void CheckLookupEqualsScan(const std::string& lang, const std::vector<std::string>& vocabulary,
                           const std::string& separator, uint32_t seed) {
  testing::TempDir dir;
  Result<Store> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> word(0, vocabulary.size() - 1);
  std::uniform_int_distribution<int> length(2, 12);
  auto sentence = [&] {
    std::string s;
    for (int i = 0, n = length(rng); i < n; ++i) s += (i ? separator : "") + vocabulary[word(rng)];
    return s + ".";
  };
  // A few hundred distinct sources; half of them edits of others so that many score high.
  std::set<std::string> sources;
  std::vector<std::string> list;
  while (list.size() < 300) {
    std::string s;
    if (list.empty() || rng() % 2) {
      s = sentence();
    } else {
      std::vector<std::string> tokens = ScoringTokens(list[rng() % list.size()], lang);
      size_t at = rng() % tokens.size();
      switch (rng() % 3) {
        case 0:
          tokens[at] = vocabulary[word(rng)];
          break;
        case 1:
          tokens.insert(tokens.begin() + at, vocabulary[word(rng)]);
          break;
        default:
          if (tokens.size() > 1) tokens.erase(tokens.begin() + at);
      }
      for (size_t i = 0; i < tokens.size(); ++i) s += (i ? separator : "") + tokens[i];
      s += ".";
    }
    if (sources.insert(s).second) list.push_back(s);
  }
  ASSERT_TRUE(store->Import({.origin_path = "random.tmx"}, [&](UnitSink& sink) -> Status {
    for (size_t i = 0; i < list.size(); ++i) {
      TranslationUnit u;
      u.source_lang = lang;
      u.variants.push_back({.lang = lang, .segment = S(list[i])});
      u.variants.push_back({.lang = "fr",
                            .segment = S("traduction " + std::string(1, 'a' + i % 26) +
                                         std::string(1, 'a' + i / 26 % 26))});
      if (Status s = sink.Add(u); !s) return s;
    }
    return {};
  }));
  std::uniform_int_distribution<int> threshold(30, 100);
  size_t fuzzy_found = 0;  // matches below 100: the index did some work
  for (int trial = 0; trial < 150; ++trial) {
    // Queries: stored texts, edits of them, and new sentences.
    std::string query = trial % 3 == 0 ? list[rng() % list.size()] : sentence();
    if (trial % 3 == 1) query = list[rng() % list.size()] + separator + vocabulary[word(rng)];
    const int theta = threshold(rng);
    SCOPED_TRACE("query \"" + query + "\" θ " + std::to_string(theta));
    const std::vector<std::string> q = ScoringTokens(query, lang);
    std::map<uint64_t, int> expected;
    ASSERT_TRUE(store->ForEach([&](const TranslationUnit& u) -> Status {
      const std::string& text = u.variants[0].segment.text;
      std::vector<std::string> t = ScoringTokens(text, lang);
      int score =
          MatchKey(text) == MatchKey(query)
              ? 100
              : std::min(99, ScoreFromDistance(TokenEditDistance(q, t), static_cast<int>(q.size()),
                                               static_cast<int>(t.size())));
      if (score >= theta) expected[u.id] = score;
      return {};
    }));
    Result<std::vector<Match>> m =
        Lookup(*store, S(query),
               {.source_lang = lang, .target_lang = "fr", .min_score = theta, .max_results = 1000});
    ASSERT_TRUE(m);
    std::map<uint64_t, int> found;
    for (const Match& x : *m) {
      EXPECT_TRUE(x.penalties.empty()) << x.source.text;
      found[x.unit_id] = x.score;
      if (x.score < 100) ++fuzzy_found;
    }
    EXPECT_EQ(found, expected);
    EXPECT_TRUE(std::is_sorted(m->begin(), m->end(),
                               [](const Match& a, const Match& b) { return a.score > b.score; }));
  }
  EXPECT_GT(fuzzy_found, 100u) << "the random queries should find many fuzzy matches";
}

TEST(LookupPropertyTest, EnglishLookupReturnsExactlyWhatAScanScoresAboveTheMinimum) {
  CheckLookupEqualsScan("en",
                        {"kyiv", "kharkiv", "drones", "struck", "the", "city", "at", "night",
                         "rescuers", "worked", "officials", "said", "a", "missile"},
                        " ", 7);
}

TEST(LookupPropertyTest, KoreanLookupReturnsExactlyWhatAScanScoresAboveTheMinimum) {
  // Characters are the tokens: random syllables, words of one or two.
  CheckLookupEqualsScan("ko", {"평", "양", "에", "서", "미사일", "바다", "은", "이", "드론"}, "",
                        11);
}

}  // namespace
}  // namespace tmkit
