#include "delimited_text.h"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tmkit/core/text.h"

namespace tmkit::delimited {
namespace {

constexpr size_t kChunk = size_t{1} << 16;

std::string Hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// The value of "coding" in an Emacs magic comment on `line` ("# -*- coding:
// utf-8 -*-", "# -*- mode: text; coding: cp1251 -*-"), as OmegaT's
// MagicComment reads it; empty when there is none.
std::string MagicCoding(std::string_view line) {
  if (!line.starts_with("#")) return {};
  size_t open = line.find("-*- ");
  if (open == std::string_view::npos) return {};
  size_t start = open + 4;
  size_t end = line.find(" -*-", start);
  if (end == std::string_view::npos) return {};
  std::string_view body = line.substr(start, end - start);
  while (!body.empty()) {
    size_t semi = body.find(';');
    std::string_view command = body.substr(0, semi);
    body = semi == std::string_view::npos ? std::string_view() : body.substr(semi + 1);
    size_t colon = command.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = TrimJava(command.substr(0, colon));
    std::string_view value = TrimJava(command.substr(colon + 1));
    if (key == "coding" && !value.empty()) return std::string(value);
  }
  return {};
}

void AppendUtf8(const UChar* u, int32_t n, std::string* out) {
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U16_NEXT(u, i, n, c);
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (c >> 12)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (c >> 18)));
      out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

}  // namespace

std::string_view TrimJava(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

int FirstControl(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return c;
  }
  return -1;
}

// --- DelimitedInput ----------------------------------------------------------

DelimitedInput::DelimitedInput(std::unique_ptr<std::istream> in, std::string file)
    : in_(std::move(in)), file_(std::move(file)) {}

DelimitedInput::~DelimitedInput() {
  if (converter_) ucnv_close(converter_);
}

Result<std::unique_ptr<DelimitedInput>> DelimitedInput::Open(const std::string& path,
                                                             bool magic_comment) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return NotFound("'" + path + "' does not exist");
    return IOError("cannot open '" + path + "' for reading");
  }
  return FromStream(std::move(in), path, magic_comment);
}

Result<std::unique_ptr<DelimitedInput>> DelimitedInput::FromStream(std::unique_ptr<std::istream> in,
                                                                   std::string file,
                                                                   bool magic_comment) {
  std::unique_ptr<DelimitedInput> input(new DelimitedInput(std::move(in), std::move(file)));
  if (Status s = input->Start(magic_comment); !s) return std::unexpected(s.error());
  return input;
}

Status DelimitedInput::Start(bool magic_comment) {
  // Enough bytes for a BOM and, usually, the whole first line.
  raw_.resize(kChunk);
  in_->read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
  raw_.resize(static_cast<size_t>(in_->gcount()));
  bytes_ += raw_.size();
  if (raw_.size() < kChunk) eof_ = true;
  if (in_->bad()) return IOError("reading '" + file_ + "' failed");

  std::string_view head(raw_);
  std::string name;
  size_t bom = 0;
  if (head.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) {
    name = "UTF-32LE", bom = 4;
  } else if (head.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) {
    name = "UTF-32BE", bom = 4;
  } else if (head.starts_with("\xEF\xBB\xBF")) {
    name = "UTF-8", bom = 3;
  } else if (head.starts_with("\xFF\xFE")) {
    name = "UTF-16LE", bom = 2;
  } else if (head.starts_with("\xFE\xFF")) {
    name = "UTF-16BE", bom = 2;
  }
  had_bom_ = bom > 0;
  raw_.erase(0, bom);
  if (!had_bom_ && magic_comment) {
    std::string_view first(raw_);
    first = first.substr(0, first.find_first_of("\r\n"));
    name = MagicCoding(first);
  }
  if (!name.empty()) {
    // ICU skips what is not a letter or digit when it matches a name
    // ("u\xD7tf-7" opens UTF-7): only plain names are names here.
    const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
             c == ':';
    });
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = plain ? ucnv_open(name.c_str(), &status) : nullptr;
    if (U_FAILURE(status) || !converter) {
      return InvalidInput(file_ + ":1: expected an encoding name in the coding comment (utf-8, " +
                          "windows-1251, ...), found '" + ForMessage(name) + "', which is not one; fix the " +
                          "'-*- coding: X -*-' line");
    }
    std::string canonical = ucnv_getName(converter, &status);
    if (canonical == "UTF-8") {
      ucnv_close(converter);
    } else {
      converter_ = converter;
      ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    }
    encoding_ = name;
    if (name == "UTF-8" || canonical == "UTF-8") encoding_ = "UTF-8";
  }
  if (!converter_) {
    decoded_ = std::move(raw_);
    raw_.clear();
  } else {
    // Decode what has been read so far (raw_ holds it, the BOM dropped).
    Fill();
  }
  return {};
}

