#include "tmkit/core/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <cstring>

namespace tmkit {
namespace {

const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFCInstance(status);
  }();
  return *n;
}

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFKCCasefoldInstance(status);
  }();
  return *n;
}

std::string Normalize(const icu::Normalizer2& norm, std::string_view s) {
  std::string out;
  UErrorCode status = U_ZERO_ERROR;
  icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (norm.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  out.reserve(s.size() + 8);
  icu::StringByteSink<std::string> sink(&out);
  norm.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(s);
  return out;
}

bool AllAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

// Unicode White_Space outside ASCII (a stable property: U+0085, U+00A0,
// U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
bool IsNonAsciiSpace(UChar32 c) {
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    // ASCII runs eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string ToNfc(std::string_view s) {
  if (AllAscii(s)) return std::string(s);
  return Normalize(Nfc(), s);
}

void NormalizeSegment(Segment* segment) {
  if (AllAscii(segment->text)) return;
  if (segment->codes.empty()) {
    segment->text = Normalize(Nfc(), segment->text);
    return;
  }
  // Normalise each run between code positions separately so offsets stay exact.
  std::string out;
  out.reserve(segment->text.size());
  size_t run_start = 0;
  const std::string& text = segment->text;
  for (InlineCode& code : segment->codes) {
    size_t at = std::min<size_t>(code.offset, text.size());
    if (at > run_start) {
      out += Normalize(Nfc(), std::string_view(text).substr(run_start, at - run_start));
      run_start = at;
    }
    code.offset = static_cast<uint32_t>(out.size());
  }
  out += Normalize(Nfc(), std::string_view(text).substr(run_start));
  segment->text = std::move(out);
}

std::string FoldWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  bool pending_space = false;
  while (i < n) {
    int32_t start = i;
    UChar32 c = p[i];
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(p, i, n, c);
    }
    bool space = c < 0x80 ? (c == ' ' || (c >= '\t' && c <= '\r')) : IsNonAsciiSpace(c);
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out.append(text.data() + start, i - start);
  }
  return out;
}

std::string MatchKey(std::string_view text) {
  if (AllAscii(text)) {
    std::string folded = FoldWhitespace(text);
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return folded;
  }
  return FoldWhitespace(Normalize(NfkcCasefold(), text));
}

uint64_t Hash64(std::string_view data) {
  // MurmurHash64A (Austin Appleby, public domain), little-endian loads.
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  uint64_t h = 0x8445d61a4e774912ULL ^ (data.size() * m);
  const char* p = data.data();
  size_t n = data.size();
  while (n >= 8) {
    uint64_t k;
    std::memcpy(&k, p, 8);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < n; ++i) tail |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  if (n) {
    h ^= tail;
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

std::string UnicodeVersion() {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  return std::to_string(v[0]) + "." + std::to_string(v[1]);
}

}  // namespace tmkit
