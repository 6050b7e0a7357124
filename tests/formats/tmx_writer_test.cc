// TmxWriter, specified through the public API (OpenWriter, ExportStore): the
// header the DTD requires, the source <tuv> first, TMX dates, the language-pair
// filter, escaping, characters XML cannot carry, and the output file appearing
// only once complete. Exports are inspected with tinyxml2, an independent parser.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <filesystem>
#include <regex>

#include "test_util.h"
#include "tmkit/core/store.h"
#include "tmkit/formats/format.h"

namespace tmkit {
namespace {

using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunShell;
using testing::SharedPath;
using testing::ShellQuote;
using testing::TempDir;

constexpr int64_t kMay23 = 1022145120;  // 2002-05-23T09:12:00Z

Variant V(std::string lang, std::string text) {
  return Variant{.lang = std::move(lang), .segment = {std::move(text), {}}};
}

TranslationUnit Unit(std::string source, std::vector<Variant> variants) {
  TranslationUnit u;
  u.source_lang = std::move(source);
  u.variants = std::move(variants);
  return u;
}

// The files in a folder (to see that nothing, not even a temporary, is left).
std::vector<std::string> FilesIn(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class TmxWriterTest : public ::testing::Test {
 protected:
  // Writes `units` with OpenWriter into out/NAME and returns the path.
  std::string Write(const std::vector<TranslationUnit>& units, const WriteOptions& options = {},
                    const std::string& name = "out.tmx") {
    std::string path = (out_dir() / name).string();
    Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTmx, options);
    EXPECT_TRUE(writer) << writer.error().message;
    for (const TranslationUnit& u : units) {
      Status s = (*writer)->Add(u);
      EXPECT_TRUE(s) << s.error().message;
    }
    Status f = (*writer)->Finish();
    EXPECT_TRUE(f) << f.error().message;
    return path;
  }

  // Reads every unit of `path` back with the TMX reader.
  std::vector<TranslationUnit> ReadBack(const std::string& path) {
    std::vector<TranslationUnit> out;
    Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, Format::kTmx, {});
    EXPECT_TRUE(reader) << reader.error().message;
    if (!reader) return out;
    TranslationUnit u;
    while (true) {
      Result<bool> more = (*reader)->Next(&u);
      EXPECT_TRUE(more) << more.error().message;
      if (!more || !*more) break;
      out.push_back(u);
    }
    return out;
  }

  // Parses `path` with tinyxml2 (fails the test if it is not well-formed).
  std::unique_ptr<tinyxml2::XMLDocument> Parse(const std::string& path) {
    auto doc = std::make_unique<tinyxml2::XMLDocument>();
    EXPECT_EQ(doc->LoadFile(path.c_str()), tinyxml2::XML_SUCCESS) << doc->ErrorStr();
    return doc;
  }

  // The <tu> elements of a parsed export.
  static std::vector<const tinyxml2::XMLElement*> Tus(const tinyxml2::XMLDocument& doc) {
    std::vector<const tinyxml2::XMLElement*> out;
    for (auto* tu = doc.RootElement()->FirstChildElement("body")->FirstChildElement("tu"); tu;
         tu = tu->NextSiblingElement("tu")) {
      out.push_back(tu);
    }
    return out;
  }

  static std::vector<std::string> Langs(const tinyxml2::XMLElement* tu) {
    std::vector<std::string> out;
    for (auto* tuv = tu->FirstChildElement("tuv"); tuv; tuv = tuv->NextSiblingElement("tuv")) {
      out.push_back(tuv->Attribute("xml:lang"));
    }
    return out;
  }

