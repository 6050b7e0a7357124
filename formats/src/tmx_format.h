// TMX 1.4b constants shared by the reader and the writer (private).
// The format as tmkit reads and writes it is documented in doc/formats/tmx.md.
#ifndef TMKIT_FORMATS_TMX_FORMAT_H_
#define TMKIT_FORMATS_TMX_FORMAT_H_

#include <string_view>

namespace tmkit::tmx {

inline constexpr std::string_view kDoctype = "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">";

// Attributes the TMX 1.4 DTD declares, beyond those tmkit maps to fields.
// <tu>: tuid, srclang and the dates/ids are fields; these are kept verbatim.
inline constexpr std::string_view kTuAttrs[] = {
    "o-encoding",          "datatype", "usagecount", "lastusagedate", "creationtool",
    "creationtoolversion", "segtype",  "o-tmf"};
// <tuv>: xml:lang and the dates/ids are fields; these are kept verbatim.
inline constexpr std::string_view kTuvAttrs[] = {
    "o-encoding",          "datatype", "usagecount", "lastusagedate", "creationtool",
    "creationtoolversion", "o-tmf"};
// <header>: all attributes are kept with the origin.
inline constexpr std::string_view kHeaderRequired[] = {
    "creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"};

// Attributes <ph> may carry (DTD) beyond x and type, which are fields.
inline constexpr std::string_view kPhAttrs[] = {"assoc"};

}  // namespace tmkit::tmx

#endif  // TMKIT_FORMATS_TMX_FORMAT_H_
