// TBX readers and writers (private; reached through glossary_format.h).
// Implemented in tbx_reader.cc (v3 and 2008 read) and tbx_writer.cc.
#ifndef TMKIT_FORMATS_TBX_GLOSSARY_H_
#define TMKIT_FORMATS_TBX_GLOSSARY_H_

#include <memory>
#include <string>

#include "tmkit/formats/glossary_format.h"

namespace tmkit {

// Reads TBX v3 (DCA or DCT, any dialect) and TBX 2008 (martif, tig and ntig),
// told apart by the root element and namespace.
Result<std::unique_ptr<EntryReader>> OpenTbxReader(const std::string& path,
                                                   const GlossaryReadOptions& options);

// Writes TBX v3 TBX-Basic DCA (kTbx) or TBX-Basic 2008 (kTbx2008).
Result<std::unique_ptr<EntryWriter>> OpenTbxWriter(const std::string& path, GlossaryFormat format,
                                                   const GlossaryWriteOptions& options);

}  // namespace tmkit

#endif  // TMKIT_FORMATS_TBX_GLOSSARY_H_
