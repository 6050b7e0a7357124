// TMX import and export on the real files of ../shared/data/formats (read in
// place, never copied): every sample the lists call valid imports with its
// unit count, survives import → export → import, and exports valid TMX 1.4;
// every invalid one is refused with its line and leaves the store as it was;
// the LISA TMX Compliance Kit's expected plain texts match what is read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "test_util.h"
#include "tmkit/core/store.h"
#include "tmkit/formats/format.h"

namespace tmkit {
namespace {

using ::testing::HasSubstr;
using testing::ListedSamples;
using testing::ReadFile;
using testing::RunShell;
using testing::SharedPath;
using testing::ShellQuote;
using testing::TempDir;

const std::string kDtd = SharedPath("data/formats/schemas/tmx/tmx14.dtd");

class CollectingReporter final : public Reporter {
 public:
  void Report(const Problem& problem) override { problems.push_back(problem); }
  std::vector<Problem> problems;
};

// The path of a sample relative to data/formats ("samples/omegat/tmx/x.tmx").
std::string Relative(const std::string& path) {
  std::string root = SharedPath("data/formats/");
  return path.rfind(root, 0) == 0 ? path.substr(root.size()) : path;
}

// A test name for a sample: "omegat_tmx_test_level1".
std::string NameOf(const std::string& path) {
  std::string rel = Relative(path);
  rel = rel.substr(rel.find('/') + 1);  // drop "samples/"
  rel = rel.substr(0, rel.rfind('.'));  // drop the extension
  for (char& c : rel) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return rel;
}

// Units (count of <tu>, count of <tuv>) in each TMX the lists name, counted
// independently with `xmllint --xpath 'count(//tu)'`.
const std::map<std::string, std::pair<size_t, size_t>> kExpectedCounts = {
    {"samples/lisa-tmx-compliance-kit/ExportTest1A.tmx", {4, 8}},
    {"samples/lisa-tmx-compliance-kit/ExportTest1B.tmx", {2, 4}},
    {"samples/lisa-tmx-compliance-kit/ExportTest1C.tmx", {4, 8}},
    {"samples/lisa-tmx-compliance-kit/ExportTest1D.tmx", {4, 8}},
    {"samples/lisa-tmx-compliance-kit/ExportTest1E.tmx", {4, 8}},
    {"samples/lisa-tmx-compliance-kit/ExportTest2A.tmx", {6, 12}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1A.tmx", {2, 4}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1B.tmx", {1, 2}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1C.tmx", {3, 15}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1D.tmx", {3, 6}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1E.tmx", {3, 6}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1H.tmx", {3, 6}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1I.tmx", {1, 2}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1J.tmx", {2, 4}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1K.tmx", {2, 4}},
    {"samples/lisa-tmx-compliance-kit/ImportTest1L.tmx", {1, 3}},
    {"samples/lisa-tmx-compliance-kit/ImportTest2A-0index.tmx", {7, 14}},
    {"samples/lisa-tmx-compliance-kit/ImportTest2A.tmx", {7, 14}},
    {"samples/lisa-tmx-compliance-kit/ImportTest2C.tmx", {1, 3}},
    {"samples/okapi/tmx/Paragraph_TM.tmx", {7, 14}},
    {"samples/okapi/tmx/mytm.tmx", {25, 50}},
    {"samples/okapi/tmx/tmxtest-attributes.tmx", {9, 18}},
    {"samples/omegat/enforcetmx/alternative14.tmx", {2, 4}},
    {"samples/omegat/mark/alternative.tmx", {2, 4}},
    {"samples/omegat/tmx/empty.tmx", {0, 0}},
    {"samples/omegat/tmx/en-US_en-GB_fr_sr.tmx", {1, 4}},
    {"samples/omegat/tmx/project_save.tmx", {5, 10}},
    {"samples/omegat/tmx/resegmenting11.tmx", {1, 2}},
    {"samples/omegat/tmx/test-SMP.tmx", {1, 2}},
    {"samples/omegat/tmx/test-level1.tmx", {4, 11}},
    {"samples/omegat/tmx/test-level2.tmx", {4, 8}},
    {"samples/omegat/tmx/test-missingSource.tmx", {4, 9}},
    {"samples/omegat/tmx/test-multiple-entries.tmx", {4, 8}},
    {"samples/omegat/tmx/test-multiple-tuv.tmx", {3, 14}},
    {"samples/omegat/tmx/test-omegat.tmx", {4, 11}},
};

// How each invalid sample must be refused: the line and a part of the reason;
// under --on-error skip, how many units still import.
struct InvalidSample {
  int line;
  std::string reason;
  uint64_t units_when_skipping;
};
const std::map<std::string, InvalidSample> kInvalidSamples = {
    // <ept i="1"> (line 12) before any <bpt>, then two <bpt i="1"> open at once.
    {"samples/omegat/tmx/invalid.tmx", {12, "<ept i=\"1\">", 0}},
    // A TMX 1.1 file (lang=) whose second unit has <tuv xml:lang> on line 26.
    {"samples/omegat/tmx/test-omegat-invalid.tmx", {26, "xml:lang", 3}},
};

// Every unit of a store, without the fields an import sets (id, origin).
std::vector<TranslationUnit> Units(const Store& store) {
  std::vector<TranslationUnit> out;
  Status s = store.ForEach([&](const TranslationUnit& u) -> Status {
    out.push_back(u);
    out.back().id = 0;
    out.back().origin.clear();
    return {};
  });
  EXPECT_TRUE(s) << s.error().message;
  return out;
}

// Moves the variant the writer writes first (the first one in the unit's
// source language, an exact tag preferred) to the front.
void SourceFirst(TranslationUnit* u) {
  const Variant* source = u->FindVariant(u->source_lang);
  if (!source) return;
  auto at = u->variants.begin() + (source - u->variants.data());
  std::rotate(u->variants.begin(), at, at + 1);
}

// A unit as readable text, so that a failed comparison shows what differs.
std::string Describe(const Segment& s) {
  std::string out = "'" + s.text + "'";
  for (const InlineCode& c : s.codes) {
    out += " [" + std::to_string(static_cast<int>(c.kind)) + " " + c.element + " i=" + c.id +
           " x=" + c.x + " type=" + c.type + " @" + std::to_string(c.offset);
    for (const Attribute& a : c.attrs) out += " " + a.name + "=" + a.value;
    for (const CodePart& p : c.data) {
      out += p.sub.empty() ? " '" + p.text + "'" : " <sub>" + Describe(p.sub[0]) + "</sub>";
    }
    out += "]";
  }
  return out;
}

std::string Describe(const TranslationUnit& u) {
  std::ostringstream out;
  auto prov = [&](const Provenance& p) {
    out << " created=" << p.creation_date << "/" << p.creation_id << " changed=" << p.change_date
        << "/" << p.change_id;
  };
  auto meta = [&](const std::vector<Prop>& props, const std::vector<Note>& notes,
                  const std::vector<Attribute>& attrs) {
    for (const Prop& p : props)
      out << "\n  prop " << p.type << "|" << p.lang << "|" << p.encoding << "|" << p.text;
    for (const Note& n : notes) out << "\n  note " << n.lang << "|" << n.encoding << "|" << n.text;
    for (const Attribute& a : attrs) out << "\n  @" << a.name << "=" << a.value;
  };
  out << "tu tuid=" << u.tuid << " src=" << u.source_lang;
  prov(u.provenance);
  meta(u.props, u.notes, u.attrs);
  for (const Variant& v : u.variants) {
    out << "\n tuv " << v.lang;
    prov(v.provenance);
    meta(v.props, v.notes, v.attrs);
    out << "\n  seg " << Describe(v.segment);
  }
  return out.str();
}

class TmxSamplesTest : public ::testing::Test {
 protected:
  Store OpenStore(const std::string& name) {
    Result<Store> s = Store::Open(dir_.path() / name, {.initial_map_bytes = 8u << 20});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  // Imports `path` into `store` as `tmkit import --no-merge` does.
  Result<ImportStats> Import(Store& store, const std::string& path,
                             OnBadInput on_error = OnBadInput::kFail) {
    ReadOptions options{.on_error = on_error, .reporter = &reporter_};
    return store.Import({.origin_path = path, .origin_format = "tmx", .merge_duplicates = false},
                        [&](UnitSink& sink) -> Status {
                          reporter_.problems.clear();
                          return ReadInto(path, Format::kAuto, options, sink);
                        });
  }

  // Exports `store` to a file in the temporary folder; returns its path.
  std::string Export(const Store& store, const std::string& name, ExportOptions options = {}) {
    std::string path = dir_ / name;
    Result<ExportStats> stats = ExportStore(store, path, options);
    EXPECT_TRUE(stats) << stats.error().message;
    return path;
  }

  std::vector<Problem> Problems(Problem::Severity severity) const {
    std::vector<Problem> out;
    for (const Problem& p : reporter_.problems) {
      if (p.severity == severity) out.push_back(p);
    }
    return out;
  }

  TempDir dir_;
  CollectingReporter reporter_;
};

// --- Valid samples: import, round trip, valid export --------------------------------------

class ValidTmxSampleTest : public TmxSamplesTest,
                           public ::testing::WithParamInterface<std::string> {};

TEST_P(ValidTmxSampleTest, ImportsWithTheExpectedUnitCount) {
  auto expected = kExpectedCounts.find(Relative(GetParam()));
  ASSERT_NE(expected, kExpectedCounts.end())
      << "a new sample in valid.txt: add its <tu>/<tuv> counts to kExpectedCounts";
  Store store = OpenStore("store");
  Result<ImportStats> stats = Import(store, GetParam());
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->read, expected->second.first);
  EXPECT_EQ(stats->added, expected->second.first);
  size_t variants = 0;
  for (const TranslationUnit& u : Units(store)) variants += u.variants.size();
  EXPECT_EQ(variants, expected->second.second);
  EXPECT_TRUE(Problems(Problem::Severity::kSkipped).empty());
  Result<VerifyReport> verify = store.Verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok());
}

TEST_P(ValidTmxSampleTest, RoundTripGivesTheSameUnits) {
  Store first = OpenStore("first");
  ASSERT_TRUE(Import(first, GetParam()));
  std::string exported = Export(first, "export.tmx");
  Store second = OpenStore("second");
  Result<ImportStats> again = Import(second, exported);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(reporter_.problems.empty()) << reporter_.problems[0].ToString();

  // The writer puts the source variant first (TMX readers expect it there);
  // apart from that, every field comes back.
  std::vector<TranslationUnit> before = Units(first), after = Units(second);
  for (TranslationUnit& u : before) SourceFirst(&u);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(Describe(after[i]), Describe(before[i])) << "unit " << i;
    EXPECT_TRUE(after[i] == before[i]) << "unit " << i;
  }
  // The header's props and notes come back too.
  Result<std::vector<OriginInfo>> o1 = first.Origins(), o2 = second.Origins();
  ASSERT_TRUE(o1 && o2);
  ASSERT_EQ(o1->size(), 1u);
  ASSERT_EQ(o2->size(), 1u);
  EXPECT_EQ((*o2)[0].props, (*o1)[0].props);
  EXPECT_EQ((*o2)[0].notes, (*o1)[0].notes);
}

TEST_P(ValidTmxSampleTest, ExportOfTheReimportIsTheSameFile) {
  Store first = OpenStore("first");
  ASSERT_TRUE(Import(first, GetParam()));
  std::string once = Export(first, "once.tmx");
  Store second = OpenStore("second");
  ASSERT_TRUE(Import(second, once));
  std::string twice = Export(second, "twice.tmx");
  // Equal but for the header's creationdate (the time of export).
  auto without_date = [](std::string text) {
    size_t at = text.find(" creationdate=\"");
    if (at != std::string::npos) text.erase(at, text.find('"', at + 15) + 1 - at);
    return text;
  };
  EXPECT_EQ(without_date(ReadFile(twice)), without_date(ReadFile(once)));
}

TEST_P(ValidTmxSampleTest, ExportIsValidAgainstTheTmx14Dtd) {
  Store store = OpenStore("store");
  ASSERT_TRUE(Import(store, GetParam()));
  std::string exported = Export(store, "export.tmx");
  // xmllint warns that it cannot load the DOCTYPE's own "tmx14.dtd": harmless.
  testing::CommandResult r = RunShell("xmllint --noout --nonet --dtdvalid " + ShellQuote(kDtd) +
                                      " " + ShellQuote(exported));
  EXPECT_EQ(r.exit_code, 0) << r.err << "\n" << ReadFile(exported);
}

TEST_P(ValidTmxSampleTest, ExportReadsTheSameInTinyxml2) {
  Store store = OpenStore("store");
  ASSERT_TRUE(Import(store, GetParam()));
  std::string exported = Export(store, "export.tmx");
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.LoadFile(exported.c_str()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
  const tinyxml2::XMLElement* tmx = doc.RootElement();
  ASSERT_NE(tmx, nullptr);
  EXPECT_STREQ(tmx->Name(), "tmx");
  const tinyxml2::XMLElement* body = tmx->FirstChildElement("body");
  ASSERT_NE(body, nullptr);
  size_t tus = 0, tuvs = 0;
  for (const tinyxml2::XMLElement* tu = body->FirstChildElement("tu"); tu;
       tu = tu->NextSiblingElement("tu")) {
    ++tus;
    for (const tinyxml2::XMLElement* tuv = tu->FirstChildElement("tuv"); tuv;
         tuv = tuv->NextSiblingElement("tuv")) {
      ++tuvs;
    }
  }
  auto expected = kExpectedCounts.find(Relative(GetParam()));
  ASSERT_NE(expected, kExpectedCounts.end());
  EXPECT_EQ(tus, expected->second.first);
  EXPECT_EQ(tuvs, expected->second.second);
}

INSTANTIATE_TEST_SUITE_P(Lists, ValidTmxSampleTest,
                         ::testing::ValuesIn(ListedSamples("valid.txt", ".tmx")),
                         [](const auto& info) { return NameOf(info.param); });

// --- Tolerant samples: import, with warnings ------------------------------------------------

class TolerantTmxSampleTest : public TmxSamplesTest,
                              public ::testing::WithParamInterface<std::string> {};

TEST_P(TolerantTmxSampleTest, ImportsWithWarnings) {
  Store store = OpenStore("store");
  Result<ImportStats> stats = Import(store, GetParam());
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_GT(stats->read, 0u);
  EXPECT_FALSE(Problems(Problem::Severity::kWarning).empty());
}

// tolerant.txt lists no TMX today; the suite is kept for when it does.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TolerantTmxSampleTest);
INSTANTIATE_TEST_SUITE_P(Lists, TolerantTmxSampleTest,
                         ::testing::ValuesIn(ListedSamples("tolerant.txt", ".tmx")),
                         [](const auto& info) { return NameOf(info.param); });

// --- Invalid samples: refused with their line, store unchanged --------------------------------

class InvalidTmxSampleTest : public TmxSamplesTest,
                             public ::testing::WithParamInterface<std::string> {
 protected:
  const InvalidSample& Expected() {
    auto it = kInvalidSamples.find(Relative(GetParam()));
    if (it == kInvalidSamples.end()) {
      ADD_FAILURE() << "a new sample in invalid.txt: add its line and reason to kInvalidSamples";
      static const InvalidSample none{0, "?", 0};
      return none;
    }
    return it->second;
  }
};

TEST_P(InvalidTmxSampleTest, IsRejectedNamingTheLine) {
  const InvalidSample& expected = Expected();
  Store store = OpenStore("store");
  Result<ImportStats> stats = Import(store, GetParam(), OnBadInput::kFail);
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code, ErrorCode::kInvalidInput);
  EXPECT_THAT(stats.error().message,
              HasSubstr(GetParam() + ":" + std::to_string(expected.line) + ": "));
  EXPECT_THAT(stats.error().message, HasSubstr(expected.reason));
  Result<StoreStats> after = store.Stats();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->units, 0u);
  EXPECT_EQ(after->origins, 0u);
  Result<VerifyReport> verify = store.Verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok());
}

