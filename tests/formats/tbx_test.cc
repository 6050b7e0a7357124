// TBX v3 and 2008: reading (DCA, DCT, tig, ntig, languages, encodings, the
// shared good/bad/tolerant sets, corruption), writing (round trips, schema
// validation of exports) and OmegaT's own reader on our 2008 export.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tbx_glossary.h"
#include "test_util.h"
#include "tmkit/formats/glossary_format.h"

namespace tmkit {
namespace {

using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunShell;
using testing::SharedPath;
using testing::ShellQuote;
using testing::TempDir;
using testing::WriteFile;

class CollectingReporter : public Reporter {
 public:
  void Report(const Problem& p) override { problems.push_back(p); }
  std::vector<Problem> problems;
};

class TbxTest : public ::testing::Test {
 protected:
  // Reads every entry of `path`; an error fails the test unless `error` wants it.
  Result<std::vector<TermEntry>> Read(const std::string& path) {
    GlossaryReadOptions ro{.reporter = &reporter_};
    Result<std::unique_ptr<EntryReader>> r = OpenEntryReader(path, GlossaryFormat::kAuto, ro);
    if (!r) return std::unexpected(r.error());
    std::vector<TermEntry> out;
    while (true) {
      TermEntry e;
      Result<bool> more = (*r)->Next(&e);
      if (!more) return std::unexpected(more.error());
      if (!*more) break;
      out.push_back(std::move(e));
    }
    return out;
  }
  Result<std::vector<TermEntry>> ReadText(const std::string& xml, const std::string& name = "t.tbx") {
    std::string path = dir_ / name;
    WriteFile(path, xml);
    return Read(path);
  }
  std::string Write(const std::vector<TermEntry>& entries, GlossaryFormat format,
                    const std::string& name) {
    std::string path = dir_ / name;
    Result<std::unique_ptr<EntryWriter>> w = OpenEntryWriter(path, format, {});
    EXPECT_TRUE(w.has_value());
    for (const TermEntry& e : entries) EXPECT_TRUE((*w)->Add(e).has_value());
    EXPECT_TRUE((*w)->Finish().has_value());
    return path;
  }
  static std::vector<TermEntry> Sample() {
    TermEntry a;
    a.entry_id = "donetsk";
    a.subject = "geography";
    a.note = "Oblast names follow the 2016 decree.";
    a.provenance.creation_date = 1700000000;
    a.provenance.creation_id = "olena";
    a.provenance.change_date = 1710000000;
    a.terms.push_back({.lang = "en", .text = "Donetsk Oblast", .part_of_speech = "properNoun",
                       .status = TermStatus::kPreferred, .definition = "A region of Ukraine.",
                       .context = "Shelling hit Donetsk Oblast overnight.", .source = "AP style"});
    a.terms.push_back({.lang = "en", .text = "Donetsk Region", .status = TermStatus::kAdmitted,
                       .definition = "A region of Ukraine."});
    a.terms.push_back({.lang = "uk", .text = "Донецька область",
                       .forms = {"Донецької області", "Донецькій області"},
                       .part_of_speech = "noun", .note = "Genitive in headlines.",
                       .extra = {{.type = "grammaticalGender", .text = "feminine"},
                                 {.type = "geographicalUsage", .text = "UA"},
                                 {.type = "Usage note", .text = "Never 'the Donbas'."},
                                 {.type = "termType", .text = "fullForm"}}});
    a.terms.push_back({.lang = "ko", .text = "도네츠크주", .status = TermStatus::kForbidden});
    a.extra = {{.type = "xGraphic", .text = "https://example.org/map.png Map"},
               {.type = "source", .text = "Oxford2007", .lang = "en"},
               {.type = "customerSubset", .text = "newsroom"},
               {.type = "transactionType", .text = "modification|2011-02-03|Ivan"}};
    TermEntry b;
    b.entry_id = "us";
    b.terms.push_back({.lang = "en", .text = "US", .case_sensitive = true,
                       .part_of_speech = "Noun", .extra = {{.type = "termType", .text = "acronym"}}});
    b.terms.push_back({.lang = "ru", .text = "США", .status = TermStatus::kDeprecated,
                       .extra = {{.type = "note", .text = "second note"},
                                 {.type = "register", .text = "neutral"}}});
    b.extra = {{.type = "crossReference", .text = "donetsk see also"}};
    return {a, b};
  }

