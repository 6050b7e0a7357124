// TmxReader, specified through the public API (OpenReader on small files
// written to a temporary folder): encodings, languages, srclang, variants,
// inline codes, whitespace, dates, props and notes, the unit errors that
// --on-error skip can step over, and hostile input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ostream>

#include "test_util.h"
#include "tmkit/core/language.h"
#include "tmkit/formats/format.h"

namespace tmkit {

// Readable failure output for the value types compared below.
void PrintTo(const InlineCode& c, std::ostream* os) {
  *os << "{" << static_cast<int>(c.kind) << " <" << c.element << "> i=" << c.id << " x=" << c.x
      << " type=" << c.type << " @" << c.offset << " data=";
  for (const CodePart& p : c.data) *os << (p.sub.empty() ? "'" + p.text + "'" : "<sub>") << ",";
  for (const Attribute& a : c.attrs) *os << " " << a.name << "=" << a.value;
  *os << "}";
}

namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

class CollectingReporter final : public Reporter {
 public:
  void Report(const Problem& problem) override { problems.push_back(problem); }
  std::vector<Problem> problems;
};

// Everything one read of a file gives.
struct ReadOutcome {
  std::string path;
  Status status;  // the error that stopped the read, if any
  std::vector<TranslationUnit> units;
  FileHeader header;
  std::vector<Problem> problems;

  std::vector<Problem> Of(Problem::Severity severity) const {
    std::vector<Problem> out;
    for (const Problem& p : problems) {
      if (p.severity == severity) out.push_back(p);
    }
    return out;
  }
  std::vector<Problem> Warnings() const { return Of(Problem::Severity::kWarning); }
  std::vector<Problem> Skipped() const { return Of(Problem::Severity::kSkipped); }
  std::string Error() const { return status ? "" : status.error().message; }
};

// The header every document below uses unless a test needs another one.
constexpr std::string_view kHeaderAttrs =
    "creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" "
    "adminlang=\"en\" datatype=\"plaintext\"";

// A TMX document: XML declaration, <tmx version>, a header with `srclang`, and `body`.
std::string Tmx(std::string_view body, std::string_view srclang = "en-US",
                std::string_view version = "1.4") {
  std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"";
  doc += version;
  doc += "\">\n<header ";
  doc += kHeaderAttrs;
  doc += " srclang=\"";
  doc += srclang;
  doc += "\"/>\n<body>\n";
  doc += body;
  doc += "\n</body>\n</tmx>\n";
  return doc;
}

// A <tu> with an en-US and an fr-FR variant.
std::string Tu(std::string_view en_seg, std::string_view fr_seg = "fr") {
  return "<tu><tuv xml:lang=\"en-US\"><seg>" + std::string(en_seg) +
         "</seg></tuv><tuv xml:lang=\"fr-FR\"><seg>" + std::string(fr_seg) + "</seg></tuv></tu>";
}

// The 1-based line of the first occurrence of `needle` in `doc`.
int LineOf(const std::string& doc, std::string_view needle) {
  size_t at = doc.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(doc.begin(), doc.begin() + static_cast<long>(at), '\n'));
}

// UTF-8 → UTF-16 code units, as bytes in the given order, with an optional BOM.
std::string Utf16(std::string_view utf8, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](uint32_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  if (bom) put(0xFEFF);
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += static_cast<size_t>(len);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

class TmxReaderTest : public ::testing::Test {
 protected:
  // Writes `bytes` to a file and reads all of it.
  ReadOutcome Read(const std::string& bytes, OnBadInput on_error = OnBadInput::kFail,
                   Format format = Format::kAuto) {
    std::string path = dir_ / ("in" + std::to_string(++files_) + ".tmx");
    WriteFile(path, bytes);
    return ReadPath(path, on_error, format);
  }

  ReadOutcome ReadPath(const std::string& path, OnBadInput on_error = OnBadInput::kFail,
                       Format format = Format::kAuto) {
    ReadOutcome r;
    r.path = path;
    CollectingReporter reporter;
    ReadOptions options{.on_error = on_error, .reporter = &reporter};
    Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, format, options);
    if (!reader) {
      r.status = std::unexpected(reader.error());
      r.problems = reporter.problems;
      return r;
    }
    TranslationUnit unit;
    while (true) {
      Result<bool> more = (*reader)->Next(&unit);
      if (!more) {
        r.status = std::unexpected(more.error());
        break;
      }
      if (!*more) break;
      r.units.push_back(unit);
    }
    r.header = (*reader)->header();
    r.problems = reporter.problems;
    return r;
  }

  // Reads a document that must be fine and returns its only unit.
  TranslationUnit ReadOne(const std::string& doc) {
    ReadOutcome r = Read(doc);
    EXPECT_TRUE(r.status) << r.Error();
    EXPECT_EQ(r.units.size(), 1u);
    return r.units.empty() ? TranslationUnit() : r.units.front();
  }

  // The segment of the first variant of the only unit of a document whose body is `tu`.
  Segment ReadSeg(std::string_view seg) { return ReadOne(Tmx(Tu(seg))).variants.at(0).segment; }

  // "path:line:", the prefix of every message about a place in the file.
  static std::string At(const ReadOutcome& r, int line) {
    return r.path + ":" + std::to_string(line) + ":";
  }

  TempDir dir_;
  int files_ = 0;
};

// --- Encodings ---------------------------------------------------------------

