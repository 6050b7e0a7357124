// End-to-end: `tmkit term import / export / find / list` and the terms of
// `lookup`, through the real build/tmkit on a term base written here. The
// readers, writers and recognition rules are tested in tests/formats and
// tests/glossaries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const std::string kTbx = TbxDocument(
    TbxEntry("donetsk-oblast", TbxLang("en", TbxTerm("Donetsk Oblast", "preferredTerm-admn-sts")) +
                                   TbxLang("uk", TbxTerm("Донецька область")) +
                                   TbxLang("ko", TbxTerm("도네츠크주"))) +
    TbxEntry("kyiv", TbxLang("en", TbxTerm("Kyiv", "preferredTerm-admn-sts") +
                                       TbxTerm("Kiev", "supersededTerm-admn-sts")) +
                         TbxLang("uk", TbxTerm("Київ")) + TbxLang("ko", TbxTerm("키이우"))) +
    TbxEntry("pyongyang", TbxLang("en", TbxTerm("Pyongyang")) + TbxLang("uk", TbxTerm("Пхеньян")) +
                              TbxLang("ko", TbxTerm("평양"))) +
    TbxEntry("kilometre", TbxLang("en", TbxTerm("kilometre")) + TbxLang("uk", TbxTerm("кілометр")) +
                              TbxLang("ko", TbxTerm("킬로미터"))));