  Store OpenStore() {
    Result<Store> s = Store::Open(dir_.path() / "store", {.initial_map_bytes = 8u << 20});
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  static void Put(Store& store, const std::vector<TranslationUnit>& units) {
    Result<ImportStats> stats = store.Import({.origin_path = "test.tmx", .merge_duplicates = false},
                                             [&](UnitSink& sink) -> Status {
                                               for (const TranslationUnit& u : units) {
                                                 if (Status s = sink.Add(u); !s) return s;
                                               }
                                               return {};
                                             });
    ASSERT_TRUE(stats) << stats.error().message;
  }

  std::filesystem::path out_dir() {
    std::filesystem::create_directories(dir_.path() / "out");
    return dir_.path() / "out";
  }

  TempDir dir_;
};

// --- Header -------------------------------------------------------------------------------

TEST_F(TmxWriterTest, HeaderHasEveryAttributeTheDtdRequires) {
  std::string path = Write({Unit("en", {V("en", "a"), V("fr", "b")})}, {.source_lang = "en"});
  auto doc = Parse(path);
  const tinyxml2::XMLElement* tmx = doc->RootElement();
  EXPECT_STREQ(tmx->Name(), "tmx");
  EXPECT_STREQ(tmx->Attribute("version"), "1.4");
  const tinyxml2::XMLElement* header = tmx->FirstChildElement("header");
  ASSERT_NE(header, nullptr);
  for (const char* required : {"creationtool", "creationtoolversion", "segtype", "o-tmf",
                               "adminlang", "srclang", "datatype"}) {
    SCOPED_TRACE(required);
    ASSERT_NE(header->Attribute(required), nullptr);
    EXPECT_STRNE(header->Attribute(required), "");
  }
  EXPECT_STREQ(header->Attribute("srclang"), "en");
  EXPECT_STREQ(header->Attribute("creationtool"), "tmkit");
  EXPECT_THAT(std::string(header->Attribute("segtype")),
              ::testing::AnyOf("block", "paragraph", "sentence", "phrase"));
}

TEST_F(TmxWriterTest, HeaderSrclangIsAllWhenNoSourceIsGiven) {
  std::string path = Write({Unit("en", {V("en", "a")}), Unit("de", {V("de", "b")})});
  auto doc = Parse(path);
  EXPECT_STREQ(doc->RootElement()->FirstChildElement("header")->Attribute("srclang"), "*all*");
  std::vector<const tinyxml2::XMLElement*> tus = Tus(*doc);
  ASSERT_EQ(tus.size(), 2u);
  EXPECT_STREQ(tus[0]->Attribute("srclang"), "en");
  EXPECT_STREQ(tus[1]->Attribute("srclang"), "de");
}

TEST_F(TmxWriterTest, HeaderPropsAndNotesAreWritten) {
  WriteOptions options;
  options.header.props = {{"x-domain", "news", "en", ""}};
  options.header.notes = {{"from the desk", "", ""}};
  std::string path = Write({Unit("en", {V("en", "a")})}, options);
  auto doc = Parse(path);
  const tinyxml2::XMLElement* header = doc->RootElement()->FirstChildElement("header");
  ASSERT_NE(header->FirstChildElement("prop"), nullptr);
  EXPECT_STREQ(header->FirstChildElement("prop")->Attribute("type"), "x-domain");
  EXPECT_STREQ(header->FirstChildElement("prop")->GetText(), "news");
  EXPECT_STREQ(header->FirstChildElement("note")->GetText(), "from the desk");
}

TEST_F(TmxWriterTest, FileStartsWithDeclarationAndDoctype) {
  std::string text = ReadFile(Write({Unit("en", {V("en", "a")})}));
  EXPECT_EQ(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">",
                       0),
            0u)
      << text;
}

// --- Units ----------------------------------------------------------------------------------

TEST_F(TmxWriterTest, SourceVariantIsWrittenFirst) {
  std::vector<TranslationUnit> units = {
      Unit("en-US", {V("fr-FR", "Bonjour"), V("de-DE", "Hallo"), V("en-US", "Hello")}),
      Unit("en-US", {V("en-GB", "Hi"), V("en-US", "Hey")}),
  };
  auto doc = Parse(Write(units));
  std::vector<const tinyxml2::XMLElement*> tus = Tus(*doc);
  ASSERT_EQ(tus.size(), 2u);
  EXPECT_EQ(Langs(tus[0]), (std::vector<std::string>{"en-US", "fr-FR", "de-DE"}));
  EXPECT_EQ(Langs(tus[1]), (std::vector<std::string>{"en-US", "en-GB"}));
}

TEST_F(TmxWriterTest, RequestedSourceLanguageIsWrittenFirst) {
  auto doc = Parse(Write({Unit("fr-FR", {V("fr-FR", "Bonjour"), V("en-US", "Hello")})},
                         {.source_lang = "en-US"}));
  EXPECT_EQ(Langs(Tus(*doc)[0]), (std::vector<std::string>{"en-US", "fr-FR"}));
}

TEST_F(TmxWriterTest, DatesAreWrittenAsBasicUtc) {
  TranslationUnit u = Unit("en", {V("en", "a")});
  u.provenance = {kMay23, kMay23 + 3661, "ys", "ab"};
  u.variants[0].provenance.creation_date = 0;
  auto doc = Parse(Write({u}));
  const tinyxml2::XMLElement* tu = Tus(*doc)[0];
  EXPECT_STREQ(tu->Attribute("creationdate"), "20020523T091200Z");
  EXPECT_STREQ(tu->Attribute("changedate"), "20020523T101301Z");
  EXPECT_STREQ(tu->Attribute("creationid"), "ys");
  EXPECT_STREQ(tu->Attribute("changeid"), "ab");
  EXPECT_STREQ(tu->FirstChildElement("tuv")->Attribute("creationdate"), "19700101T000000Z");
  EXPECT_EQ(tu->FirstChildElement("tuv")->Attribute("changedate"), nullptr);  // kNoDate
  const char* header_date =
      doc->RootElement()->FirstChildElement("header")->Attribute("creationdate");
  ASSERT_NE(header_date, nullptr);
  EXPECT_TRUE(std::regex_match(header_date, std::regex("[0-9]{8}T[0-9]{6}Z"))) << header_date;
}

TEST_F(TmxWriterTest, PropsNotesAndAttributesAreWrittenBack) {
  TranslationUnit u = Unit("en", {V("en", "a"), V("fr", "b")});
  u.tuid = "t-1";
  u.props = {{"Txt::FileName", "file1", "", ""}, {"x-b", " two  spaces ", "en", "utf-8"}};
  u.notes = {{"a note\nwith two lines", "fr", ""}};
  u.attrs = {{"usagecount", "3"}, {"datatype", "html"}};
  u.variants[1].props = {{"x-v", "v", "", ""}};
  u.variants[1].notes = {{"tuv note", "", "iso-8859-1"}};
  u.variants[1].attrs = {{"usagecount", "4"}};
  std::vector<TranslationUnit> back = ReadBack(Write({u}));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].tuid, u.tuid);
  EXPECT_EQ(back[0].props, u.props);
  EXPECT_EQ(back[0].notes, u.notes);
  EXPECT_EQ(back[0].attrs, u.attrs);
  EXPECT_EQ(back[0].variants[1].props, u.variants[1].props);
  EXPECT_EQ(back[0].variants[1].notes, u.variants[1].notes);
  EXPECT_EQ(back[0].variants[1].attrs, u.variants[1].attrs);
}

