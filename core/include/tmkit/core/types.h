// Plain value types shared by every tmkit library: Segment, TranslationUnit,
// Match. They own all their bytes (never views into the store), compare with
// `==`, and are safe to copy between threads.
//
// A Segment is NFC text plus its inline codes, kept apart: `text` never holds
// markup, and each InlineCode records the byte offset in `text` where it sits.
// Matching reads `text` only; writers put the codes back exactly.
//
//   Segment s;                       // "Press <b>Start</b>."
//   s.text = "Press Start.";
//   s.codes.push_back({.kind = CodeKind::kOpen, .element = "bpt", .id = "1",
//                      .data = {{"<b>"}}, .offset = 6});
//   s.codes.push_back({.kind = CodeKind::kClose, .element = "ept", .id = "1",
//                      .data = {{"</b>"}}, .offset = 11});
#ifndef TMKIT_CORE_TYPES_H_
#define TMKIT_CORE_TYPES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tmkit {

// An XML attribute kept verbatim (name as written, value decoded).
struct Attribute {
  std::string name;
  std::string value;
  bool operator==(const Attribute&) const = default;
};

// How an inline code behaves, whatever format it came from.
enum class CodeKind : uint8_t {
  kOpen = 0,           // opens a pair (TMX bpt, hi start; XLIFF bx, g start, sc)
  kClose = 1,          // closes a pair (TMX ept, hi end; XLIFF ex, g end, ec)
  kIsolatedOpen = 2,   // opening half whose partner is outside (TMX it pos=begin)
  kIsolatedClose = 3,  // closing half whose partner is outside (TMX it pos=end)
  kPlaceholder = 4,    // stands alone (TMX ph, ut; XLIFF x, ph)
};

struct Segment;

// One piece of an inline code's content: native code text, or a sub-flow
// (TMX <sub>: translatable text inside a code, such as an alt attribute).
struct CodePart {
  std::string text;  // native code (unescaped), when `sub` is empty
  std::vector<Attribute> sub_attrs;
  std::vector<Segment> sub;  // exactly one element for a sub-flow
  bool operator==(const CodePart&) const;
};

struct InlineCode {
  CodeKind kind = CodeKind::kPlaceholder;
  std::string element;  // element it was read from: "bpt", "ept", "it", "ph", "hi", "ut", ...
  std::string id;       // pairing id within the segment (TMX i), may be empty
  std::string x;        // link to the matching code in other variants (TMX x)
  std::string type;     // kind of code (TMX type: "bold", "link", ...)
  std::vector<Attribute> attrs;  // any other attributes, verbatim, in order
  std::vector<CodePart> data;    // native code and sub-flows, in order
  uint32_t offset = 0;           // byte offset into Segment::text
  bool operator==(const InlineCode&) const = default;
};

struct Segment {
  std::string text;               // NFC, UTF-8, without markup
  std::vector<InlineCode> codes;  // ordered by offset; ties keep document order
  bool operator==(const Segment&) const = default;

  bool HasCodes() const { return !codes.empty(); }
};

inline bool CodePart::operator==(const CodePart& o) const {
  return text == o.text && sub_attrs == o.sub_attrs && sub == o.sub;
}

// A <prop> (typed, free-text metadata) kept verbatim.
struct Prop {
  std::string type;
  std::string text;
  std::string lang;      // xml:lang, may be empty
  std::string encoding;  // o-encoding, may be empty
  bool operator==(const Prop&) const = default;
};

// A <note> kept verbatim.
struct Note {
  std::string text;
  std::string lang;
  std::string encoding;
  bool operator==(const Note&) const = default;
};

// Dates are seconds since 1970-01-01T00:00:00Z; kNoDate when absent.
inline constexpr int64_t kNoDate = INT64_MIN;

// Who and when, shared by units and their variants.
struct Provenance {
  int64_t creation_date = kNoDate;
  int64_t change_date = kNoDate;
  std::string creation_id;
  std::string change_id;
  bool operator==(const Provenance&) const = default;
};

// One language's rendering inside a unit (a TMX <tuv>).
struct Variant {
  std::string lang;  // normalised BCP 47 tag ("en-US", "uk", "zh-Hant-TW")
  Segment segment;
  Provenance provenance;
  std::vector<Prop> props;
  std::vector<Note> notes;
  std::vector<Attribute> attrs;  // other attributes verbatim (usagecount, datatype, ...)
  bool operator==(const Variant&) const = default;
};

// A translation unit: renderings of one text in one or more languages.
//
// Variants keep document order; a language may occur twice (alternatives).
// `source_lang` names the variant that is the source ("*all*" when any may be).
// Languages compare as LanguageMatches() in language.h describes.
struct TranslationUnit {
  uint64_t id = 0;          // the store's id; 0 until stored
  std::string tuid;         // the file's own id (TMX tuid), may be empty
  std::string source_lang;  // normalised tag or "*all*"
  Provenance provenance;
  std::vector<Variant> variants;
  std::vector<Prop> props;
  std::vector<Note> notes;
  std::vector<Attribute> attrs;  // other attributes verbatim (usagecount, segtype, ...)
  std::string origin;            // the file it was imported from (set by the store)
  bool operator==(const TranslationUnit&) const = default;

  // The first variant whose language matches `lang` per LanguageMatches(),
  // preferring an exact tag; nullptr if none.
  const Variant* FindVariant(std::string_view lang) const;
};

// One result of a lookup.
// One run of a match's difference to the query: '=' text both share, '-'
// text of the stored source that the query lacks, '+' query text that the
// stored source lacks. The '=' and '-' runs, in order, spell the source.
struct DiffPart {
  char op = '=';
  std::string text;
  bool operator==(const DiffPart&) const = default;
};

struct Match {
  int score = 0;  // 0..101; 100 = identical match key, 101 = context match
  uint64_t unit_id = 0;
  Segment source;  // the stored source variant
  Segment target;  // the stored (or adapted) target variant
  Segment stored_target;  // the target variant as stored (differs from target when adapted)
  std::string source_lang;
  std::string target_lang;
  std::string origin;
  int64_t date = kNoDate;              // change date, else creation date
  std::vector<std::string> penalties;  // why it is below 100: "case", "codes", ...
  bool adapted = false;                // placeables of the target rewritten for the query
  bool context = false;                // the previous segment matched too (score 101)
  std::vector<DiffPart> diff;          // source against the query, word by word
  bool operator==(const Match&) const = default;
};

}  // namespace tmkit

#endif  // TMKIT_CORE_TYPES_H_
