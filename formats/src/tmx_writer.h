// TmxWriter: writes TMX 1.4 valid against tmx14.dtd (private; reached through
// OpenWriter in format.h). See doc/formats/tmx.md.
//
// The header carries every attribute the DTD requires; the source <tuv> comes
// first in each <tu>; dates are YYYYMMDDThhmmssZ; inline codes are written
// back as bpt/ept/it/ph/hi/ut with their native data; nothing is
// pretty-printed inside <seg>.
//
// Add() checks every string of the unit it would write (text, codes, props,
// notes, ids, attributes) before writing any of it: invalid UTF-8 or a
// character XML 1.0 cannot carry (U+0001, U+FFFE, ...) is kInvalidInput naming
// the unit and the place, and nothing of that unit reaches the file. The file
// appears under its name only when Finish() succeeds.
#ifndef TMKIT_FORMATS_TMX_WRITER_H_
#define TMKIT_FORMATS_TMX_WRITER_H_

#include <memory>
#include <string>

#include "tmkit/formats/format.h"
#include "xml_writer.h"

namespace tmkit {

class TmxWriter final : public UnitWriter {
 public:
  static Result<std::unique_ptr<TmxWriter>> Create(const std::string& path,
                                                   const WriteOptions& options);
  Status Add(const TranslationUnit& unit) override;
  Status Finish() override;

  // Appends the TMX markup of `segment` (the content of <seg>) to `out`.
  // kInvalidInput (and `out` unchanged) if its text, native code or a
  // sub-flow holds invalid UTF-8 or a character XML 1.0 cannot carry.
  static Status AppendSegment(const Segment& segment, std::string* out);

 private:
  TmxWriter(std::unique_ptr<xml::OutputFile> out, const WriteOptions& options)
      : out_(std::move(out)), options_(options) {}
  void WriteHeader();

  std::unique_ptr<xml::OutputFile> out_;
  WriteOptions options_;
  std::string header_srclang_;
  bool finished_ = false;
};

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TMX_WRITER_H_
