// Text normalisation with ICU: NFC for stored text, match keys for lookups,
// UTF-8 validation, and the 64-bit hash used by the store's indices.
//
// Match key (DESIGN.md): NFKC case-fold, whitespace runs folded to one space,
// leading and trailing whitespace removed, inline codes removed (a Segment's
// text never holds them). Two segments with the same match key are an exact
// match candidate; the score then looks at case, codes and width.
//
// Thread-safety: all functions are thread-safe (ICU normalizers are immutable).
#ifndef TMKIT_CORE_TEXT_H_
#define TMKIT_CORE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tmkit/core/status.h"
#include "tmkit/core/types.h"

namespace tmkit {

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The byte offset of the first byte that breaks UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF included); npos if `s` is valid.
size_t FirstInvalidUtf8(std::string_view s);

// `s` made fit to quote in an error message (which must be UTF-8, also in
// --json output): each byte that breaks UTF-8 becomes "\xNN", and text past
// `max_bytes` is cut at a code-point boundary and ends with "...".
std::string ForMessage(std::string_view s, size_t max_bytes = 80);

// ForMessage(s, max_bytes) in single quotes: how readers quote what they
// found in an input.
std::string QuotedForMessage(std::string_view s, size_t max_bytes = 60);

// The NFC form of valid UTF-8 `s`. REQUIRES: IsValidUtf8(s).
std::string ToNfc(std::string_view s);

// Puts segment text into NFC, run by run between inline codes, and moves the
// codes' offsets with it. REQUIRES: valid UTF-8 text, offsets on code-point
// boundaries in non-decreasing order.
void NormalizeSegment(Segment* segment);

// The match key of `text` (see above). REQUIRES: valid UTF-8.
std::string MatchKey(std::string_view text);

// `key` (a match key) without accents, for accent-insensitive search:
// combining marks are removed after canonical decomposition (café → cafe,
// наро́д → народ, ё → е), except the ones that make separate letters in
// Cyrillic alphabets (й, ї, ў keep theirs). Hangul is unchanged.
std::string AccentFold(std::string_view key);

// `text` with whitespace runs folded to one space and trimmed (no other change).
std::string FoldWhitespace(std::string_view text);

// A fast 64-bit hash (stable across versions and machines: it is stored).
uint64_t Hash64(std::string_view data);

// The Unicode version ICU normalises with ("15.0"); stored with the index.
std::string UnicodeVersion();

}  // namespace tmkit

#endif  // TMKIT_CORE_TEXT_H_
