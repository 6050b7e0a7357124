// End-to-end: XLIFF through the real build/tmkit — import with states,
// export, pretranslate (byte-for-byte outside the filled targets, valid
// output) and analyze. The readers and writers themselves are tested in
// tests/formats/xliff12_test.cc and xliff2_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

const char kTmx[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><prop type="x-context-pre">Heavy rain fell overnight.</prop>
 <tuv xml:lang="en"><seg>The river flooded the village.</seg></tuv>
 <tuv xml:lang="uk"><seg>Річка затопила село.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Rescuers evacuated 40 residents from the area.</seg></tuv>
 <tuv xml:lang="uk"><seg>Рятувальники евакуювали 40 мешканців з району.</seg></tuv></tu>
</body></tmx>
)";

// Four segments: a context match, a fuzzy match with a changed number, an
// exact match, and one with nothing to match.
const char kXliff2[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="uk">
  <!-- a comment the tool must keep -->
  <file id="f1">
    <unit id="u1"><segment id="s1"><source>Heavy rain fell overnight.</source></segment></unit>
    <unit id="u2"><segment id="s2"><source>The river flooded the village.</source></segment></unit>
    <unit id="u3"><segment id="s3"><source>Rescuers evacuated 55 residents from the whole area.</source></segment></unit>
    <unit id="u4"><segment id="s4"><source>Rescuers evacuated 40 residents from the area.</source></segment></unit>
  </file>
</xliff>
)";

const char kXliff12[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="article.txt" source-language="en" target-language="uk" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>Heavy rain fell overnight.</source></trans-unit>
   <trans-unit id="2"><source>The river flooded the village.</source></trans-unit>
   <trans-unit id="3"><source>Rescuers evacuated 55 residents from the whole area.</source></trans-unit>
   <trans-unit id="4"><source>Rescuers evacuated 40 residents from the area.</source></trans-unit>
  </body>
 </file>
</xliff>
)";

class XliffCliTest : public ::testing::Test, public StoreFixture {
 protected:
  void SetUp() override {
    CommandResult r = Tmkit("import " + ShellQuote(Write("tm.tmx", kTmx)));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // xmllint against an XLIFF schema of ../shared (the catalog keeps it offline).
  static CommandResult Validate(const std::string& file, const std::string& schema) {
    return RunShell("XML_CATALOG_FILES=" + SharedPath("data/formats/schemas/catalog.xml") +
                    " xmllint --noout --nonet --schema " +
                    SharedPath("data/formats/schemas/" + schema) + " " + ShellQuote(file));
  }
};

TEST_F(XliffCliTest, ImportStoresTranslatedSegmentsAndCountsTheOthersByReason) {
  std::string xlf = Write("done.xlf", R"(<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="en" target-language="uk" datatype="plaintext"><body>
  <trans-unit id="1" approved="yes"><source>Kyiv is the capital.</source><target>Київ — столиця.</target></trans-unit>
  <trans-unit id="2"><source>The mayor spoke.</source><target state="final">Мер виступив.</target></trans-unit>
  <trans-unit id="3"><source>Draft.</source><target state="needs-translation">Чернетка.</target></trans-unit>
  <trans-unit id="4"><source>No target yet.</source></trans-unit>
 </body></file>
</xliff>
)");
  CommandResult r = Tmkit("import --json " + ShellQuote(xlf));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json file = Json::Parse(r.out)["files"][0];
  EXPECT_EQ(file["added"].num(), 2);
  EXPECT_EQ(file["not_imported"].size(), 2u) << r.out;
  // --states replaces the list of states (approved="yes" counts whatever it says).
  CommandResult signed_off =
      RunShell(TmkitCommand(Path("other"), "import --json --states signed-off " + ShellQuote(xlf)));
  ASSERT_EQ(signed_off.exit_code, 0) << signed_off.err;
  EXPECT_EQ(Json::Parse(signed_off.out)["files"][0]["added"].num(), 1);
}

TEST_F(XliffCliTest, ExportWritesValidXliffOfBothVersions) {
  std::string out12 = Path("out.xlf");
  CommandResult r = Tmkit("export -o " + ShellQuote(out12) + " --src en --tgt uk");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Validate(out12, "xliff12/xliff-core-1.2-strict.local.xsd").exit_code, 0);
  std::string out2 = Path("out2.xlf");
  r = Tmkit("export -o " + ShellQuote(out2) + " --format xliff2 --src en --tgt uk");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Validate(out2, "xliff21/xliff21_all_modules.local.xsd").exit_code, 0);
  // What was exported imports back.
  CommandResult back = RunShell(TmkitCommand(Path("back"), "import --json " + ShellQuote(out2)));
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Json::Parse(back.out)["files"][0]["added"].num(), 2);
}

