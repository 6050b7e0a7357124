// End-to-end: `tmkit check FILE|--store` through the real build/tmkit, with a
// TBX glossary imported into a temporary store and a TMX (and a TSV) written
// here. The checks themselves are tested in tests/glossaries/qa_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const std::string kTbx = TbxDocument(
    TbxEntry("donetsk-oblast", TbxLang("en", TbxTerm("Donetsk Oblast", "preferredTerm-admn-sts")) +
                                   TbxLang("uk", TbxTerm("Донецька область"))) +
    TbxEntry("kyiv", TbxLang("en", TbxTerm("Kyiv", "preferredTerm-admn-sts") +
                                       TbxTerm("Kiev", "supersededTerm-admn-sts")) +
                         TbxLang("uk", TbxTerm("Київ"))));

// Units 1 and 3 are clean; unit 2 (line 6) has a forbidden source term and a
// number mismatch; unit 4 (line 8) misses the term.
const std::string kBody =
    Tu("Shelling continues in Donetsk Oblast.", "Обстріли тривають у Донецькій області.") +
    Tu("About 11,000 people fled Kiev.", "Близько 12 000 людей утекли з Києва.") +
    Tu("Six people were killed on October 23, 2024.", "23 жовтня 2024 року загинули 6 людей.") +
    Tu("Shelling continues in Donetsk Oblast.", "Обстріли тривають на Донеччині.");

