// XLIFF 1.2 (and 1.1), specified through the public API: OpenReader on small
// documents (segments, inline codes, states and the import filter,
// namespaces, encodings, malformed files), every 1.x sample of the shared
// lists, OpenWriter (strict-schema validation with xmllint, round trips) and
// XliffDocument (pretranslate: byte-exact splicing, states, alt-trans,
// segmented targets, Translate Toolkit reading the result).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>

#include "test_util.h"
#include "tmkit/formats/format.h"
#include "tmkit/formats/xliff.h"
#include "xliff_format.h"

namespace tmkit {

void PrintTo(const InlineCode& c, std::ostream* os) {
  *os << "{" << static_cast<int>(c.kind) << " <" << c.element << "> id=" << c.id
      << " type=" << c.type << " @" << c.offset << " data=";
  for (const CodePart& p : c.data) *os << (p.sub.empty() ? "'" + p.text + "'" : "<sub>") << ",";
  for (const Attribute& a : c.attrs) *os << " " << a.name << "=" << a.value;
  *os << "}";
}

void PrintTo(const Segment& s, std::ostream* os) {
  *os << "'" << s.text << "'";
  for (const InlineCode& c : s.codes) PrintTo(c, os);
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using testing::ReadFile;
using testing::RunShell;
using testing::SharedPath;
using testing::ShellQuote;
using testing::TempDir;
using testing::WriteFile;

class CollectingReporter final : public Reporter {
 public:
  void Report(const Problem& problem) override { problems.push_back(problem); }
  std::vector<Problem> problems;
};

struct ReadOutcome {
  Status status;
  std::vector<TranslationUnit> units;
  std::vector<std::pair<std::string, uint64_t>> not_imported;
  std::vector<Problem> problems;
  std::string Error() const { return status ? "" : status.error().message; }
};

// An XLIFF 1.2 document with one <file> (original "f.txt", en → fr) around `body`.
std::string Xlf(std::string_view body,
                std::string_view file_attrs = "source-language=\"en\" target-language=\"fr\"") {
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n"
      "<file original=\"f.txt\" datatype=\"plaintext\" ";
  doc += file_attrs;
  doc += ">\n<body>\n";
  doc += body;
  doc += "\n</body>\n</file>\n</xliff>\n";
  return doc;
}

ReadOutcome ReadPath(const std::string& path, ReadOptions options = {}) {
  ReadOutcome r;
  CollectingReporter reporter;
  options.reporter = &reporter;
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, Format::kAuto, options);
  if (!reader) {
    r.status = std::unexpected(reader.error());
    return r;
  }
  while (true) {
    TranslationUnit tu;
    Result<bool> more = (*reader)->Next(&tu);
    if (!more) {
      r.status = std::unexpected(more.error());
      break;
    }
    if (!*more) break;
    r.units.push_back(std::move(tu));
  }
  r.not_imported = (*reader)->NotImported();
  r.problems = reporter.problems;
  return r;
}

class Xliff12Test : public ::testing::Test {
 protected:
  std::string Put(const std::string& content, const std::string& name = "in.xlf") {
    std::string path = dir_ / name;
    WriteFile(path, content);
    return path;
  }
  ReadOutcome Read(const std::string& content, ReadOptions options = {}) {
    return ReadPath(Put(content), options);
  }
  // xmllint against the strict schema, offline: "" when valid, else its errors.
  static std::string StrictErrors(const std::string& path) {
    testing::CommandResult r = RunShell(
        "XML_CATALOG_FILES=" + ShellQuote(SharedPath("data/formats/schemas/catalog.xml")) +
        " xmllint --noout --nonet --schema " +
        ShellQuote(SharedPath("data/formats/schemas/xliff12/xliff-core-1.2-strict.local.xsd")) +
        " " + ShellQuote(path));
    return r.exit_code == 0 ? "" : r.err + "\n" + ReadFile(path);
  }
  std::vector<TranslationUnit> WriteAndReadBack(const std::vector<TranslationUnit>& units,
                                                const std::string& name,
                                                WriteOptions options = {}) {
    std::string path = dir_ / name;
    Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kXliff12, options);
    EXPECT_TRUE(writer) << writer.error().message;
    if (!writer) return {};
    for (const TranslationUnit& u : units) {
      Status s = (*writer)->Add(u);
      EXPECT_TRUE(s) << s.error().message;
    }
    Status s = (*writer)->Finish();
    EXPECT_TRUE(s) << s.error().message;
    EXPECT_EQ(StrictErrors(path), "");
    ReadOutcome back = ReadPath(path, ReadOptions{.all_segments = true});
    EXPECT_TRUE(back.status) << back.Error();
    return back.units;
  }

  TempDir dir_;
};

const TranslationUnit& Only(const ReadOutcome& r) {
  EXPECT_EQ(r.units.size(), 1u) << r.Error();
  static const TranslationUnit kNone;
  return r.units.empty() ? kNone : r.units.front();
}

// ---------------------------------------------------------------- reader

TEST_F(Xliff12Test, TranslatedUnitBecomesTwoVariantsWithItsState) {
  ReadOutcome r =
      Read(Xlf("<trans-unit id=\"u1\" resname=\"greeting\">\n"
               "  <source>Hello</source>\n"
               "  <target state=\"translated\" state-qualifier=\"exact-match\">Bonjour</target>\n"
               "  <note xml:lang=\"en\">Said at the door</note>\n"
               "</trans-unit>",
               "source-language=\"EN-us\" target-language=\"fr-fr\""));
  ASSERT_TRUE(r.status) << r.Error();
  const TranslationUnit& tu = Only(r);
  EXPECT_EQ(tu.tuid, "f.txt/u1");
  EXPECT_EQ(tu.source_lang, "en-US");
  ASSERT_EQ(tu.variants.size(), 2u);
  EXPECT_EQ(tu.variants[0].lang, "en-US");
  EXPECT_EQ(tu.variants[0].segment.text, "Hello");
  EXPECT_EQ(tu.variants[1].lang, "fr-FR");
  EXPECT_EQ(tu.variants[1].segment.text, "Bonjour");
  EXPECT_THAT(tu.variants[1].attrs, ElementsAre(Attribute{"state", "translated"},
                                                Attribute{"state-qualifier", "exact-match"}));
  EXPECT_THAT(tu.attrs, ElementsAre(Attribute{"resname", "greeting"}));
  ASSERT_EQ(tu.notes.size(), 1u);
  EXPECT_EQ(tu.notes[0].text, "Said at the door");
  EXPECT_EQ(tu.notes[0].lang, "en");
}