  TempDir dir_;
  CollectingReporter reporter_;
};

// ------------------------------------------------------------ DCA and DCT

constexpr char kDca[] = R"(<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <transacGrp><transac type="transactionType">origination</transac><date>2010-04-17</date>
    <transacNote type="responsibility" target="p1">Tommy</transacNote></transacGrp>
   <descrip type="subjectField">General</descrip>
   <xref type="xGraphic" target="https://en.wikipedia.org/wiki/Galaxy_cluster">Open_Cluster.JPG</xref>
   <note>G-Source: http://www.physics.drexel.edu/observatory/dump.shtml</note>
   <langSec xml:lang="en">
    <descripGrp><descrip type="definition">A group of stars formed together in the spiral
      arms of a galaxy.</descrip><admin type="source">Oxford2007</admin></descripGrp>
    <termSec><term>open cluster</term>
     <termNote type="partOfSpeech">noun</termNote>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
     <descripGrp><descrip type="context">Over 1100 open clusters are known.</descrip>
      <admin type="source">http://seds.org/MESSIER/open.html</admin></descripGrp>
    </termSec>
    <termSec><term>galactic cluster</term>
     <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
     <note>Another name for an open star cluster.</note><note>N-Source: delscope</note>
    </termSec>
   </langSec>
   <langSec xml:lang="es"><termSec><term>cúmulo abierto</term>
     <termNote type="partOfSpeech">noun</termNote></termSec></langSec>
  </conceptEntry>
 </body>
 <back><refObjectSec type="respPerson"><refObject id="p1"><item type="fn">Tommy</item></refObject></refObjectSec></back>
 </text>
</tbx>
)";

constexpr char kDct[] = R"(<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
 <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <transacGrp><basic:transactionType>origination</basic:transactionType><date>2010-04-17</date>
    <basic:responsibility target="p1">Tommy</basic:responsibility></transacGrp>
   <min:subjectField>General</min:subjectField>
   <basic:xGraphic target="https://en.wikipedia.org/wiki/Galaxy_cluster">Open_Cluster.JPG</basic:xGraphic>
   <note>G-Source: http://www.physics.drexel.edu/observatory/dump.shtml</note>
   <langSec xml:lang="en">
    <descripGrp><basic:definition>A group of stars formed together in the spiral
      arms of a galaxy.</basic:definition><basic:source>Oxford2007</basic:source></descripGrp>
    <termSec><term>open cluster</term>
     <min:partOfSpeech>noun</min:partOfSpeech>
     <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
     <descripGrp><basic:context>Over 1100 open clusters are known.</basic:context>
      <basic:source>http://seds.org/MESSIER/open.html</basic:source></descripGrp>
    </termSec>
    <termSec><term>galactic cluster</term>
     <min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus>
     <note>Another name for an open star cluster.</note><note>N-Source: delscope</note>
    </termSec>
   </langSec>
   <langSec xml:lang="es"><termSec><term>cúmulo abierto</term>
     <min:partOfSpeech>noun</min:partOfSpeech></termSec></langSec>
  </conceptEntry>
 </body>
 <back><refObjectSec type="respPerson"><refObject id="p1"><item type="fn">Tommy</item></refObject></refObjectSec></back>
 </text>
</tbx>
)";

