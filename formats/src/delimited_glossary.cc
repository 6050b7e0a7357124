// Delimited glossary files: OmegaT TSV, CSV with a header row naming the
// languages, MateCat's glossary CSV. The layouts, and every decision about
// them, are in doc/formats/glossary-csv.md; tests/formats/glossary_csv_test.cc
// is the specification by example.
#include "delimited_glossary.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "delimited_text.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "xml_writer.h"

namespace tmkit {
namespace {

using delimited::CsvRecordReader;
using delimited::DelimitedInput;
using delimited::TrimJava;

constexpr std::string_view kOmegaTsvHeader =
    "# Glossary in tab-separated format -*- coding: utf-8 -*-";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Nfc(std::string_view s) { return ToNfc(s); }

Term MakeTerm(std::string lang, std::string text) {
  Term t;
  t.lang = std::move(lang);
  t.text = std::move(text);
  return t;
}

// A language column's tag: "en", "uk-UA", "es_ES", or "English (en)"; the
// primary subtag must have 2 or 3 letters (ISO 639), so that words such as
// "subject" or "comments" are never taken for languages. nullopt otherwise.
std::optional<std::string> HeaderLanguage(std::string_view cell) {
  cell = TrimJava(cell);
  if (cell.ends_with(")")) {
    size_t open = cell.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    cell = TrimJava(cell.substr(open + 1, cell.size() - open - 2));
  }
  if (cell.empty()) return std::nullopt;
  for (char c : cell) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return std::nullopt;
  }
  size_t primary = cell.find_first_of("-_");
  if (primary == std::string_view::npos) primary = cell.size();
  if (primary < 2 || primary > 3) return std::nullopt;
  for (size_t i = 0; i < primary; ++i) {
    if (!std::isalpha(static_cast<unsigned char>(cell[i]))) return std::nullopt;
  }
  Result<std::string> tag = NormalizeLanguageTag(cell);
  if (!tag) return std::nullopt;
  return *tag;
}

std::optional<bool> ParseYesNo(std::string_view text) {
  std::string s = Lower(TrimJava(text));
  if (s.empty() || s == "false" || s == "no" || s == "0" || s == "n") return false;
  if (s == "true" || s == "yes" || s == "1" || s == "x" || s == "y") return true;
  return std::nullopt;
}

// --- the reader side ---------------------------------------------------------

enum class Row { kEntry, kSkipped, kEnd };

// What every delimited reader shares: the input, skipping under
// OnBadInput::kSkip, warnings with the row's line.
class DelimitedReader : public EntryReader {
 public:
  DelimitedReader(std::unique_ptr<DelimitedInput> input, const GlossaryReadOptions& options)
      : input_(std::move(input)), options_(options) {}

  Result<bool> Next(TermEntry* entry) final {
    while (true) {
      Result<Row> row = NextRow(entry);
      if (row) {
        if (*row == Row::kEntry) return true;
        if (*row == Row::kEnd) return false;
        continue;
      }
      if (!row.error().skippable || options_.on_error == OnBadInput::kFail) {
        return std::unexpected(row.error());
      }
      if (options_.reporter) {
        std::string message = row.error().message;
        std::string where = file() + ":" + std::to_string(row_line_) + ": ";
        if (message.starts_with(where)) message.erase(0, where.size());
        options_.reporter->Report(
            Problem{Problem::Severity::kSkipped, file(), row_line_, std::move(message)});
      }
    }
  }
  uint64_t bytes_read() const final { return input_->bytes_read(); }

 protected:
  // Fills `*entry` from the next row: kEntry; kSkipped for a row passed over
  // (a comment, a blank line, a warning given); kEnd; an error.
  virtual Result<Row> NextRow(TermEntry* entry) = 0;

  const std::string& file() const { return input_->file(); }
  std::unexpected<Error> RowError(const std::string& message, bool skippable = true) const {
    return std::unexpected(Error{ErrorCode::kInvalidInput,
                                 file() + ":" + std::to_string(row_line_) + ": " + message,
                                 skippable});
  }
  void Warn(const std::string& message) const {
    if (!options_.reporter) return;
    options_.reporter->Report(Problem{Problem::Severity::kWarning, file(), row_line_, message});
  }
  // A skippable error naming the column when `cell` holds a control character.
  std::optional<std::unexpected<Error>> CheckControls(std::string_view cell, size_t column) const {
    int c = delimited::FirstControl(cell);
    if (c < 0) return std::nullopt;
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", c);
    return RowError("expected text in column " + std::to_string(column) + ", found " + hex +
                    " (a control character); remove it");
  }

  std::unique_ptr<DelimitedInput> input_;
  GlossaryReadOptions options_;
  int row_line_ = 0;
};

// An entry of two terms (OmegaT: source, target, comment); the shared rules
// of OmegaT's TSV and headerless CSV for `fields` (trimmed): fewer than 2 or
// an empty source is skipped with a warning; an empty target keeps the source
// term alone (as OmegaT keeps the entry), with a warning.
Row TwoColumnEntry(const std::vector<std::string_view>& fields, const std::string& src,
                   const std::string& tgt, const std::function<void(const std::string&)>& warn,
                   const char* separator, TermEntry* entry) {
  if (fields.size() < 2) {
    warn(std::string("expected source") + separator + "target" + separator +
         "[comment], found " + (fields.empty() ? "no text" : "one field") + "; line skipped");
    return Row::kSkipped;
  }
  if (fields[0].empty()) {
    warn("expected a source term in column 1, found it empty; line skipped");
    return Row::kSkipped;
  }
  *entry = TermEntry();
  entry->terms.push_back(MakeTerm(src, Nfc(fields[0])));
  if (!fields[1].empty()) {
    entry->terms.push_back(MakeTerm(tgt, Nfc(fields[1])));
  } else {
    warn("the target (column 2) is empty; the entry has its source term only");
  }
  if (fields.size() >= 3) entry->note = Nfc(fields[2]);
  return Row::kEntry;
}

class OmegaTsvReader final : public DelimitedReader {
 public:
  OmegaTsvReader(std::unique_ptr<DelimitedInput> input, const GlossaryReadOptions& options,
                 std::string src, std::string tgt)
      : DelimitedReader(std::move(input), options), src_(std::move(src)), tgt_(std::move(tgt)) {}

