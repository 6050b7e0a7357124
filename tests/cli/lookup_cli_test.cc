// End-to-end: `tmkit lookup` through the real build/tmkit on a store built
// from real TMX files — the project's sample (data/sample/kharkiv-article.tmx:
// en, uk, ko) and two of the shared samples listed in
// ../shared/data/formats/lists/valid.txt (okapi/tmx/mytm.tmx: 25 en-US → fr-FR
// sentences about elephants written by OmegaT; okapi/tmx/Paragraph_TM.tmx:
// en-us → de-de paragraphs with <ph> and <ut> codes). Scores follow
// doc/scoring.md; the core rules are tested in tests/core/lookup_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const std::string kMytm = SharedPath("data/formats/samples/okapi/tmx/mytm.tmx");
const std::string kParagraphs = SharedPath("data/formats/samples/okapi/tmx/Paragraph_TM.tmx");

constexpr char kBorder[] = "The city lies about 30 kilometres from the Russian border.";
constexpr char kBorder32[] = "The city lies about 32 kilometres from the Russian border.";
constexpr char kBorderUk[] =
    "Місто розташоване приблизно за 30 кілометрів від російського кордону.";
constexpr char kBorderUk32[] =
    "Місто розташоване приблизно за 32 кілометри від російського кордону.";

