// Delimited glossary files (private; reached through glossary_format.h):
// OmegaT TSV, CSV with a header row naming the languages, MateCat's CSV.
// Implemented in delimited_glossary.cc.
#ifndef TMKIT_FORMATS_DELIMITED_GLOSSARY_H_
#define TMKIT_FORMATS_DELIMITED_GLOSSARY_H_

#include <memory>
#include <string>

#include "tmkit/formats/glossary_format.h"

namespace tmkit {

// `format` is kOmegaTsv, kCsv or kMateCat.
Result<std::unique_ptr<EntryReader>> OpenDelimitedReader(const std::string& path,
                                                         GlossaryFormat format,
                                                         const GlossaryReadOptions& options);
Result<std::unique_ptr<EntryWriter>> OpenDelimitedWriter(const std::string& path,
                                                         GlossaryFormat format,
                                                         const GlossaryWriteOptions& options);

// True if the first record of a CSV file (`head`: its first bytes, BOM
// dropped) is MateCat's glossary header.
bool LooksLikeMateCat(std::string_view head);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_DELIMITED_GLOSSARY_H_