bool DelimitedInput::Fill() {
  if (!converter_) {
    if (eof_) return false;
    size_t old = decoded_.size();
    decoded_.resize(old + kChunk);
    in_->read(decoded_.data() + old, static_cast<std::streamsize>(kChunk));
    size_t got = static_cast<size_t>(in_->gcount());
    decoded_.resize(old + got);
    bytes_ += got;
    if (got < kChunk) eof_ = true;
    return got > 0;
  }
  // raw_ holds bytes still to decode (from Start()); read more unless at the end.
  bool at_end = eof_;
  if (!at_end && raw_.size() < kChunk) {
    size_t old = raw_.size();
    raw_.resize(old + kChunk);
    in_->read(raw_.data() + old, static_cast<std::streamsize>(kChunk));
    size_t got = static_cast<size_t>(in_->gcount());
    raw_.resize(old + got);
    bytes_ += got;
    if (got < kChunk) at_end = true;
  }
  if (raw_.empty() && at_end) {
    // Flush the converter: a truncated character at the end is an error.
    UChar buf[16];
    UChar* target = buf;
    const char* source = raw_.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(converter_, &target, buf + 16, &source, source, nullptr, true, &status);
    if (U_FAILURE(status)) decode_error_ = "a character cut short at the end of the file";
    AppendUtf8(buf, static_cast<int32_t>(target - buf), &decoded_);
    eof_ = true;
    return false;
  }
  std::vector<UChar> buf(raw_.size() + 16);
  UChar* target = buf.data();
  const char* source = raw_.data();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_toUnicode(converter_, &target, buf.data() + buf.size(), &source, raw_.data() + raw_.size(),
                 nullptr, at_end, &status);
  AppendUtf8(buf.data(), static_cast<int32_t>(target - buf.data()), &decoded_);
  if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) {
    char bytes[64];
    int8_t len = sizeof bytes;
    UErrorCode s2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter_, bytes, &len, &s2);
    std::string shown;
    for (int8_t i = 0; i < len && U_SUCCESS(s2); ++i) {
      if (!shown.empty()) shown += ' ';
      shown += Hex(static_cast<unsigned char>(bytes[i]));
    }
    decode_error_ = "the bytes " + shown;
    raw_.clear();
    eof_ = true;
    return false;
  }
  raw_.erase(0, static_cast<size_t>(source - raw_.data()));
  if (at_end && raw_.empty()) eof_ = true;
  return true;
}

Error DelimitedInput::LineError(ErrorCode code, const std::string& message) const {
  return Error{code, file_ + ":" + std::to_string(line_) + ": " + message, false};
}