TEST_F(TbxTest, DcaAndDctOfTheAstronomyEntryGiveTheSameEntries) {
  Result<std::vector<TermEntry>> dca = ReadText(kDca, "dca.tbx");
  Result<std::vector<TermEntry>> dct = ReadText(kDct, "dct.tbx");
  ASSERT_TRUE(dca.has_value()) << dca.error().message;
  ASSERT_TRUE(dct.has_value()) << dct.error().message;
  EXPECT_EQ(*dca, *dct);
  ASSERT_EQ(dca->size(), 1u);
  const TermEntry& e = dca->front();
  EXPECT_EQ(e.entry_id, "c1");
  EXPECT_EQ(e.subject, "General");
  EXPECT_EQ(e.provenance.creation_id, "Tommy");
  ASSERT_EQ(e.terms.size(), 3u);
  EXPECT_EQ(e.terms[0].definition, "A group of stars formed together in the spiral arms of a galaxy.");
  EXPECT_EQ(e.terms[1].definition, e.terms[0].definition);
  EXPECT_EQ(e.terms[0].status, TermStatus::kPreferred);
  EXPECT_EQ(e.terms[0].context, "Over 1100 open clusters are known.");
  EXPECT_EQ(e.terms[0].source, "http://seds.org/MESSIER/open.html");
  EXPECT_EQ(e.terms[1].status, TermStatus::kForbidden);
  EXPECT_EQ(e.terms[1].note, "Another name for an open star cluster.");
  EXPECT_EQ(e.terms[2].lang, "es");
}

TEST_F(TbxTest, LtacAstronomyDcaAndDctFilesGiveTheSameEntries) {
  std::string dca = SharedPath("data/formats/samples/tbx-v3-ltac/TBX-Basic_Example_Astronomy_DCA_VALID.tbx");
  std::string dct = SharedPath("data/formats/samples/tbx-v3-ltac/TBX-Basic_Example_Astronomy_DCT_VALID.tbx");
  Result<std::vector<TermEntry>> a = Read(dca);
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->size(), 45u);
  if (!std::filesystem::exists(dct)) {
    GTEST_SKIP() << dct << " is not in the shared samples (listed in its PROVENANCE.md only)";
  }
  Result<std::vector<TermEntry>> b = Read(dct);
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(*a, *b);
}

// ------------------------------------------------------------ 2008

constexpr char kTig[] = R"(<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1"><descrip type="subjectField">geography</descrip>
 <langSet xml:lang="en"><tig><term>Kyiv</term><termNote type="partOfSpeech">properNoun</termNote>
  <descrip type="context">Kyiv is the capital.</descrip></tig></langSet>
 <langSet xml:lang="uk"><tig><term>Київ</term><termNote type="partOfSpeech">properNoun</termNote></tig></langSet>
</termEntry></body></text></martif>
)";

constexpr char kNtig[] = R"(<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1"><descrip type="subjectField">geography</descrip>
 <langSet xml:lang="en"><ntig><termGrp><term>Kyiv</term><termNote type="partOfSpeech">properNoun</termNote></termGrp>
  <descrip type="context">Kyiv is the capital.</descrip></ntig></langSet>
 <langSet xml:lang="uk"><ntig><termGrp><term>Київ</term><termNote type="partOfSpeech">properNoun</termNote></termGrp></ntig></langSet>
</termEntry></body></text></martif>
)";

TEST_F(TbxTest, TigAndNtigGiveTheSameEntries) {
  Result<std::vector<TermEntry>> tig = ReadText(kTig, "tig.tbx");
  Result<std::vector<TermEntry>> ntig = ReadText(kNtig, "ntig.tbx");
  ASSERT_TRUE(tig.has_value()) << tig.error().message;
  ASSERT_TRUE(ntig.has_value()) << ntig.error().message;
  EXPECT_EQ(*tig, *ntig);
  ASSERT_EQ(tig->front().terms.size(), 2u);
  EXPECT_EQ(tig->front().terms[0].context, "Kyiv is the capital.");
  EXPECT_EQ(tig->front().terms[1].part_of_speech, "properNoun");
}

