// XLIFF 1.2 markup for the store's segments: shared by the writer
// (xliff12_writer.cc) and the pretranslate document (xliff12_document.cc).
// Private to tmkit_formats; the mapping is in doc/formats/xliff12.md.
//
// What is written validates against xliff-core-1.2-strict.xsd: codes read
// from XLIFF 1.2 go back as the element they came from (g, x, bx, ex, bpt,
// ept, ph, it, mrk); codes from other formats become bpt/ept/it/ph when they
// carry native code, else bx/ex/x. Attribute values the schema would refuse
// (a ctype or mtype outside its list) are written with an "x-" prefix;
// attributes 1.2 does not declare on the element are dropped.
#ifndef TMKIT_FORMATS_XLIFF12_INLINE_H_
#define TMKIT_FORMATS_XLIFF12_INLINE_H_

#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/types.h"

namespace tmkit::xliff12 {

// kInvalidInput naming `where` when `text` is not UTF-8 or holds a character
// XML 1.0 cannot carry.
Status CheckText(std::string_view text, std::string_view where);

// Appends the content of <source>/<target> for `segment` to `out`, element
// names prefixed with `prefix` ("xlf:" in a document whose XLIFF elements
// are prefixed). kInvalidInput (and `out` unchanged) when a string of the
// segment cannot be written (see CheckText).
Status AppendSegment(const Segment& segment, std::string* out, std::string_view prefix = "");

// `value` when the schema's list for `kind` ("state", "state-qualifier",
// "mtype", "delimiter" ctype, "placeholder" ctype) has it or it starts with
// "x-"; else "x-" + value (white space replaced by '-').
std::string SchemaValue(std::string_view kind, std::string_view value);

// Appends ` name="value"` with the value escaped.
void AppendAttr(std::string_view name, std::string_view value, std::string* out);

}  // namespace tmkit::xliff12

#endif  // TMKIT_FORMATS_XLIFF12_INLINE_H_
