// End-to-end: exit codes and messages (DESIGN.md: 0 success, 1 failure,
// 2 usage error; one line a problem, "file:line: what was expected, what was
// found"), and that bad input never changes what the store holds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

constexpr int kOk = 0, kFailure = 1, kUsage = 2;

class CliErrorsTest : public ::testing::Test, protected StoreFixture {
 protected:
  void ImportSample() { ASSERT_EQ(kOk, Tmkit("import " + ShellQuote(kSample)).exit_code); }
};

// --- Usage errors: exit 2 ---------------------------------------------------

TEST_F(CliErrorsTest, UnknownCommandIsAUsageErrorThatNamesIt) {
  CommandResult r = Tmkit("frobnicate");
  EXPECT_EQ(kUsage, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("frobnicate")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("import")) << "should list the commands: " << r.err;
}

TEST_F(CliErrorsTest, NoCommandIsAUsageError) { EXPECT_EQ(kUsage, Tmkit("").exit_code); }

TEST_F(CliErrorsTest, LookupWithoutSrcIsAUsageError) {
  ImportSample();
  CommandResult r = Tmkit("lookup 'Rescuers worked through the night.' --tgt uk");
  EXPECT_EQ(kUsage, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("--src")) << r.err;
}

TEST_F(CliErrorsTest, LookupWithNeitherTextNorFileIsAUsageError) {
  ImportSample();
  EXPECT_EQ(kUsage, Tmkit("lookup --src en --tgt uk").exit_code);
}

TEST_F(CliErrorsTest, UnknownOnErrorValueIsAUsageError) {
  CommandResult r = Tmkit("import " + ShellQuote(kSample) + " --on-error maybe");
  EXPECT_EQ(kUsage, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("maybe")) << r.err;
  EXPECT_EQ(kFailure, Tmkit("stats").exit_code) << "a usage error must not create the store";
}

TEST_F(CliErrorsTest, BadLanguageTagInLookupIsAUsageErrorThatNamesTheTag) {
  ImportSample();
  const std::vector<std::pair<std::string, std::string>> cases = {
      // --src, --tgt
      {"'e n'", "uk"}, {"'xx-!!'", "uk"}, {"12", "uk"}, {"en", "''"}, {"en", "'uk_UA@x'"},
  };
  for (const auto& [src, tgt] : cases) {
    SCOPED_TRACE("--src " + src + " --tgt " + tgt);
    CommandResult r =
        Tmkit("lookup 'Rescuers worked through the night.' --src " + src + " --tgt " + tgt);
    EXPECT_EQ(kUsage, r.exit_code) << r.out << r.err;
    EXPECT_NE(std::string::npos, r.err.find("language tag")) << r.err;
  }
}

// --- Malformed input: exit 1, file:line, store unchanged --------------------

TEST_F(CliErrorsTest, MalformedTmxFailsWithFileAndLineAndLeavesTheStoreAsItWas) {
  ImportSample();
  Json before = Stats();
  // Line 7 closes <body> while the <tu> opened on line 5 is still open.
  std::string bad =
      Write("broken.tmx", TmxDocument("<tu><tuv xml:lang=\"en\"><seg>Half a unit.</seg></tuv>\n"
                                      "<tuv xml:lang=\"uk\"><seg>Пів одиниці.</seg></tuv>\n"));
  CommandResult r = Tmkit("import " + ShellQuote(bad));
  EXPECT_EQ(kFailure, r.exit_code) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("broken.tmx:7:")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("</tu>")) << "say what was expected: " << r.err;

  Json after = Stats();
  EXPECT_EQ(before["units"].num(), after["units"].num());
  EXPECT_EQ(9, PairUnits(after, "en", "uk"));
  EXPECT_TRUE(Lookup("Half a unit.", "en", "uk")["matches"].size() == 0);
  EXPECT_EQ(kOk, Tmkit("verify").exit_code);
}

TEST_F(CliErrorsTest, TruncatedTmxFailsAndImportsNothingFromIt) {
  ImportSample();
  std::string doc = TmxDocument(Tu("Good one.", "Добре.") + Tu("Good two.", "Добре два."));
  std::string bad = Write("truncated.tmx", doc.substr(0, doc.size() - 30));
  CommandResult r = Tmkit("import " + ShellQuote(bad));
  EXPECT_EQ(kFailure, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("truncated.tmx:")) << r.err;
  EXPECT_EQ(9, Units()) << "an import is all of a file or none of it";
  EXPECT_EQ(0u, Lookup("Good one.", "en", "uk")["matches"].size());
}

