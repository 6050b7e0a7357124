// End-to-end: `tmkit align` through the real build/tmkit on the project's
// sample article (data/sample/zaporizhzhia-article.*, en/uk/ko, hand-aligned
// gold beside it). What README "tmkit align" promises: the gold links, the
// vecalign, TSV and TMX outputs, the HTML report, --import with origin,
// confidence and context, and clear errors. The search itself is tested in
// tests/core/align_test.cc.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const std::string kArticle = std::string(TMKIT_SOURCE_DIR) + "/data/sample/zaporizhzhia-article";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class AlignCliTest : public ::testing::Test, public StoreFixture {
 protected:
  // `tmkit align` of the sample's English with its `lang` translation.
  CommandResult Align(const std::string& lang, const std::string& args, bool presegmented = false) {
    std::string ext = presegmented ? ".sent.txt" : ".txt";
    return Tmkit("align " + ShellQuote(kArticle + ".en" + ext) + " " +
                 ShellQuote(kArticle + "." + lang + ext) + " --src en --tgt " + lang +
                 (presegmented ? " --presegmented " : " ") + args);
  }
};

TEST_F(AlignCliTest, PresegmentedSampleGivesTheHandAlignedLinks) {
  for (const std::string lang : {"uk", "ko"}) {
    std::string links = Path(lang + ".links");
    CommandResult r = Align(lang, "--links " + ShellQuote(links), /*presegmented=*/true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Lines(ReadFile(links)), Lines(ReadFile(kArticle + ".en-" + lang + ".gold"))) << lang;
  }
}

TEST_F(AlignCliTest, LinksAreWrittenInVecalignFormat) {
  std::string links = Path("uk.links");
  ASSERT_EQ(Align("uk", "--links " + ShellQuote(links)).exit_code, 0);
  std::regex link(R"(\[(\d+(, \d+)*)?\]:\[(\d+(, \d+)*)?\])");
  std::vector<std::string> lines = Lines(ReadFile(links));
  ASSERT_GT(lines.size(), 15u);
  for (const std::string& line : lines) EXPECT_TRUE(std::regex_match(line, link)) << line;
}

TEST_F(AlignCliTest, TranslatorsJoinsAndSplitsBecomeManyToOneLinks) {
  std::string tsv = Path("uk.tsv");
  ASSERT_EQ(Align("uk", "--out " + ShellQuote(tsv)).exit_code, 0);
  std::string out = ReadFile(tsv);
  // Two English sentences, one Ukrainian sentence (2-1) ...
  EXPECT_NE(out.find("All six are now in cold shutdown. They still need a steady supply of power"),
            std::string::npos);
  // ... and one English sentence, two Ukrainian ones (1-2).
  EXPECT_NE(out.find("обстріляли дорогу до місця пошкодження. Через це ремонт поки що неможливий.\t"),
            std::string::npos)
      << out;
}

TEST_F(AlignCliTest, TsvHasSourceTargetAndConfidence) {
  std::string tsv = Path("ko.tsv");
  ASSERT_EQ(Align("ko", "--out " + ShellQuote(tsv)).exit_code, 0);
  std::vector<std::string> lines = Lines(ReadFile(tsv));
  ASSERT_GT(lines.size(), 15u);
  for (const std::string& line : lines) {
    std::vector<std::string> cols;
    std::istringstream in(line);
    for (std::string c; std::getline(in, c, '\t');) cols.push_back(c);
    ASSERT_EQ(cols.size(), 3u) << line;
    EXPECT_FALSE(cols[0].empty());
    EXPECT_FALSE(cols[1].empty());
    double confidence = std::stod(cols[2]);
    EXPECT_GE(confidence, 0.0);
    EXPECT_LE(confidence, 1.0);
  }
}

TEST_F(AlignCliTest, TmxOutputIsValidAndKeepsConfidenceAndContext) {
  std::string tmx = Path("uk.tmx");
  ASSERT_EQ(Align("uk", "--out " + ShellQuote(tmx)).exit_code, 0);
  CommandResult lint = RunShell("xmllint --noout --dtdvalid " + ShellQuote(kTmx14Dtd) + " " +
                                ShellQuote(tmx));
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  std::string text = ReadFile(tmx);
  EXPECT_NE(text.find("<prop type=\"x-align-confidence\">"), std::string::npos);
  EXPECT_NE(text.find("<prop type=\"x-context-pre\">"), std::string::npos);
}

TEST_F(AlignCliTest, ReportIsOneSelfContainedHtmlPage) {
  std::string html = Path("report.html");
  CommandResult r = Align("ko", "--report " + ShellQuote(html));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string page = ReadFile(html);
  EXPECT_NE(page.find("<html"), std::string::npos);
  EXPECT_NE(page.find("Zaporizhzhia Oblast Governor Serhii Tkachenko"), std::string::npos);
  EXPECT_NE(page.find("트카첸코"), std::string::npos);
  EXPECT_EQ(page.find("src=\"http"), std::string::npos);
  EXPECT_EQ(page.find("href=\"http"), std::string::npos);
}