TEST_F(TmxReaderTest, EveryEncodingGivesTheSameText) {
  const std::string text = "café ☕ 𝄞 «ї»";
  const std::string refs = "caf&#xE9; &#x2615; &#x1D11E; &#171;&#x457;&#187;";
  auto doc = [&](std::string_view decl, std::string_view seg) {
    std::string d = Tmx(Tu(seg));
    return std::string(decl) + d.substr(d.find('\n') + 1);
  };
  const std::string utf16_decl = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n";
  const std::string no_decl;
  struct Case {
    const char* name;
    std::string bytes;
  } cases[] = {
      {"UTF-8 without BOM", doc("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", text)},
      {"UTF-8 with BOM",
       "\xEF\xBB\xBF" + doc("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", text)},
      {"UTF-8 with no declaration", doc(no_decl, text)},
      {"UTF-16LE with BOM", Utf16(doc(utf16_decl, text), false, true)},
      {"UTF-16BE with BOM", Utf16(doc(utf16_decl, text), true, true)},
      {"UTF-16LE with BOM, declaration without encoding",
       Utf16(doc("<?xml version=\"1.0\"?>\n", text), false, true)},
      {"UTF-16BE with BOM, declaration without encoding",
       Utf16(doc("<?xml version=\"1.0\"?>\n", text), true, true)},
      {"UTF-16LE with BOM and no declaration", Utf16(doc(no_decl, text), false, true)},
      {"UTF-16LE without BOM, declared UTF-16LE",
       Utf16(doc("<?xml version=\"1.0\" encoding=\"UTF-16LE\"?>\n", text), false, false)},
      {"UTF-16BE without BOM, declared UTF-16BE",
       Utf16(doc("<?xml version=\"1.0\" encoding=\"UTF-16BE\"?>\n", text), true, false)},
      {"UTF-16LE without BOM or declaration (sniffed from '<')",
       Utf16(doc(no_decl, text), false, false)},
      {"us-ascii with character references",
       doc("<?xml version=\"1.0\" encoding=\"us-ascii\"?>\n", refs)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ReadOutcome r = Read(c.bytes);
    ASSERT_TRUE(r.status) << r.Error();
    ASSERT_EQ(r.units.size(), 1u);
    EXPECT_EQ(r.units[0].variants[0].segment.text, text);
    EXPECT_EQ(r.units[0].variants[0].lang, "en-US");
  }
}

TEST_F(TmxReaderTest, DeclaredLegacyEncodingIsDecoded) {
  struct Case {
    const char* encoding;
    const char* bytes;
    const char* text;
  } cases[] = {{"ISO-8859-1", "caf\xE9", "café"}, {"windows-1252", "\x80 5", "€ 5"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.encoding);
    std::string doc = Tmx(Tu(c.bytes));
    doc.replace(doc.find("UTF-8"), 5, c.encoding);
    EXPECT_EQ(ReadOne(doc).variants[0].segment.text, c.text);
  }
}

TEST_F(TmxReaderTest, UnknownEncodingIsAClearError) {
  std::string doc = Tmx(Tu("a"));
  doc.replace(doc.find("UTF-8"), 5, "x-klingon");
  ReadOutcome r = Read(doc);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, 1)));
  EXPECT_THAT(r.Error(), HasSubstr("x-klingon"));
}

TEST_F(TmxReaderTest, LinesAreCountedInUtf16Files) {
  std::string doc = Tmx(Tu("ok") + "\n" + Tu("<ept i=\"1\">x</ept>"));
  doc.replace(doc.find("UTF-8"), 5, "UTF-16");
  ReadOutcome r = Read(Utf16(doc, false, true));
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "<ept"))));
}

TEST_F(TmxReaderTest, LinesAreCountedWithCrLfAndCrLineEnds) {
  std::string doc = Tmx(Tu("ok") + "\n" + Tu("<ept i=\"1\">x</ept>"));
  int line = LineOf(doc, "<ept");
  for (const char* eol : {"\r\n", "\r"}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(eol)));
    std::string converted;
    for (char c : doc) converted += c == '\n' ? std::string(eol) : std::string(1, c);
    ReadOutcome r = Read(converted);
    EXPECT_THAT(r.Error(), HasSubstr(At(r, line)));
  }
}

// --- Languages ---------------------------------------------------------------

TEST_F(TmxReaderTest, Tmx11FileUsesLangWithoutWarning) {
  std::string doc =
      Tmx("<tu><tuv lang=\"EN\"><seg>a</seg></tuv><tuv lang=\"de-de\"><seg>b</seg></tuv></tu>",
          "EN", "1.1");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].variants[0].lang, "en");
  EXPECT_EQ(r.units[0].variants[1].lang, "de-DE");
  EXPECT_TRUE(r.Warnings().empty()) << r.Warnings()[0].message;
}

TEST_F(TmxReaderTest, Tmx14FileWithLangOnlyWarnsAndReads) {
  std::string doc =
      Tmx("<tu><tuv lang=\"en-US\"><seg>a</seg></tuv><tuv lang=\"fr-FR\"><seg>b</seg></tuv></tu>");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].variants[1].lang, "fr-FR");
  ASSERT_EQ(r.Warnings().size(), 1u);  // once per file, not once per <tuv>
  EXPECT_EQ(r.Warnings()[0].line, LineOf(doc, "<tuv"));
  EXPECT_THAT(r.Warnings()[0].message, HasSubstr("xml:lang"));
}

TEST_F(TmxReaderTest, Tmx11FileUsingXmlLangIsAUnitError) {
  std::string doc =
      Tmx("<tu><tuv lang=\"en\"><seg>a</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>",
          "en", "1.1");
  ReadOutcome r = Read(doc);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "<tuv xml:lang"))));
  EXPECT_THAT(r.Error(), HasSubstr("xml:lang"));
}

TEST_F(TmxReaderTest, XmlLangWinsOverLang) {
  TranslationUnit u =
      ReadOne(Tmx("<tu><tuv xml:lang=\"en-GB\" lang=\"en-US\"><seg>a</seg></tuv></tu>"));
  EXPECT_EQ(u.variants[0].lang, "en-GB");
}

TEST_F(TmxReaderTest, LanguageCodesAreReadCaseInsensitively) {
  struct Case {
    const char* written;
    const char* stored;
  } cases[] = {{"eN-uS", "en-US"},
               {"FR-ca", "fr-CA"},
               {"en", "en"},
               {"ZH-hant-tw", "zh-Hant-TW"},
               {"es_es", "es-ES"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.written);
    TranslationUnit u = ReadOne(
        Tmx("<tu><tuv xml:lang=\"" + std::string(c.written) + "\"><seg>a</seg></tuv></tu>"));
    EXPECT_EQ(u.variants[0].lang, c.stored);
  }
}

