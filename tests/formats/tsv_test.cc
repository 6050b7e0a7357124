// Bilingual TSV (formats/src/tsv_reader.h, tsv_writer.h): the file `tmkit
// align --out F.tsv` writes and a reviewer corrects and re-imports.
// Round trip, scripts, BOM and CRLF, malformed rows (message and line), bad
// encodings, empty files, one-sided rows, and what the writer refuses.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"
#include "tmkit/formats/format.h"
#include "tsv_reader.h"
#include "tsv_writer.h"

namespace tmkit {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

class Collect final : public Reporter {
 public:
  void Report(const Problem& p) override { problems.push_back(p); }
  std::vector<Problem> problems;
};

TranslationUnit Unit(const std::string& en, const std::string& uk, const std::string& confidence = "",
                     const std::string& previous = "", const std::string& tgt_lang = "uk") {
  TranslationUnit u;
  u.source_lang = "en";
  u.variants.resize(2);
  u.variants[0].lang = "en";
  u.variants[0].segment.text = en;
  u.variants[1].lang = tgt_lang;
  u.variants[1].segment.text = uk;
  if (!confidence.empty()) u.props.push_back(Prop{.type = "x-align-confidence", .text = confidence});
  if (!previous.empty()) u.props.push_back(Prop{.type = "x-context-pre", .text = previous});
  return u;
}

std::string PropText(const TranslationUnit& u, const std::string& type) {
  for (const Prop& p : u.props) {
    if (p.type == type) return p.text;
  }
  return "(none)";
}

class TsvTest : public ::testing::Test {
 protected:
  struct ReadResult {
    std::vector<TranslationUnit> units;
    std::optional<Error> error;
    std::vector<Problem> problems;
  };

  // Reads `content` as the file "a.tsv" (en → uk unless told otherwise).
  ReadResult Read(const std::string& content, OnBadInput on_error = OnBadInput::kFail,
                  const std::string& src = "en", const std::string& tgt = "uk") {
    ReadResult r;
    Collect reporter;
    ReadOptions ro{.on_error = on_error, .reporter = &reporter, .source_lang = src,
                   .target_lang = tgt};
    Result<std::unique_ptr<TsvReader>> reader =
        TsvReader::FromStream(std::make_unique<std::istringstream>(content), "a.tsv", ro);
    if (!reader) {
      r.error = reader.error();
      return r;
    }
    TranslationUnit tu;
    while (true) {
      Result<bool> more = (*reader)->Next(&tu);
      if (!more) {
        r.error = more.error();
        break;
      }
      if (!*more) break;
      r.units.push_back(tu);
    }
    r.problems = reporter.problems;
    return r;
  }

  // Writes `units` to a.tsv through OpenWriter; the file's bytes, or the error.
  Result<std::string> Write(const std::vector<TranslationUnit>& units, WriteOptions wo = {}) {
    if (wo.source_lang.empty()) wo.source_lang = "en";
    if (wo.target_lang.empty()) wo.target_lang = "uk";
    std::string path = dir_ / "a.tsv";
    Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, Format::kTsv, wo);
    if (!writer) return std::unexpected(writer.error());
    for (const TranslationUnit& u : units) {
      if (Status s = (*writer)->Add(u); !s) return std::unexpected(s.error());
    }
    if (Status s = (*writer)->Finish(); !s) return std::unexpected(s.error());
    return ReadFile(path);
  }

  TempDir dir_;
};

// --- Writer -------------------------------------------------------------------

TEST_F(TsvTest, WriterWritesSourceTabTargetTabConfidenceOneUnitALine) {
  Result<std::string> tsv = Write({Unit("Kharkiv was attacked.", "Харків атакували.", "0.97"),
                                   Unit("No confidence prop.", "Без оцінки.")});
  ASSERT_TRUE(tsv) << tsv.error().message;
  EXPECT_EQ("Kharkiv was attacked.\tХарків атакували.\t0.97\nNo confidence prop.\tБез оцінки.\t1\n",
            *tsv);
}