TEST_F(TbxTest, LanguagesComeFromXmlLangNotFromPosition) {
  std::string xml = kTig;
  // uk first, and an upper-case tag: still found by language.
  std::string swapped = R"(<?xml version="1.0"?>
<martif type="TBX" xml:lang="EN"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body><termEntry id="t1">
 <langSet xml:lang="UK"><tig><term>Київ</term></tig></langSet>
 <langSet xml:lang="EN"><tig><term>Kyiv</term></tig></langSet>
</termEntry></body></text></martif>
)";
  Result<std::vector<TermEntry>> r = ReadText(swapped);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->front().TermsIn("en").size(), 1u);
  EXPECT_EQ(r->front().TermsIn("en")[0]->text, "Kyiv");
  EXPECT_EQ(r->front().TermsIn("uk")[0]->text, "Київ");
  EXPECT_EQ(r->front().terms[0].lang, "uk");
  Result<std::vector<TermEntry>> maryland = Read(SharedPath("data/formats/samples/okapi/tbx/maryland.tbx"));
  ASSERT_TRUE(maryland.has_value()) << maryland.error().message;
  EXPECT_FALSE(maryland->front().TermsIn("en").empty());
  EXPECT_EQ(maryland->front().TermsIn("en")[0]->lang, "en");
}

// ------------------------------------------------------------ round trips

TEST_F(TbxTest, RoundTripThroughV3GivesEqualEntries) {
  std::vector<TermEntry> in = Sample();
  Result<std::vector<TermEntry>> out = Read(Write(in, GlossaryFormat::kTbx, "rt.tbx"));
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(out->size(), in.size());
  for (size_t i = 0; i < std::min(in.size(), out->size()); ++i) EXPECT_EQ((*out)[i], in[i]) << i;
}

TEST_F(TbxTest, RoundTripThrough2008GivesEqualEntries) {
  std::vector<TermEntry> in = Sample();
  // TBX-Basic 2008 dates are days (xs:date): that is what 2008 carries.
  for (TermEntry& e : in) {
    for (int64_t* d : {&e.provenance.creation_date, &e.provenance.change_date}) {
      if (*d != kNoDate) *d -= *d % 86400;
    }
  }
  Result<std::vector<TermEntry>> out = Read(Write(in, GlossaryFormat::kTbx2008, "rt2008.tbx"));
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(out->size(), in.size());
  for (size_t i = 0; i < std::min(in.size(), out->size()); ++i) EXPECT_EQ((*out)[i], in[i]) << i;
}

TEST_F(TbxTest, OurExportsReadWithoutWarnings) {
  // The 2008 export names the published TBX-Basic XCS; reading it back must
  // not warn that the XCS is missing.
  for (GlossaryFormat f : {GlossaryFormat::kTbx, GlossaryFormat::kTbx2008}) {
    reporter_.problems.clear();
    Result<std::vector<TermEntry>> out = Read(Write(Sample(), f, "quiet.tbx"));
    ASSERT_TRUE(out.has_value()) << out.error().message;
    for (const Problem& p : reporter_.problems) ADD_FAILURE() << p.message;
  }
}

TEST_F(TbxTest, ImportExportImportOfLtacSampleKeepsEverything) {
  Result<std::vector<TermEntry>> a =
      Read(SharedPath("data/formats/samples/tbx-v3-ltac/TBX-Basic_Example_Astronomy_DCA_VALID.tbx"));
  ASSERT_TRUE(a.has_value()) << a.error().message;
  Result<std::vector<TermEntry>> b = Read(Write(*a, GlossaryFormat::kTbx, "ltac.tbx"));
  ASSERT_TRUE(b.has_value()) << b.error().message;
  EXPECT_EQ(*a, *b);
}

// ------------------------------------------------------------ shared lists

TEST_F(TbxTest, EveryValidSharedTbxImports) {
  std::vector<std::string> files = testing::ListedSamples("valid.txt", ".tbx");
  ASSERT_FALSE(files.empty());
  for (const std::string& f : files) {
    Result<std::vector<TermEntry>> r = Read(f);
    ASSERT_TRUE(r.has_value()) << f << ": " << r.error().message;
    EXPECT_FALSE(r->empty()) << f;
  }
}

