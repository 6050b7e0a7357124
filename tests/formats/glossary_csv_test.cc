// Delimited glossaries (formats/src/delimited_glossary.h, delimited_text.h;
// doc/formats/glossary-csv.md): OmegaT TSV, CSV with a header row naming the
// languages, MateCat's glossary CSV. Every OmegaT and Okapi glossary sample of
// ../shared/data/formats/samples, encodings (BOM, UTF-16LE/BE, magic comment),
// round trips in Cyrillic and Hangul, corruption (message and line), and
// OmegaT's own GlossaryReaderTSV on our export when OmegaT is installed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "delimited_glossary.h"
#include "test_util.h"
#include "tmkit/core/text.h"
#include "tmkit/formats/glossary_format.h"

namespace tmkit {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::ReadFile;
using testing::RunShell;
using testing::SharedPath;
using testing::ShellQuote;
using testing::TempDir;
using testing::WriteFile;

class Collect final : public Reporter {
 public:
  void Report(const Problem& p) override { problems.push_back(p); }
  std::vector<Problem> problems;
};

Term T(const std::string& lang, const std::string& text) {
  Term t;
  t.lang = lang;
  t.text = text;
  return t;
}

TermEntry E(std::vector<Term> terms, const std::string& note = "") {
  TermEntry e;
  e.terms = std::move(terms);
  e.note = note;
  return e;
}

// "lang:text" for each term, to compare entries at a glance.
std::vector<std::string> Terms(const TermEntry& e) {
  std::vector<std::string> out;
  for (const Term& t : e.terms) out.push_back(t.lang + ":" + t.text);
  return out;
}

std::string Utf16(const std::string& ascii_or_utf8, bool little_endian) {
  // Narrow UTF-8 → UTF-16 for the test texts (BMP only).
  std::string out;
  for (size_t i = 0; i < ascii_or_utf8.size();) {
    auto c = static_cast<unsigned char>(ascii_or_utf8[i]);
    uint32_t cp;
    if (c < 0x80) {
      cp = c, i += 1;
    } else if (c < 0xE0) {
      cp = ((c & 0x1F) << 6) | (ascii_or_utf8[i + 1] & 0x3F), i += 2;
    } else {
      cp = ((c & 0x0F) << 12) | ((ascii_or_utf8[i + 1] & 0x3F) << 6) |
           (ascii_or_utf8[i + 2] & 0x3F),
      i += 3;
    }
    char hi = static_cast<char>(cp >> 8), lo = static_cast<char>(cp & 0xFF);
    if (little_endian) {
      out += lo, out += hi;
    } else {
      out += hi, out += lo;
    }
  }
  return out;
}

class GlossaryCsvTest : public ::testing::Test {
 protected:
  struct ReadResult {
    std::vector<TermEntry> entries;
    std::optional<Error> error;
    std::vector<Problem> problems;
  };

  std::string Put(const std::string& name, const std::string& content) {
    std::string path = dir_ / name;
    WriteFile(path, content);
    return path;
  }

  ReadResult ReadPath(const std::string& path, GlossaryFormat format, const std::string& src = "",
                      const std::string& tgt = "", OnBadInput on_error = OnBadInput::kFail) {
    ReadResult r;
    Collect reporter;
    GlossaryReadOptions ro{.on_error = on_error, .reporter = &reporter, .source_lang = src,
                           .target_lang = tgt};
    Result<std::unique_ptr<EntryReader>> reader = OpenEntryReader(path, format, ro);
    if (!reader) {
      r.error = reader.error();
      r.problems = reporter.problems;
      return r;
    }
    TermEntry e;
    for (int guard = 0; guard < 100000; ++guard) {
      Result<bool> more = (*reader)->Next(&e);
      if (!more) {
        r.error = more.error();
        break;
      }
      if (!*more) break;
      r.entries.push_back(e);
    }
    r.problems = reporter.problems;
    return r;
  }

  // Reads `content` written to a file named `name`.
  ReadResult Read(const std::string& name, const std::string& content, GlossaryFormat format,
                  const std::string& src = "", const std::string& tgt = "",
                  OnBadInput on_error = OnBadInput::kFail) {
    return ReadPath(Put(name, content), format, src, tgt, on_error);
  }

  // Writes `entries` to `name`; the file's bytes, or the error.
  Result<std::string> Write(const std::string& name, GlossaryFormat format,
                            const std::vector<TermEntry>& entries,
                            std::vector<std::string> languages = {}) {
    std::string path = dir_ / name;
    GlossaryWriteOptions wo;
    wo.languages = std::move(languages);
    Result<std::unique_ptr<EntryWriter>> writer = OpenEntryWriter(path, format, wo);
    if (!writer) return std::unexpected(writer.error());
    for (const TermEntry& e : entries) {
      if (Status s = (*writer)->Add(e); !s) return std::unexpected(s.error());
    }
    if (Status s = (*writer)->Finish(); !s) return std::unexpected(s.error());
    return ReadFile(path);
  }