TEST_F(TsvTest, WriterPutsTheSourceFirstWhateverTheVariantOrder) {
  TranslationUnit u = Unit("Source.", "Джерело.");
  std::swap(u.variants[0], u.variants[1]);
  Result<std::string> tsv = Write({u});
  ASSERT_TRUE(tsv) << tsv.error().message;
  EXPECT_EQ("Source.\tДжерело.\t1\n", *tsv);
}

TEST_F(TsvTest, WriterDropsInlineCodes) {
  TranslationUnit u = Unit("Press Start.", "Натисніть «Пуск».");
  u.variants[0].segment.codes.push_back(
      InlineCode{.kind = CodeKind::kOpen, .element = "bpt", .id = "1", .data = {{"<b>"}}, .offset = 6});
  Result<std::string> tsv = Write({u});
  ASSERT_TRUE(tsv) << tsv.error().message;
  EXPECT_EQ("Press Start.\tНатисніть «Пуск».\t1\n", *tsv);
}

TEST_F(TsvTest, WriterRefusesTextsATsvCellCannotCarry) {
  const std::vector<std::pair<TranslationUnit, std::string>> cases = {
      {Unit("A\ttab.", "Таб."), "tab"},
      {Unit("Line\nbreak.", "Рядок."), "line break"},
      {Unit("Return\r.", "Рядок."), "line break"},
      {Unit("Bell\x07.", "Дзвін."), "U+0007"},
      {Unit("Fine.", "Bad \xC3 UTF-8."), "not valid UTF-8"},
      {Unit("Fine.", "Гаразд.", "high"), "x-align-confidence"},
      {Unit("Fine.", "Гаразд.", "1.5"), "x-align-confidence"},
  };
  for (const auto& [unit, expected] : cases) {
    SCOPED_TRACE(expected);
    Result<std::string> tsv = Write({Unit("Good.", "Добре."), unit});
    ASSERT_FALSE(tsv);
    EXPECT_EQ(ErrorCode::kInvalidInput, tsv.error().code);
    EXPECT_NE(std::string::npos, tsv.error().message.find("unit 2")) << tsv.error().message;
    EXPECT_NE(std::string::npos, tsv.error().message.find(expected)) << tsv.error().message;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "a.tsv")) << "no half-written file";
  }
}

TEST_F(TsvTest, WriterAsksForTheTargetWhenAUnitHasSeveral) {
  TranslationUnit u = Unit("Hello.", "Привіт.");
  Variant ko;
  ko.lang = "ko";
  ko.segment.text = "안녕하세요.";
  u.variants.push_back(ko);
  WriteOptions wo;
  wo.source_lang = "en";
  wo.target_lang = "ko";
  Result<std::string> tsv = Write({u}, wo);
  ASSERT_TRUE(tsv) << tsv.error().message;
  EXPECT_EQ("Hello.\t안녕하세요.\t1\n", *tsv);

  std::string path = dir_ / "b.tsv";
  Result<std::unique_ptr<UnitWriter>> w = OpenWriter(path, Format::kTsv, WriteOptions{});
  ASSERT_TRUE(w);
  Status s = (*w)->Add(u);
  ASSERT_FALSE(s);
  EXPECT_NE(std::string::npos, s.error().message.find("several target languages"))
      << s.error().message;
}

// --- Round trip -----------------------------------------------------------------