TEST_F(TmxReaderTest, TuvWithoutLanguageIsAUnitError) {
  std::string doc = Tmx("<tu>\n<tuv><seg>a</seg></tuv></tu>");
  ReadOutcome r = Read(doc);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "<tuv"))));
  EXPECT_THAT(r.Error(), HasSubstr("xml:lang"));
}

// --- srclang ------------------------------------------------------------------

TEST_F(TmxReaderTest, HeaderSrclangIsEachUnitsSource) {
  ReadOutcome r = Read(Tmx(Tu("a") + Tu("b"), "EN-us"));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_EQ(r.header.source_lang, "en-US");
  for (const TranslationUnit& u : r.units) EXPECT_EQ(u.source_lang, "en-US");
}

TEST_F(TmxReaderTest, HeaderSrclangAllIsKept) {
  ReadOutcome r = Read(Tmx(Tu("a"), "*all*"));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_EQ(r.header.source_lang, "*all*");
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].source_lang, "*all*");
}

TEST_F(TmxReaderTest, TuSrclangOverridesTheHeader) {
  ReadOutcome r = Read(Tmx(
      "<tu srclang=\"fr-fr\"><tuv xml:lang=\"en-US\"><seg>a</seg></tuv>"
      "<tuv xml:lang=\"fr-FR\"><seg>b</seg></tuv></tu>\n" +
      Tu("c") + "\n<tu tuid=\"2\" srclang=\"*all*\"><tuv xml:lang=\"de\"><seg>d</seg></tuv></tu>"));
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 3u);
  EXPECT_EQ(r.units[0].source_lang, "fr-FR");
  EXPECT_EQ(r.units[1].source_lang, "en-US");
  EXPECT_EQ(r.units[2].source_lang, "*all*");
}

// --- Variants -----------------------------------------------------------------

TEST_F(TmxReaderTest, MoreThanTwoVariantsKeepTheirDocumentOrder) {
  TranslationUnit u = ReadOne(Tmx(
      "<tu><tuv xml:lang=\"ja-JP\"><seg>ja</seg></tuv><tuv xml:lang=\"fr-CA\"><seg>fr</seg></tuv>"
      "<tuv xml:lang=\"en-US\"><seg>en</seg></tuv><tuv xml:lang=\"es-ES\"><seg>es</seg></tuv>"
      "<tuv xml:lang=\"en-GB\"><seg>gb</seg></tuv></tu>"));
  std::vector<std::string> langs, texts;
  for (const Variant& v : u.variants) {
    langs.push_back(v.lang);
    texts.push_back(v.segment.text);
  }
  EXPECT_EQ(langs, (std::vector<std::string>{"ja-JP", "fr-CA", "en-US", "es-ES", "en-GB"}));
  EXPECT_EQ(texts, (std::vector<std::string>{"ja", "fr", "en", "es", "gb"}));
  EXPECT_EQ(u.FindVariant("en-US")->segment.text, "en");
}

TEST_F(TmxReaderTest, TwoVariantsOfOneLanguageAreBothKept) {
  TranslationUnit u =
      ReadOne(Tmx("<tu><tuv xml:lang=\"en-US\"><seg>Hi</seg></tuv><tuv "
                  "xml:lang=\"FR-CA\"><seg>Salut</seg></tuv>"
                  "<tuv xml:lang=\"fr-ca\"><seg>Bonjour</seg></tuv></tu>"));
  ASSERT_EQ(u.variants.size(), 3u);
  EXPECT_EQ(u.variants[1].lang, "fr-CA");
  EXPECT_EQ(u.variants[1].segment.text, "Salut");
  EXPECT_EQ(u.variants[2].lang, "fr-CA");
  EXPECT_EQ(u.variants[2].segment.text, "Bonjour");
}

TEST_F(TmxReaderTest, UnitWithOneVariantIsRead) {
  TranslationUnit u = ReadOne(Tmx("<tu><tuv xml:lang=\"en\"><seg>alone</seg></tuv></tu>"));
  ASSERT_EQ(u.variants.size(), 1u);
  EXPECT_EQ(u.variants[0].segment.text, "alone");
}

// --- Inline codes ----------------------------------------------------------------

TEST_F(TmxReaderTest, BptAndEptKeepNativeDataAndOffsets) {
  Segment s = ReadSeg(
      "Press <bpt i=\"1\" x=\"7\" type=\"bold\">&lt;b></bpt>Start<ept i=\"1\">&lt;/b></ept>.");
  EXPECT_EQ(s.text, "Press Start.");
  ASSERT_EQ(s.codes.size(), 2u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kOpen,
                                    .element = "bpt",
                                    .id = "1",
                                    .x = "7",
                                    .type = "bold",
                                    .data = {{"<b>"}},
                                    .offset = 6}));
  EXPECT_EQ(s.codes[1], (InlineCode{.kind = CodeKind::kClose,
                                    .element = "ept",
                                    .id = "1",
                                    .data = {{"</b>"}},
                                    .offset = 11}));
}

TEST_F(TmxReaderTest, ItKeepsItsPositionAsTheKind) {
  Segment s =
      ReadSeg("<it pos=\"begin\" x=\"1\" type=\"italic\">&lt;i></it>a<it pos=\"end\">&lt;/i></it>");
  EXPECT_EQ(s.text, "a");
  ASSERT_EQ(s.codes.size(), 2u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kIsolatedOpen,
                                    .element = "it",
                                    .x = "1",
                                    .type = "italic",
                                    .data = {{"<i>"}},
                                    .offset = 0}));
  EXPECT_EQ(
      s.codes[1],
      (InlineCode{
          .kind = CodeKind::kIsolatedClose, .element = "it", .data = {{"</i>"}}, .offset = 1}));
}

TEST_F(TmxReaderTest, PhIsAPlaceholderAndKeepsAssoc) {
  Segment s =
      ReadSeg("Picture: <ph x=\"1\" type=\"image\" assoc=\"p\">&lt;img src=\"a.png\"/></ph>");
  EXPECT_EQ(s.text, "Picture: ");
  ASSERT_EQ(s.codes.size(), 1u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kPlaceholder,
                                    .element = "ph",
                                    .x = "1",
                                    .type = "image",
                                    .attrs = {{"assoc", "p"}},
                                    .data = {{"<img src=\"a.png\"/>"}},
                                    .offset = 9}));
}