TEST_F(TmxWriterTest, AttributesOutsideTheDtdAreNotWritten) {
  TranslationUnit u = Unit("en", {V("en", "a")});
  u.attrs = {{"x-private", "1"}, {"usagecount", "2"}};
  u.variants[0].attrs = {{"segtype", "block"}};  // on <tu> only in the DTD
  auto doc = Parse(Write({u}));
  const tinyxml2::XMLElement* tu = Tus(*doc)[0];
  EXPECT_EQ(tu->Attribute("x-private"), nullptr);
  EXPECT_STREQ(tu->Attribute("usagecount"), "2");
  EXPECT_EQ(tu->FirstChildElement("tuv")->Attribute("segtype"), nullptr);
}

TEST_F(TmxWriterTest, SourceLanguageAllSurvivesAnExport) {
  Store store = OpenStore();
  Put(store,
      {Unit("*all*", {V("en", "a"), V("fr", "b")}), Unit("en", {V("en", "c"), V("fr", "d")})});
  std::string path = (out_dir() / "all.tmx").string();
  ASSERT_TRUE(ExportStore(store, path, {}));
  std::vector<TranslationUnit> back = ReadBack(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].source_lang, "*all*");
  EXPECT_EQ(back[1].source_lang, "en");
}

TEST_F(TmxWriterTest, SpecialCharactersAreEscapedAndReadBack) {
  TranslationUnit u = Unit("en", {V("en", "a < b && c > d ]]> \"q\" 'a' \t\n  \r end")});
  u.tuid = "id with \"quotes\" & <tags>\tand a tab";
  u.notes = {{"<note> & ]]>", "", ""}};
  std::vector<TranslationUnit> back = ReadBack(Write({u}));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].variants[0].segment.text, u.variants[0].segment.text);
  EXPECT_EQ(back[0].tuid, u.tuid);
  EXPECT_EQ(back[0].notes, u.notes);
}

