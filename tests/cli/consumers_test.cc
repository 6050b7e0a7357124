// End-to-end (ctest label "consumer"): real CAT tools read what `tmkit export`
// writes. OmegaT 3.6 (Debian `omegat`) in console mode inserts exact matches
// from tm/auto/*.tmx into its target file; Translate Toolkit (Debian
// python3-translate) reads the TMX with source and target by position.
// Checkers: ../shared/tools/consumers/ (see ../shared/notes/anchors.md §1).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

constexpr char kOmegaTJar[] = "/usr/share/omegat/OmegaT.jar";

// Sentences of the sample as an English article for OmegaT (one paragraph
// each), and the translations OmegaT must insert from the exported TMX.
struct Sentence {
  std::string en, uk, ko;
};
const std::vector<Sentence>& Article() {
  static const std::vector<Sentence> kArticle = {
      {"Rescuers worked through the night.", "Рятувальники працювали всю ніч.",
       "구조대원들은 밤새 작업했다."},
      {"The city lies about 30 kilometres from the Russian border.",
       "Місто розташоване приблизно за 30 кілометрів від російського кордону.",
       "하르키우는 러시아 국경에서 약 30킬로미터 떨어져 있다."},
      {"Russian drones struck the city of Kharkiv overnight, officials said.",
       "Російські дрони вночі атакували Харків, повідомили посадовці.",
       "러시아 드론이 밤사이 하르키우를 공격했다고 당국자들이 밝혔다."},
      // Stored with <bpt>/<ept> around "Telegram": OmegaT reads an external TMX
      // as level 1 by default (code content dropped), so the plain sentence matches.
      {"At least 11 people were injured, including two children, Kharkiv Oblast Governor "
       "Oleh Syniehubov said on Telegram.",
       "Щонайменше 11 людей дістали поранення, серед них двоє дітей, повідомив у Telegram "
       "голова Харківської ОВА Олег Синєгубов.",
       "올레흐 시녜후보우 하르키우주 주지사는 텔레그램을 통해 어린이 2명을 포함해 최소 11명이 "
       "다쳤다고 말했다."},
  };
  return kArticle;
}

class CliConsumersTest : public ::testing::Test, protected StoreFixture {
 protected:
  void SetUp() override { ASSERT_EQ(0, Tmkit("import " + ShellQuote(kSample)).exit_code); }

  // Exports with `args`; returns the file's path.
  std::string Export(const std::string& name, const std::string& args) {
    std::string out = Path(name);
    CommandResult r = Tmkit("export -o " + ShellQuote(out) + " " + args);
    EXPECT_EQ(0, r.exit_code) << r.err;
    return out;
  }

  std::string WriteArticle() {
    std::string text;
    for (const Sentence& s : Article()) text += s.en + "\n\n";
    return Write("article.txt", text);
  }

  // Runs omegat_consumer_check.sh on `document` (the article by default);
  // its temporary project goes into our folder.
  CommandResult RunOmegaT(const std::string& src, const std::string& tgt, const std::string& tmx,
                          std::string document = "") {
    std::string tmp = Path("omegat-tmp");
    std::filesystem::create_directories(tmp);
    if (document.empty()) document = WriteArticle();
    return RunShell("TMPDIR=" + ShellQuote(tmp) + " sh " +
                    ShellQuote(SharedPath("tools/consumers/omegat_consumer_check.sh")) + " " + src +
                    " " + tgt + " " + ShellQuote(document) + " " + ShellQuote(tmx));
  }

  // The target document as the checker prints it.
  static std::string TargetDocument(const std::string& out, const std::string& name = "article.txt") {
    size_t begin = out.find("--- target/" + name + ":\n");
    if (begin == std::string::npos) return "";
    begin = out.find('\n', begin) + 1;
    size_t end = out.find("--- omegat/project_stats.txt:", begin);
    return out.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }

  static bool HaveOmegaT() {
    return std::filesystem::exists(kOmegaTJar) && RunShell("command -v java").exit_code == 0;
  }
  static bool HaveTranslateToolkit() {
    return RunShell("/usr/bin/python3 -c 'import translate.storage.tmx'").exit_code == 0;
  }
};

TEST_F(CliConsumersTest, OmegaTInsertsExactMatchesFromAPairExport) {
  if (!HaveOmegaT()) GTEST_SKIP() << kOmegaTJar << " or java is missing (Debian package omegat)";
  std::string tmx = Export("en-uk.tmx", "--src en --tgt uk");
  CommandResult r = RunOmegaT("EN", "UK", tmx);
  ASSERT_EQ(0, r.exit_code) << r.out << r.err;
  std::string target = TargetDocument(r.out);
  ASSERT_FALSE(target.empty()) << r.out;
  for (const Sentence& s : Article()) {
    EXPECT_NE(std::string::npos, target.find(s.uk)) << "not inserted: " << s.uk << "\n" << target;
    EXPECT_EQ(std::string::npos, target.find(s.en)) << "left untranslated: " << s.en;
  }
}