 protected:
  Result<Row> NextRow(TermEntry* entry) override {
    std::string line;
    Result<bool> more = input_->ReadLine(&line);
    if (!more) return std::unexpected(more.error());
    if (!*more) return Row::kEnd;
    row_line_ = input_->line();
    // U+FEFF left by a magic-comment encoding that has no BOM rule of its own.
    if (row_line_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.starts_with("#")) return Row::kSkipped;
    if (TrimJava(line).empty()) return Row::kSkipped;
    // Java's split("\t"): trailing empty fields are dropped before trimming.
    std::vector<std::string_view> fields;
    std::string_view rest(line);
    for (size_t from = 0;;) {
      size_t tab = rest.find('\t', from);
      fields.push_back(rest.substr(from, tab == std::string_view::npos ? rest.npos : tab - from));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    while (!fields.empty() && fields.back().empty()) fields.pop_back();
    for (size_t i = 0; i < fields.size(); ++i) {
      fields[i] = TrimJava(fields[i]);
      if (i < 3) {
        if (auto e = CheckControls(fields[i], i + 1)) return *e;
      }
    }
    return TwoColumnEntry(fields, src_, tgt_, [this](const std::string& m) { Warn(m); }, " TAB ",
                          entry);
  }

 private:
  std::string src_, tgt_;
};

// --- CSV with a header row ---------------------------------------------------

enum class TermField { kNote, kDefinition, kStatus, kPos, kContext, kSource, kForms, kCase, kExtra };

struct FieldName {
  std::string_view name;
  TermField field;
};
// Header names of term fields, "<lang> <name>"; the first of each is written.
constexpr FieldName kTermFields[] = {
    {"status", TermField::kStatus},       {"pos", TermField::kPos},
    {"part of speech", TermField::kPos},  {"definition", TermField::kDefinition},
    {"context", TermField::kContext},     {"example", TermField::kContext},
    {"example of use", TermField::kContext}, {"note", TermField::kNote},
    {"notes", TermField::kNote},          {"comment", TermField::kNote},
    {"source", TermField::kSource},       {"forms", TermField::kForms},
    {"case sensitive", TermField::kCase},
};
// The order the writer puts term fields in.
constexpr TermField kWrittenFields[] = {TermField::kStatus,  TermField::kPos,
                                        TermField::kDefinition, TermField::kContext,
                                        TermField::kNote,    TermField::kSource,
                                        TermField::kForms,   TermField::kCase};

std::string_view TermFieldName(TermField f) {
  for (const FieldName& n : kTermFields) {
    if (n.field == f) return n.name;
  }
  return "";
}

struct Column {
  enum Kind {
    kIgnored,     // an empty header cell
    kEntryId,     // "entry id"
    kSubject,     // "subject", "subject field", "domain"
    kDefinition,  // "definition", "description"
    kNote,        // "note", "notes", "comment", "comments"
    kEntryExtra,  // "entry <type>"
    kTerm,        // a language
    kTermField,   // "<lang> <field>"
    kRowStatus,   // "status": every term of the row
    kRowPos,      // "pos", "part of speech": every term of the row
  };
  Kind kind = kIgnored;
  std::string lang;        // kTerm, kTermField: normalised
  size_t term_column = 0;  // kTermField: the index of the term column it describes
  TermField field = TermField::kNote;
  std::string type;  // kEntryExtra, kTermField kExtra
  std::string header;  // as written
};

struct CsvHeader {
  std::vector<Column> columns;
  size_t languages = 0;
  std::string problem;  // the first cell that is not a header cell, explained
};

CsvHeader ParseCsvHeader(const std::vector<std::string>& cells) {
  CsvHeader h;
  std::set<std::string> seen;  // concept fields and "<term column>:<field>", for duplicates
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell(TrimJava(cells[i]));
    std::string lower = Lower(cell);
    Column c;
    c.header = cell;
    std::string column = "column " + std::to_string(i + 1) + " " + QuotedForMessage(cell);
    if (cell.empty()) {
      c.kind = Column::kIgnored;
    } else if (lower == "entry id") {
      c.kind = Column::kEntryId;
    } else if (lower == "subject" || lower == "subject field" || lower == "domain") {
      c.kind = Column::kSubject;
    } else if (lower == "definition" || lower == "description") {
      c.kind = Column::kDefinition;
    } else if (lower == "note" || lower == "notes" || lower == "comment" || lower == "comments") {
      c.kind = Column::kNote;
    } else if (lower == "status") {
      c.kind = Column::kRowStatus;
    } else if (lower == "pos" || lower == "part of speech") {
      c.kind = Column::kRowPos;
    } else if (lower.starts_with("entry ")) {
      c.kind = Column::kEntryExtra;
      c.type = std::string(TrimJava(cell.substr(6)));
    } else if (std::optional<std::string> lang = HeaderLanguage(cell)) {
      c.kind = Column::kTerm;
      c.lang = *lang;
      ++h.languages;
    } else if (size_t space = cell.find(' '); space != std::string::npos &&
                                              HeaderLanguage(cell.substr(0, space))) {
      c.kind = Column::kTermField;
      c.lang = *HeaderLanguage(cell.substr(0, space));
      std::string name(TrimJava(cell.substr(space + 1)));
      std::string name_lower = Lower(name);
      c.field = TermField::kExtra;
      c.type = name;
      for (const FieldName& n : kTermFields) {
        if (n.name == name_lower) c.field = n.field, c.type.clear();
      }
      bool found = false;
      for (size_t j = i; j-- > 0;) {
        if (h.columns[j].kind == Column::kTerm && h.columns[j].lang == c.lang) {
          c.term_column = j;
          found = true;
          break;
        }
      }
      if (!found) {
        if (h.problem.empty()) {
          h.problem = column + " comes before any '" + c.lang +
                      "' column; put it after the term column it describes";
        }
        c.kind = Column::kIgnored;
      }
    } else {
      if (h.problem.empty()) {
        h.problem = column + " is neither a language tag (en, uk-UA, 'English (en)') nor a " +
                    "field name (subject, definition, note, status, pos, entry id, " +
                    "'<lang> note', '<lang> definition', '<lang> status', ...)";
      }
      c.kind = Column::kIgnored;
    }
    std::string key;
    switch (c.kind) {
      case Column::kEntryId: case Column::kSubject: case Column::kDefinition:
      case Column::kNote: case Column::kRowStatus: case Column::kRowPos:
        key = std::to_string(static_cast<int>(c.kind));
        break;
      case Column::kEntryExtra:
        key = "entry " + c.type;
        break;
      case Column::kTermField:
        key = std::to_string(c.term_column) + ":" + std::to_string(static_cast<int>(c.field)) +
              ":" + c.type;
        break;
      default:
        break;
    }
    if (!key.empty() && !seen.insert(key).second && h.problem.empty()) {
      h.problem = column + " repeats a field an earlier column already holds";
    }
    h.columns.push_back(std::move(c));
  }
  return h;
}

class CsvGlossaryReader final : public DelimitedReader {
 public:
  CsvGlossaryReader(std::unique_ptr<DelimitedInput> input, const GlossaryReadOptions& options,
                    std::string src, std::string tgt)
      : DelimitedReader(std::move(input), options),
        records_(input_.get(), ','),
        src_(std::move(src)),
        tgt_(std::move(tgt)) {}