TEST_F(CliErrorsTest, BadUnitFailsTheWholeFileByDefault) {
  std::string file =
      Write("mixed.tmx",
            TmxDocument(Tu("One.", "Один.") + Tu("Two.", "Два.") +
                        Tu("<ept i=\"1\">&lt;/b&gt;</ept>Bad", "Погано") + Tu("Three.", "Три.")));
  CommandResult r = Tmkit("import " + ShellQuote(file));
  EXPECT_EQ(kFailure, r.exit_code);
  EXPECT_NE(std::string::npos, r.err.find("mixed.tmx:7:")) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("--on-error skip")) << "suggest the fix: " << r.err;
  EXPECT_LE(Units(), 0) << "nothing from the file is stored (-1: no store at all)";
}

TEST_F(CliErrorsTest, OnErrorSkipImportsTheGoodUnitsAndListsTheBadOneWithItsLine) {
  // Like ../shared/data/formats/samples/omegat/tmx/invalid.tmx: an <ept> before its <bpt>.
  std::string file =
      Write("mixed.tmx",
            TmxDocument(Tu("One.", "Один.") + Tu("Two.", "Два.") +
                        Tu("<ept i=\"1\">&lt;/b&gt;</ept>Bad", "Погано") + Tu("Three.", "Три.")));
  CommandResult r = Tmkit("import --on-error skip " + ShellQuote(file));
  EXPECT_EQ(kOk, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("3 added")) << r.out;
  EXPECT_NE(std::string::npos, r.out.find("1 skipped")) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("mixed.tmx:7:")) << "the bad unit's line: " << r.err;
  EXPECT_NE(std::string::npos, r.err.find("skipped")) << r.err;
  EXPECT_EQ(3, Units());
  EXPECT_EQ("Три.", Lookup("Three.", "en", "uk")["matches"][0]["target"].str());
  EXPECT_EQ(0u, Lookup("Bad", "en", "uk")["matches"].size());
  EXPECT_EQ(kOk, Tmkit("verify").exit_code);
}

TEST_F(CliErrorsTest, OnErrorSkipOnOmegaTsInvalidSampleNamesItsLine) {
  std::string invalid = SharedPath("data/formats/samples/omegat/tmx/invalid.tmx");
  CommandResult r = Tmkit("import --on-error skip " + ShellQuote(invalid));
  EXPECT_EQ(kOk, r.exit_code) << r.err;
  EXPECT_NE(std::string::npos, r.out.find("1 skipped")) << r.out;
  EXPECT_NE(std::string::npos, r.err.find("invalid.tmx:12:")) << r.err;
}

// --- No store yet: exit 1 with a hint ---------------------------------------

TEST_F(CliErrorsTest, CommandsThatReadAStoreThatDoesNotExistFailWithAnImportHint) {
  const std::vector<std::string> commands = {
      "stats", "stats --json", "lookup 'Rescuers worked through the night.' --src en --tgt uk",
      "export -o " + ShellQuote(Path("out.tmx")), "verify"};
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    CommandResult r = Tmkit(command);
    EXPECT_EQ(kFailure, r.exit_code) << r.out;
    EXPECT_NE(std::string::npos, r.err.find("import")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(store())) << "reading must not create a store";
  }
  EXPECT_FALSE(std::filesystem::exists(Path("out.tmx")));
}

// --- Help ---------------------------------------------------------------------

TEST_F(CliErrorsTest, EveryCommandsHelpSucceedsAndShowsAnExample) {
  for (const char* command :
       {"import", "export", "lookup", "stats", "verify", "backup", "delete"}) {
    SCOPED_TRACE(command);
    CommandResult r = Tmkit(std::string(command) + " --help");
    EXPECT_EQ(kOk, r.exit_code) << r.err;
    EXPECT_NE(std::string::npos, r.out.find("Example")) << r.out;
  }
  CommandResult top = Tmkit("--help");
  EXPECT_EQ(kOk, top.exit_code);
  EXPECT_NE(std::string::npos, top.out.find("import")) << top.out;
}

}  // namespace
}  // namespace tmkit::testing
