// End-to-end: the translator's everyday round — import a TMX, see what the
// store holds, look sentences up, export, check the store — run through the
// real build/tmkit on the bundled sample (data/sample/kharkiv-article.tmx:
// 9 units, each in en, uk and ko; unit 3 carries <bpt>/<ept> link codes).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

constexpr char kRescuers[] = "Rescuers worked through the night.";
constexpr char kRescuersUk[] = "Рятувальники працювали всю ніч.";

class CliWorkflowTest : public ::testing::Test, protected StoreFixture {
 protected:
  void ImportSample() {
    CommandResult r = Tmkit("import " + ShellQuote(kSample));
    ASSERT_EQ(0, r.exit_code) << r.err;
  }
};

TEST_F(CliWorkflowTest, ImportSummarySaysHowManyUnitsWereReadAndAdded) {
  CommandResult r = Tmkit("import " + ShellQuote(kSample));
  ASSERT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("kharkiv-article.tmx: 9 units read, 9 added, 0 merged"))
      << r.out;
}

TEST_F(CliWorkflowTest, StatsJsonCountsUnitsPairsSizeAndSchema) {
  ImportSample();
  Json stats = Stats();
  ASSERT_TRUE(stats.is_object());
  EXPECT_EQ(9, stats["units"].num());
  EXPECT_GT(stats["store_bytes"].num(), 0);
  EXPECT_GE(stats["schema_version"].num(), 1);
  EXPECT_EQ(9, PairUnits(stats, "en", "uk"));
  EXPECT_EQ(9, PairUnits(stats, "en", "ko"));
}

TEST_F(CliWorkflowTest, StatsWithoutJsonIsReadableText) {
  ImportSample();
  CommandResult r = Tmkit("stats");
  ASSERT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("units")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("en → uk")) << r.out;
}

TEST_F(CliWorkflowTest, LookupOfAStoredSentenceScores100WithItsTranslation) {
  ImportSample();
  Json j = Lookup(kRescuers, "en", "uk");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(kRescuers, j["query"].str());
  EXPECT_EQ("en", j["src"].str());
  EXPECT_EQ("uk", j["tgt"].str());
  ASSERT_EQ(1u, j["matches"].size());
  const Json& m = j["matches"][0];
  EXPECT_EQ(100, m["score"].num());
  EXPECT_EQ(kRescuers, m["source"].str());
  EXPECT_EQ(kRescuersUk, m["target"].str());
  EXPECT_TRUE(j["terms"].is_array());
}

TEST_F(CliWorkflowTest, LookupForKoreanGivesTheKoreanVariantOfTheSameUnit) {
  ImportSample();
  Json j = Lookup(kRescuers, "en", "ko");
  ASSERT_EQ(1u, j["matches"].size());
  EXPECT_EQ(100, j["matches"][0]["score"].num());
  EXPECT_EQ("구조대원들은 밤새 작업했다.", j["matches"][0]["target"].str());
}

TEST_F(CliWorkflowTest, LookupThatDiffersOnlyInCaseScores99WithCasePenalty) {
  ImportSample();
  Json j = Lookup("rescuers worked through the night.", "en", "uk");
  ASSERT_EQ(1u, j["matches"].size());
  const Json& m = j["matches"][0];
  EXPECT_EQ(99, m["score"].num());
  EXPECT_EQ(kRescuersUk, m["target"].str());
  ASSERT_EQ(1u, m["penalties"].size());
  EXPECT_EQ("case", m["penalties"][0].str());
}

TEST_F(CliWorkflowTest, LookupWithRegionalSourceTagFindsLanguageOnlyUnits) {
  ImportSample();  // the sample's variants are tagged plain "en" and "uk"
  Json j = Lookup(kRescuers, "en-US", "uk");
  ASSERT_EQ(1u, j["matches"].size()) << "--src en-US must still find units stored as en";
  EXPECT_EQ(100, j["matches"][0]["score"].num());
  EXPECT_EQ(kRescuersUk, j["matches"][0]["target"].str());
}

TEST_F(CliWorkflowTest, LookupFilePrintsOneJsonLinePerQuery) {
  ImportSample();
  std::string queries = Write("queries.txt",
                              "Rescuers worked through the night.\n"
                              "The city lies about 30 kilometres from the Russian border.\n"
                              "A sentence nobody has translated.\n");
  CommandResult r = Tmkit("lookup --file " + ShellQuote(queries) + " --src en --tgt uk");
  ASSERT_EQ(0, r.exit_code) << r.err;
  std::vector<Json> lines;
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    if (end > start) lines.push_back(Json::Parse(r.out.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(3u, lines.size()) << r.out;
  EXPECT_EQ(kRescuers, lines[0]["query"].str());
  EXPECT_EQ(kRescuersUk, lines[0]["matches"][0]["target"].str());
  EXPECT_EQ("Місто розташоване приблизно за 30 кілометрів від російського кордону.",
            lines[1]["matches"][0]["target"].str());
  EXPECT_EQ(0u, lines[2]["matches"].size());
}

TEST_F(CliWorkflowTest, LookupWithoutMatchSaysSoAndSucceeds) {
  ImportSample();
  CommandResult r = Tmkit("lookup 'A sentence nobody has translated.' --src en --tgt uk");
  EXPECT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("no match")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("A sentence nobody has translated.")) << r.out;

  Json j = Lookup("A sentence nobody has translated.", "en", "uk");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(0u, j["matches"].size());
}

TEST_F(CliWorkflowTest, ExportValidatesAgainstTheTmx14Dtd) {
  ImportSample();
  std::string out = Path("all.tmx");
  CommandResult r = Tmkit("export -o " + ShellQuote(out));
  ASSERT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("9 units written")) << r.out;
  CommandResult lint = RunShell("xmllint --noout --nonet --dtdvalid " + ShellQuote(kTmx14Dtd) +
                                " " + ShellQuote(out));
  EXPECT_EQ(0, lint.exit_code) << lint.err;
}