  // Reads up to the header row (blank and '#' lines before it are skipped).
  Status ReadHeader() {
    std::string line;
    while (true) {
      Result<bool> more = input_->ReadLine(&line);
      if (!more) return std::unexpected(more.error());
      if (!*more) return {};  // an empty file: no entries
      row_line_ = input_->line();
      if (line.starts_with("#") || TrimJava(line).empty()) continue;
      break;
    }
    char delimiter = delimited::SniffDelimiter(line);
    std::vector<std::string> cells = delimited::SplitCsvLine(line, delimiter);
    header_ = ParseCsvHeader(cells);
    if (header_.problem.empty() && header_.languages > 0) {
      records_.set_delimiter(delimiter);
      return {};
    }
    bool given = !src_.empty() && !tgt_.empty();
    if (given && header_.languages < 2) {
      // OmegaT's headerless CSV: source, target, comment; this line is data.
      headerless_ = true;
      cells = delimited::SplitCsvLine(line, ',');
      pending_ = std::move(cells);
      return {};
    }
    std::string found = header_.problem.empty() ? "no language column" : header_.problem;
    return std::unexpected(Error{
        ErrorCode::kInvalidInput,
        file() + ":" + std::to_string(row_line_) +
            ": expected a header row naming the languages (e.g. 'en,uk,note'), found " + found +
            (given ? "" : "; add a header row, or give --src and --tgt to read OmegaT's "
                          "headerless CSV (source, target, comment)")});
  }

 protected:
  Result<Row> NextRow(TermEntry* entry) override {
    std::vector<std::string> cells;
    std::string raw;
    if (pending_) {
      cells = std::move(*pending_);
      pending_.reset();
      raw = "";
    } else {
      int first = 0;
      Result<bool> more = records_.Next(&cells, &first, &raw);
      if (!more) return std::unexpected(more.error());
      if (!*more) return Row::kEnd;
      row_line_ = first;
    }
    if (headerless_) return Headerless(raw, cells, entry);
    if (header_.columns.empty()) return Row::kEnd;
    return WithHeader(cells, entry);
  }

 private:
  Result<Row> Headerless(const std::string& raw, const std::vector<std::string>& cells,
                         TermEntry* entry) {
    if (raw.starts_with("#")) return Row::kSkipped;
    std::vector<std::string_view> fields;
    bool blank = true;
    for (const std::string& c : cells) {
      fields.push_back(TrimJava(c));
      blank = blank && fields.back().empty();
    }
    if (blank) return Row::kSkipped;
    for (size_t i = 0; i < fields.size() && i < 3; ++i) {
      if (auto e = CheckControls(fields[i], i + 1)) return *e;
    }
    return TwoColumnEntry(fields, src_, tgt_, [this](const std::string& m) { Warn(m); }, ",",
                          entry);
  }