TEST_F(TbxTest, EveryInvalidSharedTbxIsRejectedNamingTheRule) {
  const std::map<std::string, std::string> rule = {
      {"tbx-basic-package-v2/tbx_basic_sample_badattribute.tbx", "'origin' is not a TBX-Basic data category"},
      {"tbx-basic-package-v2/tbx_basic_sample_badelement.tbx", "found <transaction>"},
      {"tbx-basic-package-v2/tbx_basic_sample_badelementorder.tbx", "TBX order"},
      {"tbx-basic-package-v2/tbx_basic_sample_notwellformed.tbx", ":"},
      {"tbx-basic-package-v3/tbx_basic_sample_badelement.tbx", "found <transaction>"},
      {"tbx-basic-package-v3/tbx_basic_sample_badelementcontent.tbx", "TBX-Basic picklist"},
      {"tbx-basic-package-v3/tbx_basic_sample_badtargetattribute_value.tbx", "matches no id in the file"},
      {"tbx-basic-package-v3/tbx_basic_sample_notwellformed.tbx", ":"},
      {"tbx-checker/bad.tbx", "not declared in the XCS"},
  };
  std::vector<std::string> files = testing::ListedSamples("invalid.txt", ".tbx");
  ASSERT_EQ(files.size(), rule.size());
  for (const std::string& f : files) {
    Result<std::vector<TermEntry>> r = Read(f);
    ASSERT_FALSE(r.has_value()) << f << " was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput) << f;
    EXPECT_THAT(r.error().message, HasSubstr(f + ":")) << "names the file and line";
    std::string key = f.substr(f.find("samples/") + 8);
    ASSERT_TRUE(rule.contains(key)) << key;
    EXPECT_THAT(r.error().message, HasSubstr(rule.at(key))) << f;
  }
}

TEST_F(TbxTest, TolerantSharedTbxImportsWithAWarning) {
  for (const std::string& f : testing::ListedSamples("tolerant.txt", ".tbx")) {
    reporter_.problems.clear();
    Result<std::vector<TermEntry>> r = Read(f);
    ASSERT_TRUE(r.has_value()) << f << ": " << r.error().message;
    EXPECT_FALSE(r->empty());
    ASSERT_FALSE(reporter_.problems.empty()) << f;
    EXPECT_THAT(reporter_.problems.front().message, HasSubstr("crossReference"));
  }
}

TEST_F(TbxTest, DanglingTargetIsAnErrorNamingTheRule) {
  std::string xml = kDca;
  xml.replace(xml.find("target=\"p1\""), 11, "target=\"nobody\"");
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("t.tbx:7: target 'nobody' matches no id in the file"));
}

TEST_F(TbxTest, AnEntryNamingALaterEntryKeepsTheFileOrder) {
  // Entries stream out as they are read; one whose crossReference names a
  // later entry waits for it, and those after it keep their place.
  const std::string xml = R"(<?xml version="1.0" encoding="utf-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1"><ref type="crossReference" target="c3">Kyiv</ref>
   <langSec xml:lang="en"><termSec><term>Kiev</term></termSec></langSec></conceptEntry>
  <conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>Lviv</term></termSec></langSec></conceptEntry>
  <conceptEntry id="c3"><langSec xml:lang="en"><termSec><term>Kyiv</term></termSec></langSec></conceptEntry>
 </body></text>
</tbx>
)";
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].entry_id, "c1");
  EXPECT_EQ((*r)[1].entry_id, "c2");
  EXPECT_EQ((*r)[2].entry_id, "c3");
}

// ------------------------------------------------------------ encodings

TEST_F(TbxTest, Windows1254FileIsDecodedPerItsDeclaration) {
  // "Kullanıcı" / "şifre": ı = 0xFD, ş = 0xFE in windows-1254.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"windows-1254\"?>\n<martif type=\"TBX\" xml:lang=\"en\">"
      "<martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>"
      "<text><body><termEntry id=\"t1\"><langSet xml:lang=\"en\"><tig><term>password</term></tig></langSet>"
      "<langSet xml:lang=\"tr\"><tig><term>\xFE"
      "ifre</term></tig></langSet></termEntry></body></text></martif>\n";
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->front().TermsIn("tr")[0]->text, "şifre");
  std::string okapi = SharedPath("data/formats/samples/okapi/tbx/test02_win1254.tbx");
  if (std::filesystem::exists(okapi)) {
    Result<std::vector<TermEntry>> s = Read(okapi);
    ASSERT_TRUE(s.has_value()) << s.error().message;
  }
}