TEST_P(InvalidTmxSampleTest, LeavesAStoreWithUnitsAsItWas) {
  Store store = OpenStore("store");
  ASSERT_TRUE(
      Import(store, SharedPath("data/formats/samples/lisa-tmx-compliance-kit/ImportTest1C.tmx")));
  std::vector<TranslationUnit> before = Units(store);
  ASSERT_FALSE(Import(store, GetParam(), OnBadInput::kFail));
  EXPECT_TRUE(Units(store) == before);
  Result<std::vector<OriginInfo>> origins = store.Origins();
  ASSERT_TRUE(origins);
  EXPECT_EQ(origins->size(), 1u);
  Result<VerifyReport> verify = store.Verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok());
}

TEST_P(InvalidTmxSampleTest, SkipImportsTheValidUnitsAndReportsTheLine) {
  const InvalidSample& expected = Expected();
  Store store = OpenStore("store");
  Result<ImportStats> stats = Import(store, GetParam(), OnBadInput::kSkip);
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->added, expected.units_when_skipping);
  std::vector<Problem> skipped = Problems(Problem::Severity::kSkipped);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].line, expected.line);
  EXPECT_EQ(skipped[0].file, GetParam());
  EXPECT_THAT(skipped[0].message, HasSubstr(expected.reason));
  Result<VerifyReport> verify = store.Verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->ok());
}

