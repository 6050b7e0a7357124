// Xliff12Parser: walks an XLIFF 1.2 (or 1.1) document unit by unit for the
// reader (xliff12_reader.cc) and the pretranslate document
// (xliff12_document.cc), so both see the same segments. Private to
// tmkit_formats; the mapping is documented in doc/formats/xliff12.md.
//
// Each Next() returns one <trans-unit> with its segments (the whole unit, or
// one per <mrk mtype="seg" mid> of its <seg-source>), the states and the
// byte spans the document needs to splice targets. Memory stays bounded by
// one <trans-unit>. Thread-safety: one parser per thread.
#ifndef TMKIT_FORMATS_XLIFF12_PARSER_H_
#define TMKIT_FORMATS_XLIFF12_PARSER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/formats/format.h"
#include "xml_cursor.h"
#include "xml_pull_parser.h"

namespace tmkit::xliff12 {

// Byte offsets [begin, end) in the decoded UTF-8 stream.
struct Span {
  uint64_t begin = 0;
  uint64_t end = 0;
};

// One segment: a whole <trans-unit>, or one <mrk mtype="seg"> of its <seg-source>.
struct ParsedSegment {
  std::string mid;  // empty for a whole unit
  Segment source;
  Segment target;
  bool has_target = false;  // a <target> (segmented: its <mrk mid>) exists
  int line = 0;
  Span source_content;  // segmented: the content of the <seg-source> mrk
  Span target_content;  // segmented: the content of the <target> mrk, when has_target
};

struct ParsedUnit {
  int file_index = 0;       // 1-based <file> number
  std::string file_key;     // <file original>, else the file number
  std::string id;           // <trans-unit id>, else "#N" (N-th unit of the file)
  std::string source_lang;  // normalised
  std::string target_lang;  // normalised; empty when the file names none
  bool translatable = true;
  std::string approved;  // as written: "yes", "no" or ""
  bool has_target = false;
  std::string state;  // of <target>, as written
  std::string state_qualifier;
  bool segmented = false;  // segments come from <seg-source> mrks
  std::vector<Note> notes;
  std::vector<Attribute> attrs;  // other un-namespaced <trans-unit> attributes, verbatim
  std::vector<ParsedSegment> segments;
  int line = 0;
  // Where things are, for the document.
  Span source_element;      // <source>…</source>
  Span seg_source_element;  // <seg-source>…</seg-source> (end 0 when absent)
  Span seg_source_content;
  Span target_element;                  // <target>…</target> (when has_target)
  Span target_start_tag;                // <target …> (the whole element when self-closing)
  Span target_end_tag;                  // </target> (empty span at the end when self-closing)
  std::vector<Attribute> target_attrs;  // as written (qname, value)
};

// The state values that make a target a translation by default.
bool IsDefaultImportState(const std::string& state);

class Parser : private xml::XmlCursor {
 public:
  // `file` names the document in messages. Problems that do not stop reading
  // go to `options.reporter`; a broken unit fails or is skipped per
  // `options.on_error`.
  Parser(std::unique_ptr<xml::ByteSource> source, std::string file, const ReadOptions& options);
  ~Parser();

  // The next unit: true; false at the end. Errors: "file:line: what was
  // expected, what was found" (kInvalidInput, kResourceLimit for limits).
  Result<bool> Next(ParsedUnit* unit);

  // The source-language of the first <file> (normalised), once Next() ran.
  const std::string& first_source_lang() const { return first_source_lang_; }
  uint64_t bytes_consumed() const { return parser_->bytes_consumed(); }
  const std::string& encoding() const { return parser_->encoding(); }

 private:
  struct UnitError;
  struct Scope {  // a <file> or <group> whose settings its units inherit
    int depth;
    bool translatable;
  };
  struct FileInfo {
    int index = 0;
    std::string key, source_lang, target_lang;
    int units = 0;
  };

  bool IsXliff() const;
  void ReadRoot();
  void StartFile();
  bool FindUnit();
  void ReadUnit(ParsedUnit* unit);
  void ReadUnitAttributes(ParsedUnit* unit);
  void ReadSource(ParsedUnit* unit, Segment* whole);
  void ReadSegSource(ParsedUnit* unit, std::string* text);
  void ReadTarget(ParsedUnit* unit, Segment* whole, std::vector<ParsedSegment>* mrks);
  void ReadNote(ParsedUnit* unit);
  // Reads inline content until the current element ends. With `segments`,
  // <mrk mtype="seg"> at this level become segments of their own.
  void ReadContent(Segment* segment, const std::string& element,
                   std::vector<ParsedSegment>* segments);
  void ReadCode(Segment* segment);
  void ReadNativeCode(InlineCode* code);
  std::string Where(int line) const;

  ReadOptions options_;
  bool started_ = false;
  bool finished_ = false;
  std::string ns_;  // the root's namespace: every XLIFF element is in it
  std::string first_source_lang_;
  FileInfo file_info_;
  int files_ = 0;
  std::vector<Scope> scopes_;
};

}  // namespace tmkit::xliff12

#endif  // TMKIT_FORMATS_XLIFF12_PARSER_H_