  static std::string Sample(const std::string& relative) {
    return SharedPath("data/formats/samples/" + relative);
  }

  TempDir dir_;
};

std::vector<int> WarningLines(const std::vector<Problem>& problems) {
  std::vector<int> lines;
  for (const Problem& p : problems) lines.push_back(p.line);
  return lines;
}

// --- OmegaT TSV: the samples ---------------------------------------------------

TEST_F(GlossaryCsvTest, OmegaTTestTabHasTwoAndThreeColumnLinesInCjkAndKorean) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/test.tab"), GlossaryFormat::kAuto, "en", "fr");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(4u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:kde", "fr:koo moo"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:question", "fr:qqqqq"));
  EXPECT_THAT(Terms(r.entries[2]), ::testing::ElementsAre("en:地球システム", "fr:System Terre"));
  EXPECT_EQ("https://fr.wikipedia.org/wiki/Science_du_syst%C3%A8me_Terre", r.entries[2].note);
  EXPECT_THAT(Terms(r.entries[3]), ::testing::ElementsAre("en:손가락", "fr:Korean Term"));
  EXPECT_TRUE(r.problems.empty());
}

TEST_F(GlossaryCsvTest, OmegaTMagicCommentLineIsACommentAndNamesUtf8) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/test-magiccomment.tab"), GlossaryFormat::kAuto,
                          "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_TRUE(r.entries.empty());
  EXPECT_TRUE(r.problems.empty());
}

// test-magiccomment-bom.tab is listed in the samples' PROVENANCE.md but not
// in the folder: the same bytes with a UTF-8 BOM.
TEST_F(GlossaryCsvTest, OmegaTMagicCommentAfterABomIsStillAComment) {
  std::string bytes = "\xEF\xBB\xBF" + ReadFile(Sample("omegat/glossaries/test-magiccomment.tab")) +
                      "Київ\tKyiv\n";
  ReadResult r = Read("bom.tab", bytes, GlossaryFormat::kOmegaTsv, "uk", "en");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("uk:Київ", "en:Kyiv"));
}

TEST_F(GlossaryCsvTest, OmegaTUtf16LeSampleIsReadByItsBom) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/testUTF16LE.txt"), GlossaryFormat::kAuto, "en",
                          "en-GB");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:UTF", "en-GB:Unicode Transformation Format"));
  EXPECT_EQ("Comment #1", r.entries[0].note);
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:LE", "en-GB:Little Endian"));
  EXPECT_EQ("Comment #2", r.entries[1].note);
}

TEST_F(GlossaryCsvTest, OmegaTEmptySampleHasNoEntriesAndNoWarnings) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/empty.txt"), GlossaryFormat::kAuto, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_TRUE(r.entries.empty());
  EXPECT_TRUE(r.problems.empty());
}

TEST_F(GlossaryCsvTest, OkapiTsvSkipsBlankLinesAndWarnsOnLinesWithoutTwoFields) {
  ReadResult r = ReadPath(Sample("okapi/glossary/test01.tsv"), GlossaryFormat::kAuto, "en", "fr");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(3u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:source 1", "fr:target 1"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:term 2", "fr:trans term 2"));
  // The last line has no final newline.
  EXPECT_THAT(Terms(r.entries[2]), ::testing::ElementsAre("en:source 3", "fr:target 3"));
  // "jasjjal" (no tab), "entry with one tab no target<TAB>" (Java's split
  // drops the empty last field), "<TAB>no source".
  EXPECT_THAT(WarningLines(r.problems), ::testing::ElementsAre(8, 10, 12));
  for (const Problem& p : r.problems) EXPECT_EQ(Problem::Severity::kWarning, p.severity);
}

// okapi/glossary/test02_utf16be.tsv is listed in PROVENANCE.md but not in the
// folder: the same kind of file, UTF-16BE with a BOM, with U+FFE6.
TEST_F(GlossaryCsvTest, OmegaTUtf16BeIsReadByItsBom) {
  std::string bytes = "\xFE\xFF" + Utf16("won\t\xEF\xBF\xA6 원\r\nsource 2\ttarget 2", false);
  ReadResult r = Read("be.tsv", bytes, GlossaryFormat::kAuto, "en", "ko");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:won", "ko:\xEF\xBF\xA6 원"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:source 2", "ko:target 2"));
}

// --- OmegaT TSV: the rules -------------------------------------------------------