TEST_F(CliConsumersTest, OmegaTTranslatesFromOurPretranslatedXliff12) {
  // The article as an XLIFF 1.2 file without targets, pre-translated by
  // tmkit, is OmegaT's source document: its translated file carries our targets.
  if (!HaveOmegaT()) GTEST_SKIP() << kOmegaTJar << " or java is missing (Debian package omegat)";
  std::string xlf =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
      " <file original=\"article.txt\" source-language=\"en\" target-language=\"uk\" "
      "datatype=\"plaintext\"><body>\n";
  int id = 0;
  for (const Sentence& s : Article()) {
    xlf += "  <trans-unit id=\"" + std::to_string(++id) + "\"><source>" + s.en +
           "</source></trans-unit>\n";
  }
  xlf += " </body></file>\n</xliff>\n";
  std::string in = Write("in.xlf", xlf);
  std::string pre = Path("article.xlf");
  CommandResult p = Tmkit("pretranslate " + ShellQuote(in) + " -o " + ShellQuote(pre));
  ASSERT_EQ(0, p.exit_code) << p.err;
  CommandResult r = RunOmegaT("EN", "UK", Export("en-uk.tmx", "--src en --tgt uk"), pre);
  ASSERT_EQ(0, r.exit_code) << r.out << r.err;
  std::string target = TargetDocument(r.out, "article.xlf");
  ASSERT_FALSE(target.empty()) << r.out;
  for (const Sentence& s : Article()) {
    EXPECT_NE(std::string::npos, target.find(s.uk)) << "missing: " << s.uk << "\n" << target;
  }
}

TEST_F(CliConsumersTest, OmegaTProjectInEnUsUkUaStillTakesUnitsTaggedEnAndUk) {
  // The store holds "en"/"uk"; OmegaT matches on the language part
  // (it logs TMXR_WARNING_INCORRECT_SOURCE_LANG and keeps loading).
  if (!HaveOmegaT()) GTEST_SKIP() << kOmegaTJar << " or java is missing (Debian package omegat)";
  std::string tmx = Export("en-uk.tmx", "--src en --tgt uk");
  CommandResult r = RunOmegaT("EN-US", "UK-UA", tmx);
  ASSERT_EQ(0, r.exit_code) << r.out << r.err;
  std::string target = TargetDocument(r.out);
  for (const Sentence& s : Article()) {
    EXPECT_NE(std::string::npos, target.find(s.uk)) << "not inserted: " << s.uk << "\n" << target;
  }
}

TEST_F(CliConsumersTest, OmegaTReadsAFullMultilingualExportForAnyOfItsPairs) {
  if (!HaveOmegaT()) GTEST_SKIP() << kOmegaTJar << " or java is missing (Debian package omegat)";
  std::string tmx = Export("all.tmx", "");
  CommandResult r = RunOmegaT("EN", "KO", tmx);
  ASSERT_EQ(0, r.exit_code) << r.out << r.err;
  std::string target = TargetDocument(r.out);
  for (const Sentence& s : Article()) {
    EXPECT_NE(std::string::npos, target.find(s.ko)) << "not inserted: " << s.ko << "\n" << target;
  }
}

TEST_F(CliConsumersTest, TranslateToolkitReadsTheExportWithSourceAndTargetInPlace) {
  if (!HaveTranslateToolkit()) {
    GTEST_SKIP() << "/usr/bin/python3 cannot import translate (Debian package python3-translate)";
  }
  const std::string checker = SharedPath("tools/consumers/ttk_check.py");
  for (const auto& [name, args] : std::vector<std::pair<std::string, std::string>>{
           {"en-uk.tmx", "--src en --tgt uk"}, {"all.tmx", ""}}) {
    SCOPED_TRACE(name);
    std::string tmx = Export(name, args);
    CommandResult r = RunShell("/usr/bin/python3 " + ShellQuote(checker) + " " + ShellQuote(tmx));
    EXPECT_EQ(0, r.exit_code) << r.out << r.err;
    EXPECT_NE(std::string::npos, r.out.find("units=9")) << r.out;
    EXPECT_NE(std::string::npos,
              r.out.find("src='Drones strike Kharkiv as rescuers search rubble' "
                         "tgt='Дрони атакували Харків, рятувальники розбирають завали'"))
        << "source and target must not be swapped: " << r.out;
  }
}

}  // namespace
}  // namespace tmkit::testing