TEST_F(TbxTest, Utf8BomAndUtf16AreRead) {
  Result<std::vector<TermEntry>> bom = Read(SharedPath("data/formats/samples/okapi/tbx/test01.tbx"));
  ASSERT_TRUE(bom.has_value()) << bom.error().message;
  EXPECT_EQ(bom->size(), 1u);
  std::string utf8 = kTig;
  std::string utf16 = "\xFF\xFE";
  // Widen: the text is ASCII except the Cyrillic term, so go through char32.
  std::u32string wide;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = utf8[i];
    char32_t cp;
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    wide.push_back(cp);
    i += n;
  }
  for (char32_t cp : wide) {
    utf16.push_back(static_cast<char>(cp & 0xFF));
    utf16.push_back(static_cast<char>(cp >> 8));
  }
  Result<std::vector<TermEntry>> r = ReadText(utf16, "u16.tbx");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->front().TermsIn("uk")[0]->text, "Київ");
}

// ------------------------------------------------------------ corruption

TEST_F(TbxTest, TruncatedFileIsInvalidInputWithLine) {
  std::string xml = kDca;
  Result<std::vector<TermEntry>> r = ReadText(xml.substr(0, xml.size() / 2));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(r.error().message, ::testing::MatchesRegex(".*t\\.tbx:[0-9]+: .*"));
}

TEST_F(TbxTest, NotWellFormedFileIsInvalidInputWithLine) {
  std::string xml = kTig;
  xml.replace(xml.find("</term>"), 7, "</Term>");
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(r.error().message, HasSubstr("t.tbx:4: "));
}

TEST_F(TbxTest, BillionLaughsHitsTheEntityLimit) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  std::string prev = "a";
  for (int i = 0; i < 9; ++i) {
    std::string name = "e";
    name += std::to_string(i);
    xml.append("<!ENTITY ").append(name).append(" \"");
    for (int k = 0; k < 10; ++k) xml.append("&").append(prev).append(";");
    xml += "\">\n";
    prev = name;
  }
  xml.append("]>\n<martif type=\"TBX\" xml:lang=\"en\"><martifHeader><fileDesc><sourceDesc><p>&")
      .append(prev)
      .append(";</p></sourceDesc></fileDesc></martifHeader><text><body/></text></martif>\n");
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kResourceLimit);
  EXPECT_THAT(r.error().message, HasSubstr("t.tbx:"));
}

TEST_F(TbxTest, ExternalEntityIsNeverFetched) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                    "<martif type=\"TBX\" xml:lang=\"en\"><martifHeader><fileDesc><sourceDesc><p>&x;</p>"
                    "</sourceDesc></fileDesc></martifHeader><text><body/></text></martif>\n";
  Result<std::vector<TermEntry>> r = ReadText(xml);
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("t.tbx:"));
}

TEST_F(TbxTest, WrongRootIsNamed) {
  Result<std::vector<TermEntry>> r =
      ReadText("<?xml version=\"1.0\"?><tbx type=\"TBX-Basic\" style=\"dca\"><text/></tbx>");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr("expected <tbx> in namespace urn:iso:std:iso:30042:ed-2"));
}

// ------------------------------------------------------------ validation

bool Have(const std::string& tool) { return RunShell("command -v " + tool).exit_code == 0; }

std::string Schemas() { return SharedPath("data/formats/schemas"); }

TEST_F(TbxTest, V3ExportValidatesAgainstTheCoreRng) {
  if (!Have("xmllint")) GTEST_SKIP() << "xmllint is not installed";
  std::string f = Write(Sample(), GlossaryFormat::kTbx, "v3.tbx");
  testing::CommandResult r = RunShell("xmllint --noout --nonet --relaxng " +
                                      ShellQuote(Schemas() + "/tbx/v3/TBXcoreStructV03.rng") + " " +
                                      ShellQuote(f));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(TbxTest, V3ExportPassesTheTbxBasicDcaSchematron) {
  std::string sch = SharedPath("data/formats/tools/sch_saxon.sh");
  if (!Have("java") || !std::filesystem::exists("/usr/share/java/Saxon-HE.jar")) {
    GTEST_SKIP() << "java or Saxon-HE (/usr/share/java/Saxon-HE.jar) is not installed";
  }
  Result<std::vector<TermEntry>> ltac =
      Read(SharedPath("data/formats/samples/tbx-v3-ltac/TBX-Basic_Example_Astronomy_DCA_VALID.tbx"));
  ASSERT_TRUE(ltac.has_value());
  std::string a = Write(Sample(), GlossaryFormat::kTbx, "v3.tbx");
  std::string b = Write(*ltac, GlossaryFormat::kTbx, "ltac.tbx");
  testing::CommandResult r =
      RunShell("bash " + ShellQuote(sch) + " " +
               ShellQuote(Schemas() + "/tbx/v3/tbx-basic/TBX-Basic_DCA.sch") + " " + ShellQuote(a) +
               " " + ShellQuote(b));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("v3.tbx: valid"));
  EXPECT_THAT(r.out, HasSubstr("ltac.tbx: valid"));
}