TEST_F(GlossaryCsvTest, OmegaTMagicCommentNamesAnyEncodingIcuKnows) {
  // "Київ" in windows-1251.
  std::string bytes = "# -*- coding: windows-1251 -*-\n\xCA\xE8\xBF\xE2\tKyiv\n";
  ReadResult r = Read("cp.txt", bytes, GlossaryFormat::kOmegaTsv, "uk", "en");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("uk:Київ", "en:Kyiv"));
}

// Found by fuzz_glossary_csv in CI: ICU skips other characters when it
// matches a name, so "u\xD7tf-7" opened UTF-7, and the stray byte went into
// every later message.
TEST_F(GlossaryCsvTest, OmegaTMagicCommentWithAStrayByteIsNoEncodingName) {
  ReadResult r = Read("t.txt", "# -*- coding: u\xD7tf-7 -*-\nKyiv\tKyiv\n", GlossaryFormat::kOmegaTsv,
                      "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
  EXPECT_THAT(r.error->message, HasSubstr(":1: expected an encoding name in the coding comment"));
  EXPECT_THAT(r.error->message, HasSubstr("found 'u\\xD7tf-7'"));
  EXPECT_TRUE(IsValidUtf8(r.error->message));
}

TEST_F(GlossaryCsvTest, OmegaTFieldsAreTrimmedAndExtraColumnsIgnored) {
  ReadResult r = Read("t.txt", "  Kyiv \t Київ  \t capital \textra\n", GlossaryFormat::kOmegaTsv,
                      "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Kyiv", "uk:Київ"));
  EXPECT_EQ("capital", r.entries[0].note);
}

