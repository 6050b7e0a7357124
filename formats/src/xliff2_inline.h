// Writing the store's Segment as XLIFF 2 inline content (private to
// tmkit_formats; used by the XLIFF 2 writer and the pretranslate document).
//
// Pairs that nest become <pc>/<mrk>, others <sc>/<ec> (<sm>/<em>); isolated
// halves <sc isolated="yes">/<ec isolated="yes">; placeholders <ph> (and <cp>
// for a "cp" code). Native code goes to <originalData> through a DataSink.
// Characters XML 1.0 cannot carry are written as <cp hex>. See doc/formats/xliff2.md.
#ifndef TMKIT_FORMATS_XLIFF2_INLINE_H_
#define TMKIT_FORMATS_XLIFF2_INLINE_H_

#include <functional>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/types.h"

namespace tmkit::internal {

// Given a code's native data, returns the <data> id to reference ("" to write
// no dataRef).
using Xliff2DataSink = std::function<std::string(const std::string& data)>;

struct Xliff2InlineOptions {
  std::string prefix;        // the core namespace prefix with its ':' ("" for the default)
  bool module_attrs = true;  // write fs: and slr: attributes (declared on the root)
};

// Appends the content of <source>/<target> for `segment` to `out`.
// kInvalidInput (and `out` unchanged) when the text or data is not UTF-8.
Status AppendXliff2Content(const Segment& segment, const Xliff2DataSink& sink,
                           const Xliff2InlineOptions& options, std::string* out);

// Appends `text` escaped for element content, with <cp hex> for characters
// XML 1.0 cannot carry. REQUIRES: valid UTF-8.
void AppendXliff2Text(std::string_view text, const std::string& prefix, std::string* out);

// True if `s` is an XML NMTOKEN (what XLIFF 2 ids are).
bool IsNmtoken(std::string_view s);

// The native data of a code as one string (sub-flows flattened to their text).
std::string CodeDataText(const InlineCode& code);

}  // namespace tmkit::internal

#endif  // TMKIT_FORMATS_XLIFF2_INLINE_H_
