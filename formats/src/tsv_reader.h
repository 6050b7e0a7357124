// TsvReader: reads a bilingual tab-separated file, such as the one `tmkit
// align --out F.tsv` writes and a reviewer corrects (private; reached through
// OpenReader in format.h with Format::kTsv).
//
// One row a line: source text, a tab, target text, and optionally a tab and
// the link's confidence (a number 0-1; a decimal comma is accepted). UTF-8
// (a BOM is dropped), LF or CRLF line ends, no header line, no quoting; cells
// are trimmed of spaces. The file names no languages: ReadOptions::source_lang
// and target_lang do, and both are required.
//
// Each row becomes a unit: source variant, target variant, source_lang = the
// source language, the prop x-align-confidence when the row has one, and
// x-context-pre = the source text of the previous row that has one (so that
// units re-imported from an aligned article keep their 101 context matches).
//
// Not errors: blank lines are skipped; a row with one side empty (a sentence
// the aligner left unaligned) or both is skipped with a warning naming its
// line. Errors "file:line: ...": a row with other than 2 or 3 columns, a
// confidence that is not a number 0-1, a control character in a cell (these
// are skippable under OnBadInput::kSkip); invalid UTF-8, NUL bytes or a
// UTF-16 file (the whole file is in the wrong encoding: never skippable).
//
// Memory stays bounded by one line (at most kMaxLineBytes).
// Thread-safety: one reader per thread.
#ifndef TMKIT_FORMATS_TSV_READER_H_
#define TMKIT_FORMATS_TSV_READER_H_

#include <istream>
#include <memory>
#include <string>

#include "tmkit/formats/format.h"

namespace tmkit {

class TsvReader final : public UnitReader {
 public:
  static constexpr size_t kMaxLineBytes = 1 << 20;

  // Opens `path`. kInvalidArgument when options.source_lang or target_lang is
  // missing or not a BCP 47 tag; kNotFound / kIOError naming the file.
  static Result<std::unique_ptr<TsvReader>> Open(const std::string& path,
                                                 const ReadOptions& options);
  // Reads from `in` (tests); `file` names the document in messages.
  static Result<std::unique_ptr<TsvReader>> FromStream(std::unique_ptr<std::istream> in,
                                                       std::string file,
                                                       const ReadOptions& options);

  Result<bool> Next(TranslationUnit* unit) override;
  const FileHeader& header() const override { return header_; }
  uint64_t bytes_read() const override { return bytes_; }

 private:
  TsvReader(std::unique_ptr<std::istream> in, std::string file, const ReadOptions& options,
            std::string src, std::string tgt);
  // The next line without its line end (and the BOM on line 1): false at the end.
  bool ReadLine(std::string* line);
  // Fills `*unit` from the current line: true; false for a row that is
  // skipped without error (blank, one-sided); an error "file:line: ...".
  Result<bool> ParseRow(std::string_view line, TranslationUnit* unit);
  Error RowError(std::string message, bool skippable) const;
  void Warn(const std::string& message);

  std::unique_ptr<std::istream> in_;
  std::string file_;
  ReadOptions options_;
  std::string src_, tgt_;  // normalised tags
  FileHeader header_;
  std::string previous_source_;  // for x-context-pre
  uint64_t bytes_ = 0;
  int line_ = 0;
};

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TSV_READER_H_