TEST_F(TmxReaderTest, UtIsAPlaceholder) {
  Segment s = ReadSeg("a<ut x=\"3\">{\\b}</ut>b");
  EXPECT_EQ(s.text, "ab");
  ASSERT_EQ(s.codes.size(), 1u);
  EXPECT_EQ(s.codes[0], (InlineCode{.kind = CodeKind::kPlaceholder,
                                    .element = "ut",
                                    .x = "3",
                                    .data = {{"{\\b}"}},
                                    .offset = 1}));
}

TEST_F(TmxReaderTest, HiBecomesAnOpenClosePairAroundItsText) {
  Segment s = ReadSeg("Some <hi x=\"1\" type=\"term\">big <hi>red</hi></hi> text");
  EXPECT_EQ(s.text, "Some big red text");
  ASSERT_EQ(s.codes.size(), 4u);
  EXPECT_EQ(s.codes[0],
            (InlineCode{
                .kind = CodeKind::kOpen, .element = "hi", .x = "1", .type = "term", .offset = 5}));
  EXPECT_EQ(s.codes[1], (InlineCode{.kind = CodeKind::kOpen, .element = "hi", .offset = 9}));
  EXPECT_EQ(s.codes[2], (InlineCode{.kind = CodeKind::kClose, .element = "hi", .offset = 12}));
  EXPECT_EQ(s.codes[3], (InlineCode{.kind = CodeKind::kClose, .element = "hi", .offset = 12}));
}

TEST_F(TmxReaderTest, SubIsANestedSegmentInsideTheCode) {
  Segment s = ReadSeg(
      "Click <ph x=\"3\" type=\"image\" assoc=\"b\">&lt;IMG ALT=\"<sub type=\"alt\">Start "
      "<bpt i=\"1\">&lt;b></bpt>here<ept i=\"1\">&lt;/b></ept></sub>\"></ph> now");
  EXPECT_EQ(s.text, "Click  now");  // sub-flow text is not segment text
  ASSERT_EQ(s.codes.size(), 1u);
  const InlineCode& ph = s.codes[0];
  EXPECT_EQ(ph.offset, 6u);
  ASSERT_EQ(ph.data.size(), 3u);
  EXPECT_EQ(ph.data[0].text, "<IMG ALT=\"");
  EXPECT_EQ(ph.data[2].text, "\">");
  ASSERT_EQ(ph.data[1].sub.size(), 1u);
  EXPECT_EQ(ph.data[1].sub_attrs, (std::vector<Attribute>{{"type", "alt"}}));
  const Segment& sub = ph.data[1].sub[0];
  EXPECT_EQ(sub.text, "Start here");
  ASSERT_EQ(sub.codes.size(), 2u);
  EXPECT_EQ(
      sub.codes[0],
      (InlineCode{
          .kind = CodeKind::kOpen, .element = "bpt", .id = "1", .data = {{"<b>"}}, .offset = 6}));
  EXPECT_EQ(sub.codes[1].offset, 10u);
}

TEST_F(TmxReaderTest, BptAndEptMayStraddleAHiBoundary) {
  Segment s = ReadSeg("<bpt i=\"1\">[</bpt>a<hi>b<ept i=\"1\">]</ept>c</hi>");
  EXPECT_EQ(s.text, "abc");
  std::vector<std::string> elements;
  for (const InlineCode& c : s.codes) elements.push_back(c.element);
  EXPECT_EQ(elements, (std::vector<std::string>{"bpt", "hi", "ept", "hi"}));
}

TEST_F(TmxReaderTest, EmptyCodesAreKept) {
  Segment s = ReadSeg("3 <bpt i=\"5\" type=\"n\"/>xx<ept i=\"5\"></ept><ph/>");
  EXPECT_EQ(s.text, "3 xx");
  ASSERT_EQ(s.codes.size(), 3u);
  EXPECT_TRUE(s.codes[0].data.empty());
  EXPECT_EQ(s.codes[0].type, "n");
  EXPECT_EQ(s.codes[2].offset, 4u);
}

// --- Whitespace -------------------------------------------------------------------

TEST_F(TmxReaderTest, WhitespaceInsideSegIsKept) {
  struct Case {
    const char* seg;
    const char* text;
  } cases[] = {
      {"[&#x09;&#x09;   ]", "[\t\t   ]"},
      {"  leading and trailing  ", "  leading and trailing  "},
      {"tab\tand\nnewline", "tab\tand\nnewline"},
      {"ideographic [&#x3000;&#x3000;] and\xE3\x80\x80literal",
       "ideographic [\u3000\u3000] and\u3000literal"},
      {" <ph>x</ph>  <ph>y</ph> ", "    "},
      {"no-break\xC2\xA0space", "no-break\u00A0space"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.seg);
    EXPECT_EQ(ReadSeg(c.seg).text, c.text);
  }
}

TEST_F(TmxReaderTest, CrLfInsideSegIsReadAsLf) {
  // XML end-of-line handling; &#xD; is the way to keep a CR.
  EXPECT_EQ(ReadSeg("a\r\nb&#xD;c").text, "a\nb\rc");
}

// --- Dates ------------------------------------------------------------------------------

TEST_F(TmxReaderTest, BasicAndExtendedDatesAreRead) {
  const int64_t kMay23 = 1022145120;  // 2002-05-23T09:12:00Z
  const char* forms[] = {"20020523T091200Z", "2002-05-23T09:12:00Z", "20020523T091200",
                         "2002-05-23T11:12:00+02:00"};
  for (const char* form : forms) {
    SCOPED_TRACE(form);
    std::string d(form);
    TranslationUnit u = ReadOne(Tmx("<tu creationdate=\"" + d + "\" changedate=\"" + d +
                                    "\" creationid=\"ys\" changeid=\"ab\"><tuv xml:lang=\"en\" "
                                    "creationdate=\"" +
                                    d + "\" changedate=\"" + d + "\"><seg>a</seg></tuv></tu>"));
    EXPECT_EQ(u.provenance, (Provenance{kMay23, kMay23, "ys", "ab"}));
    EXPECT_EQ(u.variants[0].provenance.creation_date, kMay23);
    EXPECT_EQ(u.variants[0].provenance.change_date, kMay23);
  }
}

