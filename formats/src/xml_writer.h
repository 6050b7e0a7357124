// Output helpers shared by the XML writers (private to tmkit_formats):
// escaping, and a buffered output file written under a temporary name and
// renamed into place on Commit(), so a failed export leaves no partial file.
#ifndef TMKIT_FORMATS_XML_WRITER_H_
#define TMKIT_FORMATS_XML_WRITER_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"

namespace tmkit::xml {

// Appends `text` escaped for element content (&, <, >, and CR as &#xD;).
void AppendEscapedText(std::string_view text, std::string* out);
// Appends `value` escaped for a double-quoted attribute (also tab/LF/CR as
// character references, so that attribute-value normalisation keeps them).
void AppendEscapedAttr(std::string_view value, std::string* out);
// The first code point XML 1.0 cannot carry at all (C0 controls other than
// tab/LF/CR, U+FFFE/U+FFFF), or -1.
int32_t FirstForbiddenChar(std::string_view text);

class OutputFile {
 public:
  // Creates a temporary file beside `path`. kIOError names the folder.
  static Result<std::unique_ptr<OutputFile>> Create(const std::string& path);
  ~OutputFile();  // removes the temporary file unless committed

  // Buffers; flushed in large blocks. Errors surface in Commit().
  void Write(std::string_view data);
  std::string* buffer() { return &buffer_; }  // append directly, then MaybeFlush()
  void MaybeFlush() {
    if (buffer_.size() >= kBlock) Flush();
  }
  // Flushes, syncs, closes and renames to the final path.
  Status Commit();

 private:
  static constexpr size_t kBlock = 1 << 20;
  OutputFile() = default;
  void Flush();
  std::string path_, temp_path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool failed_ = false;
  int error_ = 0;
};

}  // namespace tmkit::xml

#endif  // TMKIT_FORMATS_XML_WRITER_H_