  Result<Row> WithHeader(const std::vector<std::string>& cells, TermEntry* entry) {
    bool blank = true;
    for (const std::string& c : cells) blank = blank && TrimJava(c).empty();
    if (blank) return Row::kSkipped;
    *entry = TermEntry();
    std::map<size_t, size_t> term_at;  // term column → index in entry->terms
    std::string row_status, row_pos;
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string_view value = TrimJava(cells[i]);
      if (value.empty()) continue;
      if (i >= header_.columns.size()) {
        Warn("column " + std::to_string(i + 1) + " has no header; " + QuotedForMessage(value) +
             " ignored");
        continue;
      }
      if (auto e = CheckControls(value, i + 1)) return *e;
      const Column& c = header_.columns[i];
      std::string text = Nfc(value);
      switch (c.kind) {
        case Column::kEntryId: entry->entry_id = text; break;
        case Column::kSubject: entry->subject = text; break;
        case Column::kDefinition: entry->definition = text; break;
        case Column::kNote: entry->note = text; break;
        case Column::kEntryExtra: entry->extra.push_back(Prop{.type = c.type, .text = text, .lang = {}, .encoding = {}}); break;
        case Column::kRowStatus: row_status = text; break;
        case Column::kRowPos: row_pos = text; break;
        case Column::kTerm:
          term_at[i] = entry->terms.size();
          entry->terms.push_back(MakeTerm(c.lang, FoldWhitespace(text)));
          break;
        case Column::kTermField:
        case Column::kIgnored:
          break;
      }
    }
    // Term fields, now that the terms are known.
    for (size_t i = 0; i < cells.size() && i < header_.columns.size(); ++i) {
      const Column& c = header_.columns[i];
      std::string_view value = TrimJava(cells[i]);
      if (c.kind != Column::kTermField || value.empty()) continue;
      auto at = term_at.find(c.term_column);
      if (at == term_at.end()) {
        Warn("column " + std::to_string(i + 1) + " '" + c.header + "' describes an empty '" +
             c.lang + "' term (column " + std::to_string(c.term_column + 1) + "); ignored");
        continue;
      }
      Term& t = entry->terms[at->second];
      std::string text = Nfc(value);
      switch (c.field) {
        case TermField::kNote: t.note = text; break;
        case TermField::kDefinition: t.definition = text; break;
        case TermField::kContext: t.context = text; break;
        case TermField::kSource: t.source = text; break;
        case TermField::kPos: t.part_of_speech = text; break;
        case TermField::kExtra: t.extra.push_back(Prop{.type = c.type, .text = text, .lang = {}, .encoding = {}}); break;
        case TermField::kStatus: {
          std::optional<TermStatus> s = ParseTermStatus(text);
          if (!s) return StatusError(i, text);
          t.status = *s;
          break;
        }
        case TermField::kForms: {
          std::string_view rest(text);
          while (!rest.empty()) {
            size_t bar = rest.find('|');
            std::string_view form = TrimJava(rest.substr(0, bar));
            if (!form.empty()) t.forms.emplace_back(FoldWhitespace(form));
            rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
          }
          break;
        }
        case TermField::kCase: {
          std::optional<bool> yes = ParseYesNo(text);
          if (!yes) {
            return RowError("expected yes or no in column " + std::to_string(i + 1) + " '" +
                            c.header + "', found " + QuotedForMessage(text));
          }
          t.case_sensitive = *yes;
          break;
        }
      }
    }
    if (!row_status.empty()) {
      std::optional<TermStatus> s = ParseTermStatus(row_status);
      if (!s) return StatusError(ColumnOf(Column::kRowStatus), row_status);
      for (Term& t : entry->terms) {
        if (t.status == TermStatus::kUnspecified) t.status = *s;
      }
    }
    if (!row_pos.empty()) {
      for (Term& t : entry->terms) {
        if (t.part_of_speech.empty()) t.part_of_speech = row_pos;
      }
    }
    if (entry->terms.empty()) {
      Warn("expected a term in at least one language column, found none; row skipped");
      return Row::kSkipped;
    }
    return Row::kEntry;
  }

  size_t ColumnOf(Column::Kind kind) const {
    for (size_t i = 0; i < header_.columns.size(); ++i) {
      if (header_.columns[i].kind == kind) return i;
    }
    return 0;
  }
  std::unexpected<Error> StatusError(size_t column, std::string_view found) const {
    return RowError("expected a status (preferred, admitted, deprecated or forbidden) in column " +
                    std::to_string(column + 1) + ", found " + QuotedForMessage(found));
  }

  CsvRecordReader records_;
  std::string src_, tgt_;
  CsvHeader header_;
  bool headerless_ = false;
  std::optional<std::vector<std::string>> pending_;
};

// --- MateCat -----------------------------------------------------------------

struct MateCatHeader {
  enum Kind { kForbidden, kDomain, kSubdomain, kDefinition, kLang, kNotes, kExample, kIgnored };
  struct Col {
    Kind kind = kIgnored;
    std::string lang;
    size_t term_column = 0;
  };
  std::vector<Col> columns;
  size_t languages = 0;
  bool matecat_words = false;  // forbidden, domain, subdomain, notes or example of use
  std::string problem;
};

