#include "tmkit/core/terms.h"

#include <algorithm>
#include <cctype>

#include "tmkit/core/language.h"

namespace tmkit {

std::string_view TermStatusName(TermStatus status) {
  switch (status) {
    case TermStatus::kPreferred: return "preferred";
    case TermStatus::kAdmitted: return "admitted";
    case TermStatus::kDeprecated: return "deprecated";
    case TermStatus::kForbidden: return "forbidden";
    case TermStatus::kUnspecified: break;
  }
  return "";
}

std::optional<TermStatus> ParseTermStatus(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != ' ' && c != '\t') s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (s.ends_with("-admn-sts")) s.resize(s.size() - 9);
  if (s.ends_with("term")) s.resize(s.size() - 4);
  if (s == "preferred" || s == "standardized" || s == "approved") return TermStatus::kPreferred;
  if (s == "admitted" || s == "admissible") return TermStatus::kAdmitted;
  if (s == "deprecated" || s == "notrecommended") return TermStatus::kDeprecated;
  if (s == "forbidden" || s == "superseded") return TermStatus::kForbidden;
  return std::nullopt;
}

std::vector<const Term*> TermEntry::TermsIn(std::string_view lang) const {
  std::vector<const Term*> out;
  for (const Term& t : terms) {
    if (LanguageMatches(lang, t.lang)) out.push_back(&t);
  }
  return out;
}

}  // namespace tmkit