// The JSON lines of `out`, parsed.
std::vector<Json> JsonLines(const std::string& out) {
  std::vector<Json> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    if (end > start) lines.push_back(Json::Parse(out.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

// The '=' and '-' runs of a JSON diff, in order: the stored source.
std::string SourceOfDiff(const Json& diff) {
  std::string s;
  for (const Json& part : diff.items()) {
    if (part["op"].str() != "+") s += part["text"].str();
  }
  return s;
}

class CliLookupTest : public ::testing::Test, protected StoreFixture {
 protected:
  void SetUp() override {
    for (const std::string& file : {kSample, kMytm, kParagraphs}) {
      CommandResult r = Tmkit("import " + ShellQuote(file));
      ASSERT_EQ(0, r.exit_code) << file << ": " << r.err;
    }
  }
  // `lookup ARGS` run; fails the test unless it succeeds.
  std::string Run(const std::string& args) {
    CommandResult r = Tmkit("lookup " + args);
    EXPECT_EQ(0, r.exit_code) << args << "\n" << r.err;
    return r.out;
  }
  // `lookup TEXT --src SRC --tgt TGT EXTRA --json`, parsed.
  Json LookupJson(const std::string& text, const std::string& src, const std::string& tgt,
                  const std::string& extra = "") {
    std::string out =
        Run(ShellQuote(text) + " --src " + src + " --tgt " + tgt + " " + extra + " --json");
    return out.empty() ? Json() : Json::Parse(out);
  }
};

// --- Human output -------------------------------------------------------------

TEST_F(CliLookupTest, HumanOutputShowsTheScoreAndWordDiffMarkers) {
  std::string out = Run("'Big elephants cannot swim.' --src en --tgt fr");
  // 4 tokens, one substituted.
  EXPECT_NE(std::string::npos, out.find("75%")) << out;
  EXPECT_NE(std::string::npos, out.find("Big elephants cannot [-fly-]{+swim+}.")) << out;
  EXPECT_NE(std::string::npos, out.find("Les gros éléphants ne peuvent pas voler.")) << out;
  EXPECT_EQ(std::string::npos, out.find("\x1b[")) << "no colours without a terminal";
}

TEST_F(CliLookupTest, HumanOutputShowsAnAdaptedTargetAndWhyItScores99) {
  std::string out = Run(ShellQuote(kBorder32) + " --src en --tgt uk");
  EXPECT_NE(std::string::npos, out.find("99%")) << out;
  EXPECT_NE(std::string::npos, out.find("(differs in: placeables)")) << out;
  EXPECT_NE(std::string::npos, out.find("The city lies about [-30-]{+32+} kilometres")) << out;
  EXPECT_NE(std::string::npos, out.find(std::string(kBorderUk32) + "   [adapted]")) << out;
}

TEST_F(CliLookupTest, HumanOutputOfKoreanMarksCharactersWithoutSpaces) {
  std::string out = Run("'구조대원들이 밤새 작업했다.' --src ko --tgt en");
  // 12 characters, one substituted: 100 × 11/12.
  EXPECT_NE(std::string::npos, out.find("91%")) << out;
  EXPECT_NE(std::string::npos, out.find("구조대원들[-은-]{+이+} 밤새 작업했다.")) << out;
  EXPECT_NE(std::string::npos, out.find("Rescuers worked through the night.")) << out;
}

// Found by fuzz_query: a soft hyphen in a Korean query made lookup fail
// (an empty fuzzy-index key); it is ignored, as in the stored text.
TEST_F(CliLookupTest, KoreanQueryWithASoftHyphenStillMatches) {
  std::string out = Run("'구조대원들이 밤새\u00AD 작업했다.' --src ko --tgt en");
  EXPECT_NE(std::string::npos, out.find("Rescuers worked through the night.")) << out;
}

TEST_F(CliLookupTest, QueryWithoutMatchSaysNoMatchAndSucceeds) {
  CommandResult r = Tmkit("lookup 'Parliament adjourned until spring.' --src en --tgt uk");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("no match")) << r.out;
  Json j = LookupJson("Parliament adjourned until spring.", "en", "uk");
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(j["matches"].is_array());
  EXPECT_EQ(0u, j["matches"].size());
}

// --- JSON ----------------------------------------------------------------------

TEST_F(CliLookupTest, JsonMatchHasEveryField) {
  Json j = LookupJson("Big elephants cannot swim.", "en", "fr");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ("Big elephants cannot swim.", j["query"].str());
  EXPECT_TRUE(j["terms"].is_array());
  ASSERT_GE(j["matches"].size(), 1u);
  const Json& m = j["matches"][0];
  for (const char* field : {"score", "source", "target", "source_lang", "target_lang", "unit",
                            "origin", "adapted", "context", "penalties", "diff"}) {
    EXPECT_TRUE(m.has(field)) << field;
  }
  EXPECT_EQ(75, m["score"].num());
  EXPECT_EQ("Big elephants cannot fly.", m["source"].str());
  EXPECT_EQ("Les gros éléphants ne peuvent pas voler.", m["target"].str());
  EXPECT_EQ("en-US", m["source_lang"].str());
  EXPECT_EQ("fr-FR", m["target_lang"].str());
  EXPECT_EQ(kMytm, m["origin"].str());
  EXPECT_FALSE(m["adapted"].boolean());
  EXPECT_FALSE(m["context"].boolean());
  EXPECT_TRUE(m["penalties"].is_array());
  EXPECT_EQ(0u, m["penalties"].size());
  ASSERT_EQ(4u, m["diff"].size());
  EXPECT_EQ("-", m["diff"][1]["op"].str());
  EXPECT_EQ("fly", m["diff"][1]["text"].str());
  EXPECT_EQ("+", m["diff"][2]["op"].str());
  EXPECT_EQ("swim", m["diff"][2]["text"].str());
  EXPECT_EQ(m["source"].str(), SourceOfDiff(m["diff"]));
}

TEST_F(CliLookupTest, JsonOfAnAdaptedMatch) {
  Json j = LookupJson(kBorder32, "en", "uk");
  ASSERT_EQ(1u, j["matches"].size());
  const Json& m = j["matches"][0];
  EXPECT_EQ(99, m["score"].num());
  EXPECT_EQ(kBorder, m["source"].str());
  EXPECT_EQ(kBorderUk32, m["target"].str());
  EXPECT_TRUE(m["adapted"].boolean());
  ASSERT_EQ(1u, m["penalties"].size());
  EXPECT_EQ("placeables", m["penalties"][0].str());
  EXPECT_EQ(kBorder, SourceOfDiff(m["diff"]));
}

TEST_F(CliLookupTest, NoAdaptShowsTheStoredTargetAndCountsTheNumberAsAWord) {
  Json j = LookupJson(kBorder32, "en", "uk", "--no-adapt");
  ASSERT_EQ(1u, j["matches"].size());
  const Json& m = j["matches"][0];
  // 10 tokens, the number a substitution: 100 × 9/10.
  EXPECT_EQ(90, m["score"].num());
  EXPECT_EQ(kBorderUk, m["target"].str());
  EXPECT_FALSE(m["adapted"].boolean());
  ASSERT_EQ(1u, m["penalties"].size());
  EXPECT_EQ("placeables-not-adapted", m["penalties"][0].str());
}

TEST_F(CliLookupTest, StoredSentenceWithInlineCodesScores99ForPlainText) {
  // Paragraph_TM.tmx: "Touch Retry to <ut> ut content en</ut>resume the procedure."
  Json j = LookupJson("Touch Retry to resume the procedure.", "en", "de");
  ASSERT_EQ(1u, j["matches"].size());
  const Json& m = j["matches"][0];
  EXPECT_EQ(99, m["score"].num());
  EXPECT_EQ("de-DE", m["target_lang"].str());
  ASSERT_EQ(1u, m["penalties"].size());
  EXPECT_EQ("codes", m["penalties"][0].str());
}

TEST_F(CliLookupTest, TimingsAddMilliseconds) {
  Json j = LookupJson("Big elephants cannot swim.", "en", "fr", "--timings");
  EXPECT_TRUE(j["ms"].is_number());
  EXPECT_FALSE(LookupJson("Big elephants cannot swim.", "en", "fr").has("ms"));
}

TEST_F(CliLookupTest, MinAndMaxLimitTheMatches) {
  // "Big elephants cannot fly." is stored (100); "Elephants cannot fly." twice (75 and,
  // with a code in the source, 74).
  Json j = LookupJson("Big elephants cannot fly.", "en", "fr", "--min 50 --max 3");
  ASSERT_EQ(3u, j["matches"].size());
  EXPECT_EQ(100, j["matches"][0]["score"].num());
  EXPECT_EQ(75, j["matches"][1]["score"].num());
  EXPECT_EQ(74, j["matches"][2]["score"].num());
  EXPECT_EQ(1u, LookupJson("Big elephants cannot fly.", "en", "fr", "--min 76")["matches"].size());
  EXPECT_EQ(
      1u,
      LookupJson("Big elephants cannot fly.", "en", "fr", "--min 50 --max 1")["matches"].size());
}

// --- --file ----------------------------------------------------------------------

class CliLookupFileTest : public CliLookupTest {
 protected:
  // Three queries: an exact match, a fuzzy one, none.
  std::string Queries() {
    return Write("queries.txt",
                 "Elephants cannot fly.\n"
                 "Big elephants cannot swim.\n"
                 "Parliament adjourned until spring.\n");
  }
  void ExpectThreeLinesInOrder(const std::string& out) {
    std::vector<Json> lines = JsonLines(out);
    ASSERT_EQ(3u, lines.size()) << out;
    EXPECT_EQ("Elephants cannot fly.", lines[0]["query"].str());
    EXPECT_EQ(100, lines[0]["matches"][0]["score"].num());
    EXPECT_EQ("Les éléphants ne peuvent pas voler.", lines[0]["matches"][0]["target"].str());
    EXPECT_EQ("Big elephants cannot swim.", lines[1]["query"].str());
    EXPECT_EQ(75, lines[1]["matches"][0]["score"].num());
    EXPECT_EQ("Parliament adjourned until spring.", lines[2]["query"].str());
    EXPECT_EQ(0u, lines[2]["matches"].size());
    for (const Json& line : lines) {
      EXPECT_EQ("en", line["src"].str());
      EXPECT_EQ("fr", line["tgt"].str());
      EXPECT_TRUE(line["terms"].is_array());
    }
  }
};

TEST_F(CliLookupFileTest, GivesOneJsonLinePerQueryInInputOrder) {
  ExpectThreeLinesInOrder(Run("--file " + ShellQuote(Queries()) + " --src en --tgt fr"));
}

TEST_F(CliLookupFileTest, TwoThreadsKeepTheInputOrder) {
  std::string one = Run("--file " + ShellQuote(Queries()) + " --src en --tgt fr --threads 1");
  std::string two = Run("--file " + ShellQuote(Queries()) + " --src en --tgt fr --threads 2");
  ExpectThreeLinesInOrder(two);
  EXPECT_EQ(one, two);
}

TEST_F(CliLookupFileTest, FileAndTextTogetherAreAUsageError) {
  CommandResult r = Tmkit("lookup 'Elephants cannot fly.' --file " + ShellQuote(Queries()) +
                          " --src en --tgt fr");
  EXPECT_EQ(2, r.exit_code) << r.out;
}

// --- Context (--prev) -------------------------------------------------------------

class CliLookupContextTest : public ::testing::Test, protected StoreFixture {
 protected:
  void SetUp() override {
    std::string tmx =
        Write("context.tmx",
              TmxDocument(
                  "<tu><prop type=\"x-context-pre\">The attack damaged several houses.</prop>"
                  "<tuv xml:lang=\"en\"><seg>Rescuers worked through the night.</seg></tuv>"
                  "<tuv xml:lang=\"uk\"><seg>Рятувальники працювали всю ніч.</seg></tuv></tu>\n"));
    CommandResult r = Tmkit("import " + ShellQuote(tmx));
    ASSERT_EQ(0, r.exit_code) << r.err;
  }
  Json LookupWithPrev(const std::string& prev) {
    CommandResult r = Tmkit("lookup 'Rescuers worked through the night.' --src en --tgt uk --json" +
                            (prev.empty() ? "" : " --prev " + ShellQuote(prev)));
    EXPECT_EQ(0, r.exit_code) << r.err;
    return r.exit_code == 0 ? Json::Parse(r.out) : Json();
  }
};

TEST_F(CliLookupContextTest, PrevMatchingTheRecordedContextScores101) {
  Json j = LookupWithPrev("The attack damaged several houses.");
  ASSERT_EQ(1u, j["matches"].size());
  EXPECT_EQ(101, j["matches"][0]["score"].num());
  EXPECT_TRUE(j["matches"][0]["context"].boolean());

  CommandResult human = Tmkit(
      "lookup 'Rescuers worked through the night.' --src en --tgt uk"
      " --prev 'The attack damaged several houses.'");
  EXPECT_NE(std::string::npos, human.out.find("101%")) << human.out;
  EXPECT_NE(std::string::npos, human.out.find("(context match)")) << human.out;
}

TEST_F(CliLookupContextTest, OtherOrNoPrevScores100) {
  for (const std::string& prev : {std::string("The attack damaged a school."), std::string()}) {
    SCOPED_TRACE(prev);
    Json j = LookupWithPrev(prev);
    ASSERT_EQ(1u, j["matches"].size());
    EXPECT_EQ(100, j["matches"][0]["score"].num());
    EXPECT_FALSE(j["matches"][0]["context"].boolean());
  }
}

TEST_F(CliLookupContextTest, PrevWithFileIsAUsageError) {
  std::string queries = Write("q.txt", "Rescuers worked through the night.\n");
  CommandResult r = Tmkit("lookup --file " + ShellQuote(queries) +
                          " --src en --tgt uk --prev 'The attack damaged several houses.'");
  EXPECT_EQ(2, r.exit_code) << r.out;
}

// --- Usage errors -------------------------------------------------------------------

TEST_F(CliLookupTest, MinAbove101IsAUsageError) {
  CommandResult r = Tmkit("lookup 'Elephants cannot fly.' --src en --tgt fr --min 200");
  EXPECT_EQ(2, r.exit_code) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("--min")) << r.err;
}

TEST_F(CliLookupTest, MissingSrcIsAUsageError) {
  CommandResult r = Tmkit("lookup 'Elephants cannot fly.' --tgt fr");
  EXPECT_EQ(2, r.exit_code) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("--src")) << r.err;
}

}  // namespace
}  // namespace tmkit::testing
