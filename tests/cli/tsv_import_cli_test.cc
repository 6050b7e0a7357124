// End-to-end: `tmkit import aligned.tsv --src en --tgt uk` (a reviewed
// alignment, as `tmkit align --out F.tsv` writes it): units land in the store
// with their context (101 matches) and no alignment penalty; --src/--tgt are
// required for TSV (exit 2); a malformed row fails the file with file:line
// and leaves the store as it was (exit 1).
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

constexpr int kOk = 0, kFailure = 1, kUsage = 2;

class TsvImportCliTest : public ::testing::Test, protected StoreFixture {
 protected:
  const std::string kAligned =
      "Kharkiv came under a massive missile attack overnight.\t"
      "Уночі Харків зазнав масованого ракетного удару.\t0.97\n"
      "At least 37 people were injured, including 5 children.\t"
      "Щонайменше 37 людей дістали поранення, серед них 5 дітей.\t0.93\n"
      "\n"
      "More details will follow.\t\t0.21\n"
      "Rescue teams worked through the night.\tРятувальники працювали всю ніч.\n";
};

TEST_F(TsvImportCliTest, ImportsAReviewedAlignmentThatLookupFinds) {
  std::string file = Write("aligned.tsv", kAligned);
  CommandResult r = Tmkit("import " + ShellQuote(file) + " --src en --tgt uk");
  ASSERT_EQ(kOk, r.exit_code) << r.out << r.err;
  EXPECT_NE(std::string::npos, r.out.find("3 added")) << r.out;
  // The unaligned sentence on line 4 is a warning, not an error.
  EXPECT_NE(std::string::npos, r.err.find("aligned.tsv:4:")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("warning")) << r.err;
  EXPECT_EQ(3, PairUnits(Stats(), "en", "uk"));

  Json m = Lookup("At least 37 people were injured, including 5 children.", "en", "uk");
  ASSERT_EQ(1u, m["matches"].size()) << "no match";
  EXPECT_EQ(100, m["matches"][0]["score"].num());
  EXPECT_EQ("Щонайменше 37 людей дістали поранення, серед них 5 дітей.",
            m["matches"][0]["target"].str());
  EXPECT_EQ(0u, m["matches"][0]["penalties"].size()) << "a reviewed TSV is not penalised";
  EXPECT_EQ(kOk, Tmkit("verify").exit_code);
}

TEST_F(TsvImportCliTest, ReimportedRowsKeepTheirContextForA101Match) {
  std::string file = Write("aligned.tsv", kAligned);
  ASSERT_EQ(kOk, Tmkit("import " + ShellQuote(file) + " --src en --tgt uk").exit_code);
  CommandResult r = Tmkit(
      "lookup 'At least 37 people were injured, including 5 children.' --src en --tgt uk "
      "--prev 'Kharkiv came under a massive missile attack overnight.' --json");
  ASSERT_EQ(kOk, r.exit_code) << r.err;
  Json m = Json::Parse(r.out);
  ASSERT_GE(m["matches"].size(), 1u);
  EXPECT_EQ(101, m["matches"][0]["score"].num());
  // The previous source sentence counts even when it was left unaligned.
  r = Tmkit("lookup 'Rescue teams worked through the night.' --src en --tgt uk "
            "--prev 'More details will follow.' --json");
  ASSERT_EQ(kOk, r.exit_code) << r.err;
  EXPECT_EQ(101, Json::Parse(r.out)["matches"][0]["score"].num());
}

TEST_F(TsvImportCliTest, FormatTsvReadsAFileWithAnotherName) {
  std::string file = Write("aligned.txt", kAligned);
  CommandResult r = Tmkit("import " + ShellQuote(file) + " --format tsv --src en --tgt uk");
  EXPECT_EQ(kOk, r.exit_code) << r.err;
  EXPECT_EQ(3, Units());
}

TEST_F(TsvImportCliTest, MissingSrcOrTgtIsAUsageError) {
  std::string file = Write("aligned.tsv", kAligned);
  for (const std::string flags : {"", "--src en", "--tgt uk"}) {
    SCOPED_TRACE(flags);
    CommandResult r = Tmkit("import " + ShellQuote(file) + " " + flags);
    EXPECT_EQ(kUsage, r.exit_code) << r.out << r.err;
    EXPECT_NE(std::string::npos, r.err.find("--src")) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("--tgt")) << r.err;
    EXPECT_NE(std::string::npos, r.err.find("TSV")) << r.err;
  }
  EXPECT_EQ(kFailure, Tmkit("stats").exit_code) << "a usage error must not create the store";
}

TEST_F(TsvImportCliTest, BadLanguageTagIsAUsageError) {
  std::string file = Write("aligned.tsv", kAligned);
  CommandResult r = Tmkit("import " + ShellQuote(file) + " --src 'e n' --tgt uk");
  EXPECT_EQ(kUsage, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("language tag")) << r.err;
}

TEST_F(TsvImportCliTest, SrcAndTgtWithOnlyTmxFilesAreRefused) {
  CommandResult r = Tmkit("import " + ShellQuote(kSample) + " --src en --tgt uk");
  EXPECT_EQ(kUsage, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("TSV")) << r.err;
}

TEST_F(TsvImportCliTest, MalformedRowFailsWithFileAndLineAndLeavesTheStoreUnchanged) {
  ASSERT_EQ(kOk, Tmkit("import " + ShellQuote(kSample)).exit_code);
  Json before = Stats();
  std::string file = Write("broken.tsv",
                           "Good row one.\tДобрий рядок один.\n"
                           "Good row two.\tДобрий рядок два.\t0.9\n"
                           "A row without its translation or a tab\n"
                           "Good row three.\tДобрий рядок три.\n");
  CommandResult r = Tmkit("import " + ShellQuote(file) + " --src en --tgt uk");
  EXPECT_EQ(kFailure, r.exit_code) << r.out;
  EXPECT_NE(std::string::npos,
            r.err.find("broken.tsv:3: expected 2 or 3 tab-separated columns, found 1"))
      << r.err;
  EXPECT_NE(std::string::npos, r.err.find("nothing was imported")) << r.err;
  Json after = Stats();
  EXPECT_EQ(before["units"].num(), after["units"].num());
  EXPECT_EQ(0u, Lookup("Good row one.", "en", "uk")["matches"].size());
  EXPECT_EQ(kOk, Tmkit("verify").exit_code);

  r = Tmkit("import " + ShellQuote(file) + " --src en --tgt uk --on-error skip");
  EXPECT_EQ(kOk, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("1 skipped")) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("broken.tsv:3:")) << r.err;
  EXPECT_EQ(before["units"].num() + 3, Units());
}

TEST_F(TsvImportCliTest, InvalidUtf8FailsWithTheLine) {
  std::string file = Write("cp1251.tsv", "One.\tОдин.\nTwo.\t\xC4\xE2\xE0.\n");
  CommandResult r = Tmkit("import " + ShellQuote(file) + " --src en --tgt uk");
  EXPECT_EQ(kFailure, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("cp1251.tsv:2: not valid UTF-8")) << r.err;
  EXPECT_LE(Units(), 0);
}

}  // namespace
}  // namespace tmkit::testing
