// XLIFF readers, writers and documents (private; reached through OpenReader,
// OpenWriter and XliffDocument::Open). 1.2 lives in xliff12_*.cc, 2.x in
// xliff2_*.cc; the mapping of each to the store's model is in
// doc/formats/xliff12.md and doc/formats/xliff2.md.
#ifndef TMKIT_FORMATS_XLIFF_FORMAT_H_
#define TMKIT_FORMATS_XLIFF_FORMAT_H_

#include <memory>
#include <string>

#include "tmkit/core/status.h"
#include "tmkit/formats/format.h"
#include "tmkit/formats/xliff.h"

namespace tmkit::internal {

// The XLIFF 1.2 namespace, and 2.0's (which 2.1 keeps; `version` tells them apart).
inline constexpr char kXliff12Namespace[] = "urn:oasis:names:tc:xliff:document:1.2";
inline constexpr char kXliff2Namespace[] = "urn:oasis:names:tc:xliff:document:2.0";
inline constexpr char kXliff22Namespace[] = "urn:oasis:names:tc:xliff:document:2.2";

Result<std::unique_ptr<UnitReader>> OpenXliff12Reader(const std::string& path,
                                                      const ReadOptions& options);
Result<std::unique_ptr<UnitWriter>> OpenXliff12Writer(const std::string& path,
                                                      const WriteOptions& options);
Result<std::unique_ptr<XliffDocument>> OpenXliff12Document(const std::string& path,
                                                           const ReadOptions& options);

Result<std::unique_ptr<UnitReader>> OpenXliff2Reader(const std::string& path,
                                                     const ReadOptions& options);
Result<std::unique_ptr<UnitWriter>> OpenXliff2Writer(const std::string& path,
                                                     const WriteOptions& options);
Result<std::unique_ptr<XliffDocument>> OpenXliff2Document(const std::string& path,
                                                          const ReadOptions& options);

}  // namespace tmkit::internal

#endif  // TMKIT_FORMATS_XLIFF_FORMAT_H_