TEST_F(TbxTest, Tbx2008ExportValidatesAgainstTheTbxBasicDtdAndRng) {
  if (!Have("xmllint")) GTEST_SKIP() << "xmllint is not installed";
  std::string f = Write(Sample(), GlossaryFormat::kTbx2008, "v2.tbx");
  EXPECT_THAT(ReadFile(f), HasSubstr("<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">"));
  testing::CommandResult dtd = RunShell(
      "xmllint --noout --nonet --dtdvalid " +
      ShellQuote(Schemas() + "/tbx/v2/TBXBasiccoreStructV02.dtd") + " " + ShellQuote(f) + " 2>&1 | "
      "grep -v 'failed to load external entity' | grep -v '^<!DOCTYPE' | grep -v '^ *\\^$' ; "
      "xmllint --noout --nonet --dtdvalid " + ShellQuote(Schemas() + "/tbx/v2/TBXBasiccoreStructV02.dtd") +
      " " + ShellQuote(f) + " >/dev/null 2>&1");
  EXPECT_EQ(dtd.exit_code, 0) << dtd.out << dtd.err;
  testing::CommandResult rng = RunShell("xmllint --noout --nonet --relaxng " +
                                        ShellQuote(Schemas() + "/tbx/v2/TBXBasicRNGV02.rng") + " " +
                                        ShellQuote(f));
  EXPECT_EQ(rng.exit_code, 0) << rng.err;
}

TEST_F(TbxTest, OmegaTReadsOur2008ExportAndFindsTheTerms) {
  std::string jar = "/usr/share/omegat/OmegaT.jar";
  std::string check = SharedPath("tools/consumers/OmtCheck.java");
  if (!Have("java") || !std::filesystem::exists(jar)) GTEST_SKIP() << "java or " << jar << " is absent";
  if (!std::filesystem::exists(check)) GTEST_SKIP() << check << " is absent";
  std::string f = Write(Sample(), GlossaryFormat::kTbx2008, "omegat.tbx");
  std::filesystem::path proj = dir_.path() / "proj";
  for (const char* d : {"source", "target", "tm", "glossary", "dictionary", "omegat"}) {
    std::filesystem::create_directories(proj / d);
  }
  WriteFile((proj / "omegat.project").string(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<omegat><project version=\"1.0\">"
            "<source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir>"
            "<tm_dir>__DEFAULT__</tm_dir><glossary_dir>__DEFAULT__</glossary_dir>"
            "<glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>"
            "<source_lang>EN-US</source_lang><target_lang>UK-UA</target_lang>"
            "<source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>"
            "<target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>"
            "<sentence_seg>true</sentence_seg><support_default_translations>true</support_default_translations>"
            "<remove_tags>false</remove_tags></project></omegat>\n");
  testing::CommandResult r = RunShell(
      "cd " + ShellQuote(dir_.path().string()) + " && HOME=" + ShellQuote(dir_.path().string()) +
      " timeout 120 java -Djava.awt.headless=true -cp " + jar + " " + ShellQuote(check) + " tbx " +
      ShellQuote(f) + " " + ShellQuote(proj.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("TERM [Donetsk Oblast] -> [Донецька область]"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("entries=0")));
}

}  // namespace
}  // namespace tmkit
