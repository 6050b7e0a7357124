// Implementation notes.
//
// Two stages share one buffer, buf_:
//
//   ByteSource --(raw bytes)--> decoder --(valid UTF-8)--> scanner --> XmlEvent
//
// The decoder guarantees that buf_[0, end_) is valid UTF-8 made only of
// characters XML 1.0 allows (no C0 controls but TAB/LF/CR, no U+FFFE/U+FFFF,
// no surrogates). UTF-8 input is validated in place (an ASCII fast path eight
// bytes at a time); any other encoding goes through ICU into a UTF-16 pivot and
// is re-encoded to UTF-8 here. When the decoder meets a bad byte it stops,
// records the message in pending_error_ and the scanner throws it (with the
// line of the bad byte) once it has consumed everything before it.
//
// The scanner never holds pointers into buf_ across a Fill(): Fill() moves the
// unconsumed tail to the front (Compact) before decoding more, so the buffer
// stays one chunk plus a few bytes of look-ahead. Everything an event needs is
// copied into the caller's XmlEvent, whose strings keep their capacity.
//
// Line numbers: the decoder already stops at every byte below 0x20, so it
// records the offset of each line break (CR LF, CR, LF) in breaks_; LineAt()
// advances line_ past the breaks before a position. Events are a few bytes
// apart, so this costs O(1) per event rather than a scan per event.

#include "xml_pull_parser.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "tmkit/core/text.h"