class CheckCliTest : public ::testing::Test, public StoreFixture {
 protected:
  void SetUp() override {
    CommandResult r = Tmkit("term import " + ShellQuote(Write("desk.tbx", kTbx)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    tmx_ = Write("article.tmx", TmxDocument(kBody));
  }
  std::string tmx_;
};

TEST_F(CheckCliTest, ProblemsAreListedOneALineWithFileLineAndKind) {
  CommandResult r = Tmkit("check " + ShellQuote(tmx_));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(tmx_ + ":6: forbidden-term: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(tmx_ + ":6: number-mismatch: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(tmx_ + ":8: term-missing: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Донецька область"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(":5:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(":7:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 problems in 2 of 4 units (en \u2192 uk): 1 term-missing, "
                       "1 forbidden-term, 1 number-mismatch"),
            std::string::npos)
      << r.out;
}

TEST_F(CheckCliTest, JsonHasTheProblemsAndCountsPerKind) {
  CommandResult r = Tmkit("check --json " + ShellQuote(tmx_));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = Json::Parse(r.out);
  EXPECT_EQ(j["src"].str(), "en");
  EXPECT_EQ(j["tgt"].str(), "uk");
  EXPECT_EQ(j["units"].num(), 4);
  ASSERT_EQ(j["problems"].size(), 3u) << r.out;
  const Json& forbidden = j["problems"][0];
  EXPECT_EQ(forbidden["kind"].str(), "forbidden-term");
  EXPECT_EQ(forbidden["unit"].num(), 2);
  EXPECT_EQ(forbidden["line"].num(), 6);
  EXPECT_EQ(forbidden["side"].str(), "source");
  EXPECT_EQ(forbidden["term"].str(), "Kiev");
  EXPECT_EQ(forbidden["renderings"][0].str(), "Kyiv");
  EXPECT_EQ(forbidden["source"].str(), "About 11,000 people fled Kiev.");
  EXPECT_EQ(forbidden["target"].str(), "Близько 12 000 людей утекли з Києва.");
  const Json& numbers = j["problems"][1];
  EXPECT_EQ(numbers["kind"].str(), "number-mismatch");
  EXPECT_EQ(numbers["source_only"][0].str(), "11,000");
  EXPECT_EQ(numbers["target_only"][0].str(), "12 000");
  const Json& missing = j["problems"][2];
  EXPECT_EQ(missing["kind"].str(), "term-missing");
  EXPECT_EQ(missing["line"].num(), 8);
  EXPECT_EQ(missing["term"].str(), "Donetsk Oblast");
  EXPECT_EQ(missing["renderings"][0].str(), "Донецька область");
  EXPECT_FALSE(missing["detail"].str().empty());
  EXPECT_EQ(j["counts"]["term-missing"].num(), 1);
  EXPECT_EQ(j["counts"]["forbidden-term"].num(), 1);
  EXPECT_EQ(j["counts"]["number-mismatch"].num(), 1);
}

TEST_F(CheckCliTest, ACleanFileExitsZero) {
  std::string clean = Write("clean.tmx", TmxDocument(Tu("Talks in Kyiv on 5 May.",
                                                        "Переговори в Києві 5 травня.")));
  CommandResult r = Tmkit("check " + ShellQuote(clean));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("no problems in 1 unit"), std::string::npos) << r.out;
  CommandResult j = Tmkit("check --json " + ShellQuote(clean));
  EXPECT_EQ(j.exit_code, 0);
  Json parsed = Json::Parse(j.out);
  EXPECT_EQ(parsed["problems"].size(), 0u);
  EXPECT_EQ(parsed["counts"]["term-missing"].num(), 0);
}

TEST_F(CheckCliTest, TheStoreIsCheckedByUnit) {
  ASSERT_EQ(Tmkit("import " + ShellQuote(tmx_)).exit_code, 0);
  CommandResult r = Tmkit("check --store --src en --tgt uk --json");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = Json::Parse(r.out);
  EXPECT_EQ(j["checked"].num(), 4);
  EXPECT_EQ(j["problems"].size(), 3u) << r.out;
  EXPECT_EQ(j["counts"]["term-missing"].num(), 1);
  EXPECT_TRUE(j["problems"][0]["line"].is_null());
  CommandResult text = Tmkit("check --store --src en --tgt uk");
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("unit "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(": term-missing: "), std::string::npos) << text.out;
}

TEST_F(CheckCliTest, ATsvFileIsCheckedWithItsLines) {
  std::string tsv = Write("aligned.tsv",
                          "Shelling in Donetsk Oblast.\tОбстріли в Донецькій області.\n"
                          "\n"
                          "In 2024.\tУ 2023 році.\n");
  CommandResult r = Tmkit("check " + ShellQuote(tsv) + " --src en --tgt uk");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find(tsv + ":3: number-mismatch: "), std::string::npos) << r.out;
  CommandResult no_langs = Tmkit("check " + ShellQuote(tsv));
  EXPECT_EQ(no_langs.exit_code, 2) << no_langs.err;
  EXPECT_NE(no_langs.err.find("--src"), std::string::npos) << no_langs.err;
}

TEST_F(CheckCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Tmkit("check").exit_code, 2);
  EXPECT_EQ(Tmkit("check --store").exit_code, 2);  // no --src/--tgt
  EXPECT_EQ(Tmkit("check " + ShellQuote(tmx_) + " --store --src en --tgt uk").exit_code, 2);
  EXPECT_EQ(Tmkit("check " + ShellQuote(tmx_) + " --src xx-!!").exit_code, 2);
  // Two target languages: --tgt must choose.
  std::string multi = Write(
      "multi.tmx",
      TmxDocument("<tu><tuv xml:lang=\"en\"><seg>Kyiv.</seg></tuv><tuv xml:lang=\"uk\"><seg>"
                  "Київ.</seg></tuv><tuv xml:lang=\"ko\"><seg>키이우.</seg></tuv></tu>\n"));
  CommandResult r = Tmkit("check " + ShellQuote(multi));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--tgt"), std::string::npos) << r.err;
  EXPECT_EQ(Tmkit("check " + ShellQuote(multi) + " --tgt uk").exit_code, 0);
}

TEST_F(CheckCliTest, AMissingOrMalformedFileFailsWithOne) {
  CommandResult missing = Tmkit("check " + ShellQuote(Path("nope.tmx")));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  std::string bad = Write("bad.tmx", "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body><tu>");
  CommandResult r = Tmkit("check " + ShellQuote(bad) + " --src en --tgt uk");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("bad.tmx"), std::string::npos) << r.err;
}

TEST_F(CheckCliTest, WithoutAStoreOnlyNumbersAreChecked) {
  CommandResult r = RunShell(TmkitCommand(Path("no-store"), "check " + ShellQuote(tmx_)));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("number-mismatch"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("term-missing:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("only numbers"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tmkit::testing