INSTANTIATE_TEST_SUITE_P(Lists, InvalidTmxSampleTest,
                         ::testing::ValuesIn(ListedSamples("invalid.txt", ".tmx")),
                         [](const auto& info) { return NameOf(info.param); });

// --- LISA TMX Compliance Kit: expected plain texts ----------------------------------------------
//
// The kit's convention, found by comparing each ImportTestXX.tmx with its .txt
// files: ImportTestXX.txt holds the text of the header's srclang (en-us in
// every file), ImportTestXX_ll-cc.txt the text of language ll-cc. One line per
// <tu>, in document order, each ending with LF (also the last). The text is the
// <seg> content with character references decoded and all whitespace kept
// (tabs, runs of spaces, U+3000). Encodings differ: 1A-1C and 1I are UTF-8
// without BOM, 1D/1E/1H (both languages) UTF-8 with BOM, 1I_ja-jp UTF-16LE with
// BOM. The kit has expected texts only for level-1 files (no inline codes; 2A
// and 2C have none), so the texts compare with Segment::text, and those units
// must have no codes.

// The text of a kit .txt file as UTF-8, whatever its encoding.
std::string DecodeExpected(const std::string& bytes) {
  auto u16 = [&](bool big_endian) {
    std::string out;
    for (size_t i = 2; i + 1 < bytes.size(); i += 2) {
      auto unit = [&](size_t at) -> uint32_t {
        uint8_t a = static_cast<uint8_t>(bytes[at]), b = static_cast<uint8_t>(bytes[at + 1]);
        return big_endian ? (a << 8 | b) : (b << 8 | a);
      };
      uint32_t cp = unit(i);
      if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size()) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
        i += 2;
      }
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | cp >> 6);
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | cp >> 12);
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xF0 | cp >> 18);
        out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    }
    return out;
  };
  if (bytes.rfind("\xFF\xFE", 0) == 0) return u16(false);
  if (bytes.rfind("\xFE\xFF", 0) == 0) return u16(true);
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) return bytes.substr(3);
  return bytes;
}