TEST_F(GlossaryCsvTest, OmegaTEmptyTargetKeepsTheSourceTermWithAWarning) {
  // As OmegaT keeps it: the line has 3 fields, the second empty.
  ReadResult r = Read("t.txt", "Kyiv\t\tcapital\n", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Kyiv"));
  ASSERT_EQ(1u, r.problems.size());
  EXPECT_EQ(1, r.problems[0].line);
}

TEST_F(GlossaryCsvTest, OmegaTLineEndsAreLfCrlfOrALoneCr) {
  ReadResult r = Read("t.txt", "a\t1\rb\t2\r\nc\t3\n", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(3u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[2]), ::testing::ElementsAre("en:c", "uk:3"));
}

TEST_F(GlossaryCsvTest, OmegaTDuplicatesAreKept) {
  ReadResult r = Read("t.txt", "a\t1\na\t1\n", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(2u, r.entries.size());
}

TEST_F(GlossaryCsvTest, OmegaTReaderNeedsBothLanguages) {
  ReadResult r = Read("t.txt", "a\t1\n", GlossaryFormat::kOmegaTsv, "en", "");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidArgument, r.error->code);
  EXPECT_THAT(r.error->message, HasSubstr("--tgt"));
}

TEST_F(GlossaryCsvTest, OmegaTTextIsPutInNfc) {
  ReadResult r = Read("t.txt", "caf\x65\xCC\x81\tкафе\n", GlossaryFormat::kOmegaTsv, "fr", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_EQ("caf\xC3\xA9", r.entries[0].terms[0].text);
}

// --- CSV with a header row ---------------------------------------------------------

TEST_F(GlossaryCsvTest, CsvLanguagesComeFromTheHeaderNeverFromPositions) {
  ReadResult r = Read("g.csv", "uk,en\nКиїв,Kyiv\n", GlossaryFormat::kAuto, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("uk:Київ", "en:Kyiv"));
}

TEST_F(GlossaryCsvTest, CsvExcelUtf8WithBomAndSemicolonsIsRead) {
  ReadResult r = Read("g.csv", "\xEF\xBB\xBF" "en-US;uk-UA;note\r\nKyiv;Київ;capital, since 882\r\n",
                      GlossaryFormat::kAuto);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en-US:Kyiv", "uk-UA:Київ"));
  EXPECT_EQ("capital, since 882", r.entries[0].note);
}

TEST_F(GlossaryCsvTest, CsvExcelUnicodeTextIsUtf16LeTabSeparated) {
  std::string bytes = "\xFF\xFE" + Utf16("en\tko\r\nSeoul\t서울\r\n", true);
  ReadResult r = Read("g.csv", bytes, GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Seoul", "ko:서울"));
}

TEST_F(GlossaryCsvTest, CsvQuotedCellsHoldCommasQuotesAndLineBreaks) {
  ReadResult r = Read("g.csv",
                      "en,uk,note\n"
                      "\"Kyiv, city\",\"\"\"Київ\"\"\",\"line 1\nline 2\"\n"
                      "Lviv,Львів,\n",
                      GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Kyiv, city", "uk:\"Київ\""));
  EXPECT_EQ("line 1\nline 2", r.entries[0].note);
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:Lviv", "uk:Львів"));
}

TEST_F(GlossaryCsvTest, CsvHeaderMayNameLanguagesAsNameAndTag) {
  ReadResult r = Read("g.csv", "English (en),Українська (uk)\nKyiv,Київ\n", GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Kyiv", "uk:Київ"));
}

TEST_F(GlossaryCsvTest, CsvTermFieldsFollowTheirLanguageColumn) {
  ReadResult r = Read("g.csv",
                      "subject,en,en status,en note,uk,uk pos,uk forms,uk case sensitive,"
                      "uk geographicalUsage\n"
                      "geography,Kyiv,preferred,capital,Київ,properNoun,Києва | Києві,yes,UA\n",
                      GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  const TermEntry& e = r.entries[0];
  EXPECT_EQ("geography", e.subject);
  ASSERT_EQ(2u, e.terms.size());
  EXPECT_EQ(TermStatus::kPreferred, e.terms[0].status);
  EXPECT_EQ("capital", e.terms[0].note);
  EXPECT_EQ("properNoun", e.terms[1].part_of_speech);
  EXPECT_THAT(e.terms[1].forms, ::testing::ElementsAre("Києва", "Києві"));
  EXPECT_TRUE(e.terms[1].case_sensitive);
  ASSERT_EQ(1u, e.terms[1].extra.size());
  EXPECT_EQ("geographicalUsage", e.terms[1].extra[0].type);
  EXPECT_EQ("UA", e.terms[1].extra[0].text);
}

TEST_F(GlossaryCsvTest, CsvRepeatedLanguageColumnsAreSynonyms) {
  ReadResult r = Read("g.csv", "en,en status,en,en status,uk\nKyiv,preferred,Kiev,forbidden,Київ\n",
                      GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:Kyiv", "en:Kiev", "uk:Київ"));
  EXPECT_EQ(TermStatus::kForbidden, r.entries[0].terms[1].status);
}

TEST_F(GlossaryCsvTest, CsvRowStatusAndPosApplyToEveryTermWithoutItsOwn) {
  ReadResult r = Read("g.csv", "pos,status,en,uk,uk status\nnoun,admitted,oblast,область,preferred\n",
                      GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  EXPECT_EQ(TermStatus::kAdmitted, r.entries[0].terms[0].status);
  EXPECT_EQ(TermStatus::kPreferred, r.entries[0].terms[1].status);
  EXPECT_EQ("noun", r.entries[0].terms[1].part_of_speech);
}

TEST_F(GlossaryCsvTest, CsvCommentLinesBeforeTheHeaderAreSkipped) {
  ReadResult r = Read("g.csv", "# exported by hand\n\nen,uk\nKyiv,Київ\n", GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(1u, r.entries.size());
}

TEST_F(GlossaryCsvTest, CsvEmptyFileHasNoEntries) {
  ReadResult r = Read("g.csv", "", GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_TRUE(r.entries.empty());
}

TEST_F(GlossaryCsvTest, CsvRowWithoutTermsIsSkippedWithAWarning) {
  ReadResult r = Read("g.csv", "en,uk,note\n,,orphan note\nKyiv,Київ,\n", GlossaryFormat::kCsv);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(1u, r.entries.size());
  EXPECT_THAT(WarningLines(r.problems), ::testing::ElementsAre(2));
}

TEST_F(GlossaryCsvTest, CsvWrongHeaderIsAnErrorNamingTheColumn) {
  ReadResult r = Read("g.csv", "en,uk,Comments2\nKyiv,Київ,x\n", GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "g.csv" + ":1: expected a header row naming"));
  EXPECT_THAT(r.error->message, HasSubstr("column 3 'Comments2'"));
}

TEST_F(GlossaryCsvTest, CsvTermFieldBeforeItsLanguageIsAnError) {
  ReadResult r = Read("g.csv", "en,uk note,uk\nKyiv,x,Київ\n", GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr("column 2 'uk note' comes before any 'uk' column"));
}

TEST_F(GlossaryCsvTest, CsvUnknownStatusFailsOrIsSkippedWithItsLine) {
  const std::string csv = "en,en status,uk\nKyiv,maybe,Київ\nLviv,,Львів\n";
  ReadResult fail = Read("g.csv", csv, GlossaryFormat::kCsv);
  ASSERT_TRUE(fail.error);
  EXPECT_THAT(fail.error->message, StartsWith(dir_ / "g.csv" + ":2: expected a status"));
  EXPECT_THAT(fail.error->message, HasSubstr("found 'maybe'"));
  ReadResult skip = Read("g.csv", csv, GlossaryFormat::kCsv, "", "", OnBadInput::kSkip);
  ASSERT_FALSE(skip.error) << skip.error->message;
  ASSERT_EQ(1u, skip.entries.size());
  EXPECT_THAT(Terms(skip.entries[0]), ::testing::ElementsAre("en:Lviv", "uk:Львів"));
  ASSERT_EQ(1u, skip.problems.size());
  EXPECT_EQ(Problem::Severity::kSkipped, skip.problems[0].severity);
  EXPECT_EQ(2, skip.problems[0].line);
}

TEST_F(GlossaryCsvTest, CsvWithoutHeaderNeedsTheLanguagesGiven) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/test.csv"), GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr(":1: expected a header row naming the languages"));
  EXPECT_THAT(r.error->message, HasSubstr("--src and --tgt"));
}

TEST_F(GlossaryCsvTest, OmegaTCsvSampleIsReadHeaderlessWithTheGivenLanguages) {
  ReadResult r = ReadPath(Sample("omegat/glossaries/test.csv"), GlossaryFormat::kAuto, "en", "fr");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(7u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:kde", "fr:csv kde"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:question", "fr:csv q"));
  EXPECT_THAT(Terms(r.entries[2]), ::testing::ElementsAre("en:kde; question", "fr:comma"));
  EXPECT_THAT(Terms(r.entries[3]), ::testing::ElementsAre("en:kde, qu", "fr:comma dot"));
  EXPECT_THAT(Terms(r.entries[4]), ::testing::ElementsAre("en:\"kde\",\"q\"", "fr:cdk"));
  EXPECT_THAT(Terms(r.entries[5]), ::testing::ElementsAre("en:\"\"k", "fr:k"));
  EXPECT_THAT(Terms(r.entries[6]), ::testing::ElementsAre("en:zz\"zz", "fr:zz"));
}

TEST_F(GlossaryCsvTest, OkapiCsvSampleIsTrimmedQuotedOrNot) {
  ReadResult r = ReadPath(Sample("okapi/glossary/test01.csv"), GlossaryFormat::kAuto, "en", "fr");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(4u, r.entries.size());
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en:source 1", "fr:target 1"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en:source 2", "fr:target 2"));
  EXPECT_THAT(Terms(r.entries[2]), ::testing::ElementsAre("en:source 3", "fr:target 3"));
  // Quoted with inner spaces, no final newline.
  EXPECT_THAT(Terms(r.entries[3]), ::testing::ElementsAre("en:source 3", "fr:target 3"));
}

// --- MateCat -----------------------------------------------------------------------

TEST_F(GlossaryCsvTest, MateCatRowsMapToTheModel) {
  ReadResult r = Read(
      "m.csv",
      "Forbidden,Domain,Subdomain,Definition,en-US,Notes,Example of use,uk-UA,Notes,Example of use\n"
      "FALSE,Geography,Cities,Capital of Ukraine,Kyiv,official,Kyiv is large.,Київ,,\n"
      "TRUE,Geography,,,Kiev,Russian-based,,,,\n",
      GlossaryFormat::kAuto);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.entries.size());
  const TermEntry& e = r.entries[0];
  EXPECT_EQ("Geography", e.subject);
  EXPECT_EQ("Capital of Ukraine", e.definition);
  ASSERT_EQ(1u, e.extra.size());
  EXPECT_EQ("subdomain", e.extra[0].type);
  EXPECT_EQ("Cities", e.extra[0].text);
  EXPECT_THAT(Terms(e), ::testing::ElementsAre("en-US:Kyiv", "uk-UA:Київ"));
  EXPECT_EQ("official", e.terms[0].note);
  EXPECT_EQ("Kyiv is large.", e.terms[0].context);
  EXPECT_EQ(TermStatus::kUnspecified, e.terms[0].status);
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("en-US:Kiev"));
  EXPECT_EQ(TermStatus::kForbidden, r.entries[1].terms[0].status);
}

TEST_F(GlossaryCsvTest, MateCatHeaderOutOfOrderIsAnError) {
  ReadResult r = Read("m.csv", "en-US,Forbidden,it-IT\nx,TRUE,y\n", GlossaryFormat::kMateCat);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "m.csv" + ":1: expected MateCat's glossary header"));
  EXPECT_THAT(r.error->message, HasSubstr("column 2 'Forbidden'"));
}