TEST_F(AlignCliTest, ImportStoresPairsAsAlignedUnitsWithTheirContext) {
  CommandResult r = Align("uk", "--import");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported"), std::string::npos);
  Json hit = Lookup("The line was hit at 7:30 a.m. near Enerhodar, the town where most of the "
                    "plant's staff live.",
                    "en", "uk");
  ASSERT_GE(hit["matches"].size(), 1u) << r.out;
  const Json& best = hit["matches"][0];
  EXPECT_EQ(best["score"].num(), 99);  // 100 less the alignment penalty
  EXPECT_NE(best["target"].str().find("Енергодар"), std::string::npos);
  bool penalised = false;
  for (const Json& p : best["penalties"].items()) penalised |= p.str() == "alignment";
  EXPECT_TRUE(penalised);
  // The previous source sentence is kept: a context match.
  CommandResult context = Tmkit(
      "lookup --json --src en --tgt uk "
      "--prev \"A Russian strike cut the last backup power line to the Zaporizhzhia nuclear "
      "power plant early on Monday, Ukrainian officials said.\" "
      "\"The line was hit at 7:30 a.m. near Enerhodar, the town where most of the plant's staff "
      "live.\"");
  ASSERT_EQ(context.exit_code, 0) << context.err;
  Json parsed = Json::Parse(context.out);
  const Json& with_context = parsed["matches"][0];
  EXPECT_TRUE(with_context["context"].boolean()) << context.out;
  EXPECT_EQ(with_context["score"].num(), 100);  // 101 less the alignment penalty
}

TEST_F(AlignCliTest, ACorrectedTsvCanBeImported) {
  std::string tsv = Path("pairs.tsv");
  ASSERT_EQ(Align("uk", "--out " + ShellQuote(tsv)).exit_code, 0);
  CommandResult r = Tmkit("import " + ShellQuote(tsv) + " --src en --tgt uk");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(static_cast<size_t>(Units()), Lines(ReadFile(tsv)).size());
}

TEST_F(AlignCliTest, JsonListsEveryLinkWithConfidenceFlagsAndTexts) {
  CommandResult r = Align("ko", "--json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::Parse(r.out);
  EXPECT_EQ(j["src"].str(), "en");
  EXPECT_EQ(j["tgt"].str(), "ko");
  ASSERT_GT(j["links"].size(), 15u);
  bool omitted = false;
  for (const Json& link : j["links"].items()) {
    EXPECT_TRUE(link["confidence"].is_number());
    EXPECT_TRUE(link["flags"].is_array());
    if (link["tgt"].size() == 0) {
      omitted = true;
      EXPECT_EQ(link["flags"][0].str(), "unaligned");
      EXPECT_EQ(link["source"].str(), "The IAEA did not say who fired.");
    }
  }
  EXPECT_TRUE(omitted) << "the Korean translation leaves one sentence out";
}

TEST_F(AlignCliTest, WithoutOutputsThePairsArePrintedForReading) {
  CommandResult r = Align("uk", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[0]:[0]  1-1"), std::string::npos);
  EXPECT_NE(r.out.find("  > Російський удар"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("links ("), std::string::npos);
}

TEST_F(AlignCliTest, TheTermBaseIsADictionary) {
  std::string tbx =
      Write("g.tbx", TbxDocument(TbxEntry("c1", TbxLang("en", TbxTerm("power line")) +
                                                    TbxLang("uk", TbxTerm("лінія електропередачі")))));
  ASSERT_EQ(Tmkit("term import " + ShellQuote(tbx)).exit_code, 0);
  std::string en = Write("en.txt", "The backup power line was cut.\n");
  std::string uk = Write("uk.txt", "Резервну лінію електропередачі перерізали.\n");
  CommandResult r = Tmkit("align " + ShellQuote(en) + " " + ShellQuote(uk) + " --src en --tgt uk --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::Parse(r.out);
  bool found = false;
  for (const Json& e : j["links"][0]["evidence"].items()) {
    found |= e.str() == "power line \u2194 лінію електропередачі";
  }
  EXPECT_TRUE(found) << r.out;
}

TEST_F(AlignCliTest, AMissingFileIsNamed) {
  CommandResult r = Tmkit("align " + ShellQuote(Path("nope.txt")) + " " +
                          ShellQuote(kArticle + ".uk.txt") + " --src en --tgt uk");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nope.txt"), std::string::npos) << r.err;
}

TEST_F(AlignCliTest, TextThatIsNotUtf8IsRefusedWithItsLine) {
  std::string bad = Write("bad.txt", "First line.\nSecond \xff\xfe line.\n");
  CommandResult r =
      Tmkit("align " + ShellQuote(bad) + " " + ShellQuote(kArticle + ".uk.txt") + " --src en --tgt uk");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.txt:2"), std::string::npos) << r.err;
}

TEST_F(AlignCliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Align("uk", "--out pairs.docx").exit_code, 2);
  CommandResult r = Tmkit("align " + ShellQuote(kArticle + ".en.txt") + " " +
                          ShellQuote(kArticle + ".uk.txt") + " --src 'e n' --tgt uk");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--src"), std::string::npos) << r.err;
  EXPECT_EQ(Tmkit("align " + ShellQuote(kArticle + ".en.txt")).exit_code, 2);
}

}  // namespace
}  // namespace tmkit::testing