TEST(TmxComplianceKitTest, DecodeExpectedReadsEachEncoding) {
  struct Case {
    std::string bytes, text;
  } cases[] = {
      {"a\tb\n", "a\tb\n"},
      {"\xEF\xBB\xBF\xC3\xA0\n", "\xC3\xA0\n"},
      {std::string("\xFF\xFE"
                   "a\0\x00\x30\n\0",
                   8),
       "a\u3000\n"},
      {std::string("\xFE\xFF\xD8\x34\xDD\x1E", 6), "\U0001D11E"},
  };
  for (const Case& c : cases) EXPECT_EQ(DecodeExpected(c.bytes), c.text);
}

class ComplianceKitTextTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ComplianceKitTextTest, ExtractedTextMatchesTheKit) {
  const std::string& txt = GetParam();
  std::string stem = std::filesystem::path(txt).stem().string();  // ImportTest1A_fr-ca
  size_t underscore = stem.find('_');
  std::string tmx =
      (std::filesystem::path(txt).parent_path() / stem.substr(0, underscore)).string() + ".tmx";
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(tmx, Format::kAuto, {});
  ASSERT_TRUE(reader) << reader.error().message;
  std::string extracted, lang;
  TranslationUnit unit;
  while (true) {
    Result<bool> more = (*reader)->Next(&unit);
    ASSERT_TRUE(more) << more.error().message;
    if (!*more) break;
    if (lang.empty()) {
      lang = underscore == std::string::npos ? (*reader)->header().source_lang
                                             : stem.substr(underscore + 1);
    }
    const Variant* v = unit.FindVariant(lang);
    ASSERT_NE(v, nullptr) << "no " << lang << " variant in " << tmx;
    EXPECT_FALSE(v->segment.HasCodes());
    extracted += v->segment.text + "\n";
  }
  EXPECT_EQ(extracted, DecodeExpected(ReadFile(txt))) << tmx << " in " << lang;
}

