// End-to-end: `tmkit term build places|units`, through the real build/tmkit:
// the built glossaries are found by `term find`, a second build adds nothing,
// --json summarises, --help shows examples. The glossaries themselves are
// tested in tests/glossaries/builtin_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

class TermBuildCliTest : public ::testing::Test, public StoreFixture {
 protected:
  Json Build(const std::string& args) {
    CommandResult r = Tmkit("term build " + args + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? Json::Parse(r.out) : Json();
  }
  std::vector<std::string> Targets(const std::string& text, const std::string& src,
                                   const std::string& tgt) {
    CommandResult r =
        Tmkit("term find --json --src " + src + " --tgt " + tgt + " " + ShellQuote(text));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    if (r.exit_code != 0) return out;
    Json j = Json::Parse(r.out);
    for (const Json& t : j["terms"].items()) out.push_back(t["target"].str());
    return out;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }
};

TEST_F(TermBuildCliTest, PlacesAreFoundInEnglishAndKoreanText) {
  Json j = Build("places --langs en,uk,ko");
  EXPECT_EQ(j["set"].str(), "places");
  EXPECT_GE(j["entries"].num(), 600);
  // Entries equal in languages and terms (a time-zone city and the ISO
  // city of the same name) are merged by the import.
  EXPECT_EQ(j["added"].num() + j["duplicates"].num(), j["entries"].num());
  EXPECT_GE(j["added"].num(), 600);
  EXPECT_GE(j["terms"]["uk"].num(), 600);
  EXPECT_GE(j["sources"].size(), 5u);
  std::vector<std::string> uk = Targets("Shelling hit Donetsk Oblast and Kharkiv.", "en", "uk");
  EXPECT_TRUE(Has(uk, "Донецька область")) << ::testing::PrintToString(uk);
  EXPECT_TRUE(Has(uk, "Харків")) << ::testing::PrintToString(uk);
  std::vector<std::string> en = Targets("평양에서", "ko", "en");
  EXPECT_TRUE(Has(en, "Pyongyang")) << ::testing::PrintToString(en);
}

TEST_F(TermBuildCliTest, BuildingTheSameSetAgainAddsNothing) {
  Json first = Build("places --langs en,uk");
  ASSERT_GT(first["added"].num(), 0);
  Json again = Build("places --langs en,uk");
  EXPECT_EQ(again["added"].num(), 0);
  EXPECT_EQ(again["duplicates"].num(), first["entries"].num());
}

TEST_F(TermBuildCliTest, UnitsFindInflectedForms) {
  Json j = Build("units --langs en,uk");
  EXPECT_GE(j["entries"].num(), 150);
  EXPECT_TRUE(Has(Targets("30 kilometres", "en", "uk"), "кілометр"));
  EXPECT_TRUE(Has(Targets("за 30 кілометрів", "uk", "en"), "kilometer"));
}

TEST_F(TermBuildCliTest, PlainOutputNamesTheSourcesAndTheirLicences) {
  CommandResult r = Tmkit("term build units --langs en,ko");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("units: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Unicode-DFS-2016"), std::string::npos) << r.out;
}

TEST_F(TermBuildCliTest, UsageErrors) {
  EXPECT_EQ(Tmkit("term build rivers").exit_code, 2);
  CommandResult bad = Tmkit("term build places --langs en,@@");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--langs"), std::string::npos) << bad.err;
  CommandResult help = Tmkit("term build --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("tmkit term build places --langs en,uk,ru,ko"), std::string::npos);
}

}  // namespace
}  // namespace tmkit::testing