// MateCat's rule (GlossaryCSVValidator): Forbidden, Domain, Subdomain,
// Definition (each optional), then per language "<lang>", "Notes", "Example of
// use" (the last two optional); names are trimmed and compared in lower case.
MateCatHeader ParseMateCatHeader(std::vector<std::string> cells) {
  MateCatHeader h;
  while (!cells.empty() && TrimJava(cells.back()).empty()) cells.pop_back();
  std::set<int> concept_columns;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string cell(TrimJava(cells[i]));
    std::string lower = Lower(cell);
    MateCatHeader::Col c;
    std::string where = "column " + std::to_string(i + 1) + " " + QuotedForMessage(cell);
    auto fail = [&](const std::string& why) {
      if (h.problem.empty()) h.problem = where + why;
    };
    const MateCatHeader::Col* last = nullptr;  // the language group this column is in
    size_t last_at = 0;
    for (size_t j = i; j-- > 0;) {
      if (h.columns[j].kind == MateCatHeader::kLang) {
        last = &h.columns[j];
        last_at = j;
        break;
      }
    }
    if (lower == "forbidden" || lower == "domain" || lower == "subdomain" ||
        lower == "definition") {
      c.kind = lower == "forbidden"   ? MateCatHeader::kForbidden
               : lower == "domain"    ? MateCatHeader::kDomain
               : lower == "subdomain" ? MateCatHeader::kSubdomain
                                      : MateCatHeader::kDefinition;
      if (last) fail(": expected the concept columns (Forbidden, Domain, Subdomain, Definition) "
                     "before the first language, found this one after it");
      if (!concept_columns.insert(c.kind).second) fail(" repeats an earlier column");
      if (c.kind != MateCatHeader::kDefinition) h.matecat_words = true;
    } else if (lower == "notes" || lower == "example of use") {
      c.kind = lower == "notes" ? MateCatHeader::kNotes : MateCatHeader::kExample;
      h.matecat_words = true;
      if (!last) {
        fail(": expected a language code (en-US) before Notes and Example of use");
      } else {
        c.term_column = last_at;
        for (size_t j = last_at + 1; j < i; ++j) {
          if (h.columns[j].kind == c.kind) fail(" repeats a column of the same language");
        }
      }
    } else if (std::optional<std::string> lang = HeaderLanguage(cell)) {
      c.kind = MateCatHeader::kLang;
      c.lang = *lang;
      ++h.languages;
    } else {
      fail(": expected Forbidden, Domain, Subdomain, Definition, a language code (en-US), "
           "Notes or Example of use");
    }
    h.columns.push_back(std::move(c));
  }
  if (h.problem.empty() && h.languages == 0) {
    h.problem = "no language column (a code such as en-US)";
  }
  return h;
}

class MateCatReader final : public DelimitedReader {
 public:
  MateCatReader(std::unique_ptr<DelimitedInput> input, const GlossaryReadOptions& options)
      : DelimitedReader(std::move(input), options), records_(input_.get(), ',') {}

  Status ReadHeader() {
    std::string line;
    while (true) {
      Result<bool> more = input_->ReadLine(&line);
      if (!more) return std::unexpected(more.error());
      if (!*more) return {};
      row_line_ = input_->line();
      if (!TrimJava(line).empty()) break;
    }
    char delimiter = delimited::SniffDelimiter(line);
    header_ = ParseMateCatHeader(delimited::SplitCsvLine(line, delimiter));
    if (!header_.problem.empty()) {
      return std::unexpected(Error{
          ErrorCode::kInvalidInput,
          file() + ":" + std::to_string(row_line_) +
              ": expected MateCat's glossary header (Forbidden, Domain, Subdomain, Definition, "
              "then <lang>, Notes, Example of use for each language), found " +
              header_.problem});
    }
    records_.set_delimiter(delimiter);
    started_ = true;
    return {};
  }

 protected:
  Result<Row> NextRow(TermEntry* entry) override {
    if (!started_) return Row::kEnd;
    std::vector<std::string> cells;
    int first = 0;
    Result<bool> more = records_.Next(&cells, &first);
    if (!more) return std::unexpected(more.error());
    if (!*more) return Row::kEnd;
    row_line_ = first;
    bool blank = true;
    for (const std::string& c : cells) blank = blank && TrimJava(c).empty();
    if (blank) return Row::kSkipped;
    *entry = TermEntry();
    bool forbidden = false;
    std::map<size_t, size_t> term_at;
    for (size_t pass = 0; pass < 2; ++pass) {
      for (size_t i = 0; i < cells.size(); ++i) {
        std::string_view value = TrimJava(cells[i]);
        if (value.empty()) continue;
        if (i >= header_.columns.size()) {
          if (pass == 0) {
            Warn("column " + std::to_string(i + 1) + " has no header; " + QuotedForMessage(value) +
                 " ignored");
          }
          continue;
        }
        if (pass == 0) {
          if (auto e = CheckControls(value, i + 1)) return *e;
        }
        const MateCatHeader::Col& c = header_.columns[i];
        std::string text = Nfc(value);
        if (pass == 0) {
          switch (c.kind) {
            case MateCatHeader::kForbidden: {
              std::optional<bool> yes = ParseYesNo(text);
              if (!yes) {
                return RowError("expected TRUE or FALSE in column " + std::to_string(i + 1) +
                                " (Forbidden), found " + QuotedForMessage(text));
              }
              forbidden = *yes;
              break;
            }
            case MateCatHeader::kDomain: entry->subject = text; break;
            case MateCatHeader::kSubdomain:
              entry->extra.push_back(Prop{.type = "subdomain", .text = text, .lang = {}, .encoding = {}});
              break;
            case MateCatHeader::kDefinition: entry->definition = text; break;
            case MateCatHeader::kLang:
              term_at[i] = entry->terms.size();
              entry->terms.push_back(MakeTerm(c.lang, FoldWhitespace(text)));
              break;
            default:
              break;
          }
        } else if (c.kind == MateCatHeader::kNotes || c.kind == MateCatHeader::kExample) {
          auto at = term_at.find(c.term_column);
          if (at == term_at.end()) {
            Warn("column " + std::to_string(i + 1) + " describes an empty '" +
                 header_.columns[c.term_column].lang + "' term; ignored");
            continue;
          }
          Term& t = entry->terms[at->second];
          (c.kind == MateCatHeader::kNotes ? t.note : t.context) = text;
        }
      }
    }
    if (entry->terms.empty()) {
      Warn("expected a term in at least one language column, found none; row skipped");
      return Row::kSkipped;
    }
    if (forbidden) {
      for (Term& t : entry->terms) t.status = TermStatus::kForbidden;
    }
    return Row::kEntry;
  }

