#include "tsv_reader.h"

#include "tmkit/core/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "tmkit/core/language.h"

namespace tmkit {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::unique_ptr<TsvReader>> TsvReader::Open(const std::string& path,
                                                   const ReadOptions& options) {
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return NotFound("'" + path + "' does not exist");
    return IOError("cannot open '" + path + "' for reading");
  }
  return FromStream(std::move(in), path, options);
}

Result<std::unique_ptr<TsvReader>> TsvReader::FromStream(std::unique_ptr<std::istream> in,
                                                         std::string file,
                                                         const ReadOptions& options) {
  std::string tags[2];
  const std::string* given[2] = {&options.source_lang, &options.target_lang};
  const char* flag[2] = {"--src", "--tgt"};
  for (int i = 0; i < 2; ++i) {
    if (given[i]->empty()) {
      return InvalidArgument(
          "'" + file + "' is TSV, which names no languages: give the source language with --src " +
          "and the target language with --tgt (e.g. --src en --tgt uk)");
    }
    Result<std::string> tag = NormalizeLanguageTag(*given[i]);
    if (!tag) return InvalidArgument(std::string(flag[i]) + ": " + tag.error().message);
    tags[i] = *tag;
  }
  return std::unique_ptr<TsvReader>(
      new TsvReader(std::move(in), std::move(file), options, tags[0], tags[1]));
}

TsvReader::TsvReader(std::unique_ptr<std::istream> in, std::string file,
                     const ReadOptions& options, std::string src, std::string tgt)
    : in_(std::move(in)),
      file_(std::move(file)),
      options_(options),
      src_(std::move(src)),
      tgt_(std::move(tgt)) {
  header_.source_lang = src_;
}

bool TsvReader::ReadLine(std::string* line) {
  line->clear();
  std::streambuf* buf = in_->rdbuf();
  bool any = false;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) break;
    any = true;
    ++bytes_;
    if (c == '\n') break;
    // One byte past the limit is kept so that ParseRow can tell.
    if (line->size() <= kMaxLineBytes) line->push_back(static_cast<char>(c));
  }
  if (!any) return false;
  ++line_;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  if (line_ == 1 && line->starts_with("\xEF\xBB\xBF")) line->erase(0, 3);
  return true;
}

Error TsvReader::RowError(std::string message, bool skippable) const {
  return Error{ErrorCode::kInvalidInput, file_ + ":" + std::to_string(line_) + ": " + message,
               skippable};
}

void TsvReader::Warn(const std::string& message) {
  if (!options_.reporter) return;
  options_.reporter->Report(Problem{Problem::Severity::kWarning, file_, line_, message});
}

Result<bool> TsvReader::ParseRow(std::string_view line, TranslationUnit* unit) {
  if (line.size() > kMaxLineBytes) {
    return std::unexpected(Error{ErrorCode::kResourceLimit,
                                 file_ + ":" + std::to_string(line_) +
                                     ": a line longer than 1 MB; is this a TSV file (one "
                                     "sentence pair a line)?"});
  }
  if (line_ == 1 && (line.starts_with("\xFF\xFE") || line.starts_with("\xFE\xFF"))) {
    return std::unexpected(RowError(
        "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8", false));
  }
  if (line.find('\0') != std::string_view::npos) {
    return std::unexpected(RowError(
        "expected UTF-8 text, found a NUL byte (is the file UTF-16?); save it as UTF-8", false));
  }
  if (size_t bad = FirstInvalidUtf8(line); bad != std::string_view::npos) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[bad]));
    return std::unexpected(RowError("not valid UTF-8 (byte " + std::string(hex) + " at column " +
                                        std::to_string(bad + 1) +
                                        " of the line); save the file as UTF-8",
                                    false));
  }
  if (std::all_of(line.begin(), line.end(), IsSpace)) return false;  // blank line

  std::vector<std::string_view> cells;
  for (size_t from = 0;;) {
    size_t tab = line.find('\t', from);
    cells.push_back(line.substr(from, tab == std::string_view::npos ? line.npos : tab - from));
    if (tab == std::string_view::npos) break;
    from = tab + 1;
  }
  if (cells.size() != 2 && cells.size() != 3) {
    std::string message =
        "expected 2 or 3 tab-separated columns, found " + std::to_string(cells.size());
    message += cells.size() == 1 ? " (separate the source and the target with a tab)"
                                 : " (source, target, confidence; a cell cannot hold a tab)";
    return std::unexpected(RowError(message, true));
  }
  for (std::string_view& cell : cells) cell = Trim(cell);
  for (size_t i = 0; i < cells.size(); ++i) {
    for (char ch : cells[i]) {
      auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c == 0x7F) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "U+%04X", c);
        return std::unexpected(RowError("column " + std::to_string(i + 1) + " holds " + hex +
                                            " (a control character); remove it",
                                        true));
      }
    }
  }

  std::string confidence;
  if (cells.size() == 3 && !cells[2].empty()) {
    std::string text(cells[2]);
    for (char& c : text) {
      if (c == ',') c = '.';  // a decimal comma (spreadsheets in uk, ru, de, fr)
    }
    double value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < 0 || value > 1) {
      return std::unexpected(RowError(
          "expected a confidence between 0 and 1 in column 3, found " + QuotedForMessage(cells[2]),
          true));
    }
    confidence = std::move(text);
  }

  std::string_view source = cells[0], target = cells[1];
  std::string previous = previous_source_;
  if (!source.empty()) previous_source_ = std::string(source);
  if (source.empty() && target.empty()) {
    Warn("both the source and the target are empty; row skipped");
    return false;
  }
  if (source.empty() || target.empty()) {
    Warn("only the " + std::string(source.empty() ? "target (" + tgt_ : "source (" + src_) +
         ") side has text (a sentence left unaligned); row skipped");
    return false;
  }

  *unit = TranslationUnit();
  unit->source_lang = src_;
  unit->variants.resize(2);
  unit->variants[0].lang = src_;
  unit->variants[0].segment.text = std::string(source);
  unit->variants[1].lang = tgt_;
  unit->variants[1].segment.text = std::string(target);
  if (!confidence.empty()) {
    unit->props.push_back(Prop{.type = std::string(kAlignConfidenceProp), .text = confidence, .lang = {}, .encoding = {}});
  }
  if (!previous.empty()) {
    unit->props.push_back(Prop{.type = std::string(kContextPreProp), .text = previous, .lang = {}, .encoding = {}});
  }
  return true;
}

Result<bool> TsvReader::Next(TranslationUnit* unit) {
  std::string line;
  while (ReadLine(&line)) {
    Result<bool> row = ParseRow(line, unit);
    if (row) {
      if (*row) return true;
      continue;
    }
    if (!row.error().skippable || options_.on_error == OnBadInput::kFail) {
      return std::unexpected(row.error());
    }
    if (options_.reporter) {
      std::string message = row.error().message;
      std::string where = file_ + ":" + std::to_string(line_) + ": ";
      if (message.starts_with(where)) message.erase(0, where.size());
      options_.reporter->Report(Problem{Problem::Severity::kSkipped, file_, line_, message});
    }
  }
  if (in_->bad()) {
    return IOError("reading '" + file_ + "' failed after line " + std::to_string(line_));
  }
  return false;
}

}  // namespace tmkit