TEST_F(TmxWriterTest, NothingIsPrettyPrintedInsideSeg) {
  TranslationUnit u = Unit("en", {V("en", "  two\n lines  ")});
  u.variants[0].segment.codes = {
      {.kind = CodeKind::kPlaceholder, .element = "ph", .data = {{" <br/> "}}, .offset = 5}};
  std::string text = ReadFile(Write({u}));
  EXPECT_THAT(text, HasSubstr("<seg>  two<ph> &lt;br/&gt; </ph>\n lines  </seg>"));
}

TEST_F(TmxWriterTest, InlineCodesAreWrittenAsTmxElements) {
  Segment s;
  s.text = "Click here now.";
  s.codes = {
      {.kind = CodeKind::kIsolatedOpen,
       .element = "it",
       .x = "1",
       .type = "italic",
       .data = {{"<i>"}},
       .offset = 0},
      {.kind = CodeKind::kOpen,
       .element = "bpt",
       .id = "1",
       .x = "2",
       .type = "bold",
       .data = {{"<b>"}},
       .offset = 6},
      {.kind = CodeKind::kClose, .element = "ept", .id = "1", .data = {{"</b>"}}, .offset = 10},
      {.kind = CodeKind::kOpen, .element = "hi", .x = "4", .type = "verb", .offset = 11},
      {.kind = CodeKind::kClose, .element = "hi", .offset = 14},
      {.kind = CodeKind::kPlaceholder,
       .element = "ph",
       .x = "3",
       .type = "image",
       .attrs = {{"assoc", "b"}},
       .data = {{"<img alt=\""}, {.sub = {Segment{"Go", {}}}}, {"\">"}},
       .offset = 15},
      {.kind = CodeKind::kPlaceholder,
       .element = "ut",
       .x = "5",
       .data = {{"{\\b}"}},
       .offset = 15},
  };
  TranslationUnit u = Unit("en", {Variant{.lang = "en", .segment = s}});
  std::string path = Write({u});
  EXPECT_THAT(ReadFile(path),
              HasSubstr("<seg><it pos=\"begin\" x=\"1\" type=\"italic\">&lt;i&gt;</it>Click "
                        "<bpt i=\"1\" x=\"2\" type=\"bold\">&lt;b&gt;</bpt>here<ept i=\"1\">"
                        "&lt;/b&gt;</ept> <hi x=\"4\" type=\"verb\">now</hi>.<ph x=\"3\" "
                        "type=\"image\" assoc=\"b\">&lt;img alt=\"<sub>Go</sub>\"&gt;</ph>"
                        "<ut x=\"5\">{\\b}</ut></seg>"));
  std::vector<TranslationUnit> back = ReadBack(path);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].variants[0].segment == s);
}