TEST_F(TmxReaderTest, UnreadableDateWarnsAndIsDropped) {
  std::string doc =
      Tmx("<tu creationdate=\"23/05/2002\">\n<tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].provenance.creation_date, kNoDate);
  ASSERT_EQ(r.Warnings().size(), 1u);
  EXPECT_EQ(r.Warnings()[0].line, LineOf(doc, "<tu "));
  EXPECT_THAT(r.Warnings()[0].message, HasSubstr("23/05/2002"));
}

// --- Attributes, props, notes -------------------------------------------------------------

TEST_F(TmxReaderTest, TuAndTuvAttributesAreKeptVerbatim) {
  TranslationUnit u = ReadOne(
      Tmx("<tu tuid=\"tu001\" o-encoding=\"iso-8859-1\" datatype=\"plaintext\" usagecount=\"100\" "
          "lastusagedate=\"20020523T091200Z\" creationtool=\"myTool\" creationtoolversion=\"v10\" "
          "segtype=\"block\" o-tmf=\"myTM\"><tuv xml:lang=\"en\" usagecount=\"7\" o-tmf=\"x\">"
          "<seg>a</seg></tuv></tu>"));
  EXPECT_EQ(u.tuid, "tu001");
  EXPECT_EQ(u.attrs, (std::vector<Attribute>{{"o-encoding", "iso-8859-1"},
                                             {"datatype", "plaintext"},
                                             {"usagecount", "100"},
                                             {"lastusagedate", "20020523T091200Z"},
                                             {"creationtool", "myTool"},
                                             {"creationtoolversion", "v10"},
                                             {"segtype", "block"},
                                             {"o-tmf", "myTM"}}));
  EXPECT_EQ(u.variants[0].attrs, (std::vector<Attribute>{{"usagecount", "7"}, {"o-tmf", "x"}}));
}

TEST_F(TmxReaderTest, UnknownAttributeWarnsOnceAndIsDropped) {
  std::string doc =
      Tmx("<tu foo=\"1\"><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n"
          "<tu foo=\"2\"><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>");
  ReadOutcome r = Read(doc);
  ASSERT_EQ(r.units.size(), 2u);
  EXPECT_TRUE(r.units[0].attrs.empty());
  ASSERT_EQ(r.Warnings().size(), 1u);
  EXPECT_THAT(r.Warnings()[0].message, HasSubstr("'foo'"));
}

TEST_F(TmxReaderTest, HeaderPropsAndNotesAreKeptVerbatim) {
  std::string doc = Tmx(Tu("a"));
  doc.replace(doc.find("/>\n<body>"), 2,
              ">\n<note o-encoding=\"iso-8859-1\" xml:lang=\"en-us\">  Header note  </note>"
              "<prop type=\"x-domain\" xml:lang=\"en\">News &amp; sport</prop>"
              "<prop type=\"x-empty\"></prop></header>");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_EQ(r.header.notes, (std::vector<Note>{{"  Header note  ", "en-us", "iso-8859-1"}}));
  EXPECT_EQ(r.header.props,
            (std::vector<Prop>{{"x-domain", "News & sport", "en", ""}, {"x-empty", "", "", ""}}));
  EXPECT_EQ(r.header.source_lang, "en-US");
  EXPECT_TRUE(std::find(r.header.attrs.begin(), r.header.attrs.end(),
                        Attribute{"creationtool", "t"}) != r.header.attrs.end());
}

TEST_F(TmxReaderTest, TuAndTuvPropsAndNotesAreKeptVerbatim) {
  TranslationUnit u =
      ReadOne(Tmx("<tu><note>tu note\n two lines</note><prop type=\"Txt::FileName\">file1</prop>"
                  "<note xml:lang=\"fr\">deux</note>"
                  "<tuv xml:lang=\"en\"><prop type=\"x-a\" o-encoding=\"utf-8\"> spaced </prop>"
                  "<note>tuv note</note><seg>a</seg></tuv></tu>"));
  EXPECT_EQ(u.notes, (std::vector<Note>{{"tu note\n two lines", "", ""}, {"deux", "fr", ""}}));
  EXPECT_EQ(u.props, (std::vector<Prop>{{"Txt::FileName", "file1", "", ""}}));
  EXPECT_EQ(u.variants[0].props, (std::vector<Prop>{{"x-a", " spaced ", "", "utf-8"}}));
  EXPECT_EQ(u.variants[0].notes, (std::vector<Note>{{"tuv note", "", ""}}));
}

TEST_F(TmxReaderTest, PropWithoutTypeWarnsAndIsKept) {
  std::string doc = Tmx("<tu>\n<prop>untyped</prop><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  ASSERT_EQ(r.units.size(), 1u);
  ASSERT_EQ(r.units[0].props.size(), 1u);
  EXPECT_EQ(r.units[0].props[0].text, "untyped");
  ASSERT_EQ(r.Warnings().size(), 1u);
  EXPECT_EQ(r.Warnings()[0].line, LineOf(doc, "<prop>"));
  EXPECT_THAT(r.Warnings()[0].message, HasSubstr("type"));
}

TEST_F(TmxReaderTest, UdeAndMapAreTolerated) {
  std::string doc = Tmx(Tu("a"));
  doc.replace(doc.find("/>\n<body>"), 2,
              ">\n<ude name=\"MacRoman\" base=\"Macintosh\">\n"
              "<map unicode=\"#xF8FF\" code=\"#xF0\" ent=\"AppleLogo\" subst=\"[Apple]\"/>\n"
              "</ude><note>after</note></header>");
  ReadOutcome r = Read(doc);
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.header.notes.size(), 1u);
  EXPECT_TRUE(r.Warnings().empty());
}

TEST_F(TmxReaderTest, CommentsAndProcessingInstructionsAreIgnoredEverywhere) {
  Segment s = ReadOne(Tmx("<!-- c --><tu><!-- c --><tuv xml:lang=\"en\"><!-- c --><seg>a<!-- c -->b"
                          "<?pi x?>c</seg></tuv></tu>"))
                  .variants[0]
                  .segment;
  EXPECT_EQ(s.text, "abc");
  EXPECT_TRUE(s.codes.empty());
}

TEST_F(TmxReaderTest, HeaderProblemsAreWarnings) {
  struct Case {
    const char* name;
    std::string doc;
    const char* warning;
  } cases[] = {
      {"no version",
       "<tmx>\n<header " + std::string(kHeaderAttrs) + " srclang=\"en\"/><body>" + Tu("a") +
           "</body></tmx>",
       "version"},
      {"unknown version",
       "<tmx version=\"2.0\">\n<header " + std::string(kHeaderAttrs) + " srclang=\"en\"/><body>" +
           Tu("a") + "</body></tmx>",
       "2.0"},
      {"required attributes missing",
       "<tmx version=\"1.4\">\n<header srclang=\"en\"/><body>" + Tu("a") + "</body></tmx>",
       "creationtool"},
      {"no header", "<tmx version=\"1.4\"><body>" + Tu("a") + "</body></tmx>", "<header>"},
      {"unknown element in the header",
       "<tmx version=\"1.4\">\n<header " + std::string(kHeaderAttrs) +
           " srclang=\"en\"><foo/></header><body>" + Tu("a") + "</body></tmx>",
       "<foo>"},
      {"bad header srclang",
       "<tmx version=\"1.4\">\n<header " + std::string(kHeaderAttrs) + " srclang=\"e n\"/><body>" +
           Tu("a") + "</body></tmx>",
       "srclang"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ReadOutcome r = Read(c.doc);
    ASSERT_TRUE(r.status) << r.Error();
    EXPECT_EQ(r.units.size(), 1u);
    ASSERT_EQ(r.Warnings().size(), 1u);
    EXPECT_THAT(r.Warnings()[0].message, HasSubstr(c.warning));
  }
}

TEST_F(TmxReaderTest, EmptyBodyHasNoUnits) {
  ReadOutcome r = Read(Tmx(""));
  ASSERT_TRUE(r.status) << r.Error();
  EXPECT_TRUE(r.units.empty());
}

// --- Unit errors: fail names the line, skip steps over the unit ------------------------------

struct UnitErrorCase {
  const char* name;
  std::string tu;      // the bad unit, on its own line
  const char* needle;  // the first text of the line the error must name
  const char* reason;  // part of the message
};

std::vector<UnitErrorCase> UnitErrorCases() {
  return {
      {"ept before bpt",
       "<tu><tuv xml:lang=\"en\"><seg>a\n<ept i=\"1\">&lt;/b></ept> <bpt i=\"1\">&lt;b></bpt>"
       "</seg></tuv></tu>",
       "<ept i=\"1\">&lt;/b></ept> <bpt", "<ept i=\"1\">"},
      {"bpt without ept",
       "<tu><tuv xml:lang=\"en\"><seg>a\n<bpt i=\"2\">&lt;b></bpt>b</seg></tuv></tu>",
       "<bpt i=\"2\">", "<ept i=\"2\">"},
      {"duplicate open i",
       "<tu><tuv xml:lang=\"en\"><seg><bpt i=\"3\">&lt;b></bpt>\n<bpt i=\"3\">&lt;i></bpt>x"
       "<ept i=\"3\">&lt;/i></ept><ept i=\"3\">&lt;/b></ept></seg></tuv></tu>",
       "<bpt i=\"3\">&lt;i>", "i=\"3\""},
      {"it without pos", "<tu><tuv xml:lang=\"en\"><seg>a\n<it>&lt;b></it></seg></tuv></tu>",
       "<it>", "pos"},
      {"it with a bad pos",
       "<tu><tuv xml:lang=\"en\"><seg>a\n<it pos=\"middle\">&lt;b></it></seg></tuv></tu>",
       "<it pos=\"middle\"", "middle"},
      {"bpt without i", "<tu><tuv xml:lang=\"en\"><seg>a\n<bpt>&lt;b></bpt></seg></tuv></tu>",
       "<bpt>", "i attribute"},
      {"XLIFF g inside seg", "<tu><tuv xml:lang=\"en\"><seg>a\n<g id=\"1\">b</g></seg></tuv></tu>",
       "<g id", "<g>"},
      {"element inside a code",
       "<tu><tuv xml:lang=\"en\"><seg>a<ph>x\n<b>y</b></ph></seg></tuv></tu>", "<b>y", "<b>"},
      {"tu without tuv", "<tu tuid=\"empty\">\n<note>only a note</note></tu>",
       "<tu tuid=\"empty\">", "<tuv>"},
      {"tuv without seg", "<tu><tuv xml:lang=\"en\">\n<note>n</note></tuv></tu>",
       "<tuv xml:lang=\"en\">\n<note>", "<seg>"},
      {"tuv with two segs", "<tu><tuv xml:lang=\"en\"><seg>a</seg>\n<seg>b</seg></tuv></tu>",
       "<seg>b</seg>", "second <seg>"},
      {"bad tu srclang", "<tu srclang=\"e n\">\n<tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>",
       "<tu srclang", "e n"},
      {"bad language tag", "<tu>\n<tuv xml:lang=\"en--US\"><seg>a</seg></tuv></tu>",
       "<tuv xml:lang=\"en--US\"", "en--US"},
      {"tuv with language *all*", "<tu>\n<tuv xml:lang=\"*all*\"><seg>a</seg></tuv></tu>",
       "<tuv xml:lang=\"*all*\"", "*all*"},
      {"unknown element in body", "<tuv xml:lang=\"en\"><seg>a</seg></tuv>",
       "<tuv xml:lang=\"en\"><seg>a</seg></tuv>", "<tu>"},
      {"unknown element in tu", "<tu>\n<seg>a</seg></tu>", "<seg>a</seg></tu>", "<seg>"},
      {"element inside prop",
       "<tu><prop type=\"a\">x\n<b>y</b></prop><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>",
       "<b>y", "<b>"},
  };
}

TEST_F(TmxReaderTest, UnitErrorsFailNamingTheLine) {
  for (const UnitErrorCase& c : UnitErrorCases()) {
    SCOPED_TRACE(c.name);
    std::string doc = Tmx(Tu("before") + "\n" + c.tu + "\n" + Tu("after"));
    ReadOutcome r = Read(doc, OnBadInput::kFail);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, ErrorCode::kInvalidInput);
    EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, c.needle)) + " "));
    EXPECT_THAT(r.Error(), HasSubstr(c.reason));
  }
}