namespace tmkit::xml {

namespace {

constexpr size_t kChunkSize = 256 << 10;      // bytes read from the source at a time
constexpr size_t kPivotSize = 16 << 10;       // UChars per ICU conversion step
constexpr size_t kLookahead = 64;             // longest LookingAt() plus a UTF-8 char
constexpr size_t kSniffBytes = 1024;          // how far to look for the XML declaration's end
constexpr size_t kMaxEntityRecursion = 1000;  // hard cap on the entity-measuring DFS
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

// Byte classes for the scanning loops.
enum : uint8_t {
  kClassSpace = 1,      // S: space, tab, LF, CR
  kClassNameStart = 2,  // ASCII NameStartChar
  kClassName = 4,       // ASCII NameChar
  kClassTextStop = 8,   // ends a run of character data: < & CR ]
  kClassAttrStop = 16,  // ends a run of attribute value: < & " ' TAB LF CR
};

struct ByteClasses {
  uint8_t v[256] = {};
};

constexpr ByteClasses MakeByteClasses() {
  ByteClasses t;
  for (int c : {' ', '\t', '\n', '\r'}) t.v[c] |= kClassSpace;
  for (int c = 'a'; c <= 'z'; ++c) t.v[c] |= kClassNameStart | kClassName;
  for (int c = 'A'; c <= 'Z'; ++c) t.v[c] |= kClassNameStart | kClassName;
  for (int c = '0'; c <= '9'; ++c) t.v[c] |= kClassName;
  for (int c : {'_', ':'}) t.v[c] |= kClassNameStart | kClassName;
  for (int c : {'-', '.'}) t.v[c] |= kClassName;
  for (int c : {'<', '&', '\r', ']'}) t.v[c] |= kClassTextStop;
  for (int c : {'<', '&', '"', '\'', '\t', '\n', '\r'}) t.v[c] |= kClassAttrStop;
  return t;
}

constexpr ByteClasses kByteClass = MakeByteClasses();

inline uint8_t ClassOf(char c) { return kByteClass.v[static_cast<unsigned char>(c)]; }
inline bool IsSpace(int c) { return c >= 0 && (kByteClass.v[c] & kClassSpace) != 0; }

// XML 1.0 fifth edition, productions [4] and [4a], for non-ASCII code points.
bool IsNameStartCodePoint(uint32_t c) {
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

bool IsNameCodePoint(uint32_t c) {
  return IsNameStartCodePoint(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

// XML 1.0 production [2] Char.
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Length of the UTF-8 sequence that starts with the (valid) lead byte `b`.
inline size_t Utf8Length(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

// Decodes one code point from valid UTF-8.
uint32_t DecodeUtf8(const char* s, size_t len) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  switch (len) {
    case 1:
      return u[0];
    case 2:
      return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    case 3:
      return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    default:
      return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
             (u[3] & 0x3Fu);
  }
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string CodePointName(uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string HexBytes(const unsigned char* p, size_t n) {
  std::string s;
  char buf[8];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%s0x%02X", i ? " " : "", static_cast<unsigned>(p[i]));
    s += buf;
  }
  return s;
}

// "control character U+0001 is not allowed in XML 1.0" and the like.
std::string ForbiddenCharMessage(uint32_t c) {
  if (c < 0x20) {
    return "control character " + CodePointName(c) +
           " is not allowed in XML 1.0 (remove it; it is often left over from a copy-paste "
           "or a binary field)";
  }
  return "character " + CodePointName(c) + " is not allowed in XML 1.0";
}

// "1 MiB", "64 KiB", "1000 bytes".
std::string SizeText(size_t n) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
  if (n >= 1024 && n % 1024 == 0) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " bytes";
}

inline size_t SaturatingAdd(size_t a, size_t b, size_t cap) {
  return (a > cap || b > cap - std::min(a, cap)) ? cap + 1 : a + b;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Reads encoding="..." from an ASCII-compatible XML declaration at the start of
// `b`; nullopt when there is no declaration or it has no encoding.
std::optional<std::string> SniffDeclaredEncoding(const char* b, size_t n) {
  if (n < 6 || std::memcmp(b, "<?xml", 5) != 0 || !IsSpace(static_cast<unsigned char>(b[5]))) {
    return std::nullopt;
  }
  size_t i = 5;
  auto skip_space = [&] {
    while (i < n && IsSpace(static_cast<unsigned char>(b[i]))) ++i;
  };
  for (;;) {
    skip_space();
    if (i >= n || b[i] == '?' || b[i] == '>') return std::nullopt;
    const size_t name_begin = i;
    while (i < n && ((b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z'))) ++i;
    const std::string_view name(b + name_begin, i - name_begin);
    skip_space();
    if (i >= n || b[i] != '=') return std::nullopt;
    ++i;
    skip_space();
    if (i >= n || (b[i] != '"' && b[i] != '\'')) return std::nullopt;
    const char quote = b[i++];
    const size_t value_begin = i;
    while (i < n && b[i] != quote && b[i] != '>') ++i;
    if (i >= n || b[i] != quote) return std::nullopt;
    if (name == "encoding") return std::string(b + value_begin, i - value_begin);
    ++i;
  }
}

// True for "xmlns" and "xmlns:p", which declare namespaces.
bool IsNamespaceDeclaration(const std::string& qname) {
  return qname.compare(0, 5, "xmlns") == 0 && (qname.size() == 5 || qname[5] == ':');
}

bool IsPredefinedEntity(std::string_view name) {
  return name == "lt" || name == "gt" || name == "amp" || name == "apos" || name == "quot";
}

// The body (between '&' and ';') of the reference at v[amp] in a replacement
// text, or nullopt when that '&' does not start a well-formed reference.
std::optional<std::string_view> ReferenceBodyAt(std::string_view v, size_t amp) {
  const size_t semi = v.find(';', amp + 1);
  if (semi == std::string_view::npos) return std::nullopt;
  const std::string_view body = v.substr(amp + 1, semi - amp - 1);
  if (body.empty()) return std::nullopt;
  for (char c : body) {
    if (IsSpace(static_cast<unsigned char>(c)) || c == '&' || c == '<' || c == '"' || c == '\'') {
      return std::nullopt;
    }
  }
  const auto first = static_cast<unsigned char>(body[0]);
  if (first != '#' && first < 0x80 && !(kByteClass.v[first] & kClassNameStart)) {
    return std::nullopt;
  }
  return body;
}

}  // namespace

// ---------------------------------------------------------------------------
// Sources and errors

FileSource::FileSource(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw XmlError(path, 0, std::string("cannot open the file: ") + std::strerror(errno));
  }
  // Reads are large; stdio's own buffer would only add a copy.
  std::setvbuf(file_, nullptr, _IONBF, 0);
}

FileSource::~FileSource() {
  if (file_ != nullptr) std::fclose(file_);
}

size_t FileSource::Read(char* buf, size_t n) {
  const size_t got = std::fread(buf, 1, n, file_);
  if (got < n && std::ferror(file_)) {
    throw XmlError(path_, 0, std::string("cannot read the file: ") + std::strerror(errno));
  }
  bytes_read_ += got;
  return got;
}

size_t MemorySource::Read(char* buf, size_t n) {
  const size_t got = std::min(n, data_.size() - pos_);
  std::memcpy(buf, data_.data() + pos_, got);
  pos_ += got;
  return got;
}

namespace {
std::string FormatWhat(const std::string& file, int line, const std::string& message) {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}
}  // namespace

XmlError::XmlError(std::string file, int line, std::string message, bool limit)
    : std::runtime_error(FormatWhat(file, line, message)),
      file_(std::move(file)),
      line_(line),
      message_(std::move(message)),
      limit_(limit) {}

const std::string* XmlEvent::Attr(std::string_view ns, std::string_view local) const {
  for (const XmlAttribute& a : attributes) {
    if (a.local_name == local && a.ns_uri == ns) return &a.value;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// The parser

class XmlPullParser::Impl {
 public:
  Impl(std::unique_ptr<ByteSource> source, std::string file, ParserOptions options)
      : source_(std::move(source)), file_(std::move(file)), options_(options) {}

  ~Impl() {
    if (converter_ != nullptr) ucnv_close(converter_);
  }

  bool Next(XmlEvent* ev);

  const std::string& encoding() const { return encoding_; }
  int line() const {
    int line = line_;
    const uint64_t offset = base_offset_ + pos_;
    for (size_t i = breaks_head_; i < breaks_.size() && breaks_[i] < offset; ++i) ++line;
    return line;
  }
  uint64_t bytes_consumed() const { return bytes_consumed_; }
  const std::string& doctype_name() const { return doctype_name_; }
  const std::string& doctype_system_id() const { return doctype_system_id_; }

 private:
  enum class Mode { kUtf8, kIcu };

  // An open element.
  struct Frame {
    std::string qname;
    size_t local_pos = 0;  // local name = qname.substr(local_pos)
    std::string ns_uri;
    int line = 0;
    size_t ns_mark = 0;  // ns_size_ before this element's declarations
  };

  static constexpr size_t kNone = static_cast<size_t>(-1);

  struct NsBinding {
    std::string prefix;       // "" for the default namespace
    std::string uri;          // "" undeclares the default namespace
    size_t shadowed = kNone;  // index of the binding of the same prefix it hides
  };

  // Lets string_views find std::string keys.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  // A general entity declared in the internal subset.
  struct Entity {
    std::string value;      // replacement text (character references already expanded)
    std::string system_id;  // external entities only
    bool external = false;
    enum class State { kNew, kMeasuring, kMeasured } state = State::kNew;
    size_t work = 0;   // bytes scanned by one full expansion (saturating)
    size_t depth = 0;  // nesting depth of one full expansion
  };

  // --- Decoding -------------------------------------------------------------
  void Start();
  void SetUpEncoding(std::string_view detected, size_t bom);
  size_t ReadSource(char* dst, size_t n);
  void Reserve(size_t n);
  bool Fill(size_t need);
  void Compact();
  void ReadMoreUtf8();
  void ValidateUtf8();
  void ReadMoreIcu();
  void AppendUtf16(const UChar* u, size_t n);
  void SetPendingError(std::string message);
  [[noreturn]] void ThrowPendingError();

  // --- Cursor ---------------------------------------------------------------
  int Peek() {
    if (pos_ < end_ || Fill(1)) return static_cast<unsigned char>(buf_[pos_]);
    return -1;
  }
  bool LookingAt(std::string_view s) {
    if (end_ - pos_ < s.size() && !Fill(s.size())) return false;
    return std::memcmp(buf_.get() + pos_, s.data(), s.size()) == 0;
  }
  bool SkipSpace();
  uint64_t Offset() const { return base_offset_ + pos_; }
  int CurrentLine() { return LineAt(pos_); }
  // The line of buf_[index]; index must not go backwards between calls.
  int LineAt(size_t index) {
    const uint64_t offset = base_offset_ + index;
    while (breaks_head_ < breaks_.size() && breaks_[breaks_head_] < offset) {
      ++line_;
      ++breaks_head_;
    }
    return line_;
  }
  std::string Found();

  // --- Errors ---------------------------------------------------------------
  [[noreturn]] void Fail(const std::string& message) {
    throw XmlError(file_, CurrentLine(), message);
  }
  [[noreturn]] void FailAtLine(int line, const std::string& message) {
    throw XmlError(file_, line, message);
  }
  [[noreturn]] void FailLimit(const std::string& message) {
    throw XmlError(file_, CurrentLine(), message, /*limit=*/true);
  }
  [[noreturn]] void FailTruncated(const std::string& what, int open_line) {
    Fail("file ends inside " + what + " opened at line " + std::to_string(open_line) +
         ": the file is truncated");
  }

  // --- Syntax ---------------------------------------------------------------
  bool NextOutsideRoot(XmlEvent* ev);
  bool NextInContent(XmlEvent* ev);
  void ParseXmlDeclaration();
  void ParseStartTag(XmlEvent* ev);
  void ParseEndTag(XmlEvent* ev);
  void EmitEnd(XmlEvent* ev, bool self_closing, int line, uint64_t begin, uint64_t end);
  bool ParseText(XmlEvent* ev);
  bool ParseComment(XmlEvent* ev);
  bool ParsePi(XmlEvent* ev);
  void ScanTo(std::string_view terminator, std::string* out, bool comment, const std::string& what,
              int open_line);
  bool ReadName(std::string* out);
  void ReadNameOrFail(std::string* out, const std::string& expected);
  void ParseAttributeValue(XmlAttribute* attr, const std::string& element);
  void ParseReference(std::string* out, bool in_attribute);
  void ResolveReference(std::string_view body, std::string* out, bool in_attribute);
  void AppendCharReference(std::string_view body, std::string* out);
  void ExpandEntity(const std::string& name, Entity* entity, std::string* out, bool in_attribute);
  void MeasureEntity(const std::string& name, Entity* entity, size_t level);
  void CheckEntityUsable(const std::string& name, const Entity& entity);
  Entity* FindEntity(std::string_view name);

  // --- Namespaces and the element stack ---------------------------------------
  void ResolveNamespaces(XmlEvent* ev, size_t* ns_mark);
  void SplitQName(const std::string& qname, std::string_view* prefix, std::string_view* local);
  const std::string* LookupNamespace(std::string_view prefix) const;
  void PushNamespace(std::string_view prefix, const std::string& uri);
  void PopNamespaces(size_t mark);
  void CheckDuplicateAttributes(const XmlEvent& ev);
  void ResetAttributes(XmlEvent* ev);
  void SetCharacterEvent(XmlEvent* ev, XmlEventType type, int line, uint64_t begin);
  XmlAttribute* AddAttribute(XmlEvent* ev);

  // --- DOCTYPE --------------------------------------------------------------
  void ParseDoctype();
  void ParseInternalSubset(int open_line);
  void ParseEntityDeclaration();
  void ParseExternalId(std::string* public_id, std::string* system_id);
  void ReadQuoted(std::string* out, size_t limit, const std::string& what);
  void ReadEntityValue(std::string* out, const std::string& name);
  void SkipMarkupDeclaration(int open_line);

  // Input.
  std::unique_ptr<ByteSource> source_;
  std::string file_;
  ParserOptions options_;
  Mode mode_ = Mode::kUtf8;
  std::string encoding_;
  UConverter* converter_ = nullptr;
  std::unique_ptr<char[]> raw_;  // ICU mode: undecoded bytes
  size_t raw_cap_ = 0, raw_pos_ = 0, raw_len_ = 0;
  std::unique_ptr<UChar[]> pivot_;
  UChar pending_lead_ = 0;  // a high surrogate waiting for its pair
  bool source_eof_ = false;
  bool eof_ = false;  // no more decoded data will come
  std::string pending_error_;
  uint64_t bytes_consumed_ = 0;

  // Decoded UTF-8: [pos_, end_) is ready to scan; in UTF-8 mode [end_, raw_end_)
  // holds the start of a sequence that is not complete yet.
  std::unique_ptr<char[]> buf_;
  size_t cap_ = 0, pos_ = 0, end_ = 0, raw_end_ = 0;
  uint64_t base_offset_ = 0;  // offset of buf_[0] in the decoded stream
  int line_ = 1;
  std::vector<uint64_t> breaks_;  // decoded offsets of line breaks not yet passed
  size_t breaks_head_ = 0;        // breaks_[0, breaks_head_) are counted in line_
  bool decoded_cr_ = false;       // the last byte decoded was CR

  // Document state.
  bool started_ = false;
  bool done_ = false;
  bool root_seen_ = false;
  bool doctype_seen_ = false;
  int root_closed_line_ = 0;
  std::string root_qname_;
  std::optional<XmlError> error_;
  std::vector<Frame> frames_;
  size_t depth_ = 0;
  std::vector<NsBinding> ns_;
  size_t ns_size_ = 0;
  // Prefix -> index in ns_ of its innermost binding; LookupNamespace uses it
  // once many declarations are in scope, so lookups stay O(1) on hostile input.
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> ns_index_;
  bool pending_end_ = false;  // the end event of <a/> is due
  int pending_line_ = 0;
  uint64_t pending_begin_ = 0, pending_end_offset_ = 0;
  std::vector<XmlAttribute> attribute_pool_;  // spare attributes, capacity kept

  // DOCTYPE.
  std::string doctype_name_, doctype_system_id_;
  std::unordered_map<std::string, Entity> entities_;
  size_t entity_bytes_ = 0;     // declared replacement text, bounded like expansions
  size_t expansion_bytes_ = 0;  // entity expansion work so far
  bool has_external_subset_ = false;

  // Scratch.
  std::string name_, ref_, scratch_;
};

// ---------------------------------------------------------------------------
// Decoding

size_t XmlPullParser::Impl::ReadSource(char* dst, size_t n) {
  const size_t got = std::min(source_->Read(dst, n), n);
  bytes_consumed_ += got;
  if (got == 0) source_eof_ = true;
  return got;
}

void XmlPullParser::Impl::Reserve(size_t n) {
  if (n <= cap_) return;
  const size_t cap = std::max(n, cap_ * 2);
  std::unique_ptr<char[]> bigger(new char[cap]);
  if (raw_end_ > 0) std::memcpy(bigger.get(), buf_.get(), raw_end_);
  buf_ = std::move(bigger);
  cap_ = cap;
}

// Detects the encoding (XML 1.0 Appendix F) and reads the XML declaration.
void XmlPullParser::Impl::Start() {
  started_ = true;
  Reserve(kChunkSize + kLookahead);
  auto read_more = [this] {
    Reserve(raw_end_ + kChunkSize);
    raw_end_ += ReadSource(buf_.get() + raw_end_, kChunkSize);
  };
  while (raw_end_ < 4 && !source_eof_) read_more();
  const auto* b = reinterpret_cast<const unsigned char*>(buf_.get());
  const size_t n = raw_end_;
  auto starts = [&](std::initializer_list<unsigned char> bytes) {
    if (n < bytes.size()) return false;
    size_t i = 0;
    for (unsigned char x : bytes) {
      if (b[i++] != x) return false;
    }
    return true;
  };
  if (starts({0x00, 0x00, 0xFE, 0xFF})) return SetUpEncoding("UTF-32BE", 4);
  if (starts({0xFF, 0xFE, 0x00, 0x00})) return SetUpEncoding("UTF-32LE", 4);
  if (starts({0xFE, 0xFF})) return SetUpEncoding("UTF-16BE", 2);
  if (starts({0xFF, 0xFE})) return SetUpEncoding("UTF-16LE", 2);
  if (starts({0xEF, 0xBB, 0xBF})) return SetUpEncoding("UTF-8", 3);
  if (starts({0x00, 0x00, 0x00, 0x3C})) return SetUpEncoding("UTF-32BE", 0);
  if (starts({0x3C, 0x00, 0x00, 0x00})) return SetUpEncoding("UTF-32LE", 0);
  if (n >= 4 && b[0] == 0x00 && b[1] == 0x3C && b[2] == 0x00 && b[3] != 0x00) {
    return SetUpEncoding("UTF-16BE", 0);
  }
  if (n >= 4 && b[0] == 0x3C && b[1] == 0x00 && b[2] != 0x00 && b[3] == 0x00) {
    return SetUpEncoding("UTF-16LE", 0);
  }
  // ASCII-compatible: the XML declaration, if any, names the encoding.
  if (n >= 5 && std::memcmp(b, "<?xml", 5) == 0) {
    while (!source_eof_ && raw_end_ < kSniffBytes &&
           std::memchr(buf_.get(), '>', raw_end_) == nullptr) {
      read_more();
    }
  }
  const std::optional<std::string> declared = SniffDeclaredEncoding(buf_.get(), raw_end_);
  if (!declared) return SetUpEncoding("UTF-8", 0);
  // XML's EncName; it also keeps ICU's option and package syntax (',', '/')
  // away from ucnv_open.
  const bool valid_name =
      !declared->empty() && std::isalpha(static_cast<unsigned char>((*declared)[0])) &&
      std::all_of(declared->begin(), declared->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!valid_name) {
    throw XmlError(file_, 1,
                   "invalid encoding name '" + ForMessage(*declared) +
                       "' in the XML declaration (expected a name such as UTF-8 or "
                       "windows-1252)");
  }
  UErrorCode status = U_ZERO_ERROR;
  UConverter* probe = ucnv_open(declared->c_str(), &status);
  if (U_FAILURE(status) || probe == nullptr) {
    throw XmlError(file_, 1,
                   "unknown encoding '" + *declared +
                       "' in the XML declaration; re-save the file as UTF-8 or declare an "
                       "encoding name such as UTF-8, UTF-16, ISO-8859-1 or windows-1252");
  }
  const UConverterType type = ucnv_getType(probe);
  ucnv_close(probe);
  switch (type) {
    case UCNV_UTF8:
      return SetUpEncoding("UTF-8", 0);
    case UCNV_US_ASCII:
      return SetUpEncoding("US-ASCII", 0);
    case UCNV_UTF16:
    case UCNV_UTF16_BigEndian:
    case UCNV_UTF16_LittleEndian:
    case UCNV_UTF32:
    case UCNV_UTF32_BigEndian:
    case UCNV_UTF32_LittleEndian:
      // The bytes are ASCII-compatible, so the declaration is wrong: trust the
      // bytes, as other parsers do.
      return SetUpEncoding("UTF-8", 0);
    default:
      return SetUpEncoding(*declared, 0);
  }
}

// Switches to UTF-8 validation or to an ICU converter for `name`; `bom` bytes
// at the start of buf_ are skipped.
void XmlPullParser::Impl::SetUpEncoding(std::string_view name, size_t bom) {
  if (name == "UTF-8" || name == "US-ASCII") {
    mode_ = Mode::kUtf8;
    encoding_ = name;
    // Offsets equal file offsets: the BOM stays before position bom.
    pos_ = end_ = bom;
    ValidateUtf8();
    if (source_eof_ && end_ == raw_end_ && pending_error_.empty()) eof_ = true;
  } else {
    mode_ = Mode::kIcu;
    const std::string cname(name);
    UErrorCode status = U_ZERO_ERROR;
    converter_ = ucnv_open(cname.c_str(), &status);
    if (U_FAILURE(status) || converter_ == nullptr) {
      throw XmlError(file_, 1, "unknown encoding '" + cname + "'; re-save the file as UTF-8");
    }
    status = U_ZERO_ERROR;
    ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    status = U_ZERO_ERROR;
    const char* canonical = ucnv_getName(converter_, &status);
    const char* standard = nullptr;
    if (U_SUCCESS(status)) {
      for (const char* tag : {"MIME", "IANA"}) {
        UErrorCode s = U_ZERO_ERROR;
        standard = ucnv_getStandardName(canonical, tag, &s);
        if (U_SUCCESS(s) && standard != nullptr) break;
        standard = nullptr;
      }
    }
    encoding_ = standard != nullptr ? standard : cname;
    // A declared encoding must read the declaration's own ASCII bytes as ASCII
    // (an EBCDIC name on an ASCII file would otherwise produce garbage).
    if (bom == 0 && raw_end_ >= 5 && std::memcmp(buf_.get(), "<?xml", 5) == 0) {
      UChar decoded[8];
      UErrorCode s = U_ZERO_ERROR;
      UConverter* check = ucnv_open(cname.c_str(), &s);
      const int32_t len = U_SUCCESS(s) ? ucnv_toUChars(check, decoded, 8, buf_.get(), 5, &s) : 0;
      if (check != nullptr) ucnv_close(check);
      const UChar expected[] = {'<', '?', 'x', 'm', 'l'};
      if (U_FAILURE(s) || len != 5 || std::memcmp(decoded, expected, sizeof expected) != 0) {
        throw XmlError(file_, 1,
                       "the XML declaration says encoding=\"" + cname +
                           "\", but the file's bytes are not in that encoding; fix the "
                           "declaration or re-save the file as UTF-8");
      }
    }
    raw_cap_ = std::max(kChunkSize, raw_end_);
    raw_.reset(new char[raw_cap_]);
    raw_len_ = raw_end_ - bom;
    std::memcpy(raw_.get(), buf_.get() + bom, raw_len_);
    raw_pos_ = 0;
    pivot_.reset(new UChar[kPivotSize]);
    // The decoded stream is the whole file in UTF-8: a BOM is U+FEFF, 3 bytes.
    base_offset_ = bom > 0 ? 3 : 0;
    pos_ = end_ = raw_end_ = 0;
  }
}

void XmlPullParser::Impl::SetPendingError(std::string message) {
  if (pending_error_.empty()) pending_error_ = std::move(message);
}

// Throws the decoder's error with the line of the bad byte, which sits at end_.
void XmlPullParser::Impl::ThrowPendingError() {
  throw XmlError(file_, LineAt(end_), pending_error_);
}

// Makes [pos_, end_) at least `need` bytes long if the input allows; false at
// the end of the input. Throws the decoder's error when it is reached.
bool XmlPullParser::Impl::Fill(size_t need) {
  if (!started_) Start();
  while (end_ - pos_ < need) {
    if (!pending_error_.empty()) ThrowPendingError();
    if (eof_) return false;
    Compact();
    if (mode_ == Mode::kUtf8) {
      ReadMoreUtf8();
    } else {
      ReadMoreIcu();
    }
  }
  return true;
}

void XmlPullParser::Impl::Compact() {
  if (pos_ == 0) return;
  LineAt(pos_);
  breaks_.erase(breaks_.begin(), breaks_.begin() + breaks_head_);
  breaks_head_ = 0;
  std::memmove(buf_.get(), buf_.get() + pos_, raw_end_ - pos_);
  base_offset_ += pos_;
  end_ -= pos_;
  raw_end_ -= pos_;
  pos_ = 0;
}

void XmlPullParser::Impl::ReadMoreUtf8() {
  Reserve(raw_end_ + kChunkSize);
  if (!source_eof_) raw_end_ += ReadSource(buf_.get() + raw_end_, kChunkSize);
  ValidateUtf8();
  if (source_eof_ && end_ == raw_end_ && pending_error_.empty()) eof_ = true;
}

// Advances end_ over complete, valid UTF-8 in [end_, raw_end_). Stops before an
// incomplete sequence at the end (more bytes may come) or at an error.
void XmlPullParser::Impl::ValidateUtf8() {
  const auto* s = reinterpret_cast<const unsigned char*>(buf_.get());
  size_t p = end_;
  const size_t e = raw_end_;
  auto fail = [&](std::string message) {
    end_ = p;
    SetPendingError(std::move(message));
  };
  auto bad_sequence = [&](size_t n) {
    fail("invalid UTF-8 byte sequence (" + HexBytes(s + p, n) +
         ") — the file is not in UTF-8; re-save it as UTF-8 or declare its encoding");
  };
  bool cr = decoded_cr_;
  while (p < e) {
    // Fast path: eight ASCII bytes with no control characters (so no line ends).
    const size_t fast_start = p;
    while (p + 8 <= e) {
      uint64_t w;
      std::memcpy(&w, s + p, 8);
      constexpr uint64_t kHigh = 0x8080808080808080ull;
      const uint64_t below_space = (w - 0x2020202020202020ull) & ~w & kHigh;
      if (((w & kHigh) | below_space) != 0) break;
      p += 8;
    }
    if (p != fast_start) cr = false;
    if (p >= e) break;
    const unsigned c = s[p];
    if (c < 0x80) {
      if (c < 0x20) {
        if (c == '\n') {
          if (!cr) breaks_.push_back(base_offset_ + p);
        } else if (c == '\r') {
          breaks_.push_back(base_offset_ + p);
        } else if (c != '\t') {
          return fail(ForbiddenCharMessage(c));
        }
      }
      cr = c == '\r';
      ++p;
      continue;
    }
    cr = false;
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      // A stray continuation byte or a lead byte that is never valid; show the
      // continuation bytes that follow it.
      size_t n = 1;
      while (n < 4 && p + n < e && (s[p + n] & 0xC0) == 0x80) ++n;
      return bad_sequence(n);
    }
    for (size_t i = 1; i < len; ++i) {
      if (p + i >= e) {
        if (source_eof_) {
          return fail("invalid UTF-8 byte sequence (" + HexBytes(s + p, i) +
                      ") at the end of the file — the file is truncated or not in UTF-8");
        }
        end_ = p;  // wait for the rest of the sequence
        decoded_cr_ = cr;
        return;
      }
      const unsigned b = s[p + i];
      if (b < (i == 1 ? lo : 0x80u) || b > (i == 1 ? hi : 0xBFu)) return bad_sequence(i + 1);
    }
    if (c == 0xEF && s[p + 1] == 0xBF && s[p + 2] >= 0xBE) {
      return fail(ForbiddenCharMessage(s[p + 2] == 0xBE ? 0xFFFE : 0xFFFF));
    }
    p += len;
  }
  end_ = p;
  decoded_cr_ = cr;
}

void XmlPullParser::Impl::ReadMoreIcu() {
  if (raw_pos_ == raw_len_ && !source_eof_) {
    raw_pos_ = 0;
    raw_len_ = ReadSource(raw_.get(), raw_cap_);
  }
  const char* src = raw_.get() + raw_pos_;
  const char* src_end = raw_.get() + raw_len_;
  UChar* target = pivot_.get();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_toUnicode(converter_, &target, pivot_.get() + kPivotSize, &src, src_end, nullptr,
                 source_eof_, &status);
  raw_pos_ = src - raw_.get();
  AppendUtf16(pivot_.get(), target - pivot_.get());
  if (!pending_error_.empty() || status == U_BUFFER_OVERFLOW_ERROR) return;
  if (U_FAILURE(status)) {
    char bad[32];
    int8_t bad_len = sizeof bad;
    UErrorCode s = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter_, bad, &bad_len, &s);
    if (U_FAILURE(s)) bad_len = 0;
    const std::string bytes = HexBytes(reinterpret_cast<unsigned char*>(bad), bad_len);
    if (status == U_TRUNCATED_CHAR_FOUND) {
      SetPendingError("the file ends in the middle of a " + encoding_ + " character (" + bytes +
                      "): the file is truncated");
    } else {
      SetPendingError("invalid " + encoding_ + " byte sequence (" + bytes +
                      ") — the file is not in " + encoding_ +
                      "; re-save it as UTF-8 or declare its real encoding");
    }
    return;
  }
  if (source_eof_ && raw_pos_ == raw_len_) {
    if (pending_lead_ != 0) {
      SetPendingError("unpaired UTF-16 surrogate " + CodePointName(pending_lead_) +
                      " at the end of the file");
      return;
    }
    eof_ = true;
  }
}

// Appends UTF-16 from ICU to buf_ as UTF-8, stopping at a character XML forbids.
void XmlPullParser::Impl::AppendUtf16(const UChar* u, size_t n) {
  Reserve(end_ + 3 * n + kLookahead);
  auto* d = reinterpret_cast<unsigned char*>(buf_.get()) + end_;
  auto finish = [&] { end_ = raw_end_ = reinterpret_cast<char*>(d) - buf_.get(); };
  for (size_t i = 0; i < n; ++i) {
    uint32_t c = u[i];
    if (pending_lead_ != 0) {
      if (!U16_IS_TRAIL(c)) {
        finish();
        return SetPendingError("unpaired UTF-16 surrogate " + CodePointName(pending_lead_));
      }
      c = U16_GET_SUPPLEMENTARY(pending_lead_, c);
      pending_lead_ = 0;
      *d++ = static_cast<unsigned char>(0xF0 | (c >> 18));
      *d++ = static_cast<unsigned char>(0x80 | ((c >> 12) & 0x3F));
      *d++ = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
      *d++ = static_cast<unsigned char>(0x80 | (c & 0x3F));
    } else if (c < 0x80) {
      if (c < 0x20) {
        const uint64_t offset = base_offset_ + (reinterpret_cast<char*>(d) - buf_.get());
        if (c == '\n') {
          if (!decoded_cr_) breaks_.push_back(offset);
        } else if (c == '\r') {
          breaks_.push_back(offset);
        } else if (c != '\t') {
          finish();
          return SetPendingError(ForbiddenCharMessage(c));
        }
      }
      decoded_cr_ = c == '\r';
      *d++ = static_cast<unsigned char>(c);
      continue;
    } else if (c < 0x800) {
      *d++ = static_cast<unsigned char>(0xC0 | (c >> 6));
      *d++ = static_cast<unsigned char>(0x80 | (c & 0x3F));
    } else if (U16_IS_LEAD(c)) {
      pending_lead_ = static_cast<UChar>(c);
    } else if (U16_IS_TRAIL(c) || c >= 0xFFFE) {
      finish();
      return SetPendingError(U16_IS_TRAIL(c) ? "unpaired UTF-16 surrogate " + CodePointName(c)
                                             : ForbiddenCharMessage(c));
    } else {
      *d++ = static_cast<unsigned char>(0xE0 | (c >> 12));
      *d++ = static_cast<unsigned char>(0x80 | ((c >> 6) & 0x3F));
      *d++ = static_cast<unsigned char>(0x80 | (c & 0x3F));
    }
    decoded_cr_ = false;
  }
  finish();
}

// ---------------------------------------------------------------------------
// Cursor helpers

bool XmlPullParser::Impl::SkipSpace() {
  bool any = false;
  for (;;) {
    const char* b = buf_.get();
    const size_t start = pos_, e = end_;
    size_t p = start;
    while (p < e && (ClassOf(b[p]) & kClassSpace)) ++p;
    pos_ = p;
    any |= p != start;
    if (pos_ < end_ || !Fill(1)) return any;
  }
}

// Describes what is at the cursor, for messages: "'x'", "U+00A0", "end of file".
std::string XmlPullParser::Impl::Found() {
  const int c = Peek();
  if (c < 0) return "the end of the file";
  if (c >= 0x80) {
    const size_t len = Utf8Length(static_cast<unsigned char>(c));
    return "'" + std::string(buf_.get() + pos_, len) + "' (" +
           CodePointName(DecodeUtf8(buf_.get() + pos_, len)) + ")";
  }
  if (c == '\n' || c == '\r') return "a line break";
  if (c == '\t') return "a tab";
  return "'" + std::string(1, static_cast<char>(c)) + "'";
}

// Reads a Name into *out; false (nothing consumed) if no name starts here.
bool XmlPullParser::Impl::ReadName(std::string* out) {
  out->clear();
  int c = Peek();
  if (c < 0) return false;
  if (c < 0x80) {
    if (!(kByteClass.v[c] & kClassNameStart)) return false;
  } else {
    const size_t len = Utf8Length(static_cast<unsigned char>(c));
    if (!IsNameStartCodePoint(DecodeUtf8(buf_.get() + pos_, len))) return false;
  }
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    const size_t e = end_;  // a local: stores through char* could alias the member
    while (p < e && (ClassOf(b[p]) & kClassName)) ++p;
    out->append(b + pos_, p - pos_);
    pos_ = p;
    if (out->size() > options_.limits.max_name_bytes) {
      FailLimit("a name longer than " + SizeText(options_.limits.max_name_bytes) +
                " (limit max_name_bytes): " + QuotedForMessage(*out, 40));
    }
    if (pos_ == end_) {
      if (!Fill(1)) return true;
      continue;
    }
    const auto lead = static_cast<unsigned char>(b[pos_]);
    if (lead < 0x80) return true;
    const size_t len = Utf8Length(lead);  // the decoder guarantees the whole sequence
    if (!IsNameCodePoint(DecodeUtf8(b + pos_, len))) return true;
    out->append(b + pos_, len);
    pos_ += len;
  }
}

void XmlPullParser::Impl::ReadNameOrFail(std::string* out, const std::string& expected) {
  if (!ReadName(out)) Fail("expected " + expected + ", found " + Found());
}

// ---------------------------------------------------------------------------
// Top level

bool XmlPullParser::Impl::Next(XmlEvent* ev) {
  if (error_) throw *error_;  // a failed parser stays failed
  try {
    if (!started_) {
      Start();
      if (LookingAt("<?xml") && Fill(6) && (IsSpace(buf_[pos_ + 5]) || buf_[pos_ + 5] == '?')) {
        ParseXmlDeclaration();
      }
    }
    if (pending_end_) {
      pending_end_ = false;
      EmitEnd(ev, /*self_closing=*/true, pending_line_, pending_begin_, pending_end_offset_);
      return true;
    }
    if (done_) return false;
    return depth_ > 0 ? NextInContent(ev) : NextOutsideRoot(ev);
  } catch (const XmlError& e) {
    error_ = e;
    throw;
  }
}

// Prolog and epilog: whitespace, comments, PIs, the DOCTYPE and the root's start.
bool XmlPullParser::Impl::NextOutsideRoot(XmlEvent* ev) {
  for (;;) {
    SkipSpace();
    const int c = Peek();
    if (c < 0) {
      if (!root_seen_) {
        Fail(Offset() == 0 ? "the file is empty: an XML file needs a root element"
                           : "the file has no root element (it holds only declarations or "
                             "comments)");
      }
      done_ = true;
      return false;
    }
    if (c != '<') {
      // Show a little of the stray text.
      const int line = CurrentLine();
      std::string sample;
      for (int ch = c; sample.size() < 24 && ch > 0 && ch != '<' && ch != '\n' && ch != '\r';
           ch = Peek()) {
        const size_t len = Utf8Length(static_cast<unsigned char>(ch));  // complete, see Fill
        sample.append(buf_.get() + pos_, len);
        pos_ += len;
      }
      if (root_seen_) {
        FailAtLine(line, "text after the root element </" + root_qname_ + "> (closed at line " +
                             std::to_string(root_closed_line_) + "): '" + sample +
                             "'; an XML file ends with its root element");
      }
      FailAtLine(line, "text before the root element: '" + sample + "' (is this an XML file?)");
    }
    if (!Fill(2)) Fail("the file ends with a lone '<': the file is truncated");
    const char next = buf_[pos_ + 1];
    if (next == '?') {
      if (ParsePi(ev)) return true;
    } else if (next == '!') {
      if (LookingAt("<!--")) {
        if (ParseComment(ev)) return true;
      } else if (LookingAt("<!DOCTYPE")) {
        if (root_seen_) Fail("a DOCTYPE after the root element; it must come before it");
        if (doctype_seen_) Fail("a second DOCTYPE; a file has at most one");
        ParseDoctype();
      } else {
        Fail(
            "unexpected '<!' outside the root element (expected a comment '<!--' or "
            "'<!DOCTYPE')");
      }
    } else if (next == '/') {
      pos_ += 2;
      ReadName(&name_);
      if (root_seen_) {
        Fail("end tag </" + name_ + "> after the root element </" + root_qname_ +
             "> closed at line " + std::to_string(root_closed_line_));
      }
      Fail("end tag </" + name_ + "> before any element was opened");
    } else {
      if (root_seen_) {
        const int line = CurrentLine();
        ++pos_;
        ReadName(&name_);
        FailAtLine(line, "a second root element <" + name_ + "> after the root element </" +
                             root_qname_ + "> closed at line " + std::to_string(root_closed_line_) +
                             "; an XML file has exactly one root element");
      }
      ParseStartTag(ev);
      root_seen_ = true;
      root_qname_ = ev->qname;
      return true;
    }
  }
}

bool XmlPullParser::Impl::NextInContent(XmlEvent* ev) {
  for (;;) {
    const int c = Peek();
    if (c < 0) {
      const Frame& f = frames_[depth_ - 1];
      FailTruncated("<" + f.qname + ">", f.line);
    }
    if (c != '<') {
      if (ParseText(ev)) return true;
      continue;
    }
    if (!Fill(2)) {
      const Frame& f = frames_[depth_ - 1];
      FailTruncated("<" + f.qname + ">", f.line);
    }
    const char next = buf_[pos_ + 1];
    if (next == '/') {
      ParseEndTag(ev);
      return true;
    }
    if (next == '?') {
      if (ParsePi(ev)) return true;
      continue;
    }
    if (next == '!') {
      if (LookingAt("<!--")) {
        if (ParseComment(ev)) return true;
        continue;
      }
      if (LookingAt("<![CDATA[")) {
        if (ParseText(ev)) return true;
        continue;
      }
      if (LookingAt("<!DOCTYPE")) Fail("a DOCTYPE inside the root element");
      Fail("unexpected '<!' (expected '<!--' or '<![CDATA['); write &lt; for a literal '<'");
    }
    ParseStartTag(ev);
    return true;
  }
}

void XmlPullParser::Impl::ParseXmlDeclaration() {
  const int line = CurrentLine();
  pos_ += 5;     // "<?xml"
  int seen = 0;  // 1 version, 2 encoding, 3 standalone: they come in this order
  for (;;) {
    const bool space = SkipSpace();
    if (LookingAt("?>")) {
      pos_ += 2;
      break;
    }
    if (Peek() < 0) FailTruncated("the XML declaration", line);
    if (!space) Fail("expected whitespace or '?>' in the XML declaration, found " + Found());
    ReadNameOrFail(&name_, "version, encoding or standalone in the XML declaration");
    SkipSpace();
    if (Peek() != '=') Fail("expected '=' after '" + name_ + "' in the XML declaration");
    ++pos_;
    SkipSpace();
    ReadQuoted(&scratch_, 64, "the value of '" + name_ + "' in the XML declaration");
    int order;
    if (name_ == "version") {
      order = 1;
      if (scratch_.size() < 3 || scratch_.compare(0, 2, "1.") != 0 ||
          scratch_.find_first_not_of("0123456789", 2) != std::string::npos) {
        Fail("unsupported XML version \"" + scratch_ + "\" (expected \"1.0\")");
      }
    } else if (name_ == "encoding") {
      order = 2;
    } else if (name_ == "standalone") {
      order = 3;
      if (scratch_ != "yes" && scratch_ != "no") {
        Fail("standalone must be \"yes\" or \"no\", found \"" + scratch_ + "\"");
      }
    } else {
      Fail("unknown '" + name_ + "' in the XML declaration");
    }
    if (order <= seen) Fail("'" + name_ + "' is repeated or out of order in the XML declaration");
    if (seen == 0 && order != 1) {
      Fail("the XML declaration must start with version (write <?xml version=\"1.0\" ...?>)");
    }
    seen = order;
  }
  if (seen == 0) Fail("the XML declaration has no version (write <?xml version=\"1.0\"?>)");
}

// ---------------------------------------------------------------------------
// Elements

void XmlPullParser::Impl::ResetAttributes(XmlEvent* ev) {
  for (XmlAttribute& a : ev->attributes) attribute_pool_.push_back(std::move(a));
  ev->attributes.clear();
}

XmlAttribute* XmlPullParser::Impl::AddAttribute(XmlEvent* ev) {
  if (attribute_pool_.empty()) {
    ev->attributes.emplace_back();
  } else {
    ev->attributes.push_back(std::move(attribute_pool_.back()));
    attribute_pool_.pop_back();
  }
  return &ev->attributes.back();
}

void XmlPullParser::Impl::ParseStartTag(XmlEvent* ev) {
  const int line = CurrentLine();
  const uint64_t begin = Offset();
  ++pos_;  // '<'
  ResetAttributes(ev);
  ev->type = XmlEventType::kStartElement;
  ev->text.clear();
  ev->self_closing = false;
  ev->line = line;
  ev->begin = begin;
  if (!ReadName(&ev->qname)) {
    Fail("expected an element name after '<', found " + Found() + "; write &lt; for a literal '<'");
  }
  for (;;) {
    const bool space = SkipSpace();
    const int c = Peek();
    if (c < 0) FailTruncated("the start tag <" + ev->qname, line);
    if (c == '>') {
      ++pos_;
      break;
    }
    if (c == '/') {
      ++pos_;
      if (Peek() != '>') Fail("expected '>' after '/' in <" + ev->qname + ", found " + Found());
      ++pos_;
      ev->self_closing = true;
      break;
    }
    if (!space) {
      Fail("expected whitespace, '>' or '/>' in the start tag <" + ev->qname + ">, found " +
           Found());
    }
    XmlAttribute* a = AddAttribute(ev);
    if (!ReadName(&a->qname)) {
      Fail("expected an attribute name, '>' or '/>' in <" + ev->qname + ">, found " + Found());
    }
    SkipSpace();
    if (Peek() != '=') {
      if (Peek() < 0) FailTruncated("the start tag <" + ev->qname, line);
      Fail("attribute '" + a->qname + "' in <" + ev->qname +
           "> has no value: expected '=', found " + Found());
    }
    ++pos_;
    SkipSpace();
    ParseAttributeValue(a, ev->qname);
  }
  ev->end = Offset();
  size_t ns_mark = 0;
  ResolveNamespaces(ev, &ns_mark);
  if (depth_ >= options_.limits.max_depth) {
    FailLimit("elements are nested more than " + std::to_string(options_.limits.max_depth) +
              " levels deep (limit max_depth)");
  }
  if (frames_.size() <= depth_) frames_.emplace_back();
  Frame& f = frames_[depth_++];
  f.qname = ev->qname;
  f.local_pos = ev->qname.size() - ev->local_name.size();
  f.ns_uri = ev->ns_uri;
  f.line = line;
  f.ns_mark = ns_mark;
  if (ev->self_closing) {
    pending_end_ = true;
    pending_line_ = line;
    pending_begin_ = begin;
    pending_end_offset_ = ev->end;
  }
}

void XmlPullParser::Impl::ParseAttributeValue(XmlAttribute* attr, const std::string& element) {
  const int quote = Peek();
  if (quote != '"' && quote != '\'') {
    if (quote < 0) FailTruncated("the start tag <" + element, CurrentLine());
    Fail("the value of attribute '" + attr->qname + "' in <" + element +
         "> must be in quotes, found " + Found());
  }
  const int line = CurrentLine();
  ++pos_;
  std::string& out = attr->value;
  out.clear();
  const size_t limit = options_.limits.max_attribute_bytes;
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    const size_t e = end_;
    while (p < e && !(ClassOf(b[p]) & kClassAttrStop)) ++p;
    out.append(b + pos_, p - pos_);
    pos_ = p;
    if (out.size() > limit) {
      FailLimit("attribute '" + attr->qname + "' of <" + element + "> is longer than " +
                SizeText(limit) + " (limit max_attribute_bytes)");
    }
    if (pos_ == end_) {
      if (!Fill(1)) {
        FailTruncated("the value of attribute '" + attr->qname + "' in <" + element + ">", line);
      }
      continue;
    }
    const char c = b[pos_];
    switch (c) {
      case '"':
      case '\'':
        ++pos_;
        if (c == quote) return;
        out.push_back(c);
        break;
      case '<':
        Fail("'<' is not allowed in the value of attribute '" + attr->qname + "' in <" + element +
             ">; write &lt; (or is a closing quote missing?)");
      case '&':
        ParseReference(&out, /*in_attribute=*/true);
        if (out.size() > limit) {
          FailLimit("attribute '" + attr->qname + "' of <" + element + "> is longer than " +
                    SizeText(limit) + " (limit max_attribute_bytes)");
        }
        break;
      case '\r':
        ++pos_;
        if (Peek() == '\n') ++pos_;
        out.push_back(' ');
        break;
      default:  // tab, line feed
        ++pos_;
        out.push_back(' ');
        break;
    }
  }
}

void XmlPullParser::Impl::SplitQName(const std::string& qname, std::string_view* prefix,
                                     std::string_view* local) {
  const size_t colon = qname.find(':');
  if (colon == std::string::npos) {
    *prefix = {};
    *local = qname;
    return;
  }
  const std::string_view l = std::string_view(qname).substr(colon + 1);
  if (colon == 0 || l.empty() || l.find(':') != std::string_view::npos ||
      (static_cast<unsigned char>(l[0]) < 0x80 && !(ClassOf(l[0]) & kClassNameStart))) {
    Fail("'" + qname +
         "' is not a valid name: a name has at most one ':', between a "
         "namespace prefix and a local name");
  }
  *prefix = std::string_view(qname).substr(0, colon);
  *local = l;
}

const std::string* XmlPullParser::Impl::LookupNamespace(std::string_view prefix) const {
  static const std::string kEmpty;
  static const std::string kXml(kXmlNamespace);
  static const std::string kXmlns(kXmlnsNamespace);
  if (prefix == "xml") return &kXml;
  if (prefix == "xmlns") return &kXmlns;
  if (ns_size_ <= 16) {  // the usual case: a few declarations, scanned innermost first
    for (size_t i = ns_size_; i-- > 0;) {
      if (ns_[i].prefix == prefix) return &ns_[i].uri;
    }
  } else if (auto it = ns_index_.find(prefix); it != ns_index_.end()) {
    return &ns_[it->second].uri;
  }
  return prefix.empty() ? &kEmpty : nullptr;
}

void XmlPullParser::Impl::PushNamespace(std::string_view prefix, const std::string& uri) {
  if (ns_.size() <= ns_size_) ns_.emplace_back();
  const size_t index = ns_size_++;
  NsBinding& b = ns_[index];
  b.prefix.assign(prefix);
  b.uri = uri;
  auto [it, inserted] = ns_index_.try_emplace(b.prefix, index);
  b.shadowed = inserted ? kNone : it->second;
  it->second = index;
}

void XmlPullParser::Impl::PopNamespaces(size_t mark) {
  while (ns_size_ > mark) {
    const NsBinding& b = ns_[--ns_size_];
    auto it = ns_index_.find(b.prefix);
    if (b.shadowed == kNone) {
      ns_index_.erase(it);
    } else {
      it->second = b.shadowed;
    }
  }
}

void XmlPullParser::Impl::ResolveNamespaces(XmlEvent* ev, size_t* ns_mark) {
  *ns_mark = ns_size_;
  // Declarations first: they apply to the element and all its attributes.
  for (XmlAttribute& a : ev->attributes) {
    if (!IsNamespaceDeclaration(a.qname)) continue;
    a.ns_uri = kXmlnsNamespace;
    if (a.qname.size() == 5) {
      a.local_name = "xmlns";
      if (a.value == kXmlNamespace || a.value == kXmlnsNamespace) {
        Fail("xmlns=\"" + a.value + "\" in <" + ev->qname + ">: this namespace is reserved");
      }
      PushNamespace("", a.value);
      continue;
    }
    std::string_view prefix, local;
    SplitQName(a.qname, &prefix, &local);
    a.local_name.assign(local);
    if (local == "xmlns") Fail("the prefix 'xmlns' cannot be declared (in <" + ev->qname + ">)");
    if ((local == "xml") != (a.value == kXmlNamespace)) {
      Fail("'" + a.qname + "' in <" + ev->qname + ">: the prefix 'xml' belongs to " +
           std::string(kXmlNamespace) + " and no other prefix may be bound to it");
    }
    if (a.value.empty()) {
      Fail("'" + a.qname + "=\"\"' in <" + ev->qname +
           ">: a namespace prefix cannot be undeclared in XML 1.0");
    }
    if (a.value == kXmlnsNamespace) {
      Fail("'" + a.qname + "' in <" + ev->qname + ">: " + std::string(kXmlnsNamespace) +
           " is reserved");
    }
    PushNamespace(local, a.value);
  }
  std::string_view prefix, local;
  SplitQName(ev->qname, &prefix, &local);
  if (prefix == "xmlns") Fail("element <" + ev->qname + ">: the prefix 'xmlns' is reserved");
  const std::string* uri = LookupNamespace(prefix);
  if (uri == nullptr) {
    Fail("namespace prefix '" + std::string(prefix) + "' of <" + ev->qname +
         "> is not declared (add xmlns:" + std::string(prefix) +
         "=\"...\" to this element or the root element)");
  }
  ev->local_name.assign(local);
  ev->ns_uri = *uri;
  for (XmlAttribute& a : ev->attributes) {
    if (IsNamespaceDeclaration(a.qname)) continue;
    SplitQName(a.qname, &prefix, &local);
    a.local_name.assign(local);
    if (prefix.empty()) {
      a.ns_uri.clear();  // un-prefixed attributes are in no namespace
      continue;
    }
    const std::string* auri = LookupNamespace(prefix);
    if (auri == nullptr) {
      Fail("namespace prefix '" + std::string(prefix) + "' of attribute '" + a.qname + "' in <" +
           ev->qname + "> is not declared (add xmlns:" + std::string(prefix) + "=\"...\")");
    }
    a.ns_uri = *auri;
  }
  CheckDuplicateAttributes(*ev);
}

void XmlPullParser::Impl::CheckDuplicateAttributes(const XmlEvent& ev) {
  const std::vector<XmlAttribute>& as = ev.attributes;
  auto same = [](const XmlAttribute& a, const XmlAttribute& b) {
    return a.local_name == b.local_name && a.ns_uri == b.ns_uri;
  };
  auto fail = [&](const XmlAttribute& a, const XmlAttribute& b) {
    if (a.qname == b.qname) Fail("attribute '" + a.qname + "' appears twice in <" + ev.qname + ">");
    Fail("attributes '" + a.qname + "' and '" + b.qname + "' in <" + ev.qname +
         "> are the same attribute (both prefixes mean " + a.ns_uri + ")");
  };
  if (as.size() <= 16) {
    for (size_t i = 1; i < as.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (same(as[i], as[j])) fail(as[j], as[i]);
      }
    }
    return;
  }
  std::vector<const XmlAttribute*> sorted;
  sorted.reserve(as.size());
  for (const XmlAttribute& a : as) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](const XmlAttribute* a, const XmlAttribute* b) {
    return std::tie(a->ns_uri, a->local_name) < std::tie(b->ns_uri, b->local_name);
  });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (same(*sorted[i - 1], *sorted[i])) fail(*sorted[i - 1], *sorted[i]);
  }
}

void XmlPullParser::Impl::ParseEndTag(XmlEvent* ev) {
  const int line = CurrentLine();
  const uint64_t begin = Offset();
  pos_ += 2;  // "</"
  if (!ReadName(&name_)) Fail("expected an element name after '</', found " + Found());
  SkipSpace();
  if (Peek() != '>') {
    if (Peek() < 0) FailTruncated("the end tag </" + name_, line);
    Fail("expected '>' to close </" + name_ + ", found " + Found());
  }
  ++pos_;
  const Frame& f = frames_[depth_ - 1];
  if (name_ != f.qname) {
    FailAtLine(line, "expected </" + f.qname + "> (opened at line " + std::to_string(f.line) +
                         "), found </" + name_ + ">");
  }
  EmitEnd(ev, /*self_closing=*/false, line, begin, Offset());
}

void XmlPullParser::Impl::EmitEnd(XmlEvent* ev, bool self_closing, int line, uint64_t begin,
                                  uint64_t end) {
  const Frame& f = frames_[depth_ - 1];
  ResetAttributes(ev);
  ev->type = XmlEventType::kEndElement;
  ev->qname = f.qname;
  ev->local_name.assign(f.qname, f.local_pos);
  ev->ns_uri = f.ns_uri;
  ev->text.clear();
  ev->self_closing = self_closing;
  ev->line = line;
  ev->begin = begin;
  ev->end = end;
  PopNamespaces(f.ns_mark);
  if (--depth_ == 0) root_closed_line_ = line;
}

// ---------------------------------------------------------------------------
// Character data, comments, PIs

// Character data, references and CDATA sections up to the next markup; comments
// and PIs that are not reported are skipped without ending the text. Returns
// false if all it found was empty CDATA sections.
bool XmlPullParser::Impl::ParseText(XmlEvent* ev) {
  const int line = CurrentLine();
  const uint64_t begin = Offset();
  std::string& out = ev->text;
  out.clear();
  const size_t limit = options_.limits.max_text_bytes;
  auto check_limit = [&] {
    if (out.size() > limit) {
      FailLimit("text in <" + frames_[depth_ - 1].qname + "> is longer than " + SizeText(limit) +
                " (limit max_text_bytes)");
    }
  };
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    const size_t e = end_;
    while (p < e && !(ClassOf(b[p]) & kClassTextStop)) ++p;
    out.append(b + pos_, p - pos_);
    pos_ = p;
    check_limit();
    if (pos_ == end_) {
      if (!Fill(1)) break;  // NextInContent reports the truncation
      continue;
    }
    const char c = b[pos_];
    if (c == '&') {
      ParseReference(&out, /*in_attribute=*/false);
      check_limit();
    } else if (c == '\r') {
      ++pos_;
      if (Peek() == '\n') ++pos_;
      out.push_back('\n');
    } else if (c == ']') {
      if (LookingAt("]]>")) Fail("']]>' is not allowed in text; write ]]&gt;");
      out.push_back(']');
      ++pos_;
    } else {  // '<': CDATA, or a comment or PI that is not reported, continue the text
      if (!Fill(2)) break;
      const char next = buf_[pos_ + 1];
      if (next != '!' && next != '?') break;
      if (LookingAt("<![CDATA[")) {
        const int cdata_line = CurrentLine();
        pos_ += 9;
        ScanTo("]]>", &out, /*comment=*/false, "a CDATA section", cdata_line);
        check_limit();
      } else if (!options_.report_comments && LookingAt("<!--")) {
        const int comment_line = CurrentLine();
        pos_ += 4;
        ScanTo("-->", nullptr, /*comment=*/true, "a comment", comment_line);
      } else if (!options_.report_pis && LookingAt("<?")) {
        ParsePi(nullptr);
      } else {
        break;
      }
    }
  }
  if (out.empty()) return false;
  SetCharacterEvent(ev, XmlEventType::kText, line, begin);
  return true;
}