TEST_F(XliffCliTest, PretranslateFillsXliff2AndKeepsEverythingElse) {
  std::string in = Write("in.xlf", kXliff2);
  std::string out = Path("out.xlf");
  CommandResult r = Tmkit("pretranslate --json " + ShellQuote(in) + " -o " + ShellQuote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::Parse(r.out);
  EXPECT_EQ(j["context"].num(), 1);
  EXPECT_EQ(j["exact"].num(), 1);
  EXPECT_EQ(j["fuzzy"].num(), 1);
  EXPECT_EQ(j["left_empty"].num(), 1);
  std::string text = ReadFile(out);
  EXPECT_NE(text.find("Річка затопила село."), std::string::npos);
  EXPECT_NE(text.find("мешканців з району."), std::string::npos);
  EXPECT_NE(text.find("mtc:match"), std::string::npos);
  // Everything before the first unit, the comment included, is the input's.
  const std::string head = std::string(kXliff2).substr(0, std::string(kXliff2).find("<unit id=\"u2\""));
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_EQ(Validate(out, "xliff21/xliff21_all_modules.local.xsd").exit_code, 0);
}

TEST_F(XliffCliTest, PretranslateFillsXliff12WithStatesAndAltTrans) {
  std::string in = Write("in12.xlf", kXliff12);
  std::string out = Path("out12.xlf");
  CommandResult r = Tmkit("pretranslate " + ShellQuote(in) + " -o " + ShellQuote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = ReadFile(out);
  EXPECT_NE(text.find("state=\"translated\""), std::string::npos) << text;
  EXPECT_NE(text.find("needs-review-translation"), std::string::npos) << text;
  EXPECT_NE(text.find("<alt-trans"), std::string::npos) << text;
  EXPECT_EQ(Validate(out, "xliff12/xliff-core-1.2-strict.local.xsd").exit_code, 0);
}

TEST_F(XliffCliTest, PretranslateGivesATargetOnlyTheCodesOfItsSource) {
  // The stored unit has a link around "Telegram"; the segment has none, so
  // its target must not get one (CAT tools reject the tag mismatch).
  ASSERT_EQ(Tmkit("import " + ShellQuote(Write("codes.tmx", R"(<?xml version="1.0"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The governor said on <bpt i="1">&lt;a&gt;</bpt>Telegram<ept i="1">&lt;/a&gt;</ept>.</seg></tuv>
 <tuv xml:lang="uk"><seg>Губернатор заявив у <bpt i="1">&lt;a&gt;</bpt>Telegram<ept i="1">&lt;/a&gt;</ept>.</seg></tuv></tu>
</body></tmx>
)"))).exit_code, 0);
  std::string in = Write("codes.xlf", R"(<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a" source-language="en" target-language="uk" datatype="plaintext"><body>
  <trans-unit id="1"><source>The governor said on Telegram.</source></trans-unit>
 </body></file>
</xliff>
)");
  std::string out = Path("codes.out.xlf");
  CommandResult r = Tmkit("pretranslate " + ShellQuote(in) + " -o " + ShellQuote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string text = ReadFile(out);
  size_t target = text.find("<target");
  ASSERT_NE(target, std::string::npos) << text;
  std::string filled = text.substr(target, text.find("</target>", target) - target);
  EXPECT_NE(filled.find("Губернатор заявив у Telegram."), std::string::npos) << filled;
  EXPECT_EQ(filled.find("<bpt"), std::string::npos) << filled;
}

TEST_F(XliffCliTest, PretranslateNeverOverwritesItsInput) {
  std::string in = Write("in.xlf", kXliff2);
  CommandResult r = Tmkit("pretranslate " + ShellQuote(in) + " -o " + ShellQuote(in));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(ReadFile(in), kXliff2);
}

TEST_F(XliffCliTest, AnalyzeCountsSegmentsAndWordsPerBand) {
  CommandResult r = Tmkit("analyze --json " + ShellQuote(Write("in.xlf", kXliff2)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json f = Json::Parse(r.out)["files"][0];
  EXPECT_EQ(f["segments"].num(), 4);
  EXPECT_EQ(f["words"].num(), 4 + 5 + 8 + 7);
  auto band = [&](const std::string& name) -> Json {
    for (size_t i = 0; i < f["bands"].size(); ++i) {
      if (f["bands"][i]["name"].str() == name) return f["bands"][i];
    }
    ADD_FAILURE() << "no band " << name;
    return Json();
  };
  EXPECT_EQ(band("101")["segments"].num(), 1);
  EXPECT_EQ(band("100")["segments"].num(), 1);
  EXPECT_EQ(band("no match")["segments"].num(), 1);
}

TEST_F(XliffCliTest, A2xFileBreakingARuleIsRejectedNamingIt) {
  std::string bad = Write("bad.xlf", R"(<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">
 <file id="f1"><unit id="1"><segment><source>a</source><target>b</target></segment></unit></file>
</xliff>
)");
  CommandResult r = Tmkit("import " + ShellQuote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("trgLang"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tmkit::testing