TEST_F(GlossaryCsvTest, MateCatBadForbiddenValueNamesTheLine) {
  ReadResult r = Read("m.csv", "Forbidden,en-US,it-IT\nmaybe,x,y\n", GlossaryFormat::kMateCat);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "m.csv" + ":2: expected TRUE or FALSE"));
}

TEST_F(GlossaryCsvTest, LooksLikeMateCatOnlyForMateCatHeaders) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"Forbidden,Domain,Subdomain,Definition,en-US,Notes,Example of use,it-IT,Notes,Example of use\r\n",
       true},
      {"forbidden,en-US,it-IT\nx,y,z", true},
      {"en-US,Notes,it-IT", true},
      {"Domain;en-GB;uk-UA", true},
      {"en,uk", false},
      {"definition,en,uk", false},
      {"source,target", false},
      {"kde,csv kde", false},
      {"Notes,en-US,it-IT", false},
      {"", false},
  };
  for (const auto& [head, expected] : cases) {
    EXPECT_EQ(expected, LooksLikeMateCat(head)) << head;
  }
}

// --- round trips -------------------------------------------------------------------

TEST_F(GlossaryCsvTest, OmegaTTsvRoundTripsCyrillicAndHangul) {
  std::vector<TermEntry> in = {E({T("en", "Donetsk Oblast"), T("uk", "Донецька область")}, "region"),
                               E({T("en", "Seoul"), T("uk", "Сеул")}),
                               E({T("en", "«quoted», \"too\""), T("uk", "서울 особливе місто")})};
  Result<std::string> tsv = Write("g.txt", GlossaryFormat::kOmegaTsv, in, {"en", "uk"});
  ASSERT_TRUE(tsv) << tsv.error().message;
  ReadResult r = ReadPath(dir_ / "g.txt", GlossaryFormat::kAuto, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(in, r.entries);
}

TEST_F(GlossaryCsvTest, OmegaTWriterWritesTheOmegaTHeaderAndOneLineAPair) {
  TermEntry e = E({T("en", "Kyiv"), T("en", "Kiev"), T("uk", "Київ"), T("uk", "Киев")}, "capital");
  e.terms[3].status = TermStatus::kForbidden;  // never offered as a translation
  Result<std::string> tsv = Write("g.txt", GlossaryFormat::kOmegaTsv,
                                  {e, E({T("en", "#1 city"), T("uk", "місто №1")})}, {"en", "uk"});
  ASSERT_TRUE(tsv) << tsv.error().message;
  EXPECT_EQ("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
            "Kyiv\tКиїв\tcapital\n"
            "Kiev\tКиїв\tcapital\n"
            " #1 city\tмісто №1\n",
            *tsv);
  ReadResult r = ReadPath(dir_ / "g.txt", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(3u, r.entries.size());
  EXPECT_EQ("#1 city", r.entries[2].terms[0].text);
}

TEST_F(GlossaryCsvTest, OmegaTWriterNeedsExactlyTwoLanguages) {
  Result<std::string> tsv = Write("g.txt", GlossaryFormat::kOmegaTsv, {}, {"en", "uk", "ko"});
  ASSERT_FALSE(tsv);
  EXPECT_EQ(ErrorCode::kInvalidArgument, tsv.error().code);
}

TEST_F(GlossaryCsvTest, OmegaTWriterRefusesATermWithATab) {
  Result<std::string> tsv =
      Write("g.txt", GlossaryFormat::kOmegaTsv, {E({T("en", "a\tb"), T("uk", "x")})}, {"en", "uk"});
  ASSERT_FALSE(tsv);
  EXPECT_THAT(tsv.error().message, HasSubstr("tab"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "g.txt"));
}

TEST_F(GlossaryCsvTest, CsvRoundTripsEveryField) {
  TermEntry a;
  a.entry_id = "c1";
  a.subject = "geography";
  a.definition = "The capital of Ukraine";
  a.note = "multi\nline, with \"quotes\"";
  a.extra.push_back(Prop{.type = "source", .text = "UNGEGN"});
  Term en = T("en", "Kyiv");
  en.status = TermStatus::kPreferred;
  en.part_of_speech = "properNoun";
  en.context = "Kyiv, the capital.";
  en.source = "UN";
  Term en2 = T("en", "Kiev");
  en2.status = TermStatus::kDeprecated;
  Term uk = T("uk", "Київ");
  uk.forms = {"Києва", "Києві"};
  uk.case_sensitive = true;
  uk.definition = "столиця України";
  uk.note = "#1";
  uk.extra.push_back(Prop{.type = "geographicalUsage", .text = "UA"});
  Term ko = T("ko", "키이우");
  a.terms = {en, en2, uk, ko};
  TermEntry b = E({T("uk", "Сеул"), T("ko", "서울")});  // no English
  std::vector<TermEntry> in = {a, b};
  Result<std::string> csv = Write("g.csv", GlossaryFormat::kCsv, in);
  ASSERT_TRUE(csv) << csv.error().message;
  ReadResult r = ReadPath(dir_ / "g.csv", GlossaryFormat::kAuto);
  ASSERT_FALSE(r.error) << r.error->message << "\n" << *csv;
  EXPECT_EQ(in, r.entries) << *csv;
}

TEST_F(GlossaryCsvTest, CsvWriterWritesExcelsBomAndOnlyTheColumnsUsed) {
  Result<std::string> csv = Write("g.csv", GlossaryFormat::kCsv,
                                  {E({T("en", "Seoul"), T("ko", "서울"), T("uk", "Сеул")})},
                                  {"en", "uk"});
  ASSERT_TRUE(csv) << csv.error().message;
  EXPECT_EQ("\xEF\xBB\xBF" "en,uk\r\nSeoul,Сеул\r\n", *csv);
}

TEST_F(GlossaryCsvTest, MateCatRoundTripsOneTermALanguage) {
  TermEntry a;
  a.subject = "Geography";
  a.definition = "Capital, of Ukraine";
  a.extra.push_back(Prop{.type = "subdomain", .text = "Cities"});
  Term en = T("en-US", "Kyiv");
  en.note = "official";
  en.context = "Kyiv is large.";
  Term uk = T("uk-UA", "Київ");
  uk.context = "Київ — столиця.";
  a.terms = {en, uk, T("ko-KR", "키이우")};
  std::vector<TermEntry> in = {a, E({T("en-US", "Seoul"), T("ko-KR", "서울")})};
  Result<std::string> csv = Write("m.csv", GlossaryFormat::kMateCat, in);
  ASSERT_TRUE(csv) << csv.error().message;
  EXPECT_THAT(*csv, StartsWith("Forbidden,Domain,Subdomain,Definition,en-US,Notes,Example of use,"
                               "uk-UA,Notes,Example of use,ko-KR,Notes,Example of use\r\n"));
  ReadResult r = ReadPath(dir_ / "m.csv", GlossaryFormat::kAuto);  // detected by its header
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(in, r.entries) << *csv;
}

TEST_F(GlossaryCsvTest, MateCatWriterPutsAForbiddenTermOnARowOfItsOwn) {
  TermEntry e = E({T("en-US", "Kyiv"), T("uk-UA", "Київ"), T("uk-UA", "Киев")});
  e.terms[2].status = TermStatus::kForbidden;
  Result<std::string> csv = Write("m.csv", GlossaryFormat::kMateCat, {e});
  ASSERT_TRUE(csv) << csv.error().message;
  ReadResult r = ReadPath(dir_ / "m.csv", GlossaryFormat::kMateCat);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(2u, r.entries.size()) << *csv;
  EXPECT_THAT(Terms(r.entries[0]), ::testing::ElementsAre("en-US:Kyiv", "uk-UA:Київ"));
  EXPECT_THAT(Terms(r.entries[1]), ::testing::ElementsAre("uk-UA:Киев"));
  EXPECT_EQ(TermStatus::kForbidden, r.entries[1].terms[0].status);
}

// --- corruption --------------------------------------------------------------------

TEST_F(GlossaryCsvTest, UnterminatedQuoteNamesTheLineItOpensOn) {
  ReadResult r = Read("g.csv", "en,uk\nKyiv,Київ\nLviv,\"Львів\nOdesa,Одеса\n", GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
  EXPECT_EQ(dir_ / "g.csv" + ":3: expected a closing quote (\") for the cell that opens in column 2 "
                             "of this line, found the end of the file",
            r.error->message);
  EXPECT_EQ(1u, r.entries.size());
}

TEST_F(GlossaryCsvTest, InvalidUtf8InTsvNamesLineAndByte) {
  ReadResult r = Read("t.txt", "Kyiv\tКиїв\ncaf\xE9\tкафе\n", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kInvalidInput, r.error->code);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "t.txt" + ":2: expected UTF-8, found the byte 0xE9 "
                                                            "at column 4"));
  EXPECT_THAT(r.error->message, HasSubstr("coding"));
}

TEST_F(GlossaryCsvTest, InvalidUtf8InCsvIsNeverSkipped) {
  ReadResult r = Read("g.csv", "en,uk\nKyiv,Ки\xFFїв\n", GlossaryFormat::kCsv, "", "",
                      OnBadInput::kSkip);
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "g.csv" + ":2: expected UTF-8, found the byte 0xFF"));
}