constexpr char kStates[] =
    "<trans-unit id=\"1\"><source>a</source><target state=\"translated\">A</target></trans-unit>\n"
    "<trans-unit id=\"2\"><source>b</source><target "
    "state=\"needs-translation\">b</target></trans-unit>\n"
    "<trans-unit id=\"3\"><source>c</source></trans-unit>\n"
    "<trans-unit id=\"4\" translate=\"no\"><source>d</source><target>d</target></trans-unit>\n"
    "<trans-unit id=\"5\" approved=\"yes\"><source>e</source><target "
    "state=\"new\">E</target></trans-unit>\n"
    "<trans-unit id=\"6\"><source>f</source><target state=\"needs-translation\"/></trans-unit>\n"
    "<trans-unit id=\"7\"><source>g</source><target state=\"final\">G</target></trans-unit>\n"
    "<trans-unit id=\"8\"><source>h</source><target state=\"signed-off\">H</target></trans-unit>\n"
    "<trans-unit id=\"9\"><source>i</source><target "
    "state=\"needs-translation\">i</target></trans-unit>\n"
    "<trans-unit id=\"10\"><source>j</source><target "
    "state=\"needs-review-translation\">J</target></trans-unit>\n"
    "<trans-unit id=\"11\"><source>k</source><target>K</target></trans-unit>\n"
    "<trans-unit id=\"12\" approved=\"no\"><source>l</source><target>L</target></trans-unit>\n"
    "<trans-unit id=\"13\"><source>m</source></trans-unit>";

std::vector<std::string> Tuids(const ReadOutcome& r) {
  std::vector<std::string> out;
  for (const TranslationUnit& u : r.units) out.push_back(u.tuid);
  return out;
}

TEST_F(Xliff12Test, DefaultFilterKeepsApprovedAndTranslatedStatesAndCountsTheRest) {
  ReadOutcome r = Read(Xlf(kStates));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_THAT(Tuids(r), ElementsAre("f.txt/1", "f.txt/5", "f.txt/7", "f.txt/8", "f.txt/11"));
  EXPECT_THAT(
      r.not_imported,
      ElementsAre(Pair("not translated (state \"needs-translation\")", 2), Pair("no target", 2),
                  Pair("translate=\"no\"", 1), Pair("empty target", 1),
                  Pair("not translated (state \"needs-review-translation\")", 1),
                  Pair("not approved (approved=\"no\", no state)", 1)));
}

TEST_F(Xliff12Test, StatesOptionReplacesTheDefaultList) {
  ReadOutcome r = Read(Xlf(kStates), ReadOptions{.states = {"needs-review-translation"}});
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_THAT(Tuids(r), ElementsAre("f.txt/5", "f.txt/10"));
}

TEST_F(Xliff12Test, AllSegmentsReturnsEveryUnitWithAnEmptyTargetWhenThereIsNone) {
  ReadOutcome r = Read(Xlf(kStates), ReadOptions{.all_segments = true});
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 13u);
  EXPECT_TRUE(r.not_imported.empty());
  EXPECT_EQ(r.units[2].variants[1].lang, "fr");
  EXPECT_EQ(r.units[2].variants[1].segment, Segment{});
}