std::vector<std::string> KitTexts() {
  std::vector<std::string> out;
  for (const std::string& path : ListedSamples("valid.txt", ".txt")) {
    if (std::filesystem::path(path).filename().string().rfind("ImportTest", 0) == 0) {
      out.push_back(path);
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(Lisa, ComplianceKitTextTest, ::testing::ValuesIn(KitTexts()),
                         [](const auto& info) { return NameOf(info.param); });

TEST(TmxComplianceKitTest, EveryKitTextIsChecked) {
  // 7 level-1 files with a text for each of their two languages.
  EXPECT_EQ(KitTexts().size(), 14u);
}

// --- Inline codes come back as they were written ---------------------------------------------

// The markup of an element's content, comparable across writers: attributes
// sorted, text decoded then re-escaped, comments dropped.
std::string Canonical(const tinyxml2::XMLNode* node) {
  std::string out;
  for (const tinyxml2::XMLNode* child = node->FirstChild(); child; child = child->NextSibling()) {
    if (const tinyxml2::XMLText* text = child->ToText()) {
      for (const char* p = text->Value(); *p; ++p) {
        if (*p == '&')
          out += "&amp;";
        else if (*p == '<')
          out += "&lt;";
        else if (*p == '>')
          out += "&gt;";
        else
          out += *p;
      }
    } else if (const tinyxml2::XMLElement* e = child->ToElement()) {
      std::vector<std::pair<std::string, std::string>> attrs;
      for (const tinyxml2::XMLAttribute* a = e->FirstAttribute(); a; a = a->Next()) {
        attrs.emplace_back(a->Name(), a->Value());
      }
      std::sort(attrs.begin(), attrs.end());
      out += "<" + std::string(e->Name());
      for (const auto& [name, value] : attrs) out += " " + name + "=\"" + value + "\"";
      out += ">" + Canonical(e) + "</" + e->Name() + ">";
    }
  }
  return out;
}

// For each <tu>: its (language in lower case, canonical <seg>) pairs, sorted.
std::vector<std::vector<std::pair<std::string, std::string>>> Segs(const std::string& path) {
  std::string bytes = ReadFile(path);
  if (bytes.rfind("\xFF\xFE", 0) == 0 || bytes.rfind("\xFE\xFF", 0) == 0) {
    bytes = DecodeExpected(bytes);  // tinyxml2 reads UTF-8 only
  }
  tinyxml2::XMLDocument doc;
  EXPECT_EQ(doc.Parse(bytes.data(), bytes.size()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
  std::vector<std::vector<std::pair<std::string, std::string>>> out;
  const tinyxml2::XMLElement* body = doc.RootElement()->FirstChildElement("body");
  for (const tinyxml2::XMLElement* tu = body->FirstChildElement("tu"); tu;
       tu = tu->NextSiblingElement("tu")) {
    out.emplace_back();
    for (const tinyxml2::XMLElement* tuv = tu->FirstChildElement("tuv"); tuv;
         tuv = tuv->NextSiblingElement("tuv")) {
      const char* lang = tuv->Attribute("xml:lang");
      std::string l = lang ? lang : tuv->Attribute("lang");
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.back().emplace_back(l, Canonical(tuv->FirstChildElement("seg")));
    }
    std::stable_sort(out.back().begin(), out.back().end());
  }
  return out;
}

TEST_F(TmxSamplesTest, InlineCodeMarkupIsRestoredExactly) {
  const char* samples[] = {
      "data/formats/samples/lisa-tmx-compliance-kit/ImportTest2A.tmx",
      "data/formats/samples/lisa-tmx-compliance-kit/ImportTest2C.tmx",
      "data/formats/samples/lisa-tmx-compliance-kit/ImportTest1L.tmx",
      "data/formats/samples/lisa-tmx-compliance-kit/ExportTest2A.tmx",
      "data/formats/samples/omegat/tmx/test-level2.tmx",
      "data/formats/samples/okapi/tmx/Paragraph_TM.tmx",
  };
  for (const char* sample : samples) {
    SCOPED_TRACE(sample);
    Store store = OpenStore(NameOf(sample));
    ASSERT_TRUE(Import(store, SharedPath(sample)));
    std::string exported = Export(store, NameOf(sample) + ".tmx");
    auto before = Segs(SharedPath(sample)), after = Segs(exported);
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(after[i], before[i]) << "unit " << i;
    }
  }
}

TEST_F(TmxSamplesTest, CanonicalMarkupIgnoresAttributeOrderAndQuotes) {
  tinyxml2::XMLDocument a, b;
  a.Parse("<seg>x <bpt i='1' x=\"1\" type='b'>&lt;b></bpt><!-- c --></seg>");
  b.Parse("<seg>x <bpt type=\"b\" i=\"1\" x=\"1\">&lt;b&gt;</bpt></seg>");
  EXPECT_EQ(Canonical(a.RootElement()), Canonical(b.RootElement()));
  EXPECT_EQ(Canonical(b.RootElement()), "x <bpt i=\"1\" type=\"b\" x=\"1\">&lt;b&gt;</bpt>");
}

}  // namespace
}  // namespace tmkit