// Fills the fields every text, comment and PI event shares.
void XmlPullParser::Impl::SetCharacterEvent(XmlEvent* ev, XmlEventType type, int line,
                                            uint64_t begin) {
  ResetAttributes(ev);
  ev->type = type;
  ev->qname.clear();
  ev->local_name.clear();
  ev->ns_uri.clear();
  ev->self_closing = false;
  ev->line = line;
  ev->begin = begin;
  ev->end = Offset();
}

// Consumes input through `terminator`, appending what comes before it (line
// ends normalised) to *out unless out is null. `comment` rejects "--".
void XmlPullParser::Impl::ScanTo(std::string_view terminator, std::string* out, bool comment,
                                 const std::string& what, int open_line) {
  const char t0 = terminator[0];
  const size_t limit = options_.limits.max_text_bytes;
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    const size_t e = end_;
    while (p < e && b[p] != t0 && b[p] != '\r') ++p;
    if (out != nullptr) {
      out->append(b + pos_, p - pos_);
      if (out->size() > limit) {
        FailLimit(what + " (line " + std::to_string(open_line) + ") is longer than " +
                  SizeText(limit) + " (limit max_text_bytes)");
      }
    }
    pos_ = p;
    if (pos_ == end_) {
      if (!Fill(1)) FailTruncated(what, open_line);
      continue;
    }
    if (b[pos_] == '\r') {
      ++pos_;
      if (Peek() == '\n') ++pos_;
      if (out != nullptr) out->push_back('\n');
      continue;
    }
    if (LookingAt(terminator)) {
      pos_ += terminator.size();
      return;
    }
    if (comment && LookingAt("--")) {
      Fail("'--' is not allowed inside a comment (the comment starts at line " +
           std::to_string(open_line) + ")");
    }
    if (out != nullptr) out->push_back(t0);
    ++pos_;
  }
}