// --- Language-pair filter --------------------------------------------------------------------

TEST_F(TmxWriterTest, LanguagePairFilterWritesOnlyThoseVariants) {
  Store store = OpenStore();
  Put(store, {
                 Unit("en-US", {V("en-US", "one"), V("fr-FR", "un"), V("de-DE", "eins")}),
                 Unit("en-US", {V("en-US", "two"), V("de-DE", "zwei")}),
                 Unit("de-DE", {V("de-DE", "drei"), V("fr-FR", "trois"), V("en-GB", "three")}),
                 Unit("fr-FR", {V("fr-FR", "quatre"), V("en-US", "four")}),
             });
  std::string path = (out_dir() / "pair.tmx").string();
  Result<ExportStats> stats = ExportStore(store, path, {.source_lang = "en", .target_lang = "fr"});
  ASSERT_TRUE(stats) << stats.error().message;
  EXPECT_EQ(stats->units, 3u);
  auto doc = Parse(path);
  EXPECT_STREQ(doc->RootElement()->FirstChildElement("header")->Attribute("srclang"), "en");
  std::vector<const tinyxml2::XMLElement*> tus = Tus(*doc);
  ASSERT_EQ(tus.size(), 3u);
  EXPECT_EQ(Langs(tus[0]), (std::vector<std::string>{"en-US", "fr-FR"}));
  EXPECT_EQ(Langs(tus[1]), (std::vector<std::string>{"en-GB", "fr-FR"}));  // "en" finds en-GB
  EXPECT_EQ(Langs(tus[2]), (std::vector<std::string>{"en-US", "fr-FR"}));  // source first
}

TEST_F(TmxWriterTest, LanguagePairNeedsBothLanguages) {
  Store store = OpenStore();
  Put(store, {Unit("en", {V("en", "a"), V("fr", "b")})});
  Result<ExportStats> stats =
      ExportStore(store, (out_dir() / "x.tmx").string(), {.source_lang = "en"});
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(FilesIn(out_dir()).empty());
}

// --- Characters XML cannot carry ---------------------------------------------------------------

TEST_F(TmxWriterTest, ControlCharacterFailsTheExportAndLeavesNoFile) {
  struct Case {
    const char* where;
    std::function<void(TranslationUnit*)> put;
  } cases[] = {
      {"segment text", [](TranslationUnit* u) { u->variants[1].segment.text = "bad \x01 here"; }},
      {"code data",
       [](TranslationUnit* u) {
         u->variants[1].segment.codes = {
             {.kind = CodeKind::kPlaceholder, .element = "ph", .data = {{"\x01"}}, .offset = 0}};
       }},
      {"sub-flow text",
       [](TranslationUnit* u) {
         u->variants[1].segment.codes = {{.kind = CodeKind::kPlaceholder,
                                          .element = "ph",
                                          .data = {{.sub = {Segment{"a\x01", {}}}}},
                                          .offset = 0}};
       }},
      {"prop",
       [](TranslationUnit* u) {
         u->props = {{"x-a", "p\x01", "", ""}};
       }},
      {"note",
       [](TranslationUnit* u) {
         u->variants[0].notes = {{"n\x01", "", ""}};
       }},
      {"tuid", [](TranslationUnit* u) { u->tuid = "t\x01"; }},
      {"attribute",
       [](TranslationUnit* u) {
         u->attrs = {{"usagecount", "1\x01"}};
       }},
      {"U+FFFE", [](TranslationUnit* u) { u->variants[1].segment.text = "bad \xEF\xBF\xBE"; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.where);
    TempDir dir;
    Result<Store> store = Store::Open(dir.path() / "store", {.initial_map_bytes = 8u << 20});
    ASSERT_TRUE(store);
    TranslationUnit bad = Unit("en", {V("en", "Hello"), V("fr", "Bonjour")});
    bad.tuid = "u7";
    c.put(&bad);
    Put(*store, {Unit("en", {V("en", "fine"), V("fr", "bien")}), bad});
    std::filesystem::create_directories(dir.path() / "out");
    std::string path = (dir.path() / "out" / "export.tmx").string();
    Result<ExportStats> stats = ExportStore(*store, path, {});
    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().code, ErrorCode::kInvalidInput);
    const std::string& message = stats.error().message;
    EXPECT_THAT(message, HasSubstr(std::string(c.where) == "U+FFFE" ? "U+FFFE" : "U+0001"));
    EXPECT_THAT(message, HasSubstr("unit 2"));
    EXPECT_THAT(message, HasSubstr(c.where == std::string("tuid") ? "tuid" : "(tuid 'u7')"));
    EXPECT_EQ(message.find('\x01'), std::string::npos) << "the raw character is not echoed";
    EXPECT_TRUE(FilesIn(dir.path() / "out").empty()) << "no file, not even a temporary one";
  }
}

