// Exchange formats: one reader/writer pair per format, chosen by one factory.
//
// Every reader has the same shape: Next() fills the next unit and returns
// true, false at the end, or an error "file:line: what was expected, what was
// found". Every writer: Add() each unit, then Finish(). Problems that do not
// stop reading (a deprecated attribute, a unit skipped under kSkip) go to the
// Reporter in ReadOptions; the library never prints.
//
//   ReadOptions ro{.on_error = OnBadInput::kFail, .reporter = &reporter};
//   Result<std::unique_ptr<UnitReader>> reader = OpenReader("in.tmx", Format::kAuto, ro);
//   TranslationUnit tu;
//   while (true) {
//     Result<bool> more = (*reader)->Next(&tu);
//     if (!more) return more.error();   // malformed: nothing should be stored
//     if (!*more) break;
//     ...
//   }
//
// Thread-safety: a reader or writer belongs to one thread.
#ifndef TMKIT_FORMATS_FORMAT_H_
#define TMKIT_FORMATS_FORMAT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit {

enum class Format {
  kAuto,  // detect from the content (root element), then the extension
  kTmx,
  // Bilingual tab-separated UTF-8 text, one unit a line: source \t target
  // [\t confidence 0-1], no header line, no quoting. The file names no
  // languages: ReadOptions/WriteOptions do. Text only: inline codes are dropped.
  kTsv,
  kXliff12,  // XLIFF 1.2 (1.1 read too): see doc/formats/xliff12.md
  kXliff2,   // XLIFF 2.0 and 2.1: see doc/formats/xliff2.md
};

// Unit props the aligner writes and the TSV format carries (memoQ's name for
// the previous source segment, which lookup uses for 101 context matches).
inline constexpr std::string_view kAlignConfidenceProp = "x-align-confidence";  // "0.97"
inline constexpr std::string_view kContextPreProp = "x-context-pre";

// Parses a --format value ("auto", "tmx", "tsv", "xliff" (either version, by
// the file), "xliff12", "xliff2"); kInvalidArgument lists the choices.
Result<Format> ParseFormat(std::string_view name);
std::string_view FormatName(Format format);

// What to do with a unit that breaks the format's rules.
enum class OnBadInput {
  kFail,  // stop with the error (file:line and reason)
  kSkip,  // report it (Problem::Severity::kSkipped, with its line) and go on
};

struct ReadOptions {
  OnBadInput on_error = OnBadInput::kFail;
  Reporter* reporter = nullptr;  // warnings and skipped units; may be null
  // The languages of the two columns of a TSV file (BCP 47; required there,
  // else OpenReader fails with kInvalidArgument). Formats that name their
  // languages (TMX) ignore them.
  std::string source_lang;
  std::string target_lang;
  // Bilingual formats (XLIFF): the target states that make a segment a
  // translation worth storing; empty: the format's defaults (1.2:
  // approved="yes", a state of translated/signed-off/final, or a target
  // with neither state nor approved="no", as OmegaT and Okapi write them;
  // 2.x: translated/reviewed/final). Other segments are not imported and are
  // counted in UnitReader::NotImported().
  std::vector<std::string> states;
  // Bilingual formats: return every segment, translated or not, with an
  // empty target variant when there is none (for analysis, not for import).
  bool all_segments = false;
};

// A file's header as the store keeps it with the origin.
struct FileHeader {
  std::string source_lang;  // normalised, or "*all*", or empty when unknown
  std::vector<Attribute> attrs;
  std::vector<Prop> props;
  std::vector<Note> notes;
};

class UnitReader {
 public:
  virtual ~UnitReader() = default;
  // Fills `*unit` with the next unit: true; false at the end; an error for a
  // malformed file (or a bad unit under kFail).
  virtual Result<bool> Next(TranslationUnit* unit) = 0;
  // The header, complete once the first Next() has returned.
  virtual const FileHeader& header() const = 0;
  // Bytes of the file consumed so far (for progress).
  virtual uint64_t bytes_read() const = 0;
  // Segments read but not returned, by reason ("not translated (state
  // needs-translation)", "translate=\"no\"", "no target"), in order of first
  // occurrence; complete at the end. Formats that return everything: none.
  virtual std::vector<std::pair<std::string, uint64_t>> NotImported() const { return {}; }
};

struct WriteOptions {
  // The language written first in each unit and declared in the header;
  // empty: each unit's own source language ("*all*" in the header if they differ).
  std::string source_lang;
  // The other language, for formats that hold exactly one pair (TSV); empty:
  // the unit's one variant that is not the source (an error if it has several).
  std::string target_lang;
  std::string creation_tool = "tmkit";
  std::string creation_tool_version;
  FileHeader header;  // props and notes to write in the header
};

class UnitWriter {
 public:
  virtual ~UnitWriter() = default;
  virtual Status Add(const TranslationUnit& unit) = 0;
  // Completes the file and closes it; nothing is valid before this returns.
  virtual Status Finish() = 0;
};

// The format of `path`: `requested` unless kAuto, else from the root element
// (then the extension; `.tsv` is TSV). kInvalidInput when it cannot be told.
Result<Format> DetectFormat(const std::string& path, Format requested);

Result<std::unique_ptr<UnitReader>> OpenReader(const std::string& path, Format format,
                                               const ReadOptions& options);

// Writes to `path` through a temporary file renamed on Finish(), so a failed
// export never leaves a half-written file under the final name.
Result<std::unique_ptr<UnitWriter>> OpenWriter(const std::string& path, Format format,
                                               const WriteOptions& options);

// Reads every unit of `path` into `sink` (an import); the header goes to
// SetHeader. Used as the `produce` step of Store::Import. `not_imported`, when
// given, receives the reader's NotImported() counts.
Status ReadInto(const std::string& path, Format format, const ReadOptions& options, UnitSink& sink,
                const std::function<void(uint64_t bytes)>& progress = {},
                std::vector<std::pair<std::string, uint64_t>>* not_imported = nullptr);

struct ExportOptions {
  Format format = Format::kTmx;
  std::string source_lang;  // with target_lang: only units having both, only those variants
  std::string target_lang;
};

struct ExportStats {
  uint64_t units = 0;
};

// Writes the store's units (optionally one language pair) to `path`.
Result<ExportStats> ExportStore(const Store& store, const std::string& path,
                                const ExportOptions& options,
                                const std::function<void(uint64_t units)>& progress = {});

}  // namespace tmkit

#endif  // TMKIT_FORMATS_FORMAT_H_