TEST_F(GlossaryCsvTest, ALineOfTwoMebibytesIsAResourceLimit) {
  std::string huge(2u << 20, 'a');
  ReadResult tsv = Read("t.txt", "a\tb\n" + huge + "\tx\n", GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_TRUE(tsv.error);
  EXPECT_EQ(ErrorCode::kResourceLimit, tsv.error->code);
  EXPECT_THAT(tsv.error->message, StartsWith(dir_ / "t.txt" + ":2: expected lines of at most 1 MiB"));
  EXPECT_EQ(1u, tsv.entries.size());
}

TEST_F(GlossaryCsvTest, AQuotedCellOverOneMebibyteIsAResourceLimit) {
  std::string lines;
  for (int i = 0; i < 40000; ++i) lines += "a fairly long line of text inside one quoted cell\n";
  ReadResult r = Read("g.csv", "en,uk\nKyiv,\"" + lines, GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kResourceLimit, r.error->code);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "g.csv" + ":2: expected a closing quote"));
}

TEST_F(GlossaryCsvTest, Utf16WithoutBomIsNamedByItsNulBytes) {
  ReadResult r = Read("t.txt", Utf16("a\tb\n", true), GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr(":1: expected text, found a NUL byte"));
  EXPECT_THAT(r.error->message, HasSubstr("UTF-16"));
}