TEST_F(CliWorkflowTest, ExportOfOnePairHoldsOnlyThoseTwoLanguages) {
  ImportSample();
  std::string out = Path("en-uk.tmx");
  CommandResult r = Tmkit("export -o " + ShellQuote(out) + " --src en --tgt uk");
  ASSERT_EQ(0, r.exit_code) << r.err;
  std::string tmx = ReadFile(out);
  std::multiset<std::string> langs;
  for (size_t at = tmx.find("xml:lang=\""); at != std::string::npos;
       at = tmx.find("xml:lang=\"", at + 1)) {
    size_t begin = at + 10;
    langs.insert(tmx.substr(begin, tmx.find('"', begin) - begin));
  }
  EXPECT_EQ(9u, langs.count("en"));
  EXPECT_EQ(9u, langs.count("uk"));
  EXPECT_EQ(18u, langs.size()) << "no other language may be written";
  // The source <tuv> comes first (consumers such as Translate Toolkit read by position).
  EXPECT_LT(tmx.find("xml:lang=\"en\""), tmx.find("xml:lang=\"uk\""));
  CommandResult lint = RunShell("xmllint --noout --nonet --dtdvalid " + ShellQuote(kTmx14Dtd) +
                                " " + ShellQuote(out));
  EXPECT_EQ(0, lint.exit_code) << lint.err;
}

TEST_F(CliWorkflowTest, ExportOfOnePairWritesTheRequestedSourceFirstWhateverTheUnitsDirection) {
  // A unit translated from Ukrainian into English (srclang="uk", uk <tuv> first).
  std::string uk_first =
      Write("uk-en.tmx", TmxDocument("<tu><tuv xml:lang=\"uk\"><seg>Один.</seg></tuv>"
                                     "<tuv xml:lang=\"en\"><seg>One.</seg></tuv></tu>\n",
                                     "uk"));
  ASSERT_EQ(0, Tmkit("import " + ShellQuote(uk_first)).exit_code);
  std::string out = Path("en-uk.tmx");
  ASSERT_EQ(0, Tmkit("export -o " + ShellQuote(out) + " --src en --tgt uk").exit_code);
  std::string tmx = ReadFile(out);
  EXPECT_NE(std::string::npos, tmx.find("srclang=\"en\"")) << tmx;
  size_t en = tmx.find("<seg>One.</seg>"), uk = tmx.find("<seg>Один.</seg>");
  ASSERT_NE(std::string::npos, en) << tmx;
  ASSERT_NE(std::string::npos, uk) << tmx;
  EXPECT_LT(en, uk) << "the requested source language is written first";
}

TEST_F(CliWorkflowTest, ExportKeepsInlineCodesAsTmxElements) {
  ImportSample();
  std::string out = Path("all.tmx");
  ASSERT_EQ(0, Tmkit("export -o " + ShellQuote(out)).exit_code);
  std::string tmx = ReadFile(out);
  EXPECT_NE(std::string::npos,
            tmx.find("<bpt i=\"1\" type=\"link\">&lt;a href=\"https://t.me/synegubov\"&gt;</bpt>"
                     "Telegram<ept i=\"1\">&lt;/a&gt;</ept>"))
      << "the link codes of unit 3 must be written back as they were read";
}

TEST_F(CliWorkflowTest, ExportedFileImportsIntoAFreshStoreWithTheSameContent) {
  ImportSample();
  std::string out = Path("all.tmx");
  ASSERT_EQ(0, Tmkit("export -o " + ShellQuote(out)).exit_code);
  StoreFixture other;
  CommandResult r = other.Tmkit("import " + ShellQuote(out));
  ASSERT_EQ(0, r.exit_code) << r.err;
  Json a = Stats(), b = other.Stats();
  EXPECT_EQ(a["units"].num(), b["units"].num());
  EXPECT_EQ(9, PairUnits(b, "en", "uk"));
  EXPECT_EQ(9, PairUnits(b, "en", "ko"));
  EXPECT_EQ(kRescuersUk, other.Lookup(kRescuers, "en", "uk")["matches"][0]["target"].str());
}

TEST_F(CliWorkflowTest, VerifyAfterImportFindsTheStoreConsistent) {
  ImportSample();
  CommandResult r = Tmkit("verify");
  EXPECT_EQ(0, r.exit_code) << r.out << r.err;
  EXPECT_NE(std::string::npos, r.out.find("ok")) << r.out;
}

// --- Duplicates -------------------------------------------------------------

TEST_F(CliWorkflowTest, ImportingTheSameFileTwiceAddsNothingAndMergesEveryUnit) {
  ImportSample();
  CommandResult r = Tmkit("import " + ShellQuote(kSample));
  ASSERT_EQ(0, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("9 units read, 0 added, 9 merged as duplicates"))
      << r.out;
  EXPECT_EQ(9, Units());
  EXPECT_EQ(0, Tmkit("verify").exit_code);
}

TEST_F(CliWorkflowTest, ImportJsonSummaryCountsAddedAndMerged) {
  ImportSample();
  CommandResult r = Tmkit("import --json " + ShellQuote(kSample));
  ASSERT_EQ(0, r.exit_code) << r.err;
  Json j = Json::Parse(r.out);
  ASSERT_EQ(1u, j["files"].size());
  const Json& f = j["files"][0];
  EXPECT_TRUE(f["ok"].boolean());
  EXPECT_EQ(0, f["added"].num());
  EXPECT_EQ(9, f["merged"].num());
}

}  // namespace
}  // namespace tmkit::testing
