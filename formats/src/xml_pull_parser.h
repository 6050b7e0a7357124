// A streaming, non-validating, namespace-aware XML 1.0 pull parser for the
// format readers (TMX, XLIFF, TBX). Private to tmkit_formats.
//
// Why not tinyxml2 here: tinyxml2 builds a whole DOM in memory and reads
// UTF-8 only; a TMX of 1 GB must stream in constant memory, arrive in UTF-16 or
// a legacy encoding, and every error must name its line. This parser reads a
// ByteSource chunk by chunk, detects the encoding (BOM, then the XML
// declaration; UTF-8, UTF-16LE/BE, UTF-32, and any ICU converter name), hands
// out UTF-8, and keeps only the current element's data in memory.
//
// Security: nothing is ever fetched. A DOCTYPE's internal subset is read for
// entity declarations; internal general entities are expanded within limits
// (ParserLimits); a reference to an external entity is an error that says so;
// the external DTD subset is never read. Parameter entities are not expanded.
// Not supported (an error, or ignored, as noted): entity replacement text that
// contains markup ('<') is an error; attribute defaults and types declared in
// the DTD are not applied (attributes are normalised as CDATA).
//
// Encodings: a BOM or the bytes of "<?xml" (UTF-16/32 without BOM) decide
// first, as XML 1.0 Appendix F says; otherwise encoding="..." in the XML
// declaration (ICU converter names and aliases), else UTF-8. US-ASCII is read
// as UTF-8. Invalid bytes are an error, never replaced by U+FFFD.
//
// Usage:
//   XmlPullParser p(std::make_unique<FileSource>(path), "corpus.tmx");
//   XmlEvent ev;
//   while (p.Next(&ev)) {           // throws XmlError on malformed input
//     if (ev.type == XmlEventType::kStartElement && ev.local_name == "tu") ...
//   }
//
// Thread-safety: one parser per thread.
#ifndef TMKIT_FORMATS_XML_PULL_PARSER_H_
#define TMKIT_FORMATS_XML_PULL_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"

namespace tmkit::xml {

// Where bytes come from: a seam for tests (memory, fault injection) and files.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; returns the count, 0 at end of input.
  // Throws XmlError (line 0) on an I/O failure.
  virtual size_t Read(char* buf, size_t n) = 0;
};

// Reads a file with stdio in large blocks. Throws XmlError if it cannot open.
class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  size_t Read(char* buf, size_t n) override;
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  uint64_t bytes_read_ = 0;
};

// Reads from a string owned by the source.
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string data) : data_(std::move(data)) {}
  size_t Read(char* buf, size_t n) override;

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A malformed or refused document. what() is "file:line: message".
class XmlError : public std::runtime_error {
 public:
  XmlError(std::string file, int line, std::string message, bool limit = false);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& message() const { return message_; }
  bool is_limit() const { return limit_; }  // a ParserLimits bound, not a syntax error
  // As a reader returns it: kResourceLimit for a limit, else kInvalidInput.
  Error ToError() const {
    return Error{limit_ ? ErrorCode::kResourceLimit : ErrorCode::kInvalidInput, what()};
  }

 private:
  std::string file_;
  int line_;
  std::string message_;
  bool limit_;
};

struct ParserLimits {
  size_t max_depth = 1000;                      // element nesting
  size_t max_attribute_bytes = 1 << 20;         // one attribute value after decoding
  size_t max_text_bytes = 256u << 20;           // one text event
  size_t max_entity_expansion_bytes = 1 << 20;  // all entity expansions in the document
  size_t max_entity_depth = 8;                  // entity references inside entity values
  size_t max_name_bytes = 4096;                 // element/attribute names
};

enum class XmlEventType {
  kStartElement,  // name, attributes; an empty element <a/> also gives kEndElement
  kEndElement,
  kText,                   // character data, CDATA sections merged in, entities expanded;
                           // unreported comments/PIs inside the text do not split it
  kComment,                // only when ParserOptions::report_comments
  kProcessingInstruction,  // only when ParserOptions::report_pis (text = target + data,
                           // joined by one space: "target data"; qname = target)
};

struct XmlAttribute {
  std::string qname;       // as written: "xml:lang", "its:translate", "id"
  std::string local_name;  // "lang"
  std::string ns_uri;      // resolved ("http://www.w3.org/XML/1998/namespace"), "" if none
  std::string value;       // decoded, with XML attribute-value normalisation
};

struct XmlEvent {
  XmlEventType type = XmlEventType::kText;
  std::string qname;  // element name as written, for start/end
  std::string local_name;
  std::string ns_uri;                    // resolved namespace of the element, "" if none
  std::vector<XmlAttribute> attributes;  // start element only; namespace declarations
                                         // (xmlns, xmlns:p) are included as written
  std::string text;                      // kText, kComment, kProcessingInstruction
  bool self_closing = false;             // start and end events of <a/>
  int line = 0;                          // 1-based line where the event starts
  uint64_t begin = 0;                    // byte offsets of the event in the decoded UTF-8 stream
  uint64_t end = 0;                      // (equal to the file's offsets when the input is UTF-8)
  // A BOM counts as 3 bytes (U+FEFF in UTF-8). Both events of <a/> span the
  // whole tag; a text event spans its references, CDATA sections and skipped
  // comments/PIs too, up to the '<' of the markup that ends it.

  // Value of the attribute with this namespace and local name, or nullptr.
  const std::string* Attr(std::string_view ns_uri, std::string_view local_name) const;
  // Value of the un-namespaced attribute `local_name`, or nullptr.
  const std::string* Attr(std::string_view local_name) const { return Attr("", local_name); }
};

struct ParserOptions {
  ParserLimits limits;
  bool report_comments = false;
  bool report_pis = false;
  // Whitespace-only text between elements is reported too (readers that do not
  // care skip it); text is never trimmed or collapsed.
};

inline constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

class XmlPullParser {
 public:
  // `file` names the document in error messages ("corpus.tmx").
  XmlPullParser(std::unique_ptr<ByteSource> source, std::string file, ParserOptions options = {});
  ~XmlPullParser();
  XmlPullParser(const XmlPullParser&) = delete;
  XmlPullParser& operator=(const XmlPullParser&) = delete;

  // Fills `*event` with the next event and returns true; returns false after
  // the root element has closed and only comments/PIs/whitespace followed.
  // Throws XmlError (with the line) on malformed XML, an encoding error,
  // a refused entity, or a limit.
  bool Next(XmlEvent* event);

  // The encoding the document was read in ("UTF-8", "UTF-16LE", "windows-1252"...);
  // the IANA name where ICU has one. Empty before the first Next().
  const std::string& encoding() const;
  // The current line (1-based) of the parser's position.
  int line() const;
  // Bytes consumed from the ByteSource so far (for progress bars).
  uint64_t bytes_consumed() const;
  // The DOCTYPE's root name and system id, if the document had one.
  const std::string& doctype_name() const;
  const std::string& doctype_system_id() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmkit::xml

#endif  // TMKIT_FORMATS_XML_PULL_PARSER_H_