TEST_F(TmxReaderTest, UnitErrorsUnderSkipAreReportedWithTheLineAndStepped) {
  for (const UnitErrorCase& c : UnitErrorCases()) {
    SCOPED_TRACE(c.name);
    std::string doc = Tmx(Tu("before") + "\n" + c.tu + "\n" + Tu("after"));
    ReadOutcome r = Read(doc, OnBadInput::kSkip);
    ASSERT_TRUE(r.status) << r.Error();
    ASSERT_EQ(r.units.size(), 2u);
    EXPECT_EQ(r.units[0].variants[0].segment.text, "before");
    EXPECT_EQ(r.units[1].variants[0].segment.text, "after");
    ASSERT_EQ(r.Skipped().size(), 1u);
    EXPECT_EQ(r.Skipped()[0].line, LineOf(doc, c.needle));
    EXPECT_EQ(r.Skipped()[0].file, r.path);
    EXPECT_THAT(r.Skipped()[0].message, HasSubstr(c.reason));
  }
}

// --- Document errors and hostile input ---------------------------------------------------------

TEST_F(TmxReaderTest, RootOtherThanTmxIsAClearError) {
  std::string doc = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file/></xliff>\n";
  ReadOutcome r = Read(doc, OnBadInput::kFail, Format::kTmx);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, 2)));
  EXPECT_THAT(r.Error(), HasSubstr("<tmx>"));
  EXPECT_THAT(r.Error(), HasSubstr("<xliff>"));
  // Detected from the content, the same file is named for what it is.
  ReadOutcome detected = Read("<?xml version=\"1.0\"?>\n<root/>\n");
  EXPECT_THAT(detected.Error(), HasSubstr("<tmx>"));
  EXPECT_THAT(detected.Error(), HasSubstr("<root>"));
}