TEST_F(TmxWriterTest, EveryCharacterXmlAllowsIsWrittenAndReadBack) {
  const char* texts[] = {"tab\tnewline\n",         "café €",
                         "emoji \U0001F600 and 𝄞", "replacement \uFFFD",
                         "private use \uE000",     "DEL \x7F and NEL \u0085",
                         "last \U0010FFFD",        "U+FFFD then U+FFFC \uFFFD\uFFFC"};
  std::vector<TranslationUnit> units;
  for (const char* t : texts) units.push_back(Unit("en", {V("en", t)}));
  std::vector<TranslationUnit> back = ReadBack(Write(units));
  ASSERT_EQ(back.size(), units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(back[i].variants[0].segment.text, units[i].variants[0].segment.text);
  }
}

TEST_F(TmxWriterTest, InvalidUtf8IsRefusedWhereverItIs) {
  std::string path = (out_dir() / "u.tmx").string();
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTmx, {});
  ASSERT_TRUE(writer);
  const char* bad[] = {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"};
  for (const char* b : bad) {
    SCOPED_TRACE(::testing::PrintToString(std::string(b)));
    TranslationUnit u = Unit("en", {V("en", "ok")});
    u.props = {{"x-a", std::string("bad ") + b, "", ""}};
    Status s = (*writer)->Add(u);
    ASSERT_FALSE(s);
    EXPECT_THAT(s.error().message, HasSubstr("UTF-8"));
    EXPECT_THAT(s.error().message, HasSubstr("<prop type=\"x-a\">"));
  }
}

TEST_F(TmxWriterTest, WriterRefusesTheBadUnitAndKeepsTheFileValid) {
  std::string path = (out_dir() / "w.tmx").string();
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTmx, {});
  ASSERT_TRUE(writer);
  ASSERT_TRUE((*writer)->Add(Unit("en", {V("en", "good")})));
  Status bad = (*writer)->Add(Unit("en", {V("en", "ok"), V("fr", "bad\x01")}));
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("U+0001"));
  EXPECT_THAT(bad.error().message, HasSubstr("fr"));
  ASSERT_TRUE((*writer)->Finish());
  std::vector<TranslationUnit> back = ReadBack(path);
  ASSERT_EQ(back.size(), 1u);  // nothing of the refused unit was written
  EXPECT_EQ(back[0].variants[0].segment.text, "good");
}

// --- The output file
// ------------------------------------------------------------------------------

TEST_F(TmxWriterTest, OutputFileAppearsOnlyAfterFinish) {
  std::string path = (out_dir() / "late.tmx").string();
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTmx, {});
  ASSERT_TRUE(writer);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_TRUE(
        (*writer)->Add(Unit("en", {V("en", "unit " + std::to_string(i) + std::string(300, 'x'))})));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  ASSERT_TRUE((*writer)->Finish());
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(FilesIn(out_dir()), (std::vector<std::string>{"late.tmx"}));
  EXPECT_EQ(ReadBack(path).size(), 5000u);
}