TEST_F(Xliff12Test, SegSourceGivesOneUnitPerMidPairedWithTheTargetMrk) {
  ReadOutcome r = Read(Xlf(
      "<trans-unit id=\"11\">\n"
      "<source>Sentence 1. Sentence 2.</source>\n"
      "<seg-source><mrk mid=\"0\" mtype=\"seg\">Sentence 1.</mrk> "
      "<mrk mid=\"1\" mtype=\"seg\">Sentence <g id=\"1\">2</g>.</mrk></seg-source>\n"
      "<target state=\"translated\"><mrk mid=\"1\" mtype=\"seg\">Phrase <g id=\"1\">2</g>.</mrk> "
      "<mrk mid=\"0\" mtype=\"seg\">Phrase 1.</mrk></target>\n"
      "</trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 2u);
  EXPECT_EQ(r.units[0].tuid, "f.txt/11/0");
  EXPECT_EQ(r.units[0].variants[0].segment.text, "Sentence 1.");
  EXPECT_EQ(r.units[0].variants[1].segment.text, "Phrase 1.");
  EXPECT_EQ(r.units[1].tuid, "f.txt/11/1");
  EXPECT_EQ(r.units[1].variants[0].segment.text, "Sentence 2.");
  EXPECT_EQ(r.units[1].variants[1].segment.text, "Phrase 2.");
  EXPECT_EQ(r.units[1].variants[1].segment.codes.size(), 2u);
}

TEST_F(Xliff12Test, NestedGKeepsItsTextBetweenOpenAndCloseCodes) {
  ReadOutcome r = Read(Xlf(
      "<trans-unit id=\"1\"><source>a <g id=\"0\" ctype=\"bold\">b <g id=\"1\" "
      "its:x=\"1\" xmlns:its=\"http://www.w3.org/2005/11/its\">c</g></g><x id=\"2\"/> d</source>"
      "<target>A</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  const Segment& s = Only(r).variants[0].segment;
  EXPECT_EQ(s.text, "a b c d");
  ASSERT_EQ(s.codes.size(), 5u);
  EXPECT_EQ(s.codes[0],
            (InlineCode{
                .kind = CodeKind::kOpen, .element = "g", .id = "0", .type = "bold", .offset = 2}));
  EXPECT_EQ(s.codes[1],
            (InlineCode{.kind = CodeKind::kOpen,
                        .element = "g",
                        .id = "1",
                        .attrs = {{"its:x", "1"}, {"xmlns:its", "http://www.w3.org/2005/11/its"}},
                        .offset = 4}));
  EXPECT_EQ(s.codes[2],
            (InlineCode{.kind = CodeKind::kClose, .element = "g", .id = "1", .offset = 5}));
  EXPECT_EQ(s.codes[3],
            (InlineCode{.kind = CodeKind::kClose, .element = "g", .id = "0", .offset = 5}));
  EXPECT_EQ(s.codes[4],
            (InlineCode{.kind = CodeKind::kPlaceholder, .element = "x", .id = "2", .offset = 5}));
}

TEST_F(Xliff12Test, BxExPairByRidAndKeepTheirOwnIds) {
  ReadOutcome r =
      Read(Xlf("<trans-unit id=\"1\"><source><bx id=\"1\" rid=\"r1\"/>a<ex id=\"2\" rid=\"r1\"/> "
               "<bx id=\"3\"/>b<ex id=\"3\"/></source><target>A</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  const Segment& s = Only(r).variants[0].segment;
  EXPECT_EQ(s.text, "a b");
  ASSERT_EQ(s.codes.size(), 4u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kOpen,
                                    .element = "bx",
                                    .id = "r1",
                                    .attrs = {{"id", "1"}},
                                    .offset = 0}));
  EXPECT_EQ(s.codes[1], (InlineCode{.kind = CodeKind::kClose,
                                    .element = "ex",
                                    .id = "r1",
                                    .attrs = {{"id", "2"}},
                                    .offset = 1}));
  EXPECT_EQ(s.codes[2].id, "3");
  EXPECT_EQ(s.codes[3].kind, CodeKind::kClose);
}

TEST_F(Xliff12Test, BptEptPhAndItKeepNativeCodeAndSubFlows) {
  ReadOutcome r = Read(
      Xlf("<trans-unit id=\"1\"><source>Press <bpt id=\"1\">&lt;b&gt;</bpt>Start<ept "
          "id=\"1\">&lt;/b&gt;"
          "</ept> <ph id=\"2\">&lt;img alt=\"<sub>Logo</sub>\"/&gt;</ph><it id=\"3\" pos=\"close\">"
          "&lt;/i&gt;</it></source><target>A</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  const Segment& s = Only(r).variants[0].segment;
  EXPECT_EQ(s.text, "Press Start ");
  ASSERT_EQ(s.codes.size(), 4u);
  EXPECT_EQ(
      s.codes[0],
      (InlineCode{
          .kind = CodeKind::kOpen, .element = "bpt", .id = "1", .data = {{"<b>"}}, .offset = 6}));
  EXPECT_EQ(s.codes[1], (InlineCode{.kind = CodeKind::kClose,
                                    .element = "ept",
                                    .id = "1",
                                    .data = {{"</b>"}},
                                    .offset = 11}));
  ASSERT_EQ(s.codes[2].data.size(), 3u);
  EXPECT_EQ(s.codes[2].data[0].text, "<img alt=\"");
  ASSERT_EQ(s.codes[2].data[1].sub.size(), 1u);
  EXPECT_EQ(s.codes[2].data[1].sub[0].text, "Logo");
  EXPECT_EQ(s.codes[2].data[2].text, "\"/>");
  EXPECT_EQ(s.codes[3].kind, CodeKind::kIsolatedClose);
}

TEST_F(Xliff12Test, MrkOtherThanSegIsAnOpenCloseCodeAroundItsText) {
  ReadOutcome r =
      Read(Xlf("<trans-unit id=\"1\"><source>Use <mrk mtype=\"protected\" "
               "comment=\"c\">tmkit</mrk>.</source>"
               "<target>A</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  const Segment& s = Only(r).variants[0].segment;
  EXPECT_EQ(s.text, "Use tmkit.");
  ASSERT_EQ(s.codes.size(), 2u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kOpen,
                                    .element = "mrk",
                                    .type = "protected",
                                    .attrs = {{"comment", "c"}},
                                    .offset = 4}));
  EXPECT_EQ(s.codes[1], (InlineCode{.kind = CodeKind::kClose, .element = "mrk", .offset = 9}));
}

TEST_F(Xliff12Test, ReadsXliff11AndPrefixedRootsAndCdata) {
  ReadOutcome v11 = Read(
      "<xliff version=\"1.1\" xmlns=\"urn:oasis:names:tc:xliff:document:1.1\"><file original=\"o\" "
      "source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><body><trans-unit "
      "id=\"1\"><source>a</source><target>b</target></trans-unit></body></file></xliff>");
  ASSERT_TRUE(v11.status) << v11.Error();
  EXPECT_EQ(Only(v11).variants[1].lang, "de");
  ReadOutcome prefixed = Read(
      "<x:xliff version=\"1.2\" xmlns:x=\"urn:oasis:names:tc:xliff:document:1.2\"><x:file "
      "original=\"o\" source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><x:body>"
      "<x:trans-unit id=\"1\"><x:source>a <x:g id=\"1\">b</x:g></x:source><x:target>"
      "<![CDATA[<b> & c]]></x:target></x:trans-unit></x:body></x:file></x:xliff>");
  ASSERT_TRUE(prefixed.status) << prefixed.Error();
  EXPECT_EQ(Only(prefixed).variants[0].segment.codes.size(), 2u);
  EXPECT_EQ(Only(prefixed).variants[1].segment.text, "<b> & c");
}

TEST_F(Xliff12Test, ReadsWindows1252) {
  std::string doc =
      Xlf("<trans-unit id=\"1\"><source>caf\xE9</source><target>caf\xE9 \x80</target>"
          "</trans-unit>");
  doc.replace(doc.find("UTF-8"), 5, "windows-1252");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_EQ(Only(r).variants[1].segment.text, "caf\xC3\xA9 \xE2\x82\xAC");
}

TEST_F(Xliff12Test, AltTransBinUnitsHeadersAndForeignElementsAreNotTranslations) {
  ReadOutcome r = Read(Xlf(
      "<bin-unit id=\"b\" mime-type=\"image/png\"><bin-source><external-file href=\"a.png\"/>"
      "</bin-source></bin-unit>\n"
      "<group id=\"g\" translate=\"no\"><group id=\"h\"><trans-unit id=\"1\"><source>a</source>"
      "<target>A</target></trans-unit></group></group>\n"
      "<trans-unit id=\"2\"><source>b</source><alt-trans match-quality=\"80\"><source>b!</source>"
      "<target>B!</target></alt-trans><foo:bar xmlns:foo=\"urn:foo\"><target>no</target></foo:bar>"
      "</trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_TRUE(r.units.empty());
  EXPECT_THAT(r.not_imported, ElementsAre(Pair("translate=\"no\"", 1), Pair("no target", 1)));
}

TEST_F(Xliff12Test, TransUnitWithoutIdIsNumberedAndWarned) {
  ReadOutcome r =
      Read(Xlf("<trans-unit><source>a</source><target>b</target></trans-unit>"
               "<trans-unit><source>c</source><target>d</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_THAT(Tuids(r), ElementsAre("f.txt/#1", "f.txt/#2"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_THAT(r.problems[0].message, HasSubstr("no id"));
}

TEST_F(Xliff12Test, MalformedFilesAreInvalidInputWithFileAndLine) {
  std::string truncated =
      Xlf("<trans-unit id=\"1\"><source>a</source><target>b</target></trans-unit>");
  truncated.resize(truncated.find("<target>") + 10);
  ReadOutcome t = Read(truncated);
  ASSERT_FALSE(t.status);
  EXPECT_THAT(t.Error(), HasSubstr("in.xlf:5:"));
  ReadOutcome control =
      Read(Xlf("<trans-unit id=\"1\"><source>a</source><target>\x08</target></trans-unit>"));
  ASSERT_FALSE(control.status);
  EXPECT_THAT(control.Error(), HasSubstr("in.xlf:5"));
  ReadOutcome no_source = Read(Xlf("<trans-unit id=\"1\">\n<target>b</target></trans-unit>"));
  ASSERT_FALSE(no_source.status);
  EXPECT_THAT(no_source.Error(), HasSubstr("in.xlf:5: the <trans-unit> has no <source>"));
  ReadOutcome bad_code = Read(Xlf("<trans-unit id=\"1\"><source>a<b>x</b></source></trans-unit>"));
  ASSERT_FALSE(bad_code.status);
  EXPECT_THAT(bad_code.Error(), HasSubstr("<b> is not XLIFF 1.2 inline markup"));
  ReadOutcome skipped =
      ReadPath(Put(Xlf("<trans-unit id=\"1\"><source>a<b>x</b></source></trans-unit>"
                       "<trans-unit id=\"2\"><source>c</source><target>d</target></trans-unit>")),
               ReadOptions{.on_error = OnBadInput::kSkip});
  ASSERT_TRUE(skipped.status) << skipped.Error();
  EXPECT_THAT(Tuids(skipped), ElementsAre("f.txt/2"));
}

TEST_F(Xliff12Test, WrongRootOrVersionIsRejected) {
  ReadOutcome tmx = ReadPath(Put("<xliff version=\"1.2\" xmlns=\"urn:other\"/>"), ReadOptions{});
  ASSERT_FALSE(tmx.status);
  EXPECT_THAT(tmx.Error(), HasSubstr("in.xlf:1:"));
  // Asked for directly (OpenReader would send a <tmx> to the TMX reader).
  Result<std::unique_ptr<UnitReader>> reader =
      internal::OpenXliff12Reader(Put("<tmx version=\"1.4\"/>", "root.xlf"), {});
  ASSERT_TRUE(reader);
  TranslationUnit tu;
  Result<bool> next = (*reader)->Next(&tu);
  ASSERT_FALSE(next);
  EXPECT_THAT(next.error().message, HasSubstr("root.xlf:1: expected an XLIFF 1.2 document"));
}

// ---------------------------------------------------------------- samples

std::vector<std::string> Xliff1Samples(const std::string& list) {
  std::vector<std::string> out;
  for (const std::string& p : testing::ListedSamples(list, ".xlf")) {
    Result<XliffVersion> v = DetectXliffVersion(p);
    // Files that are not even XML count as 1.x when they sit with the 1.x samples.
    if (v ? *v == XliffVersion::k1_2
          : p.find("xliff2") == std::string::npos && p.find("xliff21") == std::string::npos &&
                p.find("xliff22") == std::string::npos) {
      out.push_back(p);
    }
  }
  return out;
}

TEST(Xliff12SamplesTest, EveryValidSampleImportsWithoutWarnings) {
  std::vector<std::string> samples = Xliff1Samples("valid.txt");
  ASSERT_GE(samples.size(), 7u);
  for (const std::string& path : samples) {
    SCOPED_TRACE(path);
    ReadOutcome r = ReadPath(path, ReadOptions{.all_segments = true});
    EXPECT_TRUE(r.status) << r.Error();
    EXPECT_FALSE(r.units.empty());
    for (const Problem& p : r.problems) ADD_FAILURE() << p.ToString();
    ReadOutcome imported = ReadPath(path);
    EXPECT_TRUE(imported.status) << imported.Error();
    Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
    EXPECT_TRUE(doc) << doc.error().message;
  }
}

TEST(Xliff12SamplesTest, EveryInvalidSampleIsRejectedNamingTheProblem) {
  std::vector<std::string> samples = Xliff1Samples("invalid.txt");
  ASSERT_GE(samples.size(), 1u);
  for (const std::string& path : samples) {
    SCOPED_TRACE(path);
    ReadOutcome r = ReadPath(path);
    ASSERT_FALSE(r.status);
    EXPECT_THAT(r.Error(), HasSubstr(path + ":"));
    Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
    EXPECT_FALSE(doc);
  }
}

TEST(Xliff12SamplesTest, EveryTolerantSampleImportsWithWarnings) {
  std::vector<std::string> samples = Xliff1Samples("tolerant.txt");
  ASSERT_GE(samples.size(), 7u);
  for (const std::string& path : samples) {
    SCOPED_TRACE(path);
    ReadOutcome r = ReadPath(path, ReadOptions{.all_segments = true});
    EXPECT_TRUE(r.status) << r.Error();
    EXPECT_FALSE(r.units.empty());
  }
}

std::vector<std::string> Messages(const ReadOutcome& r) {
  std::vector<std::string> out;
  for (const Problem& p : r.problems) out.push_back(std::to_string(p.line) + ": " + p.message);
  return out;
}

TEST(Xliff12SamplesTest, TolerantSamplesSayWhatIsWrong) {
  const std::string dir = SharedPath("data/formats/samples/");
  ReadOutcome rb =
      ReadPath(dir + "okapi/xliff12/RB-12-Test02.xlf", ReadOptions{.all_segments = true});
  ASSERT_TRUE(rb.status) << rb.Error();
  EXPECT_THAT(Tuids(rb), ::testing::Contains("\\Test01.xml/11/1"));
  EXPECT_THAT(Messages(rb),
              ElementsAre(HasSubstr("47: the text of <seg-source> differs from <source> in "
                                    "<trans-unit id=\"11withWarning\">")));
  ReadOutcome xslt = ReadPath(dir + "okapi/xliff12/Xslt-Test01.xlf");
  ASSERT_TRUE(xslt.status) << xslt.Error();
  EXPECT_TRUE(xslt.units.empty());
  EXPECT_THAT(Messages(xslt), ElementsAre(HasSubstr("the <file> has no target-language")));
  ReadOutcome tags = ReadPath(dir + "omegat/filters/xliff/filters3/file-XLIFFFilter-tags.xlf");
  ASSERT_TRUE(tags.status) << tags.Error();
  EXPECT_THAT(Messages(tags), ::testing::Contains(HasSubstr("<trans-unit> has no id")));
  EXPECT_THAT(Messages(tags), ::testing::Contains(HasSubstr("<bpt> has no id")));
}

// Every readable 1.x sample, written by OpenWriter, validates strict and
// reads back with the same segments (the same text only, for the tolerant
// samples: ids they lack are generated, attributes 1.2 lacks are dropped).
TEST(Xliff12SamplesTest, EverySampleRoundTripsThroughTheWriter) {
  std::vector<std::string> samples = Xliff1Samples("valid.txt");
  const size_t valid = samples.size();
  for (const std::string& p : Xliff1Samples("tolerant.txt")) samples.push_back(p);
  TempDir dir;
  for (size_t k = 0; k < samples.size(); ++k) {
    const std::string& path = samples[k];
    SCOPED_TRACE(path);
    ReadOutcome in = ReadPath(path, ReadOptions{.all_segments = true});
    ASSERT_TRUE(in.status) << in.Error();
    std::string out = dir / "out.xlf";
    Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(out, Format::kXliff12, {});
    ASSERT_TRUE(writer);
    for (const TranslationUnit& u : in.units) {
      Status st = (*writer)->Add(u);
      ASSERT_TRUE(st) << st.error().message;
    }
    ASSERT_TRUE((*writer)->Finish());
    testing::CommandResult lint = RunShell(
        "XML_CATALOG_FILES=" + ShellQuote(SharedPath("data/formats/schemas/catalog.xml")) +
        " xmllint --noout --nonet --schema " +
        ShellQuote(SharedPath("data/formats/schemas/xliff12/xliff-core-1.2-strict.local.xsd")) +
        " " + ShellQuote(out));
    EXPECT_EQ(lint.exit_code, 0) << lint.err;
    ReadOutcome back = ReadPath(out, ReadOptions{.all_segments = true});
    ASSERT_TRUE(back.status) << back.Error();
    ASSERT_EQ(back.units.size(), in.units.size());
    for (size_t i = 0; i < in.units.size(); ++i) {
      for (size_t v = 0; v < 2; ++v) {
        const Segment& was = in.units[i].variants[v].segment;
        const Segment& is = back.units[i].variants[v].segment;
        if (k < valid) {
          EXPECT_EQ(is, was) << i;
        } else {
          EXPECT_EQ(is.text, was.text) << i;
        }
      }
    }
  }
}

// Pretranslating every segment of every readable sample keeps it readable,
// and strict-valid when it was.
TEST(Xliff12SamplesTest, EverySampleCanBeFilled) {
  std::vector<std::string> samples = Xliff1Samples("valid.txt");
  for (const std::string& p : Xliff1Samples("tolerant.txt")) samples.push_back(p);
  TempDir dir;
  for (const std::string& path : samples) {
    SCOPED_TRACE(path);
    Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
    ASSERT_TRUE(doc) << doc.error().message;
    size_t n = (*doc)->segments().size();
    for (size_t i = 0; i < n; ++i) {
      const XliffSegment& s = (*doc)->segments()[i];
      XliffFill fill{
          .target = s.source, .score = i % 2 ? 80 : 100, .origin = "tm", .match_source = s.source};
      ASSERT_TRUE((*doc)->Fill(i, fill));
    }
    std::string out = dir / "filled.xlf";
    ASSERT_TRUE((*doc)->Write(out));
    Result<std::unique_ptr<XliffDocument>> again = XliffDocument::Open(out, {});
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_EQ((*again)->segments().size(), n);
    for (size_t i = 0; i < n; ++i) {
      // Attributes 1.2 does not declare (its:…) are not written into targets.
      const Segment& target = (*again)->segments()[i].target;
      const Segment& source = (*doc)->segments()[i].source;
      EXPECT_EQ(target.text, source.text) << i;
      EXPECT_EQ(target.codes.size(), source.codes.size()) << i;
    }
    auto lint = [](const std::string& file) {
      return RunShell(
          "XML_CATALOG_FILES=" + ShellQuote(SharedPath("data/formats/schemas/catalog.xml")) +
          " xmllint --noout --nonet --schema " +
          ShellQuote(SharedPath("data/formats/schemas/xliff12/xliff-core-1.2-strict.local.xsd")) +
          " " + ShellQuote(file));
    };
    if (lint(path).exit_code == 0) {
      testing::CommandResult r = lint(out);
      EXPECT_EQ(r.exit_code, 0) << r.err << ReadFile(out);
    }
  }
}

// ---------------------------------------------------------------- writer

TEST_F(Xliff12Test, WriteThenReadKeepsTextCodesAndStates) {
  ReadOutcome r = Read(Xlf(
      "<trans-unit id=\"1\" resname=\"r\"><source>a <g id=\"0\" ctype=\"bold\">b <x id=\"1\"/></g> "
      "<bx id=\"2\" rid=\"p\"/>c<ex id=\"3\" rid=\"p\"/></source>"
      "<target state=\"signed-off\" state-qualifier=\"leveraged-tm\">A <g id=\"0\" "
      "ctype=\"bold\">B "
      "<x id=\"1\"/></g> <bx id=\"2\" rid=\"p\"/>C<ex id=\"3\" rid=\"p\"/></target>"
      "<note>n</note></trans-unit>\n"
      "<trans-unit id=\"2\" approved=\"yes\" xml:space=\"preserve\"><source>  <bpt "
      "id=\"1\">&lt;b&gt;"
      "</bpt>x<ept id=\"1\">&lt;/b&gt;</ept>\n<ph id=\"2\">&lt;br<sub>alt <x "
      "id=\"9\"/></sub>&gt;</ph>"
      "<it id=\"3\" pos=\"open\">&lt;i&gt;</it><mrk mtype=\"term\">t</mrk></source>"
      "<target state=\"x-custom\">y</target></trans-unit>"));
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 2u);
  std::vector<TranslationUnit> back = WriteAndReadBack(r.units, "out.xlf");
  ASSERT_EQ(back.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    TranslationUnit expected = r.units[i];
    expected.tuid = "tmkit/" + expected.tuid;  // the writer's <file original="tmkit">
    EXPECT_EQ(back[i], expected) << i;
  }
}

TEST_F(Xliff12Test, WriterMakesOneFilePerLanguagePairAndMapsOtherFormatsCodes) {
  TranslationUnit tu;
  tu.tuid = "t1";
  tu.source_lang = "en";
  Segment en{.text = "Bold and icon",
             .codes = {{.kind = CodeKind::kOpen, .element = "hi", .type = "bold", .offset = 0},
                       {.kind = CodeKind::kClose, .element = "hi", .offset = 4},
                       {.kind = CodeKind::kPlaceholder,
                        .element = "ut",
                        .type = "weird type",
                        .data = {{"<img>"}},
                        .offset = 13}}};
  tu.variants = {Variant{.lang = "en", .segment = en},
                 Variant{.lang = "fr", .segment = {.text = "Gras"}},
                 Variant{.lang = "de", .segment = {.text = "Fett"}}};
  std::vector<TranslationUnit> back = WriteAndReadBack({tu, tu}, "pairs.xlf");
  ASSERT_EQ(back.size(), 4u);
  EXPECT_EQ(back[0].tuid, "tmkit/t1");
  EXPECT_EQ(back[1].tuid, "tmkit/t1-2");  // ids stay unique in a <file>
  EXPECT_EQ(back[0].variants[1].lang, "fr");
  EXPECT_EQ(back[2].variants[1].lang, "de");
  const Segment& s = back[0].variants[0].segment;
  EXPECT_EQ(s.text, en.text);
  ASSERT_EQ(s.codes.size(), 3u);
  EXPECT_EQ(s.codes[0].element, "bx");
  EXPECT_EQ(s.codes[2].element, "ph");
  EXPECT_EQ(s.codes[2].type, "x-weird-type");
  EXPECT_EQ(s.codes[2].data, (std::vector<CodePart>{{"<img>"}}));

  std::vector<TranslationUnit> one_pair =
      WriteAndReadBack({tu}, "one.xlf", WriteOptions{.source_lang = "en", .target_lang = "de"});
  ASSERT_EQ(one_pair.size(), 1u);
  EXPECT_EQ(one_pair[0].variants[1].segment.text, "Fett");
}

TEST_F(Xliff12Test, WriterRefusesCharactersXmlCannotCarry) {
  std::string path = dir_ / "bad.xlf";
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kXliff12, {});
  ASSERT_TRUE(writer);
  TranslationUnit tu{.tuid = "b",
                     .source_lang = "en",
                     .variants = {Variant{.lang = "en", .segment = {.text = "a\x01"}},
                                  Variant{.lang = "fr", .segment = {.text = "b"}}}};
  Status s = (*writer)->Add(tu);
  ASSERT_FALSE(s);
  EXPECT_THAT(s.error().message, HasSubstr("U+0001"));
  EXPECT_TRUE((*writer)->Finish());
  EXPECT_EQ(StrictErrors(path), "");
}

// ---------------------------------------------------------------- document

Segment Text(std::string text) { return Segment{.text = std::move(text)}; }

TEST_F(Xliff12Test, DocumentListsSegmentsWithStateContextAndLine) {
  std::string path = Put(Xlf(kStates));
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  ASSERT_TRUE(doc) << doc.error().message;
  const std::vector<XliffSegment>& segs = (*doc)->segments();
  ASSERT_EQ(segs.size(), 13u);
  EXPECT_EQ(segs[1].id, "f.txt/2");
  EXPECT_EQ(segs[1].state, "needs-translation");
  EXPECT_FALSE(segs[1].target_empty);
  EXPECT_EQ(segs[1].previous_source, "a");
  EXPECT_EQ(segs[0].previous_source, "");
  EXPECT_TRUE(segs[2].target_empty);
  EXPECT_FALSE(segs[3].translatable);
  EXPECT_TRUE(segs[5].target_empty);
  EXPECT_EQ(segs[1].line, 6);
  EXPECT_EQ(segs[1].source_lang, "en");
  EXPECT_EQ(segs[1].target_lang, "fr");
  EXPECT_FALSE((*doc)->Fill(13, XliffFill{}));
}

// `in` with `replaced` (found after `after`) replaced by `by`: what Write()
// must give when it touched only that place.
std::string Splice(std::string in, std::string_view after, std::string_view replaced,
                   std::string_view by) {
  size_t at = in.find(replaced, in.find(after));
  EXPECT_NE(at, std::string::npos) << replaced;
  return at == std::string::npos ? in : in.replace(at, replaced.size(), by);
}

TEST_F(Xliff12Test, FillSplicesTargetsAndAltTransAndKeepsEveryOtherByte) {
  std::string sample = SharedPath("data/formats/samples/okapi/xliff12/Manual-12-AltTrans.xlf");
  ASSERT_EQ(StrictErrors(sample), "");
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(sample, {});
  ASSERT_TRUE(doc) << doc.error().message;
  const std::vector<XliffSegment>& segs = (*doc)->segments();
  ASSERT_EQ(segs.size(), 7u);
  EXPECT_EQ(segs[2].id, "test1/1");
  ASSERT_TRUE(segs[2].target_empty);
  std::string in = ReadFile(sample);

  // One exact match: a <target> after <source>, nothing else changes.
  ASSERT_TRUE((*doc)->Fill(2, XliffFill{.target = Text("Texte numéro 1"), .score = 100}));
  std::string exact = dir_ / "exact.xlf";
  ASSERT_TRUE((*doc)->Write(exact));
  EXPECT_EQ(ReadFile(exact),
            Splice(in, "<trans-unit id=\"1\">", "</source>",
                   "</source>\n      <target state=\"translated\" state-qualifier=\"exact-match\">"
                   "Texte numéro 1</target>"));
  EXPECT_EQ(StrictErrors(exact), "");

  // A fuzzy match: needs-review-translation, and the match as <alt-trans>.
  Segment coded{.text = "Texte 5 texte.",
                .codes = {{.kind = CodeKind::kPlaceholder,
                           .element = "ph",
                           .id = "1",
                           .data = {{"startCode"}},
                           .offset = 6}}};
  ASSERT_TRUE((*doc)->Fill(6, XliffFill{.target = coded,
                                        .score = 87,
                                        .origin = "mem.tmx",
                                        .match_source = Text("Text 5 text!")}));
  std::string fuzzy = dir_ / "fuzzy.xlf";
  ASSERT_TRUE((*doc)->Write(fuzzy));
  std::string both = ReadFile(fuzzy);
  EXPECT_THAT(
      both,
      HasSubstr(
          "<target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">Texte "
          "<ph id=\"1\">startCode</ph>5 texte.</target>\n      <alt-trans match-quality=\"87\" "
          "origin=\"mem.tmx\"><source>Text 5 text!</source><target>Texte <ph "
          "id=\"1\">startCode</ph>"
          "5 texte.</target></alt-trans>"));
  EXPECT_EQ(StrictErrors(fuzzy), "");
  EXPECT_EQ((*doc)->segments()[6].state, "needs-review-translation");

  // The filled file reads back with the exact match imported.
  ReadOutcome r = ReadPath(exact);
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_THAT(Tuids(r), ::testing::Contains("test1/1"));
}

TEST_F(Xliff12Test, FillReplacesAnEmptyTargetKeepingItsAttributes) {
  std::string in =
      Xlf("<trans-unit id=\"1\">\n  <source>a</source>\n  <target xml:lang=\"fr\" "
          "state=\"new\"/>\n  <note>keep</note>\n</trans-unit>");
  std::string path = Put(in);
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_TRUE((*doc)->Fill(0, XliffFill{.target = Text("A & B"), .score = 101}));
  std::string out_path = dir_ / "out.xlf";
  ASSERT_TRUE((*doc)->Write(out_path));
  EXPECT_EQ(ReadFile(out_path),
            Splice(in, "<trans-unit", "<target xml:lang=\"fr\" state=\"new\"/>",
                   "<target xml:lang=\"fr\" state=\"translated\" state-qualifier=\"exact-match\">"
                   "A &amp; B</target>"));
}

TEST_F(Xliff12Test, FillOfSegmentedUnitCreatesTargetWithSegmentationMarkup) {
  std::string in = Xlf(
      "<trans-unit id=\"11\">\n"
      "  <source>One. Two.</source>\n"
      "  <seg-source><mrk mtype=\"seg\" mid=\"0\">One.</mrk> <mrk mtype=\"seg\" mid=\"1\">Two."
      "</mrk></seg-source>\n"
      "</trans-unit>\n"
      "<trans-unit id=\"12\">\n"
      "  <source>Three. Four.</source>\n"
      "  <seg-source><mrk mtype=\"seg\" mid=\"a\">Three.</mrk> <mrk mtype=\"seg\" mid=\"b\">Four."
      "</mrk></seg-source>\n"
      "  <target><mrk mtype=\"seg\" mid=\"a\">Trois.</mrk> <mrk mtype=\"seg\" "
      "mid=\"b\"></mrk></target>\n"
      "</trans-unit>\n"
      "<trans-unit id=\"13\">\n"
      "  <source>Five. Six.</source>\n"
      "  <seg-source><mrk mtype=\"seg\" mid=\"5\">Five.</mrk> <mrk mtype=\"seg\" mid=\"6\">Six."
      "</mrk></seg-source>\n"
      "  <target/>\n"
      "</trans-unit>");
  std::string path = Put(in);
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  ASSERT_TRUE(doc) << doc.error().message;
  const std::vector<XliffSegment>& segs = (*doc)->segments();
  ASSERT_EQ(segs.size(), 6u);
  EXPECT_EQ(segs[5].id, "f.txt/13/6");
  EXPECT_EQ(segs[1].id, "f.txt/11/1");
  EXPECT_EQ(segs[1].previous_source, "One.");
  EXPECT_FALSE(segs[2].target_empty);
  EXPECT_TRUE(segs[3].target_empty);
  ASSERT_TRUE((*doc)->Fill(1, XliffFill{.target = Text("Deux."), .score = 100}));
  ASSERT_TRUE((*doc)->Fill(3, XliffFill{.target = Text("Quatre."), .score = 100}));
  ASSERT_TRUE((*doc)->Fill(4, XliffFill{.target = Text("Cinq."), .score = 90}));
  ASSERT_TRUE((*doc)->Fill(5, XliffFill{.target = Text("Six."), .score = 100}));
  std::string out_path = dir_ / "out.xlf";
  ASSERT_TRUE((*doc)->Write(out_path));
  std::string out = ReadFile(out_path);
  EXPECT_THAT(out,
              HasSubstr("</seg-source>\n  <target state=\"needs-review-translation\"><mrk "
                        "mtype=\"seg\" mid=\"0\">"
                        "</mrk> <mrk mtype=\"seg\" mid=\"1\">Deux.</mrk></target>\n</trans-unit>"));
  EXPECT_THAT(out, HasSubstr("<target state=\"translated\" state-qualifier=\"exact-match\"><mrk "
                             "mtype=\"seg\" mid=\"a\">"
                             "Trois.</mrk> <mrk mtype=\"seg\" mid=\"b\">Quatre.</mrk></target>"));
  EXPECT_THAT(
      out, HasSubstr(
               "  <target state=\"needs-review-translation\" state-qualifier=\"fuzzy-match\">"
               "<mrk mtype=\"seg\" mid=\"5\">Cinq.</mrk> <mrk mtype=\"seg\" "
               "mid=\"6\">Six.</mrk></target>\n"
               "  <alt-trans mid=\"5\" match-quality=\"90\"><target>Cinq.</target></alt-trans>\n"));
  EXPECT_EQ(StrictErrors(out_path), "");
  ReadOutcome r = ReadPath(out_path);
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_THAT(Tuids(r), ElementsAre("f.txt/12/a", "f.txt/12/b"));
}

TEST_F(Xliff12Test, DocumentInPrefixedNamespaceGetsPrefixedTargets) {
  std::string in =
      "<x:xliff version=\"1.2\" xmlns:x=\"urn:oasis:names:tc:xliff:document:1.2\"><x:file "
      "original=\"o\" source-language=\"en\" target-language=\"de\" datatype=\"plaintext\"><x:body>"
      "<x:trans-unit id=\"1\"><x:source>a</x:source></x:trans-unit></x:body></x:file></x:xliff>";
  std::string path = Put(in);
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  ASSERT_TRUE(doc) << doc.error().message;
  Segment t{.text = "b",
            .codes = {{.kind = CodeKind::kPlaceholder, .element = "x", .id = "1", .offset = 1}}};
  ASSERT_TRUE((*doc)->Fill(0, XliffFill{.target = t, .score = 60}));
  std::string out_path = dir_ / "out.xlf";
  ASSERT_TRUE((*doc)->Write(out_path));
  EXPECT_THAT(ReadFile(out_path), HasSubstr("<x:target state=\"needs-review-translation\" "
                                            "state-qualifier=\"fuzzy-match\">b<x:x id=\"1\"/>"
                                            "</x:target>"));
  EXPECT_EQ(StrictErrors(out_path), "");
}

TEST_F(Xliff12Test, DocumentInWindows1252IsWrittenAsUtf8) {
  std::string in = Xlf("<trans-unit id=\"1\"><source>caf\xE9</source></trans-unit>");
  in.replace(in.find("UTF-8"), 5, "windows-1252");
  std::string path = Put(in);
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(path, {});
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ((*doc)->segments()[0].source.text, "caf\xC3\xA9");
  ASSERT_TRUE((*doc)->Fill(0, XliffFill{.target = Text("caf\xC3\xA9"), .score = 100}));
  std::string out_path = dir_ / "out.xlf";
  ASSERT_TRUE((*doc)->Write(out_path));
  std::string out = ReadFile(out_path);
  EXPECT_THAT(out, HasSubstr("encoding=\"UTF-8\""));
  EXPECT_THAT(out, HasSubstr("<source>caf\xC3\xA9</source><target"));
}

TEST_F(Xliff12Test, TranslateToolkitReadsTheFilledTargets) {
  testing::CommandResult probe = RunShell("/usr/bin/python3 -c 'import translate.storage.xliff'");
  if (probe.exit_code != 0) GTEST_SKIP() << "python3-translate is not installed";
  std::string sample = SharedPath("data/formats/samples/okapi/xliff12/Manual-12-AltTrans.xlf");
  Result<std::unique_ptr<XliffDocument>> doc = XliffDocument::Open(sample, {});
  ASSERT_TRUE(doc) << doc.error().message;
  ASSERT_TRUE((*doc)->Fill(2, XliffFill{.target = Text("Texte un"), .score = 100}));
  ASSERT_TRUE((*doc)->Fill(
      5,
      XliffFill{.target = Text("Texte quatre"), .score = 75, .match_source = Text("Text four")}));
  std::string out = dir_ / "filled.xlf";
  ASSERT_TRUE((*doc)->Write(out));
  testing::CommandResult r = RunShell(
      "/usr/bin/python3 -c 'import sys\nfrom translate.storage import xliff\n"
      "s = xliff.xlifffile.parsefile(sys.argv[1])\n"
      "for u in s.units:\n  print(u.getid(), \"=\", u.target or \"\")' " +
      ShellQuote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 = Texte un"));
  EXPECT_THAT(r.out, HasSubstr("4 = Texte quatre"));
}

}  // namespace
}  // namespace tmkit