 private:
  CsvRecordReader records_;
  MateCatHeader header_;
  bool started_ = false;
};

// --- the writer side ---------------------------------------------------------

Result<std::vector<std::string>> NormalizedLanguages(const std::vector<std::string>& given) {
  std::vector<std::string> out;
  for (const std::string& l : given) {
    Result<std::string> tag = NormalizeLanguageTag(l);
    if (!tag) return InvalidArgument("--langs: " + tag.error().message);
    if (std::find(out.begin(), out.end(), *tag) == out.end()) out.push_back(*tag);
  }
  return out;
}

std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return std::string(TrimJava(out));
}

std::string EntryName(const TermEntry& e) {
  if (!e.entry_id.empty()) return "entry '" + e.entry_id + "'";
  if (!e.terms.empty()) return "the entry of " + QuotedForMessage(e.terms.front().text);
  return "an entry";
}

class OmegaTsvWriter final : public EntryWriter {
 public:
  OmegaTsvWriter(std::unique_ptr<xml::OutputFile> out, std::string src, std::string tgt)
      : out_(std::move(out)), src_(std::move(src)), tgt_(std::move(tgt)) {
    out_->Write(kOmegaTsvHeader);
    out_->Write("\n");
  }

  Status Add(const TermEntry& entry) override {
    if (!out_) return InvalidArgument("Add() after Finish()");
    std::string comment = OneLine(entry.note.empty() ? entry.definition : entry.note);
    std::string lines;
    for (const Term& s : entry.terms) {
      if (!LanguageMatches(src_, s.lang)) continue;
      for (const Term& t : entry.terms) {
        if (!LanguageMatches(tgt_, t.lang) || t.status == TermStatus::kForbidden) continue;
        for (const Term* term : {&s, &t}) {
          if (term->text.find_first_of("\t\r\n") != std::string::npos) {
            return InvalidInput(EntryName(entry) + ": the term " + QuotedForMessage(term->text) +
                                " holds a tab or a line break, which OmegaT TSV cannot carry");
          }
        }
        // OmegaT takes a line starting with '#' for a comment; it trims the
        // space that prevents that.
        if (s.text.starts_with("#")) lines.push_back(' ');
        lines.append(s.text);
        lines.push_back('\t');
        lines.append(t.text);
        if (!comment.empty()) {
          lines.push_back('\t');
          lines.append(comment);
        }
        lines.push_back('\n');
      }
    }
    out_->Write(lines);
    return {};
  }

  Status Finish() override {
    if (!out_) return InvalidArgument("Finish() called twice");
    Status s = out_->Commit();
    out_.reset();
    return s;
  }

 private:
  std::unique_ptr<xml::OutputFile> out_;
  std::string src_, tgt_;
};

// The CSV writers hold the entries until Finish(): the header needs every
// language (when none are named), every synonym count and every field used.
class BufferedCsvWriter : public EntryWriter {
 public:
  BufferedCsvWriter(std::unique_ptr<xml::OutputFile> out, std::vector<std::string> languages)
      : out_(std::move(out)), languages_(std::move(languages)), fixed_(!languages_.empty()) {}

  Status Add(const TermEntry& entry) override {
    if (!out_) return InvalidArgument("Add() after Finish()");
    for (const Term& t : entry.terms) {
      if (!fixed_ && std::find(languages_.begin(), languages_.end(), t.lang) == languages_.end()) {
        languages_.push_back(t.lang);
      }
    }
    entries_.push_back(entry);
    return {};
  }

  Status Finish() override {
    if (!out_) return InvalidArgument("Finish() called twice");
    std::string text = Render();
    out_->Write(text);
    entries_.clear();
    Status s = out_->Commit();
    out_.reset();
    return s;
  }

 protected:
  virtual std::string Render() = 0;

  // The terms of `e` by written language (index into languages_): each term
  // goes to the language it matches best, none when it matches none.
  std::vector<std::vector<const Term*>> ByLanguage(const TermEntry& e) const {
    std::vector<std::vector<const Term*>> out(languages_.size());
    for (const Term& t : e.terms) {
      int best = 0;
      size_t at = 0;
      for (size_t i = 0; i < languages_.size(); ++i) {
        int q = LanguageMatchQuality(languages_[i], t.lang);
        if (q > best) best = q, at = i;
      }
      if (best > 0) out[at].push_back(&t);
    }
    return out;
  }

  static void EndRow(std::string* out) {
    out->append("\r\n");
  }

  std::unique_ptr<xml::OutputFile> out_;
  std::vector<std::string> languages_;
  bool fixed_;
  std::vector<TermEntry> entries_;
};

std::string ExtraText(const std::vector<Prop>& extra, const std::string& type) {
  for (const Prop& p : extra) {
    if (p.type == type) return p.text;
  }
  return {};
}

class CsvGlossaryWriter final : public BufferedCsvWriter {
 public:
  using BufferedCsvWriter::BufferedCsvWriter;