bool XmlPullParser::Impl::ParseComment(XmlEvent* ev) {
  const int line = CurrentLine();
  const uint64_t begin = Offset();
  pos_ += 4;  // "<!--"
  if (!options_.report_comments) {
    ScanTo("-->", nullptr, /*comment=*/true, "a comment", line);
    return false;
  }
  ev->text.clear();
  ScanTo("-->", &ev->text, /*comment=*/true, "a comment", line);
  SetCharacterEvent(ev, XmlEventType::kComment, line, begin);
  return true;
}

// A processing instruction. With ev null or PIs not reported it is skipped and
// false is returned.
bool XmlPullParser::Impl::ParsePi(XmlEvent* ev) {
  const int line = CurrentLine();
  const uint64_t begin = Offset();
  pos_ += 2;  // "<?"
  if (!ReadName(&name_))
    Fail("expected a processing-instruction name after '<?', found " + Found());
  if (EqualsIgnoreAsciiCase(name_, "xml")) {
    if (name_ == "xml") {
      FailAtLine(line,
                 "the XML declaration <?xml ...?> must be the very first thing in the "
                 "file; remove what comes before it (a blank line, a space, text)");
    }
    FailAtLine(line, "the processing-instruction name '" + name_ + "' is reserved");
  }
  const bool report = ev != nullptr && options_.report_pis;
  std::string* out = report ? &ev->text : nullptr;
  if (report) {
    ev->qname = name_;
    ev->local_name = name_;
    ev->text = name_;
  }
  if (LookingAt("?>")) {
    pos_ += 2;
  } else {
    if (!SkipSpace()) {
      if (Peek() < 0) FailTruncated("the processing instruction <?" + name_, line);
      Fail("expected whitespace or '?>' after <?" + name_ + ", found " + Found());
    }
    if (report) out->push_back(' ');
    ScanTo("?>", out, /*comment=*/false, "the processing instruction <?" + name_, line);
  }
  if (!report) return false;
  ResetAttributes(ev);
  ev->type = XmlEventType::kProcessingInstruction;
  ev->ns_uri.clear();
  ev->self_closing = false;
  ev->line = line;
  ev->begin = begin;
  ev->end = Offset();
  return true;
}

