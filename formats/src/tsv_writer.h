// TsvWriter: writes a bilingual tab-separated file, one unit a line (private;
// reached through OpenWriter in format.h with Format::kTsv). This is what
// `tmkit align --out F.tsv` writes and what TsvReader reads back.
//
// Each line: the source text, a tab, the target text, a tab, the unit's
// confidence (its x-align-confidence prop, "1" when it has none). UTF-8, LF
// line ends, no BOM, no header line, no quoting. TSV carries text only: inline
// codes are dropped, and so are notes, dates and all other props.
//
// The source language is WriteOptions::source_lang, else the unit's own; the
// target is WriteOptions::target_lang, else the unit's one other language. A
// unit lacking one of the two is written with that cell empty.
//
// Add() checks the unit before writing any of it: text that is not UTF-8 or
// holds a tab or a line break (a cell cannot carry them), or a confidence that
// is not a number 0-1, is kInvalidInput naming the unit; a unit with several
// candidate target languages and no target_lang is kInvalidArgument. The file
// appears under its name only when Finish() succeeds.
#ifndef TMKIT_FORMATS_TSV_WRITER_H_
#define TMKIT_FORMATS_TSV_WRITER_H_

#include <memory>
#include <string>

#include "tmkit/formats/format.h"
#include "xml_writer.h"

namespace tmkit {

class TsvWriter final : public UnitWriter {
 public:
  // kInvalidArgument for a language tag in `options` that is not BCP 47;
  // kIOError when the temporary file cannot be created.
  static Result<std::unique_ptr<TsvWriter>> Create(const std::string& path,
                                                   const WriteOptions& options);
  Status Add(const TranslationUnit& unit) override;
  Status Finish() override;

  // The line for `unit` (without its line end), or the error Add() reports.
  // `number` (1-based) names the unit in messages.
  static Result<std::string> FormatRow(const TranslationUnit& unit, const std::string& source_lang,
                                       const std::string& target_lang, uint64_t number);

 private:
  TsvWriter(std::unique_ptr<xml::OutputFile> out, std::string src, std::string tgt)
      : out_(std::move(out)), src_(std::move(src)), tgt_(std::move(tgt)) {}

  std::unique_ptr<xml::OutputFile> out_;
  std::string src_, tgt_;  // normalised; may be empty
  uint64_t units_ = 0;
  bool finished_ = false;
};

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TSV_WRITER_H_
