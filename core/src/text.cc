#include "tmkit/core/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <array>
#include <cstdio>
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

}  // namespace

size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t i = 0, n = s.size();
  auto cont = [&](size_t k, uint8_t lo, uint8_t hi) {
    return i + k < n && p[i + k] >= lo && p[i + k] <= hi;
  };
  while (i < n) {
    // ASCII runs eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!cont(1, 0x80, 0xBF)) return i;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      uint8_t lo = b == 0xE0 ? 0xA0 : 0x80;  // no overlongs
      uint8_t hi = b == 0xED ? 0x9F : 0xBF;  // no surrogates
      if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF)) return i;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      uint8_t lo = b == 0xF0 ? 0x90 : 0x80;
      uint8_t hi = b == 0xF4 ? 0x8F : 0xBF;  // ≤ U+10FFFF
      if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return i;
      i += 4;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}

std::string ForMessage(std::string_view s, size_t max_bytes) {
  std::string out;
  bool cut = false;
  while (!s.empty()) {
    if (out.size() >= max_bytes) {
      cut = true;
      break;
    }
    size_t bad = FirstInvalidUtf8(s);
    std::string_view good = s.substr(0, std::min(bad, s.size()));
    if (out.size() + good.size() > max_bytes) {
      size_t n = max_bytes > out.size() ? max_bytes - out.size() : 0;
      while (n > 0 && (static_cast<unsigned char>(good[n]) & 0xC0) == 0x80) --n;
      out.append(good.substr(0, n));
      cut = true;
      break;
    }
    out.append(good);
    if (bad == std::string_view::npos) break;
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(s[bad]));
    out += hex;
    s.remove_prefix(bad + 1);
  }
  if (cut) out += "...";
  return out;
}

std::string QuotedForMessage(std::string_view s, size_t max_bytes) {
  return "'" + ForMessage(s, max_bytes) + "'";
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8(s) == std::string_view::npos; }

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

namespace {

// Length of the whitespace character at b[i] (Unicode White_Space), 0 if none.
// Non-ASCII spaces: U+0085, U+00A0 (C2 xx), U+1680 (E1 9A 80), U+2000..U+200A,
// U+2028, U+2029, U+202F (E2 80 xx), U+205F (E2 81 9F), U+3000 (E3 80 80).
inline size_t SpaceAt(const uint8_t* b, size_t i, size_t n) {
  uint8_t c = b[i];
  if (c < 0x80) return (c == ' ' || (c >= '\t' && c <= '\r')) ? 1 : 0;
  if (c == 0xC2) return (i + 1 < n && (b[i + 1] == 0x85 || b[i + 1] == 0xA0)) ? 2 : 0;
  if (c < 0xE1 || c > 0xE3 || i + 2 >= n) return 0;
  uint8_t c1 = b[i + 1], c2 = b[i + 2];
  if (c == 0xE1) return (c1 == 0x9A && c2 == 0x80) ? 3 : 0;
  if (c == 0xE3) return (c1 == 0x80 && c2 == 0x80) ? 3 : 0;
  if (c1 == 0x80) return (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) ? 3 : 0;
  return (c1 == 0x81 && c2 == 0x9F) ? 3 : 0;
}

}  // namespace

std::string FoldWhitespace(std::string_view text) {
  const auto* b = reinterpret_cast<const uint8_t*>(text.data());
  size_t n = text.size();
  // Most text has single ASCII spaces only: return it unchanged.
  bool simple = true;
  for (size_t i = 0; i < n; ++i) {
    if (b[i] == ' ') {
      if (i == 0 || i + 1 == n || b[i + 1] == ' ') {
        simple = false;
        break;
      }
    } else if ((b[i] >= '\t' && b[i] <= '\r') ||
               ((b[i] == 0xC2 || (b[i] >= 0xE1 && b[i] <= 0xE3)) && SpaceAt(b, i, n))) {
      simple = false;
      break;
    }
  }
  if (simple) return std::string(text);
  std::string out;
  out.reserve(n);
  bool pending_space = false;
  size_t i = 0;
  while (i < n) {
    size_t len = SpaceAt(b, i, n);
    if (len) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    size_t run = i + 1;
    while (run < n && !SpaceAt(b, run, n)) ++run;
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out.append(text.data() + i, run - i);
    i = run;
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
  // Case folding changes almost every sentence (capitals), so normalise
  // directly instead of checking first.
  std::string folded;
  folded.reserve(text.size() + 8);
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&folded);
  NfkcCasefold().normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())),
                               sink, nullptr, status);
  if (U_FAILURE(status)) return FoldWhitespace(text);
  return FoldWhitespace(folded);
}

std::string AccentFold(std::string_view key) {
  if (AllAscii(key)) return std::string(key);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(key);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(key.data(), static_cast<int32_t>(key.size())));
  // (Hangul decomposes into conjoining jamo, which are letters, not marks, and
  // composes back unchanged.)
  icu::UnicodeString decomposed = nfd->normalize(in, status);
  if (U_FAILURE(status)) return std::string(key);
  icu::UnicodeString out;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      // Cyrillic и+breve (й), і+diaeresis (ї), у+breve (ў) are letters of their own.
      bool cyrillic_letter = (c == 0x0306 && (base == 0x0438 || base == 0x0443)) ||
                             (c == 0x0308 && base == 0x0456);
      if (!cyrillic_letter) continue;
    } else {
      base = c;
    }
    out.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(out, status);
  if (U_FAILURE(status)) return std::string(key);
  std::string result;
  composed.toUTF8String(result);
  return result;
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
  for (size_t i = 0; i < n; ++i)
    tail |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
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