// ---------------------------------------------------------------------------
// References and entities

// At '&': reads the reference and appends its expansion to *out.
void XmlPullParser::Impl::ParseReference(std::string* out, bool in_attribute) {
  ++pos_;  // '&'
  if (Peek() == '#') {
    ref_.assign(1, '#');
    ++pos_;
    for (int c = Peek();
         c >= 0 && ref_.size() < 16 &&
         ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
         c = Peek()) {
      ref_.push_back(static_cast<char>(c));
      ++pos_;
    }
  } else if (!ReadName(&ref_)) {
    Fail("a bare '&' (not followed by a name and ';'); write &amp; for a literal '&'");
  }
  if (Peek() != ';') {
    Fail("the reference &" + ref_ + " has no closing ';' (write &amp; for a literal '&')");
  }
  ++pos_;
  ResolveReference(ref_, out, in_attribute);
}

void XmlPullParser::Impl::AppendCharReference(std::string_view body, std::string* out) {
  // body is "#123" or "#x1F".
  const bool hex = body.size() > 1 && body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  uint32_t value = 0;
  bool ok = !digits.empty();
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      ok = false;
      break;
    }
    value = value * (hex ? 16 : 10) + d;
    if (value > 0x10FFFF) {
      ok = false;
      break;
    }
  }
  const std::string written = "&" + std::string(body) + ";";
  if (!ok) Fail("invalid character reference " + written);
  if (!IsXmlChar(value)) {
    if (value < 0x20) {
      Fail("the character reference " + written + " is " + CodePointName(value) +
           ", a control character not allowed in XML 1.0");
    }
    Fail("the character reference " + written + " is " + CodePointName(value) +
         ", which is not a character XML 1.0 allows");
  }
  AppendUtf8(value, out);
}