TEST_F(TsvTest, RoundTripKeepsTextsLanguagesConfidenceAndContext) {
  std::vector<TranslationUnit> units = {
      Unit("Kharkiv came under attack overnight.", "Уночі Харків зазнав удару.", "0.97"),
      Unit("At least 37 people were injured.", "Щонайменше 37 людей поранено.", "0.5",
           "Kharkiv came under attack overnight."),
      Unit("Rescuers worked all night.", "Рятувальники працювали всю ніч.", "",
           "At least 37 people were injured."),
      Unit("\"Quotes\" & <angles> stay.", "«Лапки» & <кути> лишаються.", "0",
           "Rescuers worked all night."),
  };
  Result<std::string> tsv = Write(units);
  ASSERT_TRUE(tsv) << tsv.error().message;

  Collect reporter;
  ReadOptions ro{.reporter = &reporter, .source_lang = "en", .target_lang = "uk"};
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(dir_ / "a.tsv", Format::kAuto, ro);
  ASSERT_TRUE(reader) << reader.error().message;
  std::vector<TranslationUnit> back;
  TranslationUnit tu;
  while (true) {
    Result<bool> more = (*reader)->Next(&tu);
    ASSERT_TRUE(more) << more.error().message;
    if (!*more) break;
    back.push_back(tu);
  }
  EXPECT_TRUE(reporter.problems.empty());
  EXPECT_EQ("en", (*reader)->header().source_lang);
  ASSERT_EQ(units.size(), back.size());
  for (size_t i = 0; i < units.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ("en", back[i].source_lang);
    ASSERT_EQ(2u, back[i].variants.size());
    EXPECT_EQ(units[i].variants[0], back[i].variants[0]);
    EXPECT_EQ(units[i].variants[1], back[i].variants[1]);
    std::string confidence = PropText(units[i], "x-align-confidence");
    EXPECT_EQ(confidence == "(none)" ? "1" : confidence, PropText(back[i], "x-align-confidence"));
    EXPECT_EQ(PropText(units[i], "x-context-pre"), PropText(back[i], "x-context-pre"));
  }
}

TEST_F(TsvTest, RoundTripHangulAndCyrillic) {
  std::vector<TranslationUnit> units = {
      Unit("Kharkiv was attacked overnight.", "하르키우가 밤사이 공격을 받았다.", "0.91", "", "ko"),
      Unit("37 people were injured.", "37명이 다쳤다.", "0.88",
           "Kharkiv was attacked overnight.", "ko"),
  };
  WriteOptions wo;
  wo.source_lang = "en";
  wo.target_lang = "ko";
  Result<std::string> tsv = Write(units, wo);
  ASSERT_TRUE(tsv) << tsv.error().message;
  ReadResult r = Read(*tsv, OnBadInput::kFail, "en", "ko");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.units.size());
  EXPECT_EQ("ko", r.units[1].variants[1].lang);
  EXPECT_EQ("37명이 다쳤다.", r.units[1].variants[1].segment.text);
  EXPECT_EQ("Kharkiv was attacked overnight.", PropText(r.units[1], "x-context-pre"));

  r = Read("Слава Україні.\tGlory to Ukraine.\n", OnBadInput::kFail, "uk", "en");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.units.size());
  EXPECT_EQ("uk", r.units[0].source_lang);
  EXPECT_EQ("Слава Україні.", r.units[0].FindVariant("uk")->segment.text);
}

// --- Reader -----------------------------------------------------------------------

TEST_F(TsvTest, ReaderTakesTwoOrThreeColumnsTrimsCellsAndSkipsBlankLines) {
  ReadResult r = Read("\nOne.\tОдин.\n   \n Two. \t Два. \t 0.75 \n\nThree.\tТри.\t\n");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(3u, r.units.size());
  EXPECT_EQ("One.", r.units[0].variants[0].segment.text);
  EXPECT_EQ("(none)", PropText(r.units[0], "x-align-confidence"));
  EXPECT_EQ("(none)", PropText(r.units[0], "x-context-pre"));
  EXPECT_EQ("Two.", r.units[1].variants[0].segment.text);
  EXPECT_EQ("Два.", r.units[1].variants[1].segment.text);
  EXPECT_EQ("0.75", PropText(r.units[1], "x-align-confidence"));
  EXPECT_EQ("One.", PropText(r.units[1], "x-context-pre"));
  EXPECT_EQ("(none)", PropText(r.units[2], "x-align-confidence")) << "an empty 3rd cell is none";
  EXPECT_EQ("Two.", PropText(r.units[2], "x-context-pre"));
  EXPECT_TRUE(r.problems.empty());
}