TEST_F(TmxWriterTest, AbandonedWriterLeavesNoFile) {
  std::string path = (out_dir() / "never.tmx").string();
  {
    Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTmx, {});
    ASSERT_TRUE(writer);
    ASSERT_TRUE((*writer)->Add(Unit("en", {V("en", "a")})));
  }
  EXPECT_TRUE(FilesIn(out_dir()).empty());
}

// A killed writer leaves its hidden temporary file; the next writer into the
// folder removes it, but never the file of a writer still running.
TEST_F(TmxWriterTest, NextWriterRemovesAKilledWritersTemporaryFileOnly) {
  testing::WriteFile((out_dir() / ".killed.tmx.tmkit-Ab12Cd").string(), "<tmx");
  testing::WriteFile((out_dir() / ".notes.tmkit-old").string(), "not ours");
  std::string running_path = (out_dir() / "running.tmx").string();
  Result<std::unique_ptr<UnitWriter>> running = OpenWriter(running_path, Format::kTmx, {});
  ASSERT_TRUE(running);
  EXPECT_THAT(FilesIn(out_dir()), ::testing::Not(::testing::Contains(".killed.tmx.tmkit-Ab12Cd")));
  ASSERT_EQ(FilesIn(out_dir()).size(), 2u);  // the running writer's file and "not ours"

  Write({Unit("en", {V("en", "next")})}, {}, "next.tmx");
  ASSERT_TRUE((*running)->Add(Unit("en", {V("en", "still here")})));
  ASSERT_TRUE((*running)->Finish());
  EXPECT_EQ(FilesIn(out_dir()),
            (std::vector<std::string>{".notes.tmkit-old", "next.tmx", "running.tmx"}));
  EXPECT_EQ(ReadBack(running_path).size(), 1u);
}

TEST_F(TmxWriterTest, FinishReplacesAnExistingFile) {
  std::string path = (out_dir() / "old.tmx").string();
  testing::WriteFile(path, "old content");
  Write({Unit("en", {V("en", "new")})}, {}, "old.tmx");
  EXPECT_EQ(ReadBack(path).size(), 1u);
}

TEST_F(TmxWriterTest, UnwritableFolderIsAnIoError) {
  Result<std::unique_ptr<UnitWriter>> writer =
      OpenWriter((dir_.path() / "no" / "such" / "folder" / "x.tmx").string(), Format::kTmx, {});
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::kIOError);
  EXPECT_THAT(writer.error().message, HasSubstr("folder"));
}

TEST_F(TmxWriterTest, HandBuiltUnitsExportValidTmx) {
  // Codes from other formats: pairs without an i, a lone close, sub-flows.
  Segment s;
  s.text = "a b c";
  s.codes = {{.kind = CodeKind::kOpen, .element = "g", .offset = 0},
             {.kind = CodeKind::kClose, .element = "g", .offset = 1},
             {.kind = CodeKind::kOpen, .element = "bx", .offset = 2},
             {.kind = CodeKind::kClose, .element = "ex", .offset = 3},
             {.kind = CodeKind::kPlaceholder, .element = "x", .offset = 5}};
  TranslationUnit u = Unit("en", {Variant{.lang = "en", .segment = s}, V("fr", "x")});
  u.props = {{"", "untyped", "", ""}};
  std::string path = Write({u});
  testing::CommandResult r = RunShell("xmllint --noout --nonet --dtdvalid " +
                                      ShellQuote(SharedPath("data/formats/schemas/tmx/tmx14.dtd")) +
                                      " " + ShellQuote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err << ReadFile(path);
  std::vector<TranslationUnit> back = ReadBack(path);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].variants[0].segment.text, "a b c");
  EXPECT_EQ(back[0].variants[0].segment.codes.size(), 5u);
}

}  // namespace
}  // namespace tmkit