Result<bool> DelimitedInput::ReadLine(std::string* line) {
  if (pos_ >= kChunk) {
    decoded_.erase(0, pos_);
    pos_ = 0;
  }
  size_t from = pos_;
  while (true) {
    size_t end = decoded_.find_first_of("\r\n", from);
    if (end != std::string::npos) {
      if (decoded_[end] == '\r' && end + 1 == decoded_.size() && !eof_) {
        from = end;  // is it CRLF? read on
        Fill();
        continue;
      }
      line->assign(decoded_, pos_, end - pos_);
      pos_ = end + 1;
      if (decoded_[end] == '\r' && pos_ < decoded_.size() && decoded_[pos_] == '\n') ++pos_;
      break;
    }
    if (decoded_.size() - pos_ > kMaxLineBytes) {
      ++line_;
      return std::unexpected(LineError(
          ErrorCode::kResourceLimit,
          "expected lines of at most 1 MiB, found a longer one; is this a glossary file?"));
    }
    from = decoded_.size();
    if (eof_ || !Fill()) {
      if (!eof_) continue;
      if (decoded_.find_first_of("\r\n", pos_) != std::string::npos) continue;
      if (!decode_error_.empty()) {
        ++line_;
        return std::unexpected(LineError(
            ErrorCode::kInvalidInput, "expected text in " + encoding_ + ", found " + decode_error_ +
                                          " that are not " + encoding_ +
                                          "; is the file in another encoding?"));
      }
      if (pos_ >= decoded_.size()) {
        if (in_->bad()) return IOError("reading '" + file_ + "' failed after line " +
                                       std::to_string(line_));
        return false;
      }
      line->assign(decoded_, pos_, std::string::npos);
      pos_ = decoded_.size();
      break;
    }
  }
  ++line_;
  if (line->size() > kMaxLineBytes) {
    return std::unexpected(LineError(
        ErrorCode::kResourceLimit,
        "expected lines of at most 1 MiB, found a longer one; is this a glossary file?"));
  }
  if (size_t nul = line->find('\0'); nul != std::string::npos) {
    return std::unexpected(LineError(
        ErrorCode::kInvalidInput,
        "expected text, found a NUL byte at column " + std::to_string(nul + 1) +
            " (is the file UTF-16 without a byte order mark?); save it as UTF-8"));
  }
  if (!converter_) {
    if (size_t bad = FirstInvalidUtf8(*line); bad != std::string::npos) {
      return std::unexpected(LineError(
          ErrorCode::kInvalidInput,
          "expected UTF-8, found the byte " + Hex(static_cast<unsigned char>((*line)[bad])) +
              " at column " + std::to_string(bad + 1) +
              " (not UTF-8); save the file as UTF-8 (OmegaT TSV may name its encoding "
              "on a first line '# -*- coding: windows-1251 -*-')"));
    }
  }
  return true;
}

// --- CSV ---------------------------------------------------------------------

Result<bool> CsvRecordReader::Next(std::vector<std::string>* cells, int* first_line,
                                   std::string* raw_first_line) {
  cells->clear();
  std::string line;
  Result<bool> more = in_->ReadLine(&line);
  if (!more || !*more) return more;
  *first_line = in_->line();
  if (raw_first_line) *raw_first_line = line;
  std::string cell;
  bool in_quotes = false, started = false;
  size_t quote_column = 0, total = line.size();
  while (true) {
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (in_quotes) {
        if (c == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cell.push_back('"');
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          cell.push_back(c);
        }
      } else if (c == delimiter_) {
        cells->push_back(std::move(cell));
        cell.clear();
        started = false;
      } else if (c == '"' && !started) {
        in_quotes = started = true;
        cell.clear();  // spaces before the opening quote
        quote_column = cells->size() + 1;
      } else {
        if (c != ' ') started = true;
        cell.push_back(c);
      }
    }
    if (!in_quotes) break;
    Result<bool> next = in_->ReadLine(&line);
    if (!next) return std::unexpected(next.error());
    if (!*next) {
      return InvalidInput(in_->file() + ":" + std::to_string(*first_line) +
                          ": expected a closing quote (\") for the cell that opens in column " +
                          std::to_string(quote_column) + " of this line, found the end of the file");
    }
    total += line.size() + 1;
    if (total > kMaxRecordBytes) {
      return ResourceLimit(in_->file() + ":" + std::to_string(*first_line) +
                           ": expected a closing quote (\") for the cell that opens in column " +
                           std::to_string(quote_column) +
                           " of this line, found more than 1 MiB of text without one");
    }
    cell.push_back('\n');
  }
  cells->push_back(std::move(cell));
  return true;
}

std::vector<std::string> SplitCsvLine(std::string_view line, char delimiter) {
  std::vector<std::string> cells;
  std::string cell;
  bool in_quotes = false, started = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        cell.push_back(c);
      }
    } else if (c == delimiter) {
      cells.push_back(std::move(cell));
      cell.clear();
      started = false;
    } else if (c == '"' && !started) {
      in_quotes = started = true;
      cell.clear();
    } else {
      if (c != ' ') started = true;
      cell.push_back(c);
    }
  }
  cells.push_back(std::move(cell));
  return cells;
}

char SniffDelimiter(std::string_view header_line) {
  size_t comma = 0, semicolon = 0, tab = 0;
  bool in_quotes = false;
  for (char c : header_line) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (tab > comma && tab > semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}

void AppendCsvCell(std::string_view cell, char delimiter, std::string* out) {
  bool quote = !cell.empty() && (cell.front() == ' ' || cell.back() == ' ' ||
                                 cell.front() == '\t' || cell.back() == '\t' ||
                                 cell.front() == '#');
  for (char c : cell) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') quote = true;
  }
  if (!quote) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace tmkit::delimited