TEST_F(TsvTest, ReaderDropsAUtf8BomAndReadsCrlf) {
  ReadResult r = Read("\xEF\xBB\xBFOne.\tОдин.\t0.9\r\nTwo.\tДва.\r\n");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.units.size());
  EXPECT_EQ("One.", r.units[0].variants[0].segment.text);
  EXPECT_EQ("0.9", PropText(r.units[0], "x-align-confidence"));
  EXPECT_EQ("Два.", r.units[1].variants[1].segment.text);
}

TEST_F(TsvTest, ReaderAcceptsADecimalComma) {
  ReadResult r = Read("One.\tОдин.\t0,85\n");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ("0.85", PropText(r.units[0], "x-align-confidence"));
}

TEST_F(TsvTest, EmptyAndBlankFilesHoldNoUnits) {
  for (const std::string content : {"", "\n\n", "\xEF\xBB\xBF", "\r\n  \r\n"}) {
    ReadResult r = Read(content);
    EXPECT_FALSE(r.error);
    EXPECT_TRUE(r.units.empty());
  }
}

TEST_F(TsvTest, MalformedRowsAreErrorsNamingFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Just one column.", "a.tsv:2: expected 2 or 3 tab-separated columns, found 1"},
      {"a\tb\t0.5\textra", "a.tsv:2: expected 2 or 3 tab-separated columns, found 4"},
      {"a\tb\thigh", "a.tsv:2: expected a confidence between 0 and 1 in column 3, found 'high'"},
      {"a\tb\t1.5", "a.tsv:2: expected a confidence between 0 and 1 in column 3, found '1.5'"},
      {"a\tb\t-0.1", "a.tsv:2: expected a confidence between 0 and 1 in column 3, found '-0.1'"},
      {"a\tb\t0.5x", "a.tsv:2: expected a confidence between 0 and 1 in column 3"},
      {"a\x01\tb", "a.tsv:2: column 1 holds U+0001"},
  };
  for (const auto& [row, expected] : cases) {
    SCOPED_TRACE(row);
    ReadResult r = Read("Good.\tДобре.\n" + row + "\nAfter.\tПісля.\n");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
    EXPECT_TRUE(r.error->skippable);
    EXPECT_EQ(0u, r.error->message.find(expected)) << r.error->message;
    EXPECT_EQ(1u, r.units.size());
  }
}

TEST_F(TsvTest, MalformedRowsAreSkippedWithTheirLineUnderSkip) {
  ReadResult r = Read("One.\tОдин.\nbroken\nTwo.\tДва.\t9\nThree.\tТри.\n", OnBadInput::kSkip);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.units.size());
  EXPECT_EQ("Three.", r.units[1].variants[0].segment.text);
  EXPECT_EQ("One.", PropText(r.units[1], "x-context-pre")) << "a broken row is not context";
  ASSERT_EQ(2u, r.problems.size());
  EXPECT_EQ(Problem::Severity::kSkipped, r.problems[0].severity);
  EXPECT_EQ(2, r.problems[0].line);
  EXPECT_EQ(3, r.problems[1].line);
  EXPECT_EQ("a.tsv:3: skipped: expected a confidence between 0 and 1 in column 3, found '9'",
            r.problems[1].ToString());
}

TEST_F(TsvTest, InvalidUtf8IsAnErrorNamingTheLineEvenUnderSkip) {
  for (OnBadInput mode : {OnBadInput::kFail, OnBadInput::kSkip}) {
    ReadResult r = Read("One.\tОдин.\nTwo.\t\xC4\xE2\xE0.\n", mode);  // windows-1251 "Два"
    ASSERT_TRUE(r.error);
    EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
    EXPECT_FALSE(r.error->skippable);
    EXPECT_EQ(0u, r.error->message.find("a.tsv:2: not valid UTF-8")) << r.error->message;
    EXPECT_NE(std::string::npos, r.error->message.find("save the file as UTF-8"));
  }
}