XmlPullParser::Impl::Entity* XmlPullParser::Impl::FindEntity(std::string_view name) {
  scratch_.assign(name);
  auto it = entities_.find(scratch_);
  return it == entities_.end() ? nullptr : &it->second;
}

// Resolves the reference `body` (between '&' and ';') and appends it.
void XmlPullParser::Impl::ResolveReference(std::string_view body, std::string* out,
                                           bool in_attribute) {
  if (!body.empty() && body[0] == '#') return AppendCharReference(body, out);
  if (body == "lt") return out->push_back('<');
  if (body == "gt") return out->push_back('>');
  if (body == "amp") return out->push_back('&');
  if (body == "apos") return out->push_back('\'');
  if (body == "quot") return out->push_back('"');
  const std::string name(body);
  Entity* e = FindEntity(name);
  if (e == nullptr) {
    std::string hint =
        " (XML knows only &lt; &gt; &amp; &quot; &apos; and entities declared in the "
        "DOCTYPE; for a character use a reference such as &#160;)";
    if (has_external_subset_) {
      hint += "; it may be declared in the external DTD '" + doctype_system_id_ +
              "', which tmkit never reads";
    }
    Fail("undefined entity &" + name + ";" + hint);
  }
  CheckEntityUsable(name, *e);
  MeasureEntity(name, e, 1);
  const size_t budget = options_.limits.max_entity_expansion_bytes;
  expansion_bytes_ = SaturatingAdd(expansion_bytes_, e->work, budget);
  if (expansion_bytes_ > budget) {
    FailLimit("entity expansion exceeds " + SizeText(budget) + " (an XML bomb?) at &" + name +
              "; (limit max_entity_expansion_bytes)");
  }
  if (e->depth > options_.limits.max_entity_depth) {
    FailLimit("entity references are nested more than " +
              std::to_string(options_.limits.max_entity_depth) + " levels deep in &" + name +
              "; (limit max_entity_depth)");
  }
  ExpandEntity(name, e, out, in_attribute);
}

