// Reading and writing delimited text (private to tmkit_formats): the layer
// under the glossary readers of delimited_glossary.cc (OmegaT TSV, CSV with a
// header row, MateCat CSV).
//
// DelimitedInput turns a file in any encoding into UTF-8 lines:
//   1. a byte order mark decides first (UTF-8, UTF-16LE/BE, UTF-32LE/BE);
//   2. else, when asked (OmegaT TSV), a first line starting with '#' that
//      holds the Emacs magic comment "-*- coding: X -*-" names the encoding
//      (any name ICU's converters know: windows-1251, latin-1, utf-16le ...);
//   3. else UTF-8, checked strictly.
// Lines end at LF, CRLF or a lone CR (Java's readLine, as OmegaT reads them);
// the BOM is never part of a line. A line longer than kMaxLineBytes, a NUL
// byte, invalid UTF-8 or bytes the named encoding cannot decode fail with
// "file:line: ...", so memory stays bounded by one line however hostile the
// file.
//
// CsvRecordReader reads RFC 4180 records on top of it: cells separated by a
// delimiter, quoted with '"', '""' for a quote, delimiters and line breaks
// allowed inside quotes (a record may span lines, kMaxRecordBytes in all).
// It is lenient where spreadsheets are: a quote opens a quoted cell only at
// the cell's start (after spaces), text after a closing quote is kept.
//
// Thread-safety: one reader per thread; the free functions are pure.
#ifndef TMKIT_FORMATS_DELIMITED_TEXT_H_
#define TMKIT_FORMATS_DELIMITED_TEXT_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/text.h"  // FirstInvalidUtf8

struct UConverter;

namespace tmkit::delimited {

inline constexpr size_t kMaxLineBytes = size_t{1} << 20;    // 1 MiB
inline constexpr size_t kMaxRecordBytes = size_t{1} << 20;  // a CSV record, all its lines

class DelimitedInput {
 public:
  // Opens `path`; kNotFound / kIOError name the file. `magic_comment`: honour
  // "-*- coding: X -*-" on a first '#' line (kInvalidInput "file:1: ..." when
  // ICU knows no encoding X).
  static Result<std::unique_ptr<DelimitedInput>> Open(const std::string& path, bool magic_comment);
  // Reads from `in`; `file` names it in messages (tests).
  static Result<std::unique_ptr<DelimitedInput>> FromStream(std::unique_ptr<std::istream> in,
                                                            std::string file, bool magic_comment);
  ~DelimitedInput();
  DelimitedInput(const DelimitedInput&) = delete;
  DelimitedInput& operator=(const DelimitedInput&) = delete;

  // The next line as UTF-8 without its line end: true; false at the end; an
  // error "file:line: ..." (never skippable: the file is unreadable from
  // there on).
  Result<bool> ReadLine(std::string* line);

  int line() const { return line_; }  // the number of the last line read, 1-based
  uint64_t bytes_read() const { return bytes_; }
  const std::string& file() const { return file_; }
  // The encoding the file is read in: "UTF-8", "UTF-16LE", or the name from
  // the magic comment as ICU knows it.
  const std::string& encoding() const { return encoding_; }
  bool had_bom() const { return had_bom_; }

 private:
  DelimitedInput(std::unique_ptr<std::istream> in, std::string file);
  Status Start(bool magic_comment);
  // Appends more decoded UTF-8 to decoded_; false at the end of the input
  // (or at a decoding error, kept in decode_error_).
  bool Fill();
  Error LineError(ErrorCode code, const std::string& message) const;

  std::unique_ptr<std::istream> in_;
  std::string file_;
  std::string encoding_ = "UTF-8";
  bool had_bom_ = false;
  UConverter* converter_ = nullptr;  // null: UTF-8 passed through
  std::string raw_;                  // bytes read but not yet decoded (converter_ only)
  std::string decoded_;              // UTF-8 not yet returned as lines
  size_t pos_ = 0;                   // start of the unread part of decoded_
  bool eof_ = false;
  std::string decode_error_;  // what the converter could not decode, if anything
  uint64_t bytes_ = 0;
  int line_ = 0;
};

class CsvRecordReader {
 public:
  // Reads from `input` (not owned; it must outlive the reader).
  CsvRecordReader(DelimitedInput* input, char delimiter) : in_(input), delimiter_(delimiter) {}

  // The next record's cells (untrimmed; line breaks inside quotes as "\n"):
  // true; false at the end; an error "file:line: ..." (an unterminated quote
  // names the line it opened on). `*first_line` gets the record's first line,
  // `*raw_first_line` that line as written (for '#' comments and blank lines).
  Result<bool> Next(std::vector<std::string>* cells, int* first_line,
                    std::string* raw_first_line = nullptr);
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }

 private:
  DelimitedInput* in_;
  char delimiter_;
};

// Splits one CSV line (no line breaks inside quotes expected; an open quote
// runs to the end) into cells: for sniffing headers (LooksLikeMateCat).
std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter);

// The delimiter of a header line: the most frequent of ',', ';' and TAB
// outside quotes (header cells hold none of them); ',' when none is found.
char SniffDelimiter(std::string_view header_line);

// `s` without leading and trailing characters <= U+0020 (Java's
// String.trim(), as OmegaT trims every field).
std::string_view TrimJava(std::string_view s);

// The first C0 control other than TAB, LF and CR (or DEL), or -1.
int FirstControl(std::string_view s);

// Appends `cell` to `out` as a CSV cell: quoted when it holds the delimiter,
// a quote, a line break, leading or trailing spaces, or starts with '#'.
void AppendCsvCell(std::string_view cell, char delimiter, std::string* out);

}  // namespace tmkit::delimited

#endif  // TMKIT_FORMATS_DELIMITED_TEXT_H_