TEST_F(TsvTest, Utf16IsNamed) {
  ReadResult r = Read(std::string("\xFF\xFEO\0n\0e\0", 8));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(0u, r.error->message.find("a.tsv:1: the file is UTF-16")) << r.error->message;
  r = Read(std::string("O\0n\0e\0\t\0", 8));
  ASSERT_TRUE(r.error);
  EXPECT_NE(std::string::npos, r.error->message.find("NUL byte")) << r.error->message;
}

TEST_F(TsvTest, OneSidedRowsAreSkippedWithAWarningNamingTheLine) {
  ReadResult r = Read("One.\tОдин.\nUnaligned source.\t\t0.3\n\tНевирівняне.\nTwo.\tДва.\n\t\t0.1\n");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.units.size());
  EXPECT_EQ("Unaligned source.", PropText(r.units[1], "x-context-pre"))
      << "the previous source sentence, aligned or not";
  ASSERT_EQ(3u, r.problems.size());
  EXPECT_EQ(Problem::Severity::kWarning, r.problems[0].severity);
  EXPECT_EQ(2, r.problems[0].line);
  EXPECT_NE(std::string::npos, r.problems[0].message.find("only the source (en) side"));
  EXPECT_EQ(3, r.problems[1].line);
  EXPECT_NE(std::string::npos, r.problems[1].message.find("only the target (uk) side"));
  EXPECT_EQ(5, r.problems[2].line);
  EXPECT_NE(std::string::npos, r.problems[2].ToString().find("a.tsv:5: warning: both"));
}

TEST_F(TsvTest, LanguagesAreRequiredAndChecked) {
  ReadResult r = Read("One.\tОдин.\n", OnBadInput::kFail, "", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidArgument, r.error->code);
  EXPECT_NE(std::string::npos, r.error->message.find("--src")) << r.error->message;
  r = Read("One.\tОдин.\n", OnBadInput::kFail, "en", "u k");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidArgument, r.error->code);
  EXPECT_NE(std::string::npos, r.error->message.find("--tgt")) << r.error->message;
  r = Read("One.\tОдин.\n", OnBadInput::kFail, "EN-us", "UK");
  ASSERT_FALSE(r.error);
  EXPECT_EQ("en-US", r.units[0].source_lang);
  EXPECT_EQ("uk", r.units[0].variants[1].lang);
}

TEST_F(TsvTest, FormatIsTsvByNameOrByTheTsvExtension) {
  EXPECT_EQ(Format::kTsv, ParseFormat("tsv").value());
  EXPECT_EQ(Format::kTsv, ParseFormat("TSV").value());
  EXPECT_EQ("tsv", FormatName(Format::kTsv));
  Result<Format> bad = ParseFormat("csv");
  ASSERT_FALSE(bad);
  EXPECT_NE(std::string::npos, bad.error().message.find("auto, tmx, tsv"));

  std::string tsv = dir_ / "aligned.TSV", txt = dir_ / "aligned.txt";
  WriteFile(tsv, "One.\tОдин.\n");
  WriteFile(txt, "One.\tОдин.\n");
  EXPECT_EQ(Format::kTsv, DetectFormat(tsv, Format::kAuto).value());
  EXPECT_FALSE(DetectFormat(txt, Format::kAuto));
  EXPECT_EQ(Format::kTsv, DetectFormat(txt, Format::kTsv).value());
}

TEST_F(TsvTest, OpenReaderWithoutLanguagesSaysWhichFlagsToGive) {
  std::string path = dir_ / "aligned.tsv";
  WriteFile(path, "One.\tОдин.\n");
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, Format::kAuto, ReadOptions{});
  ASSERT_FALSE(reader);
  EXPECT_EQ(ErrorCode::kInvalidArgument, reader.error().code);
  EXPECT_NE(std::string::npos, reader.error().message.find("--src")) << reader.error().message;
  EXPECT_NE(std::string::npos, reader.error().message.find("--tgt"));
}

}  // namespace
}  // namespace tmkit