TEST_F(TmxReaderTest, MissingBodyIsAnErrorWithTheLine) {
  std::string doc =
      "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n</tmx>\n";
  ReadOutcome r = Read(doc);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, 4)));
  EXPECT_THAT(r.Error(), HasSubstr("<body>"));
}

TEST_F(TmxReaderTest, ExternalDtdIsNeverFetched) {
  const char* system_ids[] = {"/nonexistent/folder/tmx14.dtd", "http://127.0.0.1:9/tmx14.dtd",
                              "file:///etc/passwd"};
  for (const char* id : system_ids) {
    SCOPED_TRACE(id);
    std::string doc = Tmx(Tu("a"));
    doc.insert(doc.find('\n') + 1, "<!DOCTYPE tmx SYSTEM \"" + std::string(id) + "\">\n");
    ReadOutcome r = Read(doc);
    ASSERT_TRUE(r.status) << r.Error();
    EXPECT_EQ(r.units.size(), 1u);
  }
}

TEST_F(TmxReaderTest, InternalEntitiesAreExpanded) {
  std::string doc = Tmx(Tu("&co; &amp; sons"));
  doc.insert(doc.find('\n') + 1, "<!DOCTYPE tmx [\n<!ENTITY co \"ACME\">\n]>\n");
  EXPECT_EQ(ReadOne(doc).variants[0].segment.text, "ACME & sons");
}

TEST_F(TmxReaderTest, XmlBombFailsFastWithALimitError) {
  std::string dtd = "<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n";
  std::string prev = "lol";
  for (int i = 1; i <= 9; ++i) {
    std::string name = "lol" + std::to_string(i);
    dtd += "<!ENTITY " + name + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&" + prev + ";";
    dtd += "\">\n";
    prev = name;
  }
  dtd += "]>\n";
  std::string doc = Tmx(Tu("&lol9;"));
  doc.insert(doc.find('\n') + 1, dtd);
  auto start = std::chrono::steady_clock::now();
  ReadOutcome r = Read(doc);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().code, ErrorCode::kResourceLimit);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "&lol9;"))));
  EXPECT_THAT(r.Error(), HasSubstr("entit"));
  EXPECT_LT(seconds, 2.0);
}

TEST_F(TmxReaderTest, ExternalEntityIsRefusedAndItsContentNeverRead) {
  TempDir secret_dir;
  std::string secret = secret_dir / "secret.txt";
  WriteFile(secret, "TOP-SECRET-CONTENT");
  const std::string hostname = ReadFile("/etc/hostname");
  const std::string host = hostname.substr(0, hostname.find('\n'));
  struct Case {
    const char* name;
    std::string dtd;
    std::string tu;   // where the entity is referenced
    bool referenced;  // a reference is an error that says why
  } cases[] = {
      {"general entity on /etc/hostname",
       "<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM \"file:///etc/hostname\">\n]>\n", Tu("&xxe;"), true},
      {"general entity on a local file",
       "<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM \"" + secret + "\">\n]>\n", Tu("x&xxe;y"), true},
      {"external entity in an attribute",
       "<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM \"" + secret + "\">\n]>\n",
       "<tu tuid=\"&xxe;\"><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>", true},
      {"parameter entity on a local file (never expanded)",
       "<!DOCTYPE tmx [\n<!ENTITY % xxe SYSTEM \"" + secret + "\">\n%xxe;\n]>\n", Tu("plain"),
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string doc = Tmx(c.tu);
    doc.insert(doc.find('\n') + 1, c.dtd);
    for (OnBadInput mode : {OnBadInput::kFail, OnBadInput::kSkip}) {
      ReadOutcome r = Read(doc, mode);
      std::string seen = r.Error();
      for (const TranslationUnit& u : r.units) {
        seen += u.tuid;
        for (const Variant& v : u.variants) seen += v.segment.text;
      }
      for (const Problem& p : r.problems) seen += p.message;
      EXPECT_THAT(seen, Not(HasSubstr("TOP-SECRET")));
      if (host.size() > 3) {
        EXPECT_THAT(seen, Not(HasSubstr(host)));
      }
      if (c.referenced) {
        ASSERT_FALSE(r.status);
        EXPECT_THAT(r.Error(), HasSubstr("external entit"));
        EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "&xxe;"))));
      }
    }
  }
}

