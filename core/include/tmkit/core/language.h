// Language tags: normalisation and the matching rule used everywhere.
//
// Tags are BCP 47 (RFC 5646). tmkit stores them in canonical case
// ("en-US", "zh-Hant-TW", "sr-Latn"), accepts "_" for "-" ("es_es" → "es-ES"),
// and compares them case-insensitively.
//
// Matching rule (LanguageMatches): a requested tag matches a stored tag when
// they are equal, or when one is a prefix of the other on a subtag boundary.
// So "en" finds "en-US" and "en-GB"; "en-US" finds "en-US" and a generic "en";
// "en-US" never finds "en-GB"; "zh-Hans" never finds "zh-Hant". An exact tag
// ranks before a prefix match (LanguageMatchQuality).
//
// Thread-safety: pure functions.
#ifndef TMKIT_CORE_LANGUAGE_H_
#define TMKIT_CORE_LANGUAGE_H_

#include <string>
#include <string_view>

#include "tmkit/core/status.h"

namespace tmkit {

// The TMX wildcard source language.
inline constexpr std::string_view kAllLanguages = "*all*";

// Returns the canonical form of a well-formed tag, "*all*" unchanged.
// Fails with kInvalidInput ("'en--US' is not a BCP 47 language tag …") when
// the tag is empty or not well-formed.
Result<std::string> NormalizeLanguageTag(std::string_view tag);

// True if `requested` and `stored` match per the rule above. Both may be in any
// case; "*all*" matches nothing.
bool LanguageMatches(std::string_view requested, std::string_view stored);

// 2 = same tag, 1 = prefix match, 0 = no match.
int LanguageMatchQuality(std::string_view requested, std::string_view stored);

// The primary language subtag in lower case ("en" for "en-US").
std::string PrimaryLanguage(std::string_view tag);

}  // namespace tmkit

#endif  // TMKIT_CORE_LANGUAGE_H_