class TermCliTest : public ::testing::Test, public StoreFixture {
 protected:
  void SetUp() override {
    CommandResult r = Tmkit("term import " + ShellQuote(Write("desk.tbx", kTbx)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  Json Find(const std::string& text, const std::string& src, const std::string& tgt) {
    CommandResult r = Tmkit("term find --json --src " + src + " --tgt " + tgt + " " + ShellQuote(text));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::Parse(r.out);
  }
};

TEST_F(TermCliTest, ImportReportsTheEntriesAndADuplicateImportAddsNone) {
  CommandResult again = Tmkit("term import --json " + ShellQuote(Path("desk.tbx")));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  Json j = Json::Parse(again.out);
  EXPECT_EQ(j["files"][0]["read"].num(), 4);
  EXPECT_EQ(j["files"][0]["added"].num(), 0);
  EXPECT_EQ(j["files"][0]["duplicates"].num(), 4);
}

TEST_F(TermCliTest, AnInflectedUkrainianTermIsFoundWithItsEnglishRendering) {
  std::string text = "Обстріли в Донецькій області тривають.";
  Json j = Find(text, "uk", "en");
  ASSERT_EQ(j["terms"].size(), 1u) << text;
  EXPECT_EQ(j["terms"][0]["source"].str(), "Донецькій області");
  EXPECT_EQ(j["terms"][0]["target"].str(), "Donetsk Oblast");
  EXPECT_EQ(j["terms"][0]["start"].num(), 11);  // code points
  EXPECT_EQ(j["terms"][0]["end"].num(), 28);
}

TEST_F(TermCliTest, AKoreanTermWithAParticleIsFound) {
  Json j = Find("북한은 평양에서 미사일을 발사했다.", "ko", "en");
  ASSERT_EQ(j["terms"].size(), 1u);
  EXPECT_EQ(j["terms"][0]["target"].str(), "Pyongyang");
}

TEST_F(TermCliTest, AForbiddenTermIsFlaggedWithTheApprovedOne) {
  Json j = Find("Shelling hit Kiev and Donetsk Oblast, 30 kilometres away.", "en", "uk");
  ASSERT_EQ(j["terms"].size(), 3u);
  EXPECT_EQ(j["terms"][0]["source"].str(), "Kiev");
  EXPECT_TRUE(j["terms"][0]["forbidden"].boolean());
  EXPECT_EQ(j["terms"][0]["target"].str(), "Київ");
  EXPECT_EQ(j["terms"][1]["target"].str(), "Донецька область");
  EXPECT_EQ(j["terms"][2]["source"].str(), "kilometres");
  EXPECT_EQ(j["terms"][2]["target"].str(), "кілометр");
}

TEST_F(TermCliTest, LookupReportsTheTermsOfTheQuery) {
  ASSERT_EQ(Tmkit("import " + ShellQuote(kSample)).exit_code, 0);
  Json j = Lookup("Rescuers worked through the night in Kyiv.", "en", "uk");
  ASSERT_EQ(j["terms"].size(), 1u);
  EXPECT_EQ(j["terms"][0]["source"].str(), "Kyiv");
  EXPECT_EQ(j["terms"][0]["target"].str(), "Київ");
}

TEST_F(TermCliTest, ListShowsALanguagesTermsInItsAlphabet) {
  CommandResult r = Tmkit("term list --lang uk --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::Parse(r.out);
  std::vector<std::string> texts;
  for (const Json& t : j["terms"].items()) texts.push_back(t["text"].str());
  EXPECT_EQ(texts, (std::vector<std::string>{"Донецька область", "Київ", "кілометр", "Пхеньян"}));
}

TEST_F(TermCliTest, AnExportImportsBackIntoAnotherStore) {
  for (const std::string name : {"out.tbx", "out.csv"}) {
    std::string out = Path(name);
    CommandResult r = Tmkit("term export -o " + ShellQuote(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    TempDir other;
    CommandResult back = RunShell(TmkitCommand((other.path() / "s").string(),
                                               "term import --json " + ShellQuote(out)));
    ASSERT_EQ(back.exit_code, 0) << back.err;
    EXPECT_EQ(Json::Parse(back.out)["files"][0]["added"].num(), 4) << name;
  }
}

TEST_F(TermCliTest, ALargeGlossaryImportsWholeAndInFileOrder) {
  // Thousands of entries cross many pipeline batches and index sort chunks;
  // the export gives them back in the file's order.
  std::string csv = "en,uk\n";
  for (int i = 0; i < 3000; ++i) {
    csv += "Settlement " + std::to_string(i) + ",Селище " + std::to_string(i) + "\n";
  }
  TempDir other;
  const std::string store = (other.path() / "s").string();
  CommandResult r = RunShell(TmkitCommand(store, "term import --json " + ShellQuote(Write("big.csv", csv))));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Json::Parse(r.out)["files"][0]["added"].num(), 3000);
  std::string out = Path("big-out.csv");
  ASSERT_EQ(RunShell(TmkitCommand(store, "term export -o " + ShellQuote(out))).exit_code, 0);
  std::string back = ReadFile(out);
  if (back.starts_with("\xEF\xBB\xBF")) back.erase(0, 3);
  std::erase(back, '\r');  // CSV rows end in CRLF (RFC 4180)
  EXPECT_TRUE(back.substr(back.find('\n') + 1) == csv.substr(csv.find('\n') + 1))
      << "the export's rows differ from the imported file's";
  CommandResult found = RunShell(TmkitCommand(store, "term find --json --src uk --tgt en 'у Селищі 2999'"));
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(Json::Parse(found.out)["terms"][0]["target"].str(), "Settlement 2999");
  EXPECT_EQ(RunShell(TmkitCommand(store, "verify")).exit_code, 0);
}

TEST_F(TermCliTest, AnOmegaTGlossaryNeedsItsLanguages) {
  std::string tsv = Write("omegat.txt", "Kharkiv\tХарків\tcity\n");
  CommandResult r = Tmkit("term import " + ShellQuote(tsv));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--src"), std::string::npos) << r.err;
  EXPECT_EQ(Tmkit("term import " + ShellQuote(tsv) + " --src en --tgt uk").exit_code, 0);
  EXPECT_EQ(Find("Kharkiv", "en", "uk")["terms"][0]["target"].str(), "Харків");
}

TEST_F(TermCliTest, ABrokenFileFailsWithItsLineAndStoresNothing) {
  std::string bad = Write("bad.tbx", kTbx.substr(0, kTbx.size() / 2));
  CommandResult r = Tmkit("term import " + ShellQuote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.tbx:"), std::string::npos) << r.err;
  CommandResult list = Tmkit("term list --lang en --json");
  EXPECT_EQ(Json::Parse(list.out)["terms"].size(), 5u);  // Donetsk Oblast, Kiev, kilometre, Kyiv, Pyongyang
}

}  // namespace
}  // namespace tmkit::testing
