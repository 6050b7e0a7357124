#include "tmkit/core/language.h"

#include <unicode/uloc.h>

#include <cctype>
#include <vector>

namespace tmkit {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char Upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool IsAlnumAscii(std::string_view s) {
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

std::vector<std::string> Split(std::string_view tag) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-' || tag[i] == '_') {
      parts.emplace_back(tag.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// Case-insensitive "a equals b, or one is a prefix of the other ending on '-'".
int Compare(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    char x = a[i] == '_' ? '-' : Lower(a[i]);
    char y = b[i] == '_' ? '-' : Lower(b[i]);
    if (x != y) return 0;
  }
  if (a.size() == b.size()) return 2;
  std::string_view longer = a.size() > b.size() ? a : b;
  char next = longer[n];
  return (next == '-' || next == '_') ? 1 : 0;
}

}  // namespace

namespace {
Result<std::string> NormalizeUncached(std::string_view raw);
}  // namespace

Result<std::string> NormalizeLanguageTag(std::string_view raw) {
  // Files repeat the same few tags millions of times: remember recent answers.
  thread_local std::vector<std::pair<std::string, std::string>> cache;
  for (const auto& [in, out] : cache) {
    if (in == raw) return out;
  }
  Result<std::string> r = NormalizeUncached(raw);
  if (r) {
    if (cache.size() >= 16) cache.erase(cache.begin());
    cache.emplace_back(std::string(raw), *r);
  }
  return r;
}

namespace {
Result<std::string> NormalizeUncached(std::string_view raw) {
  std::string_view tag = raw;
  while (!tag.empty() && std::isspace(static_cast<unsigned char>(tag.front())))
    tag.remove_prefix(1);
  while (!tag.empty() && std::isspace(static_cast<unsigned char>(tag.back()))) tag.remove_suffix(1);
  if (tag == kAllLanguages) return std::string(kAllLanguages);
  auto bad = [&](std::string_view why) {
    return InvalidInput("'" + std::string(raw) + "' is not a BCP 47 language tag (" +
                        std::string(why) + "); expected a tag such as en, en-US or zh-Hant-TW");
  };
  if (tag.empty()) return bad("it is empty");
  if (tag.size() > 128) return bad("it is too long");
  std::vector<std::string> parts = Split(tag);
  for (const std::string& p : parts) {
    if (p.empty()) return bad("empty subtag");
    if (p.size() > 8) return bad("subtag longer than 8 characters");
    if (!IsAlnumAscii(p)) return bad("subtags are ASCII letters and digits");
  }
  // Well-formedness per RFC 5646, checked by ICU's parser.
  std::string dashed;
  for (size_t i = 0; i < parts.size(); ++i) dashed += (i ? "-" : "") + parts[i];
  char buf[ULOC_FULLNAME_CAPACITY];
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(dashed.c_str(), buf, sizeof buf, &parsed, &status);
  if (U_FAILURE(status) || parsed != static_cast<int32_t>(dashed.size())) {
    return bad("ICU cannot parse it");
  }
  // Canonical case (RFC 5646 §2.1.1).
  std::string out;
  bool after_singleton = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string p = parts[i];
    for (char& c : p) c = Lower(c);
    if (i > 0 && !after_singleton) {
      if (p.size() == 4 && std::isalpha(static_cast<unsigned char>(p[0]))) {
        p[0] = Upper(p[0]);
      } else if (p.size() == 2 && std::isalpha(static_cast<unsigned char>(p[0]))) {
        p[0] = Upper(p[0]);
        p[1] = Upper(p[1]);
      }
    }
    if (p.size() == 1) after_singleton = true;
    if (i) out += '-';
    out += p;
  }
  return out;
}
}  // namespace

int LanguageMatchQuality(std::string_view requested, std::string_view stored) {
  if (requested == kAllLanguages || stored == kAllLanguages) return 0;
  if (requested.empty() || stored.empty()) return 0;
  return Compare(requested, stored);
}

bool LanguageMatches(std::string_view requested, std::string_view stored) {
  return LanguageMatchQuality(requested, stored) > 0;
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += Lower(c);
  }
  return out;
}

}  // namespace tmkit
