// Specification of XmlPullParser: encodings, XML syntax, namespaces, entities,
// events and their positions, error messages, limits, and robustness against
// truncated or hostile input.
#include "xml_pull_parser.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tmkit/core/text.h"

#ifndef TMKIT_SHARED_DIR
#define TMKIT_SHARED_DIR "/work/shared"
#endif

namespace tmkit::xml {
namespace {

const std::string kSamples = std::string(TMKIT_SHARED_DIR) + "/data/formats/samples/";

// Converts UTF-8 text to `encoding` with ICU, to build non-UTF-8 inputs.
std::string Encode(std::string_view utf8, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(n);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Hands out its bytes `step` at a time, to exercise every chunk boundary.
class TrickleSource : public ByteSource {
 public:
  TrickleSource(std::string data, size_t step) : data_(std::move(data)), step_(step) {}
  size_t Read(char* buf, size_t n) override {
    const size_t got = std::min({n, step_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, got);
    pos_ += got;
    return got;
  }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

// Fails on the first Read, like a disk error.
class FailingSource : public ByteSource {
 public:
  size_t Read(char*, size_t) override { throw XmlError("disk.tmx", 0, "I/O error"); }
};

// One line per event: "<a x='1'>", "</a>", "<b/>" (start of an empty element),
// "text", "<!--c-->", "<?t d?>".
std::string Describe(const XmlEvent& ev) {
  switch (ev.type) {
    case XmlEventType::kStartElement: {
      std::string s = "<" + ev.qname;
      for (const XmlAttribute& a : ev.attributes) s += " " + a.qname + "='" + a.value + "'";
      return s + (ev.self_closing ? "/>" : ">");
    }
    case XmlEventType::kEndElement:
      return "</" + ev.qname + ">";
    case XmlEventType::kText:
      return ev.text;
    case XmlEventType::kComment:
      return "<!--" + ev.text + "-->";
    case XmlEventType::kProcessingInstruction:
      return "<?" + ev.text + "?>";
  }
  return "?";
}

struct Failure {
  std::string what;
  std::string message;
  int line = 0;
  bool limit = false;
};

class XmlPullParserTest : public ::testing::Test {
 protected:
  // All events of `doc`, each described, joined by '|'.
  std::string Parse(std::string doc, ParserOptions options = {}) {
    std::string trace;
    XmlPullParser p(std::make_unique<MemorySource>(std::move(doc)), "doc.xml", options);
    XmlEvent ev;
    while (p.Next(&ev)) {
      if (!trace.empty()) trace += "|";
      trace += Describe(ev);
    }
    return trace;
  }

  std::vector<XmlEvent> Events(std::unique_ptr<ByteSource> source, ParserOptions options = {},
                               std::string* encoding = nullptr) {
    std::vector<XmlEvent> events;
    XmlPullParser p(std::move(source), "doc.xml", options);
    XmlEvent ev;
    while (p.Next(&ev)) events.push_back(ev);
    if (encoding != nullptr) *encoding = p.encoding();
    return events;
  }

  std::vector<XmlEvent> Events(std::string doc, ParserOptions options = {},
                               std::string* encoding = nullptr) {
    return Events(std::make_unique<MemorySource>(std::move(doc)), options, encoding);
  }

  // The error `doc` must raise.
  Failure Error(std::string doc, ParserOptions options = {}) {
    try {
      Parse(std::move(doc), options);
    } catch (const XmlError& e) {
      EXPECT_EQ("doc.xml", e.file());
      return {e.what(), e.message(), e.line(), e.is_limit()};
    }
    ADD_FAILURE() << "no XmlError";
    return {};
  }

  // Texts of the <seg>s under <tuv xml:lang=lang>, for the LISA samples.
  static std::vector<std::string> Segments(const std::vector<XmlEvent>& events,
                                           const std::string& lang) {
    std::vector<std::string> segs;
    bool in_tuv = false, in_seg = false;
    for (const XmlEvent& ev : events) {
      if (ev.type == XmlEventType::kStartElement && ev.local_name == "tuv") {
        const std::string* l = ev.Attr(kXmlNamespace, "lang");
        in_tuv = l != nullptr && *l == lang;
      } else if (ev.type == XmlEventType::kStartElement && ev.local_name == "seg" && in_tuv) {
        in_seg = true;
        segs.emplace_back();
      } else if (ev.type == XmlEventType::kEndElement && ev.local_name == "seg") {
        in_seg = false;
      } else if (ev.type == XmlEventType::kText && in_seg) {
        segs.back() += ev.text;
      }
    }
    return segs;
  }

  static std::vector<std::string> Lines(std::string text) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
    return lines;
  }
};

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A small document that uses most of the syntax, for the robustness loops.
const char kRichDoc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\" [\n"
    "  <!ENTITY co \"ACME &amp; Co\">\n"
    "  <!ATTLIST tu note CDATA 'x > y'>\n"
    "  <!-- a > comment -->\n"
    "]>\n"
    "<tmx version=\"1.4\" xmlns:x=\"urn:x\">\r\n"
    "  <tu tuid='1' x:flag=\"a&#9;b\">\n"
    "    <tuv xml:lang=\"de\"><seg>Gr\xC3\xB6\xC3\x9F"
    "e &co; <![CDATA[<b>]]> \xF0\x9D\x90\x80</seg></tuv>\n"
    "    <!-- note -->\n"
    "    <?pi data?>\n"
    "    <tuv xml:lang=\"en\"><seg>Size<ph x=\"1\"/>&#x2122;</seg></tuv>\n"
    "  </tu>\n"
    "</tmx>\n";

// --- Encodings ---------------------------------------------------------------

TEST_F(XmlPullParserTest, Utf8WithoutDeclarationIsTheDefault) {
  std::string encoding;
  auto events = Events("<r>caf\xC3\xA9</r>", {}, &encoding);
  EXPECT_EQ("UTF-8", encoding);
  ASSERT_EQ(3u, events.size());
  EXPECT_EQ("caf\xC3\xA9", events[1].text);
}

TEST_F(XmlPullParserTest, Utf8BomIsSkippedAndCountedInOffsets) {
  std::string encoding;
  const std::string doc = "\xEF\xBB\xBF<r>x</r>";
  auto events = Events(doc, {}, &encoding);
  EXPECT_EQ("UTF-8", encoding);
  ASSERT_EQ(3u, events.size());
  EXPECT_EQ(3u, events[0].begin);  // offsets are file offsets for UTF-8 input
  EXPECT_EQ("<r>", doc.substr(events[0].begin, events[0].end - events[0].begin));
  EXPECT_EQ("x", events[1].text);
}

TEST_F(XmlPullParserTest, Utf16LeWithBomIsDecoded) {
  const std::string doc = Encode(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r a=\"\xD0\xB4\">\xE4\xB8\xAD</r>",
      "UTF-16LE");
  ASSERT_EQ("\xFF\xFE", doc.substr(0, 2));
  std::string encoding;
  auto events = Events(doc, {}, &encoding);
  EXPECT_EQ("UTF-16LE", encoding);
  ASSERT_EQ(3u, events.size());
  EXPECT_EQ("\xD0\xB4", *events[0].Attr("a"));
  EXPECT_EQ("\xE4\xB8\xAD", events[1].text);
  EXPECT_EQ(2, events[0].line);
}

TEST_F(XmlPullParserTest, Utf16BeWithBomIsDecoded) {
  const std::string doc = Encode("\xEF\xBB\xBF<r>\xC3\xA9</r>", "UTF-16BE");
  ASSERT_EQ("\xFE\xFF", doc.substr(0, 2));
  std::string encoding;
  auto events = Events(doc, {}, &encoding);
  EXPECT_EQ("UTF-16BE", encoding);
  EXPECT_EQ("\xC3\xA9", events.at(1).text);
}

TEST_F(XmlPullParserTest, Utf16WithoutBomIsDetectedFromTheDeclarationBytes) {
  const std::string utf8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>\xC3\xBC</r>";
  for (const char* enc : {"UTF-16LE", "UTF-16BE"}) {
    std::string encoding;
    auto events = Events(Encode(utf8, enc), {}, &encoding);
    EXPECT_EQ(enc, encoding);
    EXPECT_EQ("\xC3\xBC", events.at(1).text) << enc;
  }
}

TEST_F(XmlPullParserTest, Utf32WithBomIsDecoded) {
  for (const char* enc : {"UTF-32LE", "UTF-32BE"}) {
    std::string encoding;
    auto events = Events(Encode("\xEF\xBB\xBF<r>\xF0\x9D\x90\x80</r>", enc), {}, &encoding);
    EXPECT_EQ(enc, encoding);
    EXPECT_EQ("\xF0\x9D\x90\x80", events.at(1).text) << enc;
  }
}

TEST_F(XmlPullParserTest, Utf32WithoutBomIsDetected) {
  std::string encoding;
  auto events = Events(Encode("<?xml version=\"1.0\"?><r>ok</r>", "UTF-32LE"), {}, &encoding);
  EXPECT_EQ("UTF-32LE", encoding);
  EXPECT_EQ("ok", events.at(1).text);
}

TEST_F(XmlPullParserTest, Windows1251IsTranscoded) {
  std::string encoding;
  auto events = Events(
      "<?xml version=\"1.0\" encoding=\"windows-1251\"?><r t=\"\xCF\xF0\xE8\xE2\xE5\xF2\">"
      "\xEC\xE8\xF0</r>",
      {}, &encoding);
  EXPECT_EQ("windows-1251", encoding);
  EXPECT_EQ("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", *events.at(0).Attr("t"));  // Привет
  EXPECT_EQ("\xD0\xBC\xD0\xB8\xD1\x80", events.at(1).text);                                // мир
}

TEST_F(XmlPullParserTest, Windows1254TbxIsTranscoded) {
  std::string encoding;
  auto events = Events(
      "<?xml version='1.0' encoding='windows-1254'?>\r\n<martif type=\"TBX\" xml:lang=\"tr\">"
      "<term>\xDDstanbul \xFEi\xFE"
      "e</term></martif>",
      {}, &encoding);
  EXPECT_EQ("windows-1254", encoding);
  EXPECT_EQ(
      "\xC4\xB0stanbul \xC5\x9Fi\xC5\x9F"
      "e",
      events.at(2).text);  // İstanbul şişe
}

TEST_F(XmlPullParserTest, Latin1DeclarationUsesIcuAndReportsItsName) {
  std::string encoding;
  auto events =
      Events("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>\xE9t\xE9</r>", {}, &encoding);
  EXPECT_EQ("ISO-8859-1", encoding);
  EXPECT_EQ("\xC3\xA9t\xC3\xA9", events.at(1).text);
}

TEST_F(XmlPullParserTest, LegacyEncodingWorksAcrossChunkBoundaries) {
  std::string doc = "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<r>";
  std::string expected;
  for (int i = 0; i < 200000; ++i) {
    doc += "\xE9\x80 ";
    expected += "\xC3\xA9\xE2\x82\xAC ";  // é€
  }
  doc += "</r>";
  auto events = Events(doc);
  ASSERT_EQ(3u, events.size());
  EXPECT_EQ(expected, events[1].text);
}

TEST_F(XmlPullParserTest, DeclaredUtf16OnUtf8BytesIsReadAsUtf8) {
  std::string encoding;
  auto events = Events("<?xml version=\"1.0\" encoding=\"UTF-16\"?><r>\xC3\xA9</r>", {}, &encoding);
  EXPECT_EQ("UTF-8", encoding);
  EXPECT_EQ("\xC3\xA9", events.at(1).text);
}

TEST_F(XmlPullParserTest, Utf16BomWinsOverADeclaredUtf8) {
  std::string encoding;
  auto events = Events(
      Encode("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>\xC3\xA9</r>", "UTF-16LE"),
      {}, &encoding);
  EXPECT_EQ("UTF-16LE", encoding);
  EXPECT_EQ("\xC3\xA9", events.at(1).text);
}

TEST_F(XmlPullParserTest, Utf8BomWinsOverADeclaredLegacyEncoding) {
  std::string encoding;
  auto events = Events("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>\xC3\xA9</r>",
                       {}, &encoding);
  EXPECT_EQ("UTF-8", encoding);
  EXPECT_EQ("\xC3\xA9", events.at(1).text);
}

TEST_F(XmlPullParserTest, UnknownEncodingIsAnErrorNamingIt) {
  Failure f = Error("<?xml version=\"1.0\" encoding=\"klingon-8\"?><r/>");
  EXPECT_EQ(1, f.line);
  EXPECT_NE(std::string::npos, f.message.find("unknown encoding 'klingon-8'")) << f.what;
}

TEST_F(XmlPullParserTest, EncodingNameThatIsNotAnEncNameIsRefused) {
  Failure f = Error("<?xml version=\"1.0\" encoding=\"../../tmp/evil,swaplfnl\"?><r/>");
  EXPECT_NE(std::string::npos, f.message.find("invalid encoding name '../../tmp/evil,swaplfnl'"))
      << f.what;
}

TEST_F(XmlPullParserTest, EbcdicDeclarationOnAsciiBytesIsAnError) {
  Failure f = Error("<?xml version=\"1.0\" encoding=\"IBM037\"?><r/>");
  EXPECT_NE(std::string::npos, f.message.find("encoding=\"IBM037\"")) << f.what;
}

TEST_F(XmlPullParserTest, InvalidUtf8IsAnErrorWithTheBytesAndTheLine) {
  Failure f = Error("<r>\n<a>ok</a>\n<b>caf\xC3\x28</b></r>");
  EXPECT_EQ(3, f.line);
  EXPECT_EQ(
      "invalid UTF-8 byte sequence (0xC3 0x28) — the file is not in UTF-8; re-save it as UTF-8 "
      "or declare its encoding",
      f.message);
  EXPECT_EQ("doc.xml:3: " + f.message, f.what);
}

TEST_F(XmlPullParserTest, Latin1BytesInAnUndeclaredFileAreInvalidUtf8) {
  Failure f = Error("<r>\xE9t\xE9</r>");
  EXPECT_NE(std::string::npos, f.message.find("(0xE9 0x74)")) << f.what;
}

TEST_F(XmlPullParserTest, OverlongSurrogateAndOutOfRangeUtf8AreErrors) {
  const struct {
    const char* bytes;
    const char* shown;
  } cases[] = {
      {"\xC0\xAF", "(0xC0 0xAF)"},          // overlong '/'
      {"\xE0\x80\xAF", "(0xE0 0x80)"},      // overlong 3-byte
      {"\xED\xA0\x80", "(0xED 0xA0)"},      // surrogate U+D800
      {"\xF4\x90\x80\x80", "(0xF4 0x90)"},  // above U+10FFFF
      {"\xF8\x88\x80\x80\x80", "(0xF8 0x88 0x80 0x80)"},
      {"\x80", "(0x80)"},  // stray continuation byte
  };
  for (const auto& c : cases) {
    Failure f = Error(std::string("<r>x") + c.bytes + "</r>");
    EXPECT_NE(std::string::npos, f.message.find(c.shown)) << f.what;
    EXPECT_NE(std::string::npos, f.message.find("invalid UTF-8")) << f.what;
  }
}

TEST_F(XmlPullParserTest, Utf8TruncatedAtEndOfFileIsAnError) {
  Failure f = Error("<r/>\xE2\x82");
  EXPECT_NE(std::string::npos, f.message.find("(0xE2 0x82) at the end of the file")) << f.what;
}

TEST_F(XmlPullParserTest, InvalidLegacyByteIsAnErrorNotAReplacementCharacter) {
  Failure f = Error("<?xml version=\"1.0\" encoding=\"windows-1253\"?>\n<r>\n\xE1\xD2</r>");
  EXPECT_EQ(3, f.line);
  EXPECT_NE(std::string::npos, f.message.find("invalid windows-1253 byte sequence (0xD2)"))
      << f.what;
}

TEST_F(XmlPullParserTest, UnpairedSurrogateInUtf16IsAnError) {
  std::string doc = Encode("\xEF\xBB\xBF<r>x</r>", "UTF-16LE");
  doc.insert(doc.size() - 10, std::string("\x00\xD8", 2));  // lone high surrogate before "</r>"
  Failure f = Error(doc);
  EXPECT_NE(std::string::npos, f.message.find("UTF-16LE")) << f.what;
}

TEST_F(XmlPullParserTest, ControlCharacterIsAnErrorNamingIt) {
  Failure f = Error(
      "<r>\nabc\x01"
      "def</r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("control character U+0001 is not allowed in XML 1.0"))
      << f.what;
  // The same in UTF-16, where the decoder sees it as a code unit.
  f = Error(Encode("\xEF\xBB\xBF<r>\n\n\x1B</r>", "UTF-16LE"));
  EXPECT_EQ(3, f.line);
  EXPECT_NE(std::string::npos, f.message.find("U+001B")) << f.what;
}

TEST_F(XmlPullParserTest, NonCharacterFffeIsAnError) {
  Failure f = Error("<r>\xEF\xBF\xBE</r>");
  EXPECT_NE(std::string::npos, f.message.find("U+FFFE")) << f.what;
}

// --- Real samples ------------------------------------------------------------

TEST_F(XmlPullParserTest, LisaImportTest1AIsUtf16WithBom) {
  const std::string dir = kSamples + "lisa-tmx-compliance-kit/";
  std::string encoding;
  auto events = Events(std::make_unique<FileSource>(dir + "ImportTest1A.tmx"), {}, &encoding);
  EXPECT_EQ("UTF-16LE", encoding);
  EXPECT_EQ(Lines(ReadFile(dir + "ImportTest1A.txt")), Segments(events, "en-us"));
  EXPECT_EQ(
      std::vector<std::string>({"Premier segment avec [\t\t   ]", "Second segment avec [  \t\t]"}),
      Segments(events, "fr-ca"));
}

TEST_F(XmlPullParserTest, LisaImportTest2AIsUtf16WithInlineCodes) {
  std::string encoding;
  XmlPullParser p(
      std::make_unique<FileSource>(kSamples + "lisa-tmx-compliance-kit/ImportTest2A.tmx"),
      "ImportTest2A.tmx");
  XmlEvent ev;
  int tus = 0;
  std::vector<std::string> bpt_texts;
  bool in_bpt = false;
  while (p.Next(&ev)) {
    if (ev.type == XmlEventType::kStartElement && ev.qname == "tu") ++tus;
    if (ev.type == XmlEventType::kStartElement && ev.qname == "bpt") in_bpt = true;
    if (ev.type == XmlEventType::kEndElement && ev.qname == "bpt") in_bpt = false;
    if (ev.type == XmlEventType::kText && in_bpt) bpt_texts.push_back(ev.text);
  }
  EXPECT_EQ("UTF-16LE", p.encoding());
  EXPECT_EQ("tmx", p.doctype_name());
  EXPECT_EQ("tmx14.dtd", p.doctype_system_id());
  EXPECT_EQ(7, tus);
  ASSERT_FALSE(bpt_texts.empty());
  EXPECT_EQ("<b>", bpt_texts[0]);  // &lt;b> is escaped code, decoded to text
}

TEST_F(XmlPullParserTest, LisaImportTest1DIsUtf8WithBom) {
  const std::string dir = kSamples + "lisa-tmx-compliance-kit/";
  std::string encoding;
  auto events = Events(std::make_unique<FileSource>(dir + "ImportTest1D.tmx"), {}, &encoding);
  EXPECT_EQ("UTF-8", encoding);
  EXPECT_EQ(Lines(ReadFile(dir + "ImportTest1D.txt")), Segments(events, "en-us"));
  EXPECT_EQ(Lines(ReadFile(dir + "ImportTest1D.txt")), Segments(events, "en-gb"));
}

TEST_F(XmlPullParserTest, LisaImportTest1HIsUsAsciiWithCharacterReferences) {
  const std::string dir = kSamples + "lisa-tmx-compliance-kit/";
  std::string encoding;
  auto events = Events(std::make_unique<FileSource>(dir + "ImportTest1H.tmx"), {}, &encoding);
  EXPECT_EQ("US-ASCII", encoding);
  auto segs = Segments(events, "en-us");
  EXPECT_EQ(Lines(ReadFile(dir + "ImportTest1H.txt")), segs);
  ASSERT_EQ(3u, segs.size());
  EXPECT_EQ("\xC3\xBF=U+00FF, \xE2\x84\xA2=U+2122, \xE2\x80\x99=U+2019", segs[1]);
}

TEST_F(XmlPullParserTest, OkapiXliffInWindows1252) {
  XmlPullParser p(std::make_unique<FileSource>(kSamples + "okapi/xliff12/RB-12-Test02.xlf"),
                  "RB-12-Test02.xlf");
  XmlEvent ev;
  int units = 0;
  std::string settings_ns;
  int first_line = 0;
  std::string root_ns;
  while (p.Next(&ev)) {
    if (ev.type != XmlEventType::kStartElement) continue;
    if (root_ns.empty()) root_ns = ev.ns_uri;
    if (ev.local_name == "trans-unit") ++units;
    if (ev.local_name == "file") {
      first_line = ev.line;
      for (const XmlAttribute& a : ev.attributes) {
        if (a.qname == "okp:settings") settings_ns = a.ns_uri;
      }
    }
  }
  EXPECT_EQ("windows-1252", p.encoding());
  EXPECT_EQ("urn:oasis:names:tc:xliff:document:1.2", root_ns);
  EXPECT_EQ("okapi-framework:xliff-extensions", settings_ns);
  EXPECT_EQ(3, first_line);  // CRLF line ends count once
  EXPECT_EQ(9, units);
}

TEST_F(XmlPullParserTest, OkapiTbxInWindows1254) {
  const std::string path = kSamples + "okapi/tbx/test02_win1254.tbx";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " is not in the shared data";
  std::string encoding;
  auto events = Events(std::make_unique<FileSource>(path), {}, &encoding);
  EXPECT_EQ("windows-1254", encoding);
  EXPECT_FALSE(events.empty());
}

TEST_F(XmlPullParserTest, FileSourceOnAMissingFileIsAnError) {
  try {
    FileSource source("/nonexistent/corpus.tmx");
    FAIL() << "no error";
  } catch (const XmlError& e) {
    EXPECT_EQ("/nonexistent/corpus.tmx", e.file());
    EXPECT_NE(std::string::npos, e.message().find("cannot open"));
  }
}

TEST_F(XmlPullParserTest, SourceErrorsPropagate) {
  XmlPullParser p(std::make_unique<FailingSource>(), "disk.tmx");
  XmlEvent ev;
  EXPECT_THROW(p.Next(&ev), XmlError);
}

// --- Elements, attributes, text ------------------------------------------------

TEST_F(XmlPullParserTest, EmptyElementGivesStartAndEnd) {
  auto events = Events("<r><a x='1'/></r>");
  ASSERT_EQ(4u, events.size());
  EXPECT_EQ(XmlEventType::kStartElement, events[1].type);
  EXPECT_TRUE(events[1].self_closing);
  EXPECT_EQ(XmlEventType::kEndElement, events[2].type);
  EXPECT_EQ("a", events[2].qname);
  EXPECT_TRUE(events[2].self_closing);
  EXPECT_TRUE(events[2].attributes.empty());
  EXPECT_FALSE(events[3].self_closing);
}

TEST_F(XmlPullParserTest, AttributesInBothQuoteStylesWithWhitespaceInsideTags) {
  EXPECT_EQ("<tu a='x \"y\"' b='it's' c=''>|</tu>",
            Parse("<tu\n  a = 'x \"y\"'\tb=\"it's\"\r\n c=''\n></tu\n >"));
}

TEST_F(XmlPullParserTest, AttributeValuesAreNormalisedButCharacterReferencesKept) {
  auto events =
      Events("<r a=\"x\ty\nz\r\nw\rv\" b=\"&#9;&#10;&#13;&#x20;\" c=\"&lt;&amp;&quot;\"/>");
  EXPECT_EQ("x y z w v", *events[0].Attr("a"));
  EXPECT_EQ("\t\n\r ", *events[0].Attr("b"));
  EXPECT_EQ("<&\"", *events[0].Attr("c"));
}

TEST_F(XmlPullParserTest, TextIsReportedUntrimmedIncludingWhitespaceOnlyText) {
  EXPECT_EQ("<r>|\n  |<a>|  x  y |</a>|\n|</r>", Parse("<r>\n  <a>  x  y </a>\n</r>"));
}

TEST_F(XmlPullParserTest, WhitespaceOutsideTheRootIsNotReported) {
  EXPECT_EQ("<r/>|</r>", Parse("<?xml version=\"1.0\"?>\n\n<r/>\n\n"));
}

TEST_F(XmlPullParserTest, LineEndsAreNormalisedInText) {
  EXPECT_EQ("<r>|a\nb\nc\nd\n\n|</r>", Parse("<r>a\r\nb\rc\nd\r\r\n</r>"));
}

TEST_F(XmlPullParserTest, PredefinedEntitiesAndCharacterReferencesAreExpanded) {
  EXPECT_EQ("<r>|<>&'\" \xC3\xA9\xE2\x82\xAC\t|</r>",
            Parse("<r>&lt;&gt;&amp;&apos;&quot; &#233;&#x20AC;&#9;</r>"));
}

TEST_F(XmlPullParserTest, CdataIsMergedIntoTheSurroundingText) {
  auto events = Events("<r>a <![CDATA[<b> & ]] ]]]]><![CDATA[]]> &amp; c</r>");
  ASSERT_EQ(3u, events.size());
  EXPECT_EQ("a <b> & ]] ]] & c", events[1].text);
}

TEST_F(XmlPullParserTest, CdataKeepsLineEndsNormalised) {
  EXPECT_EQ("<r>|a\nb|</r>", Parse("<r><![CDATA[a\r\nb]]></r>"));
}

TEST_F(XmlPullParserTest, EmptyCdataGivesNoTextEvent) {
  EXPECT_EQ("<r>|</r>", Parse("<r><![CDATA[]]></r>"));
}

TEST_F(XmlPullParserTest, CommentsAndPisAreSkippedByDefault) {
  EXPECT_EQ("<r>|ab|</r>",
            Parse("<!-- top --><?app x?><r>a<!-- c -->b<?pi data?></r><!-- end -->"));
}

TEST_F(XmlPullParserTest, CommentsAndPisAreReportedWhenAsked) {
  ParserOptions options;
  options.report_comments = true;
  options.report_pis = true;
  EXPECT_EQ("<!-- top -->|<?app x y?>|<r>|a|<!-- c\n-->|b|<?pi?>|</r>",
            Parse("<!-- top --><?app x y?><r>a<!-- c\r\n-->b<?pi?></r>", options));
  auto events = Events("<r><?target  some data ?></r>", options);
  EXPECT_EQ("target", events.at(1).qname);
  EXPECT_EQ("target some data ", events.at(1).text);
}

TEST_F(XmlPullParserTest, XmlDeclarationIsReadAndNotReported) {
  EXPECT_EQ("<r>|</r>", Parse("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><r></r>"));
}

TEST_F(XmlPullParserTest, SupplementaryCharacterRoundTripsAsFourUtf8Bytes) {
  const std::string math_a = "\xF0\x9D\x90\x80";  // U+1D400
  auto events = Events("<r a=\"&#x1D400;\">" + math_a + "&#119808;</r>");
  EXPECT_EQ(math_a, *events.at(0).Attr("a"));
  EXPECT_EQ(math_a + math_a, events.at(1).text);
  // From UTF-16, where it is a surrogate pair.
  const std::string utf16 = Encode("\xEF\xBB\xBF<r>" + math_a + "</r>", "UTF-16LE");
  ASSERT_NE(std::string::npos, utf16.find("\x35\xD8\x00\xDC"));
  events = Events(utf16);
  EXPECT_EQ(math_a, events.at(1).text);
  EXPECT_EQ(4u, events.at(1).text.size());
}

TEST_F(XmlPullParserTest, NonAsciiNamesAreAccepted) {
  EXPECT_EQ("<\xC3\xA9l\xC3\xA9ment \xD0\xB0=''>|</\xC3\xA9l\xC3\xA9ment>",
            Parse("<\xC3\xA9l\xC3\xA9ment \xD0\xB0=''></\xC3\xA9l\xC3\xA9ment>"));
}

// --- Namespaces ----------------------------------------------------------------

TEST_F(XmlPullParserTest, DefaultNamespaceAppliesToElementsNotAttributes) {
  auto events = Events(
      "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\">"
      "<file/></xliff>");
  EXPECT_EQ("urn:oasis:names:tc:xliff:document:1.2", events[0].ns_uri);
  EXPECT_EQ("xliff", events[0].local_name);
  EXPECT_EQ("urn:oasis:names:tc:xliff:document:1.2", events[1].ns_uri);
  ASSERT_NE(nullptr, events[0].Attr("version"));
  EXPECT_EQ("", events[0].attributes[1].ns_uri);
  EXPECT_EQ("urn:oasis:names:tc:xliff:document:1.2", events.back().ns_uri);  // </xliff>
}

TEST_F(XmlPullParserTest, PrefixedElementsAndAttributesResolve) {
  auto events = Events(
      "<x:xliff xmlns:x=\"urn:x\" xmlns:its=\"http://www.w3.org/2005/11/its\">"
      "<x:unit its:translate=\"no\"/></x:xliff>");
  EXPECT_EQ("x:xliff", events[0].qname);
  EXPECT_EQ("xliff", events[0].local_name);
  EXPECT_EQ("urn:x", events[0].ns_uri);
  const std::string* translate = events[1].Attr("http://www.w3.org/2005/11/its", "translate");
  ASSERT_NE(nullptr, translate);
  EXPECT_EQ("no", *translate);
  EXPECT_EQ(nullptr, events[1].Attr("translate"));
  EXPECT_EQ("x:unit", events[2].qname);
  EXPECT_EQ("urn:x", events[2].ns_uri);
}

TEST_F(XmlPullParserTest, XmlPrefixIsPredefined) {
  auto events = Events("<tuv xml:lang=\"fr-CA\" lang=\"en\"/>");
  ASSERT_NE(nullptr, events[0].Attr(kXmlNamespace, "lang"));
  EXPECT_EQ("fr-CA", *events[0].Attr(kXmlNamespace, "lang"));
  EXPECT_EQ("en", *events[0].Attr("lang"));
}

TEST_F(XmlPullParserTest, NamespaceDeclarationsAreReportedAsWritten) {
  auto events = Events("<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"/>");
  ASSERT_EQ(2u, events[0].attributes.size());
  EXPECT_EQ("xmlns", events[0].attributes[0].qname);
  EXPECT_EQ("urn:d", events[0].attributes[0].value);
  EXPECT_EQ("xmlns:p", events[0].attributes[1].qname);
  EXPECT_EQ("p", events[0].attributes[1].local_name);
  EXPECT_EQ("http://www.w3.org/2000/xmlns/", events[0].attributes[1].ns_uri);
}

TEST_F(XmlPullParserTest, NamespaceScopeEndsWithItsElement) {
  auto events = Events("<r><a xmlns=\"urn:a\"><b/></a><c/></r>");
  EXPECT_EQ("urn:a", events[1].ns_uri);  // <a>
  EXPECT_EQ("urn:a", events[2].ns_uri);  // <b/>
  EXPECT_EQ("", events[5].ns_uri);       // <c/>
  EXPECT_EQ("c", events[5].qname);
}

TEST_F(XmlPullParserTest, DefaultNamespaceCanBeUndeclared) {
  auto events = Events("<r xmlns=\"urn:r\"><a xmlns=\"\"/></r>");
  EXPECT_EQ("urn:r", events[0].ns_uri);
  EXPECT_EQ("", events[1].ns_uri);
}

TEST_F(XmlPullParserTest, UndeclaredPrefixIsAnError) {
  Failure f = Error("<r>\n<okp:x/></r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("namespace prefix 'okp' of <okp:x> is not declared"))
      << f.what;
  f = Error("<r its:translate='no'/>");
  EXPECT_NE(std::string::npos, f.message.find("'its'")) << f.what;
}

TEST_F(XmlPullParserTest, SameAttributeThroughTwoPrefixesIsAnError) {
  Failure f = Error("<r xmlns:a=\"urn:u\" xmlns:b=\"urn:u\" a:x=\"1\" b:x=\"2\"/>");
  EXPECT_NE(std::string::npos, f.message.find("'a:x' and 'b:x'")) << f.what;
}

TEST_F(XmlPullParserTest, ManyNamespaceDeclarationsStayFastAndScoped) {
  std::string doc = "<r";
  for (int i = 0; i < 20000; ++i)
    doc += " xmlns:p" + std::to_string(i) + "='urn:" + std::to_string(i) + "'";
  doc += ">";
  for (int i = 0; i < 20000; ++i) doc += "<p0:a/>";
  doc += "<p7:b xmlns:p7='urn:inner'><p7:c/></p7:b><p7:d/></r>";
  const auto t0 = std::chrono::steady_clock::now();
  auto events = Events(doc);
  EXPECT_LT(SecondsSince(t0), 2.0);
  ASSERT_EQ(2u + 2 * 20000 + 6, events.size());
  EXPECT_EQ("urn:0", events[1].ns_uri);
  const size_t b = 1 + 2 * 20000;
  EXPECT_EQ("p7:b", events[b].qname);
  EXPECT_EQ("urn:inner", events[b].ns_uri);
  EXPECT_EQ("urn:inner", events[b + 1].ns_uri);  // <p7:c/>
  EXPECT_EQ("p7:d", events[b + 4].qname);
  EXPECT_EQ("urn:7", events[b + 4].ns_uri);  // the outer binding is back
}

TEST_F(XmlPullParserTest, MalformedQualifiedNameIsAnError) {
  Failure f = Error("<a:b:c xmlns:a='urn:a'/>");
  EXPECT_NE(std::string::npos, f.message.find("'a:b:c' is not a valid name")) << f.what;
}

// --- DOCTYPE and entities ------------------------------------------------------

TEST_F(XmlPullParserTest, InternalEntitiesExpandInTextAndAttributes) {
  auto events = Events(
      "<!DOCTYPE r [\n"
      "  <!ENTITY co \"ACME &amp; Co\">\n"
      "  <!ENTITY full 'the &co; team&#x21;'>\n"
      "  <!ENTITY ws \"a&#10;b\">\n"
      "]>\n"
      "<r by=\"&full;\" ws=\"&ws;\">&full; &co;</r>");
  EXPECT_EQ("the ACME & Co team!", *events[0].Attr("by"));
  EXPECT_EQ("a b", *events[0].Attr("ws"));  // a literal newline in replacement text is normalised
  EXPECT_EQ("the ACME & Co team! ACME & Co", events[1].text);
}

TEST_F(XmlPullParserTest, DoctypeNameAndSystemIdAreReported) {
  XmlPullParser p(std::make_unique<MemorySource>(
                      "<!DOCTYPE tmx PUBLIC \"-//LISA//DTD TMX 1.4//EN\" \"tmx14.dtd\"><tmx/>"),
                  "doc.xml");
  XmlEvent ev;
  while (p.Next(&ev)) {
  }
  EXPECT_EQ("tmx", p.doctype_name());
  EXPECT_EQ("tmx14.dtd", p.doctype_system_id());
}

TEST_F(XmlPullParserTest, OtherDeclarationsAndParameterEntitiesAreSkipped) {
  EXPECT_EQ("<tmx>|fine|</tmx>", Parse("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\" [\n"
                                       "  <!-- a comment with > and ]> inside -->\n"
                                       "  <?pi with > inside?>\n"
                                       "  <!ELEMENT tmx (header, body)>\n"
                                       "  <!ATTLIST tmx version CDATA #FIXED \"1.4>\">\n"
                                       "  <!ATTLIST seg note CDATA 'a ] > b'>\n"
                                       "  <!ENTITY % pe \"<!ENTITY leaked 'LEAK'>\">\n"
                                       "  %pe;\n"
                                       "  <!ENTITY % ext SYSTEM \"file:///etc/hostname\">\n"
                                       "  %ext;\n"
                                       "  <!NOTATION png SYSTEM \"image/png\">\n"
                                       "  <!ENTITY ok \"fine\">\n"
                                       "]>\n"
                                       "<tmx>&ok;</tmx>"));
  Failure f =
      Error("<!DOCTYPE r [<!ENTITY % pe \"<!ENTITY leaked 'LEAK'>\"> %pe;]><r>&leaked;</r>");
  EXPECT_NE(std::string::npos, f.message.find("undefined entity &leaked;")) << f.what;
}

TEST_F(XmlPullParserTest, ExternalEntityIsRefusedAndNeverRead) {
  const std::string hostname = ReadFile("/etc/hostname");
  const std::string doc =
      "<!DOCTYPE r [\n<!ENTITY h SYSTEM \"file:///etc/hostname\">\n]>\n<r>\nbefore &h; after</r>";
  std::vector<std::string> seen;
  try {
    XmlPullParser p(std::make_unique<MemorySource>(doc), "doc.xml");
    XmlEvent ev;
    while (p.Next(&ev)) seen.push_back(Describe(ev));
    FAIL() << "no error";
  } catch (const XmlError& e) {
    EXPECT_EQ(5, e.line());
    EXPECT_EQ(
        "external entity &h; refers to 'file:///etc/hostname'; tmkit never reads external "
        "resources",
        e.message());
    if (hostname.size() > 3) {
      EXPECT_EQ(std::string::npos, std::string(e.what()).find(hostname));
    }
  }
  EXPECT_EQ(std::vector<std::string>{"<r>"}, seen);  // no text was ever produced
}

TEST_F(XmlPullParserTest, ExternalEntityInAnAttributeOrEntityIsRefused) {
  Failure f =
      Error("<!DOCTYPE r [<!ENTITY p PUBLIC \"-//X//EN\" \"file:///etc/passwd\">]><r a=\"&p;\"/>");
  EXPECT_NE(std::string::npos,
            f.message.find("external entity &p; refers to 'file:///etc/passwd'; tmkit never "
                           "reads external resources"))
      << f.what;
  f = Error(
      "<!DOCTYPE r [<!ENTITY p SYSTEM \"file:///etc/passwd\"><!ENTITY i \"x&p;\">]><r>&i;</r>");
  EXPECT_NE(std::string::npos, f.message.find("external entity &p;")) << f.what;
}

TEST_F(XmlPullParserTest, UnparsedEntityReferenceIsRefused) {
  Failure f = Error(
      "<!DOCTYPE r [<!NOTATION gif SYSTEM \"gif\"><!ENTITY pic SYSTEM \"a.gif\" NDATA gif>]>"
      "<r>&pic;</r>");
  EXPECT_NE(std::string::npos, f.message.find("external entity &pic; refers to 'a.gif'")) << f.what;
}

TEST_F(XmlPullParserTest, BillionLaughsFailsFastAsALimit) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&" + prev + ";";
    doc += "\">\n";
  }
  doc += "]>\n<lolz>&lol9;</lolz>";
  const auto t0 = std::chrono::steady_clock::now();
  Failure f = Error(doc);
  EXPECT_LT(SecondsSince(t0), 1.0);
  EXPECT_TRUE(f.limit);
  EXPECT_EQ(14, f.line);
  EXPECT_NE(std::string::npos, f.message.find("entity expansion exceeds 1 MiB (an XML bomb?)"))
      << f.what;
}

TEST_F(XmlPullParserTest, QuadraticBlowupIsLimitedAcrossReferences) {
  std::string doc = "<!DOCTYPE r [<!ENTITY big \"" + std::string(100000, 'a') + "\">]><r>";
  for (int i = 0; i < 100; ++i) doc += "&big;";
  doc += "</r>";
  Failure f = Error(doc);
  EXPECT_TRUE(f.limit);
  EXPECT_NE(std::string::npos, f.message.find("entity expansion exceeds 1 MiB")) << f.what;
}

TEST_F(XmlPullParserTest, EmptyEntityFanOutIsStillLimited) {
  // Expands to nothing, but 10^6 references would have to be walked.
  std::string doc = "<!DOCTYPE r [<!ENTITY e0 \"\">";
  for (int i = 1; i <= 6; ++i) {
    doc += "<!ENTITY e" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&e" + std::to_string(i - 1) + ";";
    doc += "\">";
  }
  doc += "]><r>&e6;</r>";
  const auto t0 = std::chrono::steady_clock::now();
  Failure f = Error(doc);
  EXPECT_LT(SecondsSince(t0), 1.0);
  EXPECT_TRUE(f.limit);
}

TEST_F(XmlPullParserTest, EntityNestingDepthIsLimited) {
  auto chain = [](int n) {
    std::string doc = "<!DOCTYPE r [<!ENTITY e1 \"x\">";
    for (int i = 2; i <= n; ++i) {
      doc += "<!ENTITY e" + std::to_string(i) + " \"&e" + std::to_string(i - 1) + ";\">";
    }
    return doc + "]><r>&e" + std::to_string(n) + ";</r>";
  };
  EXPECT_EQ("<r>|x|</r>", Parse(chain(8)));
  Failure f = Error(chain(9));
  EXPECT_TRUE(f.limit);
  EXPECT_NE(std::string::npos, f.message.find("nested more than 8 levels")) << f.what;
}

TEST_F(XmlPullParserTest, RecursiveEntityIsAnError) {
  Failure f = Error("<!DOCTYPE r [<!ENTITY a \"x&b;\"><!ENTITY b \"&a;y\">]><r>&a;</r>");
  EXPECT_FALSE(f.limit);
  EXPECT_NE(std::string::npos, f.message.find("refers to itself")) << f.what;
}

TEST_F(XmlPullParserTest, MarkupInsideAnEntityIsRefused) {
  Failure f = Error("<!DOCTYPE r [<!ENTITY b \"<b>x</b>\">]><r>&b;</r>");
  EXPECT_NE(std::string::npos, f.message.find("entity &b; contains markup")) << f.what;
  f = Error("<!DOCTYPE r [<!ENTITY lt2 \"&#60;\">]><r a=\"&lt2;\"/>");
  EXPECT_NE(std::string::npos, f.message.find("contains '<'")) << f.what;
}

TEST_F(XmlPullParserTest, UndefinedEntityIsAnErrorWithAHint) {
  Failure f = Error("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx>\n&nbsp;</tmx>");
  EXPECT_EQ(3, f.line);
  EXPECT_NE(std::string::npos, f.message.find("undefined entity &nbsp;")) << f.what;
  EXPECT_NE(std::string::npos, f.message.find("&#160;")) << f.what;
  EXPECT_NE(std::string::npos, f.message.find("'tmx14.dtd'")) << f.what;
}

TEST_F(XmlPullParserTest, CharacterReferenceToAControlCharacterIsAnError) {
  Failure f = Error("<r>\n&#1;</r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("&#1; is U+0001, a control character")) << f.what;
  EXPECT_NE(std::string::npos, Error("<r>&#xD800;</r>").message.find("U+D800"));
  EXPECT_NE(std::string::npos, Error("<r>&#x110000;</r>").message.find("invalid character"));
  EXPECT_NE(std::string::npos, Error("<r>&#xZZ;</r>").message.find("invalid character"));
  EXPECT_NE(std::string::npos, Error("<r>&#X41;</r>").message.find("invalid character"));
}

// --- Positions -----------------------------------------------------------------

TEST_F(XmlPullParserTest, EventLinesAreWhereEventsStart) {
  auto events = Events(
      "<?xml version=\"1.0\"?>\n<tmx>\n  <tu\n    id='1'>text\nmore</tu>\r\n<x/>\r<y/></tmx>");
  std::vector<std::pair<std::string, int>> got;
  for (const XmlEvent& ev : events) got.emplace_back(Describe(ev), ev.line);
  const std::vector<std::pair<std::string, int>> want = {
      {"<tmx>", 2}, {"\n  ", 2}, {"<tu id='1'>", 3}, {"text\nmore", 4},
      {"</tu>", 5}, {"\n", 5},   {"<x/>", 6},        {"</x>", 6},
      {"\n", 6},    {"<y/>", 7}, {"</y>", 7},        {"</tmx>", 7}};
  EXPECT_EQ(want, got);
}

TEST_F(XmlPullParserTest, OffsetsAreByteOffsetsOfEachEvent) {
  const std::string doc =
      "<?xml version=\"1.0\"?>\n<tu id=\"1\"><seg>Hi &amp; <![CDATA[b]]>\xC3\xA9</seg><ph/></tu>";
  std::vector<std::string> spans;
  for (const XmlEvent& ev : Events(doc)) spans.push_back(doc.substr(ev.begin, ev.end - ev.begin));
  EXPECT_EQ(std::vector<std::string>({"<tu id=\"1\">", "<seg>", "Hi &amp; <![CDATA[b]]>\xC3\xA9",
                                      "</seg>", "<ph/>", "<ph/>", "</tu>"}),
            spans);
}

TEST_F(XmlPullParserTest, OffsetsOfUtf16InputAreInTheDecodedUtf8) {
  const std::string utf8 = "\xEF\xBB\xBF<r>\n<a x='\xC3\xA9'>\xE4\xB8\xAD</a></r>";
  auto from_utf8 = Events(utf8);
  auto from_utf16 = Events(Encode(utf8, "UTF-16BE"));
  ASSERT_EQ(from_utf8.size(), from_utf16.size());
  for (size_t i = 0; i < from_utf8.size(); ++i) {
    EXPECT_EQ(from_utf8[i].begin, from_utf16[i].begin) << i;
    EXPECT_EQ(from_utf8[i].end, from_utf16[i].end) << i;
  }
  EXPECT_EQ("<a x='\xC3\xA9'>",
            utf8.substr(from_utf16[2].begin, from_utf16[2].end - from_utf16[2].begin));
}

TEST_F(XmlPullParserTest, LineAndBytesConsumedAreAvailable) {
  XmlPullParser p(std::make_unique<MemorySource>("<r>\n<a/>\n</r>"), "doc.xml");
  XmlEvent ev;
  ASSERT_TRUE(p.Next(&ev));
  EXPECT_EQ(1, p.line());
  EXPECT_EQ(13u, p.bytes_consumed());
  ASSERT_TRUE(p.Next(&ev));  // "\n"
  ASSERT_TRUE(p.Next(&ev));  // <a/>
  EXPECT_EQ(2, p.line());
}

// --- Well-formedness errors --------------------------------------------------------

TEST_F(XmlPullParserTest, MismatchedEndTagNamesBothTags) {
  Failure f = Error("<tmx>\n <tu>\n  <seg>abc\n  </tuv>");
  EXPECT_EQ(4, f.line);
  EXPECT_EQ("expected </seg> (opened at line 3), found </tuv>", f.message);
  EXPECT_EQ("doc.xml:4: expected </seg> (opened at line 3), found </tuv>", f.what);
}

TEST_F(XmlPullParserTest, TruncatedFileNamesTheOpenElement) {
  Failure f = Error("<tmx>\n<body>\n<tu>\n<seg>abc\n");
  EXPECT_EQ("file ends inside <seg> opened at line 4: the file is truncated", f.message);
  f = Error("<tmx>\n<tu tuid=\"1");
  EXPECT_NE(std::string::npos, f.message.find("file ends inside")) << f.what;
  EXPECT_NE(std::string::npos, f.message.find("truncated")) << f.what;
  f = Error("<r><!-- never closed");
  EXPECT_NE(std::string::npos, f.message.find("file ends inside a comment")) << f.what;
}

TEST_F(XmlPullParserTest, DuplicateAttributeIsAnError) {
  Failure f = Error("<r>\n<tu id='1' id=\"2\"/></r>");
  EXPECT_EQ(2, f.line);
  EXPECT_EQ("attribute 'id' appears twice in <tu>", f.message);
}

TEST_F(XmlPullParserTest, DuplicateAmongManyAttributesIsFound) {
  std::string doc = "<r";
  for (int i = 0; i < 5000; ++i) doc += " a" + std::to_string(i) + "='x'";
  EXPECT_EQ(5000u, Events(doc + "/>")[0].attributes.size());
  Failure f = Error(doc + " a4321='y'/>");
  EXPECT_EQ("attribute 'a4321' appears twice in <r>", f.message);
}

TEST_F(XmlPullParserTest, LessThanInAttributeValueIsAnError) {
  Failure f = Error("<r>\n<ph x=\"a<b\"/></r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos,
            f.message.find("'<' is not allowed in the value of attribute 'x' in <ph>"))
      << f.what;
}

TEST_F(XmlPullParserTest, BareAmpersandIsAnError) {
  Failure f = Error("<r>\nfish & chips</r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("bare '&'")) << f.what;
  EXPECT_NE(std::string::npos, f.message.find("&amp;")) << f.what;
  f = Error("<r>AT&T</r>");
  EXPECT_NE(std::string::npos, f.message.find("&T has no closing ';'")) << f.what;
  f = Error("<r a='x & y'/>");
  EXPECT_NE(std::string::npos, f.message.find("bare '&'")) << f.what;
}

TEST_F(XmlPullParserTest, UnquotedOrMissingAttributeValueIsAnError) {
  EXPECT_NE(std::string::npos, Error("<r a=1/>").message.find("must be in quotes"));
  EXPECT_NE(std::string::npos, Error("<r a/>").message.find("attribute 'a' in <r> has no value"));
  EXPECT_NE(std::string::npos, Error("<r a='1'b='2'/>").message.find("expected whitespace"));
}

TEST_F(XmlPullParserTest, TextAfterTheRootElementIsAnError) {
  Failure f = Error("<r>\n</r>\ntrailing junk");
  EXPECT_EQ(3, f.line);
  EXPECT_NE(std::string::npos,
            f.message.find("text after the root element </r> (closed at line 2): 'trailing junk'"))
      << f.what;
}

TEST_F(XmlPullParserTest, TextBeforeTheRootElementIsAnError) {
  Failure f = Error("source,target\nhello,bonjour\n");
  EXPECT_EQ(1, f.line);
  EXPECT_NE(std::string::npos, f.message.find("text before the root element: 'source,target'"))
      << f.what;
}

TEST_F(XmlPullParserTest, MissingRootElementIsAnError) {
  EXPECT_NE(std::string::npos, Error("").message.find("the file is empty"));
  Failure f = Error("<?xml version=\"1.0\"?>\n<!-- only a comment -->\n");
  EXPECT_NE(std::string::npos, f.message.find("no root element")) << f.what;
}

TEST_F(XmlPullParserTest, SecondRootElementIsAnError) {
  Failure f = Error("<a/>\n<b/>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("a second root element <b>")) << f.what;
}

TEST_F(XmlPullParserTest, XmlDeclarationNotAtTheStartIsAnError) {
  Failure f = Error("\n<?xml version=\"1.0\"?><r/>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("must be the very first thing")) << f.what;
}

TEST_F(XmlPullParserTest, MalformedXmlDeclarationIsAnError) {
  EXPECT_NE(std::string::npos, Error("<?xml encoding='UTF-8'?><r/>").message.find("version"));
  EXPECT_NE(std::string::npos,
            Error("<?xml version='2.0'?><r/>").message.find("unsupported XML version"));
}

TEST_F(XmlPullParserTest, DoubleHyphenInACommentIsAnError) {
  Failure f = Error("<r>\n<!-- a -- b --></r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("'--' is not allowed inside a comment")) << f.what;
}

TEST_F(XmlPullParserTest, CdataEndMarkerInTextIsAnError) {
  EXPECT_NE(std::string::npos, Error("<r>a ]]> b</r>").message.find("']]>' is not allowed"));
}

TEST_F(XmlPullParserTest, LessThanInTextIsAnError) {
  Failure f = Error("<r>\nif a < b</r>");
  EXPECT_EQ(2, f.line);
  EXPECT_NE(std::string::npos, f.message.find("write &lt;")) << f.what;
}

TEST_F(XmlPullParserTest, ErrorIsStickyAfterItIsThrown) {
  XmlPullParser p(std::make_unique<MemorySource>("<r></x>"), "doc.xml");
  XmlEvent ev;
  ASSERT_TRUE(p.Next(&ev));
  EXPECT_THROW(p.Next(&ev), XmlError);
  EXPECT_THROW(p.Next(&ev), XmlError);
}

// --- Limits --------------------------------------------------------------------

TEST_F(XmlPullParserTest, TenMegabyteAttributeFailsFast) {
  const std::string doc = "<r a=\"" + std::string(10 << 20, 'x') + "\"/>";
  XmlPullParser p(std::make_unique<MemorySource>(doc), "doc.xml");
  XmlEvent ev;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    p.Next(&ev);
    FAIL() << "no error";
  } catch (const XmlError& e) {
    EXPECT_TRUE(e.is_limit());
    EXPECT_EQ("attribute 'a' of <r> is longer than 1 MiB (limit max_attribute_bytes)", e.message());
  }
  EXPECT_LT(SecondsSince(t0), 1.0);
  EXPECT_LT(p.bytes_consumed(), 2u << 20);  // stopped reading soon after the limit
}

TEST_F(XmlPullParserTest, LongTextIsLimited) {
  ParserOptions options;
  options.limits.max_text_bytes = 1000;
  EXPECT_EQ("<r>|" + std::string(1000, 'x') + "|</r>",
            Parse("<r>" + std::string(1000, 'x') + "</r>", options));
  Failure f = Error("<r><seg>" + std::string(1001, 'x') + "</seg></r>", options);
  EXPECT_TRUE(f.limit);
  EXPECT_EQ("text in <seg> is longer than 1000 bytes (limit max_text_bytes)", f.message);
}

TEST_F(XmlPullParserTest, LongNameIsLimited) {
  Failure f = Error("<" + std::string(5000, 'n') + "/>");
  EXPECT_TRUE(f.limit);
  EXPECT_NE(std::string::npos, f.message.find("max_name_bytes")) << f.what;
}

// The quoted start of the name is cut between characters: the message stays UTF-8.
TEST_F(XmlPullParserTest, LongNonAsciiNameIsQuotedWholeCharactersOnly) {
  std::string name;
  for (int i = 0; i < 3000; ++i) name += "\xED\x95\x9C";  // 한, three bytes
  Failure f = Error("<" + name + "/>");
  EXPECT_TRUE(f.limit);
  EXPECT_TRUE(IsValidUtf8(f.message)) << f.message;
  EXPECT_NE(std::string::npos, f.message.find("'\xED\x95\x9C")) << f.message;
}

TEST_F(XmlPullParserTest, DeepNestingBeyondTheLimitFails) {
  std::string doc;
  for (int i = 0; i < 2000; ++i) doc += "<d>";
  for (int i = 0; i < 2000; ++i) doc += "</d>";
  Failure f = Error(doc);
  EXPECT_TRUE(f.limit);
  EXPECT_NE(std::string::npos, f.message.find("nested more than 1000 levels")) << f.what;
}

TEST_F(XmlPullParserTest, DeepNestingWithinTheLimitParses) {
  std::string doc;
  for (int i = 0; i < 2000; ++i) doc += "<d>";
  doc += "x";
  for (int i = 0; i < 2000; ++i) doc += "</d>";
  ParserOptions options;
  options.limits.max_depth = 5000;
  auto events = Events(doc, options);
  ASSERT_EQ(4001u, events.size());
  EXPECT_EQ("x", events[2000].text);
  EXPECT_EQ(XmlEventType::kEndElement, events.back().type);
}

// --- Robustness ----------------------------------------------------------------

TEST_F(XmlPullParserTest, RichDocumentParsesToTheExpectedEvents) {
  EXPECT_EQ(
      "<tmx version='1.4' xmlns:x='urn:x'>|\n  |<tu tuid='1' x:flag='a\tb'>|\n    |"
      "<tuv xml:lang='de'>|<seg>|Gr\xC3\xB6\xC3\x9F"
      "e ACME & Co <b> \xF0\x9D\x90\x80|</seg>|"
      "</tuv>|\n    \n    \n    |<tuv xml:lang='en'>|<seg>|Size|<ph x='1'/>|</ph>|"
      "\xE2\x84\xA2|</seg>|</tuv>|\n  |</tu>|\n|</tmx>",
      Parse(kRichDoc));
}

TEST_F(XmlPullParserTest, ChunkBoundariesDoNotChangeEventsLinesOrOffsets) {
  auto trace = [](const std::vector<XmlEvent>& events) {
    std::string t;
    for (const XmlEvent& ev : events) {
      t += std::to_string(ev.line) + ":" + std::to_string(ev.begin) + "-" + std::to_string(ev.end) +
           ":" + Describe(ev) + "|";
    }
    return t;
  };
  const std::string utf16 = Encode(std::string("\xEF\xBB\xBF") + kRichDoc, "UTF-16LE");
  for (const std::string& doc : {std::string(kRichDoc), utf16}) {
    const std::string want = trace(Events(doc));
    ASSERT_NE(std::string::npos, want.find("9:")) << want;  // lines past the CRLF are right
    for (size_t step : {1, 2, 3, 5, 7, 64}) {
      EXPECT_EQ(want, trace(Events(std::make_unique<TrickleSource>(doc, step)))) << "step " << step;
    }
  }
}

TEST_F(XmlPullParserTest, EveryTruncationParsesOrThrowsXmlError) {
  const std::string full = kRichDoc;
  const size_t root_end = full.rfind("</tmx>") + 6;
  const std::string utf16 = Encode(std::string("\xEF\xBB\xBF") + kRichDoc, "UTF-16LE");
  for (const std::string& doc : {full, utf16}) {
    for (size_t n = 0; n < doc.size(); ++n) {
      bool threw = false;
      try {
        Parse(doc.substr(0, n));
      } catch (const XmlError&) {
        threw = true;
      }
      if (&doc == &full && n < root_end) {
        EXPECT_TRUE(threw) << "prefix of " << n << " bytes";
      }
    }
  }
}

TEST_F(XmlPullParserTest, RandomByteFlipsNeverCrash) {
  std::mt19937 rng(20240611);
  const std::string base = kRichDoc;
  int errors = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string doc = base;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) doc[rng() % doc.size()] = static_cast<char>(rng() & 0xFF);
    try {
      Parse(doc);
    } catch (const XmlError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 1000);  // most flips break something, and are reported as XmlError
}

TEST_F(XmlPullParserTest, RandomBytesNeverCrash) {
  std::mt19937 rng(7);
  const std::string alphabet = "<>/!?[]-&#;:='\"x \n\r\tDOCTYPENTIY%CDATA\xC3\xA9\xFF\x00";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string doc = iter % 2 ? "<r>" : "<!DOCTYPE r [";
    const size_t len = rng() % 200;
    for (size_t i = 0; i < len; ++i) {
      doc += iter % 3 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() & 0xFF);
    }
    if (iter % 5 == 0) doc = Encode("\xEF\xBB\xBF", "UTF-16LE") + doc;
    try {
      Parse(doc);
    } catch (const XmlError&) {
    }
  }
}

}  // namespace
}  // namespace tmkit::xml