void XmlPullParser::Impl::CheckEntityUsable(const std::string& name, const Entity& e) {
  if (e.external) {
    Fail("external entity &" + name + "; refers to '" + e.system_id +
         "'; tmkit never reads external resources");
  }
}

// Computes e->work and e->depth over the whole expansion tree, once per entity;
// reports malformed, undefined, external and recursive references.
void XmlPullParser::Impl::MeasureEntity(const std::string& name, Entity* e, size_t level) {
  if (e->state == Entity::State::kMeasured) return;
  if (e->state == Entity::State::kMeasuring) {
    Fail("entity &" + name + "; refers to itself (directly or through other entities)");
  }
  const size_t cap =
      std::min(std::max<size_t>(options_.limits.max_entity_depth, 64), kMaxEntityRecursion);
  if (level > cap) {
    FailLimit("entity references are nested more than " +
              std::to_string(options_.limits.max_entity_depth) + " levels deep at &" + name +
              "; (limit max_entity_depth)");
  }
  e->state = Entity::State::kMeasuring;
  const size_t budget = options_.limits.max_entity_expansion_bytes;
  size_t work = e->value.size() + 1;
  size_t depth = 1;
  const std::string_view v = e->value;
  for (size_t i = v.find('&'); i != std::string_view::npos; i = v.find('&', i + 1)) {
    const std::optional<std::string_view> body = ReferenceBodyAt(v, i);
    if (!body) {
      Fail("the replacement text of entity &" + name +
           "; has a bare '&' (write &#38;#38; in an entity value for a literal '&')");
    }
    if ((*body)[0] == '#' || IsPredefinedEntity(*body)) continue;
    const std::string child_name(*body);
    Entity* child = FindEntity(child_name);
    if (child == nullptr) {
      Fail("undefined entity &" + child_name + "; (used in the value of entity &" + name + ";)");
    }
    CheckEntityUsable(child_name, *child);
    MeasureEntity(child_name, child, level + 1);
    work = SaturatingAdd(work, child->work, budget);
    depth = std::max(depth, child->depth + 1);
  }
  e->work = work;
  e->depth = depth;
  e->state = Entity::State::kMeasured;
}

// Appends the replacement text of a measured entity, expanding references in it.
void XmlPullParser::Impl::ExpandEntity(const std::string& name, Entity* e, std::string* out,
                                       bool in_attribute) {
  const std::string_view v = e->value;
  size_t i = 0;
  while (i < v.size()) {
    size_t j = i;
    while (j < v.size() && v[j] != '&' && v[j] != '<' &&
           !(in_attribute && (v[j] == '\t' || v[j] == '\n' || v[j] == '\r'))) {
      ++j;
    }
    out->append(v.data() + i, j - i);
    if (j == v.size()) break;
    const char c = v[j];
    if (c == '<') {
      if (in_attribute) {
        Fail("entity &" + name + "; contains '<' and is used in an attribute value");
      }
      Fail("entity &" + name + "; contains markup, which tmkit does not expand");
    }
    if (c != '&') {  // white space in an attribute value
      out->push_back(' ');
      i = j + 1;
      continue;
    }
    const std::optional<std::string_view> body = ReferenceBodyAt(v, j);
    if (!body) Fail("the replacement text of entity &" + name + "; has a bare '&'");
    i = j + body->size() + 2;
    if ((*body)[0] == '#') {
      AppendCharReference(*body, out);
    } else if (IsPredefinedEntity(*body)) {
      ResolveReference(*body, out, in_attribute);
    } else {
      const std::string child_name(*body);
      Entity* child = FindEntity(child_name);
      if (child == nullptr || child->state != Entity::State::kMeasured) {
        Fail("undefined entity &" + child_name + ";");  // unreachable after MeasureEntity
      }
      ExpandEntity(child_name, child, out, in_attribute);
    }
  }
}

