// Xliff2Scanner: pulls the <unit>s of an XLIFF 2.0/2.1/2.2 file one at a time,
// each with its segments mapped to the store's model and the byte offsets the
// pretranslate document splices at (private to tmkit_formats; shared by
// xliff2_reader.cc and xliff2_document.cc). See doc/formats/xliff2.md.
//
// Errors: xml::XmlError for malformed XML; Xliff2UnitError for a <unit> that
// breaks an XLIFF 2 rule the scanner needs (the caller may skip the unit with
// SkipUnit()). Thread-safety: one scanner per thread.
#ifndef TMKIT_FORMATS_XLIFF2_PARSE_H_
#define TMKIT_FORMATS_XLIFF2_PARSE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/types.h"
#include "xml_cursor.h"
#include "xml_pull_parser.h"

namespace tmkit::internal {

struct Xliff2UnitError {
  int line;
  std::string message;
};

// One <segment> or <ignorable> of a unit.
struct Xliff2Part {
  bool ignorable = false;
  std::string id;         // as written, "" when absent
  std::string state;      // as written, "" when absent
  std::string sub_state;  // as written
  Segment source;
  Segment target;
  bool has_target = false;
  std::string target_lang;  // xml:lang of <target> as written
  std::string source_space;  // xml:space of <source> as written, "" when absent
  int order = 0;            // <target order>, 0 when absent
  int line = 0;
  std::string qname;  // "segment" as written (with the core prefix, if any)
  // Byte offsets in the decoded UTF-8 stream (the file's when it is UTF-8).
  uint64_t begin = 0;          // '<' of the start tag
  uint64_t start_tag_end = 0;  // just after the start tag's '>'
  uint64_t source_end = 0;     // just after </source>
  uint64_t target_begin = 0;   // the whole <target> element, when has_target
  uint64_t target_end = 0;
  bool target_self_closing = false;
};

struct Xliff2Unit {
  std::string file_id;
  std::string unit_id;
  bool translate = true;  // translate="no" on it or inherited
  bool first_in_file = false;
  int line = 0;
  std::string qname;
  uint64_t begin = 0;
  uint64_t start_tag_end = 0;
  std::vector<Xliff2Part> parts;
  std::vector<Note> notes;
  std::vector<Prop> props;                              // simple <mda:metadata> as "mda:[cat:]type"
  std::vector<std::pair<std::string, std::string>> data;  // <originalData>: id → text
  std::set<std::string> ids;                            // every id attribute inside the unit
  // An <mtc:matches> child (pretranslate adds its matches there).
  bool has_matches = false;
  std::string matches_prefix;  // "mtc" (as written)
  uint64_t matches_end_tag = 0;
};

struct Xliff2Root {
  std::string ns;       // the core namespace (2.0 or 2.2)
  std::string version;  // as written
  std::string src_lang;  // normalised
  std::string trg_lang;  // normalised, "" when absent
  std::vector<Attribute> attrs;
  int line = 0;
  uint64_t begin = 0;
  uint64_t start_tag_end = 0;
};

class Xliff2Scanner : private xml::XmlCursor {
 public:
  Xliff2Scanner(std::unique_ptr<xml::XmlPullParser> parser, std::string file, Reporter* reporter);
  ~Xliff2Scanner();

  // Reads up to the root element's start. Throws XmlError / Xliff2UnitError.
  void Start();
  // Fills the next unit; false at the end of the document.
  bool NextUnit(Xliff2Unit* unit);
  // After an Xliff2UnitError from NextUnit: skips the rest of that unit.
  void SkipUnit();

  const Xliff2Root& root() const { return root_; }
  uint64_t bytes_read() const { return parser_->bytes_consumed(); }
  const std::string& encoding() const { return parser_->encoding(); }

 private:
  bool IsCore() const { return ev_.ns_uri == root_.ns; }
  void ReadUnit(Xliff2Unit* unit);
  void ReadPart(Xliff2Unit* unit, Xliff2Part* part);
  void ReadInline(Xliff2Unit* unit, Segment* segment, const std::string& end_name);
  void ReadCode(Xliff2Unit* unit, Segment* segment);
  std::string ReadData();
  void ReadNotes(Xliff2Unit* unit);
  void ReadMetadata(Xliff2Unit* unit, const std::string& category);
  std::string ReadText();

  Xliff2Root root_;
  int unit_depth_ = 0;
  // The open <file>/<group> elements: their translate flags.
  std::vector<bool> translate_;
  std::string file_id_;
  bool new_file_ = false;
  bool ended_ = false;
};

// The XLIFF 1.2 state names some tools write into 2.x files, mapped to 2.x
// ("new" → "initial", "signed-off" → "reviewed", ...); 2.x names unchanged.
std::string MapXliff2State(const std::string& state);

// Marks the sc/ec (and sm/em) of `segment` whose partner is outside it as
// isolated (a span that crosses a segment boundary).
void IsolateUnpaired(Segment* segment);

}  // namespace tmkit::internal

#endif  // TMKIT_FORMATS_XLIFF2_PARSE_H_