TEST_F(TmxReaderTest, TruncatedFileFailsWithALineAndNeverCrashes) {
  std::string doc = Tmx(
      "<tu tuid=\"1\" creationdate=\"20020523T091200Z\"><note>n</note><prop type=\"p\">v</prop>\n"
      "<tuv xml:lang=\"en\"><seg>Press <bpt i=\"1\">&lt;b></bpt>Start<ept i=\"1\">&lt;/b></ept>"
      " <ph x=\"1\">&lt;img alt=\"<sub>Go</sub>\"/></ph><hi>now</hi> &amp; &#x3000;</seg></tuv>\n"
      "<tuv xml:lang=\"fr\"><seg>Appuyez</seg></tuv></tu>\n" +
      Tu("second"));
  doc.insert(doc.find('\n') + 1, "<!DOCTYPE tmx [<!ENTITY e \"ent\">]>\n<!-- comment -->\n");
  size_t end = doc.rfind("</tmx>") + 6;
  for (size_t cut = 0; cut < end; ++cut) {
    SCOPED_TRACE("cut at byte " + std::to_string(cut));
    ReadOutcome r = Read(doc.substr(0, cut), OnBadInput::kSkip, Format::kTmx);
    ASSERT_FALSE(r.status);
    const std::string& message = r.status.error().message;
    int line = 0;
    ASSERT_EQ(message.rfind(r.path + ":", 0), 0u) << message;
    ASSERT_EQ(std::sscanf(message.c_str() + r.path.size() + 1, "%d:", &line), 1) << message;
    EXPECT_GE(line, 1) << message;
    EXPECT_LE(line, LineOf(doc, "</tmx>")) << message;
  }
}

TEST_F(TmxReaderTest, TruncatedSamplesFailWithALineAndNeverCrash) {
  // Real files cut at many offsets (odd ones split a UTF-16 code unit).
  const char* samples[] = {"ImportTest2C.tmx", "ImportTest2A.tmx", "ImportTest1L.tmx"};
  for (const char* name : samples) {
    std::string bytes =
        ReadFile(testing::SharedPath("data/formats/samples/lisa-tmx-compliance-kit/") + name);
    ASSERT_GT(bytes.size(), 1000u) << name;
    size_t end = bytes.size() - 40;  // before the closing </tmx> and trailing comments
    for (size_t cut = 1; cut < end; cut += 97) {
      SCOPED_TRACE(std::string(name) + " cut at byte " + std::to_string(cut));
      ReadOutcome r = Read(bytes.substr(0, cut), OnBadInput::kSkip);
      ASSERT_FALSE(r.status);
      EXPECT_THAT(r.Error(), ::testing::MatchesRegex(".*\\.tmx:[1-9][0-9]*: .*"));
    }
  }
}

TEST_F(TmxReaderTest, InvalidUtf8FailsWithTheLine) {
  const char* bad[] = {"\xC3", "\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "a\x80z"};
  for (const char* bytes : bad) {
    SCOPED_TRACE(::testing::PrintToString(std::string(bytes)));
    std::string doc = Tmx(Tu("ok") + "\n" + Tu(std::string("bad ") + bytes + " text"));
    ReadOutcome r = Read(doc);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, ErrorCode::kInvalidInput);
    EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "bad "))));
    EXPECT_THAT(r.Error(), HasSubstr("UTF-8"));
  }
}

TEST_F(TmxReaderTest, ForbiddenControlCharacterReferenceIsAnError) {
  std::string doc = Tmx(Tu("ok") + "\n" + Tu("bell &#x7; here"));
  ReadOutcome r = Read(doc);
  ASSERT_FALSE(r.status);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "bell"))));
}

TEST_F(TmxReaderTest, TenMegabyteAttributeFailsWithAClearError) {
  std::string doc = Tmx("<tu>\n<tuv xml:lang=\"en\" creationid=\"" + std::string(10u << 20, 'a') +
                        "\"><seg>a</seg></tuv></tu>");
  auto start = std::chrono::steady_clock::now();
  ReadOutcome r = Read(doc);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().code, ErrorCode::kResourceLimit);
  EXPECT_THAT(r.Error(), HasSubstr(At(r, LineOf(doc, "<tuv"))));
  EXPECT_THAT(r.Error(), HasSubstr("attribute"));
  EXPECT_LT(r.Error().size(), 400u);  // the value is not echoed
  EXPECT_LT(seconds, 5.0);
}

TEST_F(TmxReaderTest, MissingFileIsNotFound) {
  ReadOutcome r = ReadPath(dir_ / "nothing-here.tmx");
  ASSERT_FALSE(r.status);
  EXPECT_EQ(r.status.error().code, ErrorCode::kNotFound);
}

TEST_F(TmxReaderTest, BytesReadReachTheFileSize) {
  std::string doc = Tmx(Tu("a") + Tu("b"));
  std::string path = dir_ / "size.tmx";
  WriteFile(path, doc);
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, Format::kAuto, {});
  ASSERT_TRUE(reader);
  TranslationUnit u;
  while (true) {
    Result<bool> more = (*reader)->Next(&u);
    ASSERT_TRUE(more);
    if (!*more) break;
  }
  EXPECT_EQ((*reader)->bytes_read(), doc.size());
}

}  // namespace
}  // namespace tmkit