TEST_F(GlossaryCsvTest, UnpairedSurrogateInUtf16NamesItsLine) {
  std::string bytes = "\xFF\xFE" + Utf16("a\tb\r\n", true) + std::string("\x00\xD8", 2) +
                      Utf16("\tc\r\n", true);
  ReadResult r = Read("t.txt", bytes, GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(1u, r.entries.size());
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "t.txt" + ":2: expected text in UTF-16LE"));
}

TEST_F(GlossaryCsvTest, OddByteAtTheEndOfUtf16IsAnError) {
  std::string bytes = "\xFF\xFE" + Utf16("a\tb\n", true) + "x";
  ReadResult r = Read("t.txt", bytes, GlossaryFormat::kOmegaTsv, "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, HasSubstr(":2: expected text in UTF-16LE"));
}

TEST_F(GlossaryCsvTest, UnknownMagicCodingIsAnErrorOnLineOne) {
  ReadResult r = Read("t.txt", "# -*- coding: klingon-8 -*-\na\tb\n", GlossaryFormat::kOmegaTsv,
                      "en", "uk");
  ASSERT_TRUE(r.error);
  EXPECT_THAT(r.error->message, StartsWith(dir_ / "t.txt" + ":1: expected an encoding name"));
  EXPECT_THAT(r.error->message, HasSubstr("'klingon-8'"));
}

TEST_F(GlossaryCsvTest, ControlCharacterInACellIsSkippable) {
  ReadResult r = Read("t.txt", "a\x07z\tb\nc\td\n", GlossaryFormat::kOmegaTsv, "en", "uk",
                      OnBadInput::kSkip);
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(1u, r.entries.size());
  ASSERT_EQ(1u, r.problems.size());
  EXPECT_EQ(Problem::Severity::kSkipped, r.problems[0].severity);
  EXPECT_THAT(r.problems[0].message, HasSubstr("U+0007"));
}

TEST_F(GlossaryCsvTest, MissingFileIsNotFound) {
  ReadResult r = ReadPath(dir_ / "none.csv", GlossaryFormat::kCsv);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(ErrorCode::kNotFound, r.error->code);
}

// --- OmegaT reads our export -----------------------------------------------------------

constexpr const char* kOmegaTJar = "/usr/share/omegat/OmegaT.jar";

TEST_F(GlossaryCsvTest, OmegaTsOwnGlossaryReaderTsvReadsOurExport) {
  std::string checker = SharedPath("tools/consumers/OmtCheck.java");
  if (!std::filesystem::exists(kOmegaTJar)) GTEST_SKIP() << kOmegaTJar << " is missing (Debian package omegat)";
  if (RunShell("command -v java").exit_code != 0) GTEST_SKIP() << "java is missing (Debian package default-jre)";
  if (!std::filesystem::exists(checker)) GTEST_SKIP() << checker << " is missing";
  TermEntry e = E({T("en", "Donetsk Oblast"), T("en", "Donetsk Region"), T("uk", "Донецька область")},
                  "region of Ukraine");
  Result<std::string> tsv =
      Write("places.txt", GlossaryFormat::kOmegaTsv,
            {e, E({T("en", "Seoul"), T("uk", "Сеул"), T("ko", "서울")})}, {"en", "uk"});
  ASSERT_TRUE(tsv) << tsv.error().message;
  testing::CommandResult run = RunShell(
      "timeout 120 java -Djava.awt.headless=true -Duser.home=" + ShellQuote(dir_.path().string()) +
      " -cp " + kOmegaTJar + " " + ShellQuote(checker) + " tsv " + ShellQuote(dir_ / "places.txt"));
  ASSERT_EQ(0, run.exit_code) << run.out << run.err;
  EXPECT_THAT(run.out, HasSubstr("TERM [Donetsk Oblast] -> [Донецька область] comment=[region of Ukraine]"));
  EXPECT_THAT(run.out, HasSubstr("TERM [Donetsk Region] -> [Донецька область] comment=[region of Ukraine]"));
  EXPECT_THAT(run.out, HasSubstr("TERM [Seoul] -> [Сеул] comment=[]"));
  EXPECT_THAT(run.out, HasSubstr("entries=3"));
}

}  // namespace
}  // namespace tmkit