 protected:
  std::string Render() override {
    // What the header needs.
    bool id = false, subject = false, definition = false, note = false;
    std::vector<std::string> entry_extras;
    std::vector<size_t> slots(languages_.size(), 0);
    std::vector<std::set<TermField>> fields(languages_.size());
    std::vector<std::vector<std::string>> term_extras(languages_.size());
    std::vector<std::vector<std::vector<const Term*>>> by_language;
    for (const TermEntry& e : entries_) {
      by_language.push_back(ByLanguage(e));
      const auto& terms = by_language.back();
      bool any = false;
      for (size_t l = 0; l < languages_.size(); ++l) {
        any = any || !terms[l].empty();
        slots[l] = std::max(slots[l], terms[l].size());
        for (const Term* t : terms[l]) {
          if (!t->note.empty()) fields[l].insert(TermField::kNote);
          if (!t->definition.empty()) fields[l].insert(TermField::kDefinition);
          if (t->status != TermStatus::kUnspecified) fields[l].insert(TermField::kStatus);
          if (!t->part_of_speech.empty()) fields[l].insert(TermField::kPos);
          if (!t->context.empty()) fields[l].insert(TermField::kContext);
          if (!t->source.empty()) fields[l].insert(TermField::kSource);
          if (!t->forms.empty()) fields[l].insert(TermField::kForms);
          if (t->case_sensitive) fields[l].insert(TermField::kCase);
          for (const Prop& p : t->extra) {
            auto& x = term_extras[l];
            if (std::find(x.begin(), x.end(), p.type) == x.end()) x.push_back(p.type);
          }
        }
      }
      if (!any) continue;
      id = id || !e.entry_id.empty();
      subject = subject || !e.subject.empty();
      definition = definition || !e.definition.empty();
      note = note || !e.note.empty();
      for (const Prop& p : e.extra) {
        if (std::find(entry_extras.begin(), entry_extras.end(), p.type) == entry_extras.end()) {
          entry_extras.push_back(p.type);
        }
      }
    }
    std::string out;
    if (languages_.empty()) return out;  // nothing to write: an empty file reads as no entries
    out.append("\xEF\xBB\xBF");  // Excel reads UTF-8 only with it
    std::vector<std::string> header;
    if (id) header.push_back("entry id");
    if (subject) header.push_back("subject");
    if (definition) header.push_back("definition");
    if (note) header.push_back("note");
    for (const std::string& x : entry_extras) header.push_back("entry " + x);
    for (size_t l = 0; l < languages_.size(); ++l) {
      for (size_t k = 0; k < std::max<size_t>(slots[l], 1); ++k) {
        header.push_back(languages_[l]);
        for (TermField f : kWrittenFields) {
          if (fields[l].count(f)) header.push_back(languages_[l] + " " + std::string(TermFieldName(f)));
        }
        for (const std::string& x : term_extras[l]) header.push_back(languages_[l] + " " + x);
      }
    }
    WriteRow(header, &out);
    for (size_t i = 0; i < entries_.size(); ++i) {
      const TermEntry& e = entries_[i];
      const auto& terms = by_language[i];
      bool any = false;
      for (const auto& t : terms) any = any || !t.empty();
      if (!any) continue;
      std::vector<std::string> row;
      if (id) row.push_back(e.entry_id);
      if (subject) row.push_back(e.subject);
      if (definition) row.push_back(e.definition);
      if (note) row.push_back(e.note);
      for (const std::string& x : entry_extras) row.push_back(ExtraText(e.extra, x));
      for (size_t l = 0; l < languages_.size(); ++l) {
        for (size_t k = 0; k < std::max<size_t>(slots[l], 1); ++k) {
          const Term* t = k < terms[l].size() ? terms[l][k] : nullptr;
          row.push_back(t ? t->text : "");
          for (TermField f : kWrittenFields) {
            if (fields[l].count(f)) row.push_back(t ? FieldText(*t, f) : "");
          }
          for (const std::string& x : term_extras[l]) row.push_back(t ? ExtraText(t->extra, x) : "");
        }
      }
      WriteRow(row, &out);
    }
    return out;
  }

 private:
  static std::string FieldText(const Term& t, TermField f) {
    switch (f) {
      case TermField::kNote: return t.note;
      case TermField::kDefinition: return t.definition;
      case TermField::kStatus: return std::string(TermStatusName(t.status));
      case TermField::kPos: return t.part_of_speech;
      case TermField::kContext: return t.context;
      case TermField::kSource: return t.source;
      case TermField::kCase: return t.case_sensitive ? "yes" : "";
      case TermField::kForms: {
        std::string s;
        for (const std::string& form : t.forms) {
          if (!s.empty()) s.append(" | ");
          s.append(form);
        }
        return s;
      }
      case TermField::kExtra: break;
    }
    return {};
  }
  static void WriteRow(const std::vector<std::string>& cells, std::string* out) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out->push_back(',');
      delimited::AppendCsvCell(cells[i], ',', out);
    }
    EndRow(out);
  }
};

class MateCatWriter final : public BufferedCsvWriter {
 public:
  using BufferedCsvWriter::BufferedCsvWriter;