// ---------------------------------------------------------------------------
// DOCTYPE

void XmlPullParser::Impl::ReadQuoted(std::string* out, size_t limit, const std::string& what) {
  const int quote = Peek();
  if (quote != '"' && quote != '\'') Fail("expected " + what + " in quotes, found " + Found());
  const int line = CurrentLine();
  ++pos_;
  out->clear();
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    while (p < end_ && b[p] != quote) ++p;
    out->append(b + pos_, p - pos_);
    pos_ = p;
    if (out->size() > limit) FailLimit(what + " is longer than " + SizeText(limit));
    if (pos_ < end_) {
      ++pos_;
      return;
    }
    if (!Fill(1)) FailTruncated(what, line);
  }
}

void XmlPullParser::Impl::ParseExternalId(std::string* public_id, std::string* system_id) {
  const size_t limit = options_.limits.max_attribute_bytes;
  if (LookingAt("PUBLIC")) {
    pos_ += 6;
    if (!SkipSpace()) Fail("expected whitespace after PUBLIC, found " + Found());
    ReadQuoted(public_id, limit, "the public identifier");
    if (!SkipSpace()) Fail("expected whitespace and a system identifier, found " + Found());
  } else {
    pos_ += 6;  // "SYSTEM"
    if (!SkipSpace()) Fail("expected whitespace after SYSTEM, found " + Found());
  }
  ReadQuoted(system_id, limit, "the system identifier");
}

void XmlPullParser::Impl::ParseDoctype() {
  const int line = CurrentLine();
  doctype_seen_ = true;
  pos_ += 9;  // "<!DOCTYPE"
  if (!SkipSpace()) Fail("expected whitespace after <!DOCTYPE, found " + Found());
  ReadNameOrFail(&doctype_name_, "the root element's name after <!DOCTYPE");
  bool space = SkipSpace();
  if (space && (LookingAt("SYSTEM") || LookingAt("PUBLIC"))) {
    std::string public_id;
    ParseExternalId(&public_id, &doctype_system_id_);
    has_external_subset_ = true;
    SkipSpace();
  }
  if (Peek() == '[') {
    ++pos_;
    ParseInternalSubset(line);
    SkipSpace();
  }
  const int c = Peek();
  if (c < 0) FailTruncated("the DOCTYPE", line);
  if (c != '>') Fail("expected '>' to end the DOCTYPE, found " + Found());
  ++pos_;
}

void XmlPullParser::Impl::ParseInternalSubset(int open_line) {
  for (;;) {
    SkipSpace();
    const int c = Peek();
    if (c < 0) FailTruncated("the DOCTYPE", open_line);
    if (c == ']') {
      ++pos_;
      return;
    }
    if (c == '%') {  // a parameter-entity reference: never expanded
      ++pos_;
      ReadNameOrFail(&name_, "a parameter-entity name after '%'");
      if (Peek() != ';') Fail("expected ';' after %" + name_ + ", found " + Found());
      ++pos_;
      continue;
    }
    if (LookingAt("<!--")) {
      const int line = CurrentLine();
      pos_ += 4;
      ScanTo("-->", nullptr, /*comment=*/true, "a comment", line);
    } else if (LookingAt("<?")) {
      ParsePi(nullptr);
    } else if (LookingAt("<!ENTITY")) {
      ParseEntityDeclaration();
    } else if (LookingAt("<!ELEMENT") || LookingAt("<!ATTLIST") || LookingAt("<!NOTATION")) {
      SkipMarkupDeclaration(CurrentLine());
    } else {
      Fail("unexpected " + Found() +
           " in the DOCTYPE's internal subset (expected a "
           "declaration such as <!ENTITY ...>, or ']')");
    }
  }
}

// <!ELEMENT>, <!ATTLIST>, <!NOTATION>: skipped up to their '>', which may not
// be inside a quoted string.
void XmlPullParser::Impl::SkipMarkupDeclaration(int open_line) {
  pos_ += 2;
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    while (p < end_ && b[p] != '>' && b[p] != '"' && b[p] != '\'') ++p;
    pos_ = p;
    if (pos_ == end_) {
      if (!Fill(1)) FailTruncated("a markup declaration", open_line);
      continue;
    }
    const char c = b[pos_];
    if (c == '>') {
      ++pos_;
      return;
    }
    ReadQuoted(&scratch_, options_.limits.max_attribute_bytes, "a quoted string");
  }
}

void XmlPullParser::Impl::ParseEntityDeclaration() {
  pos_ += 8;  // "<!ENTITY"
  if (!SkipSpace()) Fail("expected whitespace after <!ENTITY, found " + Found());
  bool parameter = false;
  if (Peek() == '%') {
    ++pos_;
    if (!SkipSpace()) Fail("expected whitespace after '<!ENTITY %', found " + Found());
    parameter = true;
  }
  std::string name;
  ReadNameOrFail(&name, "an entity name after <!ENTITY");
  if (!SkipSpace())
    Fail("expected whitespace after the entity name " + name + ", found " + Found());
  Entity entity;
  const int c = Peek();
  if (c == '"' || c == '\'') {
    ReadEntityValue(&entity.value, name);
  } else if (LookingAt("SYSTEM") || LookingAt("PUBLIC")) {
    std::string public_id;
    ParseExternalId(&public_id, &entity.system_id);
    entity.external = true;
    const bool space = SkipSpace();
    if (space && LookingAt("NDATA")) {
      pos_ += 5;
      if (!SkipSpace()) Fail("expected whitespace after NDATA, found " + Found());
      ReadNameOrFail(&name_, "a notation name after NDATA");
    }
  } else {
    Fail("expected a quoted value, SYSTEM or PUBLIC in <!ENTITY " + name + ", found " + Found());
  }
  SkipSpace();
  if (Peek() != '>') Fail("expected '>' to end <!ENTITY " + name + ", found " + Found());
  ++pos_;
  if (parameter || IsPredefinedEntity(name)) {
    return;  // parameter entities are never expanded; predefined ones stay as they are
  }
  const size_t budget = options_.limits.max_entity_expansion_bytes;
  entity_bytes_ = SaturatingAdd(
      entity_bytes_, name.size() + entity.value.size() + entity.system_id.size(), budget);
  if (entity_bytes_ > budget) {
    FailLimit("entity declarations exceed " + SizeText(budget) +
              " (limit max_entity_expansion_bytes)");
  }
  entities_.emplace(std::move(name), std::move(entity));  // the first declaration wins
}

// Reads a quoted EntityValue: character references are replaced now, entity
// references are kept (and checked) for expansion at use.
void XmlPullParser::Impl::ReadEntityValue(std::string* out, const std::string& name) {
  const int quote = Peek();
  const int line = CurrentLine();
  ++pos_;
  out->clear();
  const size_t limit = options_.limits.max_entity_expansion_bytes;
  for (;;) {
    const char* b = buf_.get();
    size_t p = pos_;
    while (p < end_ && b[p] != quote && b[p] != '&' && b[p] != '%' && b[p] != '\r') ++p;
    out->append(b + pos_, p - pos_);
    pos_ = p;
    if (out->size() > limit) {
      FailLimit("the value of entity " + name + " is longer than " + SizeText(limit) +
                " (limit max_entity_expansion_bytes)");
    }
    if (pos_ == end_) {
      if (!Fill(1)) FailTruncated("the value of entity " + name, line);
      continue;
    }
    const char c = b[pos_];
    if (c == quote) {
      ++pos_;
      return;
    }
    if (c == '\r') {
      ++pos_;
      if (Peek() == '\n') ++pos_;
      out->push_back('\n');
    } else if (c == '%') {
      Fail("a parameter-entity reference inside the value of entity " + name +
           " (not allowed in the internal subset)");
    } else {  // '&'
      ++pos_;
      if (Peek() == '#') {
        ref_.assign(1, '#');
        ++pos_;
        for (int d = Peek(); d >= 0 && ref_.size() < 16 && d != ';' && d != quote; d = Peek()) {
          ref_.push_back(static_cast<char>(d));
          ++pos_;
        }
        if (Peek() != ';') Fail("the reference &" + ref_ + " has no closing ';'");
        ++pos_;
        AppendCharReference(ref_, out);
      } else {
        if (!ReadName(&ref_)) {
          Fail("a bare '&' in the value of entity " + name + "; write &amp; for a literal '&'");
        }
        if (Peek() != ';') Fail("the reference &" + ref_ + " has no closing ';'");
        ++pos_;
        out->push_back('&');
        out->append(ref_);
        out->push_back(';');
      }
    }
  }
}

// ---------------------------------------------------------------------------

XmlPullParser::XmlPullParser(std::unique_ptr<ByteSource> source, std::string file,
                             ParserOptions options)
    : impl_(std::make_unique<Impl>(std::move(source), std::move(file), options)) {}

XmlPullParser::~XmlPullParser() = default;

bool XmlPullParser::Next(XmlEvent* event) { return impl_->Next(event); }
const std::string& XmlPullParser::encoding() const { return impl_->encoding(); }
int XmlPullParser::line() const { return impl_->line(); }
uint64_t XmlPullParser::bytes_consumed() const { return impl_->bytes_consumed(); }
const std::string& XmlPullParser::doctype_name() const { return impl_->doctype_name(); }
const std::string& XmlPullParser::doctype_system_id() const { return impl_->doctype_system_id(); }

}  // namespace tmkit::xml
