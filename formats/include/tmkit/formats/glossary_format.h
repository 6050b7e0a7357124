// Glossary files: one reader/writer pair per format, chosen by one factory,
// all reading into and writing from TermEntry (tmkit/core/terms.h).
//
// Every reader has the shape of a UnitReader (format.h): Next() fills the next
// entry and returns true, false at the end, or an error "file:line: what was
// expected, what was found". Problems that do not stop reading go to the
// Reporter. Languages are always taken from the file's own tags (xml:lang, a
// header row); formats that name none (OmegaT TSV) take them from
// GlossaryReadOptions, never from column positions guessed.
//
//   GlossaryReadOptions ro{.reporter = &reporter};
//   Result<std::unique_ptr<EntryReader>> r = OpenEntryReader("terms.tbx", GlossaryFormat::kAuto, ro);
//   TermEntry e;
//   while (true) {
//     Result<bool> more = (*r)->Next(&e);
//     if (!more) return more.error();
//     if (!*more) break;
//     ...
//   }
//
// Thread-safety: a reader or writer belongs to one thread.
#ifndef TMKIT_FORMATS_GLOSSARY_FORMAT_H_
#define TMKIT_FORMATS_GLOSSARY_FORMAT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/terms.h"
#include "tmkit/formats/format.h"

namespace tmkit {

enum class GlossaryFormat {
  kAuto,      // from the content (root element, header row), then the extension
  kTbx,       // TBX v3, ISO 30042:2019 (TBX-Basic / TBX-Core; DCA and DCT read, DCA written)
  kTbx2008,   // TBX 2008 / TBX-Basic v2 (martif; tig and ntig)
  kOmegaTsv,  // OmegaT glossary: source TAB target [TAB comment], '#' comments, no header
  kCsv,       // CSV whose header row names the languages (Excel's UTF-8 with BOM included)
  kMateCat,   // MateCat's glossary CSV (Forbidden, Domain, Subdomain, Definition, <lang>, Notes, ...)
};

// Parses a --format value: "auto", "tbx", "tbx2008", "tsv", "csv", "matecat";
// kInvalidArgument lists the choices.
Result<GlossaryFormat> ParseGlossaryFormat(std::string_view name);
std::string_view GlossaryFormatName(GlossaryFormat format);

struct GlossaryReadOptions {
  OnBadInput on_error = OnBadInput::kFail;
  Reporter* reporter = nullptr;
  // For formats that name no languages (OmegaT TSV): the languages of the
  // first and second columns. Ignored by formats that name their own.
  std::string source_lang;
  std::string target_lang;
};

class EntryReader {
 public:
  virtual ~EntryReader() = default;
  // Fills `*entry` with the next concept: true; false at the end; an error
  // for a malformed file (or a bad entry under kFail).
  virtual Result<bool> Next(TermEntry* entry) = 0;
  // Bytes of the file consumed so far (for progress).
  virtual uint64_t bytes_read() const = 0;
};

struct GlossaryWriteOptions {
  // The languages to write, in this order; empty: every language, in order
  // of first appearance. Formats with two columns (OmegaT TSV) need exactly
  // two (kInvalidArgument otherwise).
  std::vector<std::string> languages;
  std::string source_lang;  // TBX: the file's xml:lang; also the first column
  std::string creation_tool = "tmkit";
  std::string creation_tool_version;
};

class EntryWriter {
 public:
  virtual ~EntryWriter() = default;
  virtual Status Add(const TermEntry& entry) = 0;
  // Completes the file and renames it into place; nothing is valid before.
  virtual Status Finish() = 0;
};

// The format of `path`: `requested` unless kAuto, else from the content (a
// TBX root element and namespace, MateCat's header), then the extension
// (.tbx, .csv, .tsv/.tab/.txt/.utf8). kInvalidInput when it cannot be told.
Result<GlossaryFormat> DetectGlossaryFormat(const std::string& path, GlossaryFormat requested);

Result<std::unique_ptr<EntryReader>> OpenEntryReader(const std::string& path,
                                                     GlossaryFormat format,
                                                     const GlossaryReadOptions& options);

// Reads every entry of `path` into `sink` on three threads: one parses, one
// prepares (`prepare`, e.g. glossaries' PrepareEntry, then FinishPreparing),
// and the calling thread adds, in file order. `progress` gets the number of
// entries added so far. The first error (with the entry's number) ends it.
Status ReadEntriesInto(const std::string& path, GlossaryFormat format,
                       const GlossaryReadOptions& options,
                       const std::function<PreparedEntry(TermEntry)>& prepare, TermSink& sink,
                       const std::function<void(uint64_t entries)>& progress = {});

// Writes through a temporary file renamed on Finish().
Result<std::unique_ptr<EntryWriter>> OpenEntryWriter(const std::string& path,
                                                     GlossaryFormat format,
                                                     const GlossaryWriteOptions& options);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_GLOSSARY_FORMAT_H_