 protected:
  std::string Render() override {
    std::string out;
    if (languages_.empty()) return out;
    std::vector<std::string> header = {"Forbidden", "Domain", "Subdomain", "Definition"};
    for (const std::string& l : languages_) {
      header.push_back(l);
      header.push_back("Notes");
      header.push_back("Example of use");
    }
    WriteRow(header, &out);
    for (const TermEntry& e : entries_) {
      std::vector<std::vector<const Term*>> terms = ByLanguage(e);
      std::vector<std::vector<const Term*>> allowed(languages_.size());
      size_t rows = 0;
      for (size_t l = 0; l < languages_.size(); ++l) {
        for (const Term* t : terms[l]) {
          if (t->status != TermStatus::kForbidden) allowed[l].push_back(t);
        }
        rows = std::max(rows, allowed[l].size());
      }
      std::string subdomain = ExtraText(e.extra, "subdomain");
      auto row = [&](bool forbidden, const std::vector<const Term*>& by_lang) {
        std::vector<std::string> cells = {forbidden ? "TRUE" : "FALSE", e.subject, subdomain,
                                          e.definition};
        for (const Term* t : by_lang) {
          cells.push_back(t ? t->text : "");
          cells.push_back(t ? t->note : "");
          cells.push_back(t ? t->context : "");
        }
        WriteRow(cells, &out);
      };
      // Row k holds the k-th allowed term of each language (its first when it
      // has fewer), so that each synonym finds a translation.
      for (size_t k = 0; k < rows; ++k) {
        std::vector<const Term*> by_lang(languages_.size(), nullptr);
        for (size_t l = 0; l < languages_.size(); ++l) {
          if (!allowed[l].empty()) by_lang[l] = allowed[l][std::min(k, allowed[l].size() - 1)];
        }
        row(false, by_lang);
      }
      // A forbidden term: a row of its own, TRUE, with that term alone
      // (MateCat flags it whatever the source).
      for (size_t l = 0; l < languages_.size(); ++l) {
        for (const Term* t : terms[l]) {
          if (t->status != TermStatus::kForbidden) continue;
          std::vector<const Term*> by_lang(languages_.size(), nullptr);
          by_lang[l] = t;
          row(true, by_lang);
        }
      }
    }
    return out;
  }

 private:
  static void WriteRow(const std::vector<std::string>& cells, std::string* out) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out->push_back(',');
      delimited::AppendCsvCell(cells[i], ',', out);
    }
    EndRow(out);
  }
};

}  // namespace

Result<std::unique_ptr<EntryReader>> OpenDelimitedReader(const std::string& path,
                                                         GlossaryFormat format,
                                                         const GlossaryReadOptions& options) {
  std::string tags[2];
  const std::string* given[2] = {&options.source_lang, &options.target_lang};
  const char* flag[2] = {"--src", "--tgt"};
  for (int i = 0; i < 2; ++i) {
    if (given[i]->empty()) continue;
    Result<std::string> tag = NormalizeLanguageTag(*given[i]);
    if (!tag) return InvalidArgument(std::string(flag[i]) + ": " + tag.error().message);
    tags[i] = *tag;
  }
  switch (format) {
    case GlossaryFormat::kOmegaTsv: {
      if (tags[0].empty() || tags[1].empty()) {
        return InvalidArgument("'" + path + "' is an OmegaT glossary (source TAB target), which " +
                               "names no languages: give the source language with --src and the " +
                               "target language with --tgt (e.g. --src en --tgt uk)");
      }
      Result<std::unique_ptr<DelimitedInput>> in = DelimitedInput::Open(path, true);
      if (!in) return std::unexpected(in.error());
      return std::make_unique<OmegaTsvReader>(std::move(*in), options, tags[0], tags[1]);
    }
    case GlossaryFormat::kCsv: {
      Result<std::unique_ptr<DelimitedInput>> in = DelimitedInput::Open(path, false);
      if (!in) return std::unexpected(in.error());
      auto reader = std::make_unique<CsvGlossaryReader>(std::move(*in), options, tags[0], tags[1]);
      if (Status s = reader->ReadHeader(); !s) return std::unexpected(s.error());
      return reader;
    }
    case GlossaryFormat::kMateCat: {
      Result<std::unique_ptr<DelimitedInput>> in = DelimitedInput::Open(path, false);
      if (!in) return std::unexpected(in.error());
      auto reader = std::make_unique<MateCatReader>(std::move(*in), options);
      if (Status s = reader->ReadHeader(); !s) return std::unexpected(s.error());
      return reader;
    }
    default:
      break;
  }
  return InvalidArgument(path + ": not a delimited glossary format");
}

Result<std::unique_ptr<EntryWriter>> OpenDelimitedWriter(const std::string& path,
                                                         GlossaryFormat format,
                                                         const GlossaryWriteOptions& options) {
  Result<std::vector<std::string>> languages = NormalizedLanguages(options.languages);
  if (!languages) return std::unexpected(languages.error());
  if (format == GlossaryFormat::kOmegaTsv && languages->size() != 2) {
    return InvalidArgument("an OmegaT glossary has two columns (source TAB target): name exactly "
                           "two languages, found " + std::to_string(languages->size()));
  }
  if (format != GlossaryFormat::kOmegaTsv && format != GlossaryFormat::kCsv &&
      format != GlossaryFormat::kMateCat) {
    return InvalidArgument(path + ": not a delimited glossary format");
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  switch (format) {
    case GlossaryFormat::kOmegaTsv:
      return std::make_unique<OmegaTsvWriter>(std::move(*out), (*languages)[0], (*languages)[1]);
    case GlossaryFormat::kCsv:
      return std::make_unique<CsvGlossaryWriter>(std::move(*out), std::move(*languages));
    default:
      return std::make_unique<MateCatWriter>(std::move(*out), std::move(*languages));
  }
}

bool LooksLikeMateCat(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  std::string_view line = head.substr(0, head.find_first_of("\r\n"));
  MateCatHeader h =
      ParseMateCatHeader(delimited::SplitCsvLine(line, delimited::SniffDelimiter(line)));
  return h.problem.empty() && h.matecat_words;
}

}  // namespace tmkit
