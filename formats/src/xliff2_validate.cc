#include "xliff2_validate.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tmkit/core/text.h"
#include "xml_pull_parser.h"

namespace tmkit::internal {
namespace {

constexpr std::string_view kCore20 = "urn:oasis:names:tc:xliff:document:2.0";
constexpr std::string_view kCore22 = "urn:oasis:names:tc:xliff:document:2.2";
constexpr std::string_view kMtc = "urn:oasis:names:tc:xliff:matches:2.0";
constexpr std::string_view kGls = "urn:oasis:names:tc:xliff:glossary:2.0";
constexpr std::string_view kFs = "urn:oasis:names:tc:xliff:fs:2.0";
constexpr std::string_view kMda = "urn:oasis:names:tc:xliff:metadata:2.0";
constexpr std::string_view kRes = "urn:oasis:names:tc:xliff:resourcedata:2.0";
constexpr std::string_view kCtr = "urn:oasis:names:tc:xliff:changetracking:2.0";
constexpr std::string_view kSlr = "urn:oasis:names:tc:xliff:sizerestriction:2.0";
constexpr std::string_view kVal = "urn:oasis:names:tc:xliff:validation:2.0";

// The first problem found; converted to InvalidInput at the entry point.
struct Violation {
  int line;
  std::string message;
};

[[noreturn]] void Fail(int line, std::string rule, std::string_view expected,
                       std::string_view found) {
  throw Violation{line,
                  rule + ": expected " + std::string(expected) + ", found " + std::string(found)};
}

std::string Q(std::string_view s) {
  std::string q = QuotedForMessage(s);
  std::replace_if(
      q.begin(), q.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return q;
}

bool IsWhitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// XML NMTOKEN: one or more name characters. Non-ASCII bytes are accepted (the
// parser has already checked the encoding); ASCII must be a letter, digit or
// one of ".-_:".
bool IsNmtoken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c >= 0x80) continue;
    if (!IsAlnum(static_cast<char>(c)) && c != '.' && c != '-' && c != '_' && c != ':')
      return false;
  }
  return true;
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool IsUnsignedInt(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

bool IsPositiveInt(std::string_view s) {
  std::string_view t = s;
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (!IsUnsignedInt(t)) return false;
  return std::any_of(t.begin(), t.end(), [](char c) { return c != '0'; });
}

// "prefix:value", neither part empty nor containing ':' or whitespace.
bool IsUserDefined(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  if (s.find(':', colon + 1) != std::string_view::npos) return false;
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// A decimal between 0.0 and 100.0 (mtc similarity values).
bool IsSimilarity(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  if (s[0] == '+') ++i;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i]))
      digits = true;
    else if (s[i] == '.' && !dot)
      dot = true;
    else
      return false;
  }
  if (!digits) return false;
  double v = std::stod(std::string(s[0] == '+' ? s.substr(1) : s));
  return v >= 0.0 && v <= 100.0;
}

// ---------------------------------------------------------------------------
// Fragment identifiers (XLIFF 2.1 section 4.9.1.1 / 2.2 section "Fragment
// Identification"): "#" ["/"] selector ("/" selector)*, selector = [prefix "="] id.

struct Selector {
  std::string prefix;  // "" for a bare id
  std::string id;
};

bool IsCorePrefix(std::string_view p) {
  return p == "f" || p == "g" || p == "u" || p == "n" || p == "d" || p == "t";
}

// Returns "" when `ref` (with its '#') is a well-formed XLIFF fragment
// identifier, else the reason. Fills `out` with the selectors.
std::string CheckFragmentId(std::string_view ref, std::vector<Selector>* out) {
  if (ref.empty() || ref[0] != '#') return "a fragment identifier starting with '#'";
  std::string_view body = ref.substr(1);
  bool absolute = false;
  if (!body.empty() && body[0] == '/') {
    absolute = true;
    body.remove_prefix(1);
  }
  if (body.empty()) return "at least one selector after '#'";
  // Split on unescaped '/'; '\' escapes '/', '=' and '\' inside ids.
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      parts.back() += c;
      parts.back() += body[++i];
    } else if (c == '/') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  std::vector<Selector> sels;
  for (const std::string& p : parts) {
    if (p.empty()) return "no empty selector between '/'";
    size_t eq = std::string::npos;
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '\\') {
        ++i;
        continue;
      }
      if (p[i] == '=') {
        if (eq != std::string::npos) return "at most one '=' per selector";
        eq = i;
      }
    }
    Selector s;
    if (eq == std::string::npos) {
      s.id = p;
    } else {
      s.prefix = p.substr(0, eq);
      s.id = p.substr(eq + 1);
      if (s.prefix.empty() || s.id.empty()) return "'prefix=id' selectors";
      if (!IsNmtoken(s.prefix)) return "a prefix made of name characters";
      if (s.prefix.size() == 1 && !IsCorePrefix(s.prefix))
        return "a one-character prefix to be a core prefix (f, g, u, n, d, t); module and "
               "extension prefixes have 2 or more characters";
    }
    std::string unescaped;
    for (size_t i = 0; i < s.id.size(); ++i) {
      if (s.id[i] == '\\' && i + 1 < s.id.size()) ++i;
      unescaped += s.id[i];
    }
    if (!IsNmtoken(unescaped)) return "ids made of name characters";
    sels.push_back(std::move(s));
  }
  if (absolute && sels[0].prefix != "f") return "an absolute path ('#/') to start with 'f='";
  for (size_t i = 0; i < sels.size(); ++i) {
    const std::string& p = sels[i].prefix;
    const std::string prev = i == 0 ? std::string("^") : sels[i - 1].prefix;
    bool leaf = !(p == "f" || p == "g" || p == "u");
    if (leaf && i + 1 != sels.size())
      return "a single leaf selector at the end (" + (p.empty() ? std::string("id") : p + "=") +
             " cannot have children)";
    if (p == "f") {
      if (i != 0) return "'f=' only as the first selector";
    } else if (p == "g" || p == "u") {
      if (prev != "^" && prev != "f" && prev != "g") return "'" + p + "=' after 'f=' or 'g='";
    } else if (p == "n") {
      if (prev != "^" && prev != "f" && prev != "g" && prev != "u")
        return "'n=' after 'f=', 'g=' or 'u='";
    } else if (p == "d" || p == "t" || p.empty()) {
      if (prev != "^" && prev != "u")
        return "'" + (p.empty() ? std::string("id") : p + "=") + "' after 'u='";
    } else {  // module or extension prefix
      if (prev != "^" && prev != "f" && prev != "g" && prev != "u")
        return "'" + p + "=' after 'f=', 'g=' or 'u='";
    }
  }
  if (out) *out = std::move(sels);
  return "";
}

// ---------------------------------------------------------------------------
// Elements and their specifications (from the core and module XSDs).

enum Kind : int {
  kXliff,
  kFile,
  kSkeleton,
  kGroup,
  kUnit,
  kSegment,
  kIgnorable,
  kNotes,
  kNote,
  kOriginalData,
  kData,
  kSource,
  kTarget,
  kCp,
  kPh,
  kPc,
  kSc,
  kEc,
  kMrk,
  kSm,
  kEm,
  kMtcMatches,
  kMtcMatch,
  kGlsGlossary,
  kGlsEntry,
  kGlsTerm,
  kGlsTranslation,
  kGlsDefinition,
  kMdaMetadata,
  kMdaMetaGroup,
  kMdaMeta,
  kResData,
  kResItemRef,
  kResItem,
  kResSource,
  kResTarget,
  kResReference,
  kCtrChangeTrack,
  kCtrRevisions,
  kCtrRevision,
  kCtrItem,
  kSlrProfiles,
  kSlrNormalization,
  kSlrData,
  kValValidation,
  kValRule,
  kForeign,  // an element of another namespace in an extension point
  kOpaque,   // anything inside content that is not validated
  kKindCount
};

using KindSet = uint64_t;
constexpr KindSet K(Kind k) { return KindSet{1} << k; }

enum class AttrType {
  kText,
  kNmtoken,
  kNmtokens,
  kYesNo,
  kYesNoFirstNo,
  kDir,
  kUserDefined,
  kPositiveInt,
  kNonNegInt,
  kPriority,
  kState,
  kCodeType,
  kMrkType,
  kCoreAppliesTo,
  kMdaAppliesTo,
  kMtcType,
  kSimilarity,
  kNormalization,
  kHex,
  kLang,
  kSpace,
  kSlrPattern,
  kFsValue,
};

struct AttrSpec {
  std::string_view ns;  // "" or the xml namespace or a module namespace
  std::string_view name;
  AttrType type;
  bool required = false;
};

// Which attributes of other namespaces an element takes.
enum class Foreign { kNone, kModules, kAny };

struct Slot {
  KindSet kinds;
  bool foreign;  // an xs:any namespace="##other" slot
  int min;
  int max;  // -1: unbounded
};

struct Spec {
  std::string_view name;
  std::vector<AttrSpec> attrs;
  Foreign foreign_attrs = Foreign::kNone;
  std::vector<Slot> content;
  bool mixed = false;
  bool opaque_content = false;  // children are not validated (skeleton, res:source...)
};

constexpr int kMany = -1;

const std::vector<AttrSpec>& CodeAttrs(Kind k) {
  static const std::vector<AttrSpec> ph = {
      {"", "id", AttrType::kNmtoken, true},  {"", "canCopy", AttrType::kYesNo},
      {"", "canDelete", AttrType::kYesNo},   {"", "canReorder", AttrType::kYesNoFirstNo},
      {"", "copyOf", AttrType::kNmtoken},    {"", "disp", AttrType::kText},
      {"", "equiv", AttrType::kText},        {"", "dataRef", AttrType::kNmtoken},
      {"", "subFlows", AttrType::kNmtokens}, {"", "subType", AttrType::kUserDefined},
      {"", "type", AttrType::kCodeType}};
  static const std::vector<AttrSpec> pc = {{"", "id", AttrType::kNmtoken, true},
                                           {"", "canCopy", AttrType::kYesNo},
                                           {"", "canDelete", AttrType::kYesNo},
                                           {"", "canOverlap", AttrType::kYesNo},
                                           {"", "canReorder", AttrType::kYesNoFirstNo},
                                           {"", "copyOf", AttrType::kNmtoken},
                                           {"", "dispEnd", AttrType::kText},
                                           {"", "dispStart", AttrType::kText},
                                           {"", "equivEnd", AttrType::kText},
                                           {"", "equivStart", AttrType::kText},
                                           {"", "dataRefEnd", AttrType::kNmtoken},
                                           {"", "dataRefStart", AttrType::kNmtoken},
                                           {"", "subFlowsEnd", AttrType::kNmtokens},
                                           {"", "subFlowsStart", AttrType::kNmtokens},
                                           {"", "subType", AttrType::kUserDefined},
                                           {"", "type", AttrType::kCodeType},
                                           {"", "dir", AttrType::kDir}};
  static const std::vector<AttrSpec> sc = {{"", "id", AttrType::kNmtoken, true},
                                           {"", "canCopy", AttrType::kYesNo},
                                           {"", "canDelete", AttrType::kYesNo},
                                           {"", "canOverlap", AttrType::kYesNo},
                                           {"", "canReorder", AttrType::kYesNoFirstNo},
                                           {"", "copyOf", AttrType::kNmtoken},
                                           {"", "dataRef", AttrType::kNmtoken},
                                           {"", "dir", AttrType::kDir},
                                           {"", "disp", AttrType::kText},
                                           {"", "equiv", AttrType::kText},
                                           {"", "isolated", AttrType::kYesNo},
                                           {"", "subFlows", AttrType::kNmtokens},
                                           {"", "subType", AttrType::kUserDefined},
                                           {"", "type", AttrType::kCodeType}};
  static const std::vector<AttrSpec> ec = [] {
    std::vector<AttrSpec> v = sc;
    v[0].required = false;
    v.push_back({"", "startRef", AttrType::kNmtoken});
    return v;
  }();
  return k == kPh ? ph : k == kPc ? pc : k == kSc ? sc : ec;
}

const Spec& SpecOf(Kind kind) {
  static const std::vector<Spec> specs = [] {
    using A = AttrType;
    constexpr std::string_view x = xml::kXmlNamespace;
    constexpr KindSet kInline =
        K(kCp) | K(kPh) | K(kPc) | K(kSc) | K(kEc) | K(kMrk) | K(kSm) | K(kEm);
    std::vector<Spec> s(kKindCount);
    s[kXliff] = {"xliff",
                 {{"", "version", A::kText, true},
                  {"", "srcLang", A::kLang, true},
                  {"", "trgLang", A::kLang},
                  {x, "space", A::kSpace}},
                 Foreign::kAny,
                 {{K(kFile), false, 1, kMany}}};
    s[kFile] = {"file",
                {{"", "id", A::kNmtoken, true},
                 {"", "canResegment", A::kYesNo},
                 {"", "original", A::kText},
                 {"", "translate", A::kYesNo},
                 {"", "srcDir", A::kDir},
                 {"", "trgDir", A::kDir},
                 {x, "space", A::kSpace}},
                Foreign::kAny,
                {{K(kSkeleton), false, 0, 1},
                 {0, true, 0, kMany},
                 {K(kNotes), false, 0, 1},
                 {K(kUnit) | K(kGroup), false, 1, kMany}}};
    s[kSkeleton] = {"skeleton", {{"", "href", A::kText}}, Foreign::kNone, {}, true, true};
    s[kGroup] = {
        "group",
        {{"", "id", A::kNmtoken, true},
         {"", "name", A::kText},
         {"", "canResegment", A::kYesNo},
         {"", "translate", A::kYesNo},
         {"", "srcDir", A::kDir},
         {"", "trgDir", A::kDir},
         {"", "type", A::kUserDefined},
         {x, "space", A::kSpace}},
        Foreign::kAny,
        {{0, true, 0, kMany}, {K(kNotes), false, 0, 1}, {K(kUnit) | K(kGroup), false, 0, kMany}}};
    s[kUnit] = {"unit",
                {{"", "id", A::kNmtoken, true},
                 {"", "name", A::kText},
                 {"", "canResegment", A::kYesNo},
                 {"", "translate", A::kYesNo},
                 {"", "srcDir", A::kDir},
                 {"", "trgDir", A::kDir},
                 {"", "type", A::kUserDefined},
                 {x, "space", A::kSpace}},
                Foreign::kAny,
                {{0, true, 0, kMany},
                 {K(kNotes), false, 0, 1},
                 {K(kOriginalData), false, 0, 1},
                 {K(kSegment) | K(kIgnorable), false, 1, kMany}}};
    s[kSegment] = {"segment",
                   {{"", "id", A::kNmtoken},
                    {"", "canResegment", A::kYesNo},
                    {"", "state", A::kState},
                    {"", "subState", A::kUserDefined}},
                   Foreign::kNone,
                   {{K(kSource), false, 1, 1}, {K(kTarget), false, 0, 1}}};
    s[kIgnorable] = {"ignorable",
                     {{"", "id", A::kNmtoken}},
                     Foreign::kNone,
                     {{K(kSource), false, 1, 1}, {K(kTarget), false, 0, 1}}};
    s[kNotes] = {"notes", {}, Foreign::kNone, {{K(kNote), false, 1, kMany}}};
    s[kNote] = {"note",
                {{"", "id", A::kNmtoken},
                 {"", "appliesTo", A::kCoreAppliesTo},
                 {"", "category", A::kText},
                 {"", "priority", A::kPriority}},
                Foreign::kAny,
                {},
                true};
    s[kOriginalData] = {"originalData", {}, Foreign::kNone, {{K(kData), false, 1, kMany}}};
    s[kData] = {"data",
                {{"", "id", A::kNmtoken, true}, {"", "dir", A::kDir}, {x, "space", A::kSpace}},
                Foreign::kNone,
                {{K(kCp), false, 0, kMany}},
                true};
    s[kSource] = {"source",
                  {{x, "lang", A::kLang}, {x, "space", A::kSpace}},
                  Foreign::kNone,
                  {{kInline, false, 0, kMany}},
                  true};
    s[kTarget] = {"target",
                  {{x, "lang", A::kLang}, {x, "space", A::kSpace}, {"", "order", A::kPositiveInt}},
                  Foreign::kNone,
                  {{kInline, false, 0, kMany}},
                  true};
    s[kCp] = {"cp", {{"", "hex", A::kHex, true}}, Foreign::kNone, {}};
    s[kPh] = {"ph", CodeAttrs(kPh), Foreign::kModules, {}};
    s[kPc] = {"pc", CodeAttrs(kPc), Foreign::kModules, {{kInline, false, 0, kMany}}, true};
    s[kSc] = {"sc", CodeAttrs(kSc), Foreign::kModules, {}};
    s[kEc] = {"ec", CodeAttrs(kEc), Foreign::kModules, {}};
    std::vector<AttrSpec> marker = {{"", "id", A::kNmtoken, true},
                                    {"", "translate", A::kYesNo},
                                    {"", "type", A::kMrkType},
                                    {"", "ref", A::kText},
                                    {"", "value", A::kText}};
    s[kMrk] = {"mrk", marker, Foreign::kAny, {{kInline, false, 0, kMany}}, true};
    s[kSm] = {"sm", marker, Foreign::kAny, {}};
    s[kEm] = {"em", {{"", "startRef", A::kNmtoken, true}}, Foreign::kNone, {}};
    // Translation candidates (mtc).
    s[kMtcMatches] = {"mtc:matches", {}, Foreign::kNone, {{K(kMtcMatch), false, 1, kMany}}};
    s[kMtcMatch] = {"mtc:match",
                    {{"", "id", A::kNmtoken},
                     {"", "matchQuality", A::kSimilarity},
                     {"", "matchSuitability", A::kSimilarity},
                     {"", "origin", A::kText},
                     {"", "ref", A::kText, true},
                     {"", "reference", A::kYesNo},
                     {"", "similarity", A::kSimilarity},
                     {"", "subType", A::kUserDefined},
                     {"", "type", A::kMtcType}},
                    Foreign::kAny,
                    {{K(kMdaMetadata), false, 0, 1},
                     {K(kOriginalData), false, 0, 1},
                     {K(kSource), false, 1, 1},
                     {K(kTarget), false, 1, 1},
                     {0, true, 0, kMany}}};
    // Glossary (gls).
    s[kGlsGlossary] = {"gls:glossary", {}, Foreign::kNone, {{K(kGlsEntry), false, 1, kMany}}};
    s[kGlsEntry] = {"gls:glossEntry",
                    {{"", "id", A::kNmtoken}, {"", "ref", A::kText}},
                    Foreign::kAny,
                    {{K(kGlsTerm), false, 1, 1},
                     {K(kGlsTranslation), false, 0, kMany},
                     {K(kGlsDefinition), false, 0, 1},
                     {0, true, 0, kMany}}};
    s[kGlsTerm] = {"gls:term", {{"", "source", A::kText}}, Foreign::kAny, {}, true};
    s[kGlsTranslation] = {
        "gls:translation",
        {{"", "id", A::kNmtoken}, {"", "ref", A::kText}, {"", "source", A::kText}},
        Foreign::kAny,
        {},
        true};
    s[kGlsDefinition] = {"gls:definition", {{"", "source", A::kText}}, Foreign::kAny, {}, true};
    // Metadata (mda).
    s[kMdaMetadata] = {"mda:metadata",
                       {{"", "id", A::kNmtoken}},
                       Foreign::kNone,
                       {{K(kMdaMetaGroup), false, 1, kMany}}};
    s[kMdaMetaGroup] = {
        "mda:metaGroup",
        {{"", "id", A::kNmtoken}, {"", "category", A::kText}, {"", "appliesTo", A::kMdaAppliesTo}},
        Foreign::kNone,
        {{K(kMdaMetaGroup) | K(kMdaMeta), false, 1, kMany}}};
    s[kMdaMeta] = {"mda:meta", {{"", "type", A::kText, true}}, Foreign::kNone, {}, true};
    // Resource data (res).
    s[kResData] = {"res:resourceData",
                   {},
                   Foreign::kNone,
                   {{K(kResItemRef), false, 0, kMany}, {K(kResItem), false, 0, kMany}}};
    s[kResItemRef] = {"res:resourceItemRef",
                      {{"", "id", A::kNmtoken}, {"", "ref", A::kNmtoken, true}},
                      Foreign::kAny,
                      {}};
    s[kResItem] = {
        "res:resourceItem",
        {{"", "mimeType", A::kText}, {"", "id", A::kNmtoken}, {"", "context", A::kYesNo}},
        Foreign::kAny,
        {{K(kResSource), false, 0, 1},
         {K(kResTarget), false, 0, 1},
         {K(kResReference), false, 0, kMany}}};
    s[kResSource] = {"res:source",  {{"", "href", A::kText}, {x, "lang", A::kLang}},
                     Foreign::kAny, {},
                     false,         true};
    s[kResTarget] = s[kResSource];
    s[kResTarget].name = "res:target";
    s[kResReference] = {
        "res:reference", {{"", "href", A::kText, true}, {x, "lang", A::kLang}}, Foreign::kAny, {}};
    // Change tracking (ctr).
    s[kCtrChangeTrack] = {
        "ctr:changeTrack", {}, Foreign::kNone, {{K(kCtrRevisions), false, 1, kMany}}};
    s[kCtrRevisions] = {"ctr:revisions",
                        {{"", "appliesTo", A::kNmtoken, true},
                         {"", "ref", A::kNmtoken},
                         {"", "currentVersion", A::kNmtoken}},
                        Foreign::kAny,
                        {{K(kCtrRevision), false, 1, kMany}}};
    s[kCtrRevision] = {
        "ctr:revision",
        {{"", "author", A::kText}, {"", "datetime", A::kText}, {"", "version", A::kNmtoken}},
        Foreign::kAny,
        {{K(kCtrItem), false, 1, kMany}}};
    s[kCtrItem] = {"ctr:item", {{"", "property", A::kText, true}}, Foreign::kAny, {}, true};
    // Size and length restriction (slr).
    s[kSlrProfiles] = {"slr:profiles",
                       {{"", "generalProfile", A::kText}, {"", "storageProfile", A::kText}},
                       Foreign::kNone,
                       {{K(kSlrNormalization), false, 0, 1}, {0, true, 0, kMany}}};
    s[kSlrNormalization] = {
        "slr:normalization",
        {{"", "general", A::kNormalization}, {"", "storage", A::kNormalization}},
        Foreign::kNone,
        {}};
    s[kSlrData] = {"slr:data", {{"", "profile", A::kText, true}}, Foreign::kAny, {}, false, true};
    // Validation (val).
    s[kValValidation] = {"val:validation",
                         {},
                         Foreign::kAny,
                         // The suite's Good-val_extension-rule.xlf has an empty
                         // <val:validation>: accepted (min 0, not the XSD's 1).
                         {{K(kValRule), false, 0, kMany}}};
    s[kValRule] = {"val:rule",
                   {{"", "isPresent", A::kText},
                    {"", "occurs", A::kPositiveInt},
                    {"", "isNotPresent", A::kText},
                    {"", "startsWith", A::kText},
                    {"", "endsWith", A::kText},
                    {"", "existsInSource", A::kYesNo},
                    {"", "caseSensitive", A::kYesNo},
                    {"", "normalization", A::kNormalization},
                    {"", "disabled", A::kYesNo}},
                   Foreign::kAny,
                   {}};
    s[kForeign] = {"", {}, Foreign::kAny, {}, true, true};
    s[kOpaque] = s[kForeign];
    return s;
  }();
  return specs[kind];
}

// Module elements that may stand in an extension point of a core element.
KindSet ModuleElementsAllowedIn(Kind parent) {
  switch (parent) {
    case kFile:
      return K(kMdaMetadata) | K(kCtrChangeTrack) | K(kResData) | K(kSlrProfiles) | K(kSlrData) |
             K(kValValidation);
    case kGroup:
      return K(kMdaMetadata) | K(kCtrChangeTrack) | K(kSlrData) | K(kValValidation);
    case kUnit:
      return K(kMtcMatches) | K(kGlsGlossary) | K(kMdaMetadata) | K(kCtrChangeTrack) | K(kResData) |
             K(kSlrData) | K(kValValidation);
    case kMtcMatch:
    case kGlsEntry:
      return K(kMdaMetadata) | K(kCtrChangeTrack) | K(kSlrData) | K(kValValidation) |
             K(kGlsGlossary) | K(kResData);
    default:
      return 0;
  }
}

struct NameKind {
  std::string_view ns;
  std::string_view name;
  Kind kind;
};

constexpr NameKind kModuleNames[] = {
    {kMtc, "matches", kMtcMatches},
    {kMtc, "match", kMtcMatch},
    {kGls, "glossary", kGlsGlossary},
    {kGls, "glossEntry", kGlsEntry},
    {kGls, "term", kGlsTerm},
    {kGls, "translation", kGlsTranslation},
    {kGls, "definition", kGlsDefinition},
    {kMda, "metadata", kMdaMetadata},
    {kMda, "metaGroup", kMdaMetaGroup},
    {kMda, "meta", kMdaMeta},
    {kRes, "resourceData", kResData},
    {kRes, "resourceItemRef", kResItemRef},
    {kRes, "resourceItem", kResItem},
    {kRes, "source", kResSource},
    {kRes, "target", kResTarget},
    {kRes, "reference", kResReference},
    {kCtr, "changeTrack", kCtrChangeTrack},
    {kCtr, "revisions", kCtrRevisions},
    {kCtr, "revision", kCtrRevision},
    {kCtr, "item", kCtrItem},
    {kSlr, "profiles", kSlrProfiles},
    {kSlr, "normalization", kSlrNormalization},
    {kSlr, "data", kSlrData},
    {kVal, "validation", kValValidation},
    {kVal, "rule", kValRule},
};

constexpr NameKind kCoreNames[] = {
    {"", "xliff", kXliff},
    {"", "file", kFile},
    {"", "skeleton", kSkeleton},
    {"", "group", kGroup},
    {"", "unit", kUnit},
    {"", "segment", kSegment},
    {"", "ignorable", kIgnorable},
    {"", "notes", kNotes},
    {"", "note", kNote},
    {"", "originalData", kOriginalData},
    {"", "data", kData},
    {"", "source", kSource},
    {"", "target", kTarget},
    {"", "cp", kCp},
    {"", "ph", kPh},
    {"", "pc", kPc},
    {"", "sc", kSc},
    {"", "ec", kEc},
    {"", "mrk", kMrk},
    {"", "sm", kSm},
    {"", "em", kEm},
};

bool IsModuleNs(std::string_view ns) {
  return ns == kMtc || ns == kGls || ns == kMda || ns == kRes || ns == kCtr || ns == kSlr ||
         ns == kVal || ns == kFs;
}

// ---------------------------------------------------------------------------

struct Code {
  Kind kind;
  std::string id, start_ref, copy_of;
  bool isolated = false;
  bool has_data_ref = false;
  std::string can_copy, can_delete, can_reorder, can_overlap;  // effective values
  bool target = false;
  int part = 0;           // index of the segment/ignorable in the unit
  std::string parent_pc;  // id of the enclosing <pc>, "" if none
  int line = 0;
};

// The codes, data ids and inline ids of a <unit> or of an <mtc:match>.
struct CodeScope {
  bool is_unit = false;
  std::unordered_set<std::string> data_ids;
  std::unordered_set<std::string> source_ids, target_ids;
  std::vector<Code> codes;
};

struct PendingRef {
  std::string ref;
  int line;
};

struct CtrPending {
  std::string applies_to;
  std::string ref;  // "" if absent
  int line;
};

struct Frame {
  Kind kind = kOpaque;
  int line = 0;
  size_t slot = 0;
  int slot_count = 0;
  std::string lang;   // effective xml:lang ("" if none)
  std::string space;  // effective xml:space
  std::string id;
  bool has_content = false;  // skeleton: text or children
  bool has_translation_or_definition = false;
  std::unordered_set<std::string> ids;       // uniqueness among children (per kind)
  std::unordered_set<std::string> ext_ids;   // ids of extension elements (file/group/unit)
  std::unordered_set<std::string> slr_ids;   // ids inside slr:data children
  std::unordered_set<std::string> note_ids;  // notes of this file/group/unit
  std::unordered_set<std::string> all_ids;   // ids of this scope (ctr refs)
  std::vector<CtrPending> ctr;
  std::unique_ptr<CodeScope> codes;          // unit, mtc:match
  std::string source_space;                  // segment/ignorable: xml:space of <source>
  bool has_target = false;                   // segment/ignorable
  std::map<std::string, std::string> attrs;  // val:rule / ctr:revisions etc.
};

class Validator {
 public:
  Validator(std::unique_ptr<xml::ByteSource> source, std::string name)
      : name_(std::move(name)), parser_(std::move(source), name_) {}

  void Run();

 private:
  void OnStart(const xml::XmlEvent& ev);
  void OnEnd(const xml::XmlEvent& ev);
  void OnText(const xml::XmlEvent& ev);

  Kind Classify(const xml::XmlEvent& ev, const Frame* parent);
  void AdvanceContent(Frame& parent, Kind child, bool foreign, const xml::XmlEvent& ev);
  void FinishContent(const Frame& f, int line);
  void CheckAttributes(Kind kind, const xml::XmlEvent& ev);
  void CheckValue(const AttrSpec& spec, const std::string& value, const std::string& elem,
                  int line);
  void CheckModuleAttributes(Kind kind, const xml::XmlEvent& ev);
  void StartElement(Kind kind, const xml::XmlEvent& ev, Frame& f);
  void StartCode(Kind kind, const xml::XmlEvent& ev, Frame& f);
  void EndUnit(Frame& f);
  void CheckPairing(CodeScope& scope, bool target);
  void EndScope(Frame& f);

  Frame* Nearest(KindSet kinds, size_t skip = 0);
  CodeScope* CurrentCodeScope();
  Frame* ScopeFrame();  // nearest file/group/unit

  std::string name_;
  xml::XmlPullParser parser_;
  std::vector<Frame> stack_;
  std::string core_ns_;
  std::string src_lang_, trg_lang_;
  bool has_trg_lang_ = false;
  bool slr_standard_profile_ = false;  // per file: <slr:profiles> names an xliff: profile
  std::unordered_set<std::string> file_ids_;
  std::unordered_set<std::string> group_ids_, unit_ids_;    // per file
  std::vector<PendingRef> subflow_refs_;                    // per file
  int part_index_ = -1;                                     // per unit
  std::vector<std::pair<std::string, int>> target_orders_;  // per unit: order, line
  int part_count_ = 0;
  bool unit_has_segment_ = false;
  std::unordered_set<std::string> part_ids_;  // per unit: segment/ignorable ids
  std::vector<PendingRef> comment_refs_;      // per unit
  std::vector<std::pair<int, bool>> part_has_target_;
};

Frame* Validator::Nearest(KindSet kinds, size_t skip) {
  for (size_t i = stack_.size(); i-- > 0;) {
    if (skip > 0) {
      --skip;
      continue;
    }
    if (kinds & K(stack_[i].kind)) return &stack_[i];
  }
  return nullptr;
}

CodeScope* Validator::CurrentCodeScope() {
  for (size_t i = stack_.size(); i-- > 0;)
    if (stack_[i].codes) return stack_[i].codes.get();
  return nullptr;
}

Frame* Validator::ScopeFrame() { return Nearest(K(kFile) | K(kGroup) | K(kUnit)); }

Kind Validator::Classify(const xml::XmlEvent& ev, const Frame* parent) {
  if (parent && (SpecOf(parent->kind).opaque_content)) return kOpaque;
  if (ev.ns_uri == core_ns_) {
    for (const NameKind& nk : kCoreNames)
      if (nk.name == ev.local_name) return nk.kind;
    Fail(ev.line, "unknown XLIFF element", "an element of the XLIFF 2 core", "<" + ev.qname + ">");
  }
  if (ev.ns_uri == kCore20 || ev.ns_uri == kCore22)
    Fail(ev.line, "namespace", "the document's core namespace " + core_ns_,
         "<" + ev.qname + "> in " + ev.ns_uri);
  for (const NameKind& nk : kModuleNames)
    if (nk.ns == ev.ns_uri && nk.name == ev.local_name) return nk.kind;
  if (IsModuleNs(ev.ns_uri))
    Fail(ev.line, "unknown module element", "an element defined by the module",
         "<" + ev.qname + ">");
  return kForeign;
}

void Validator::AdvanceContent(Frame& parent, Kind child, bool foreign, const xml::XmlEvent& ev) {
  const Spec& spec = SpecOf(parent.kind);
  if (spec.opaque_content) return;
  std::string pname = "<" + std::string(spec.name) + ">";
  auto matches = [&](const Slot& s) {
    if (foreign) return s.foreign;
    if (s.kinds & K(child)) return true;
    // A module element in an extension point (xs:any ##other).
    return s.foreign && (ModuleElementsAllowedIn(parent.kind) & K(child)) != 0;
  };
  while (parent.slot < spec.content.size()) {
    const Slot& s = spec.content[parent.slot];
    if (matches(s)) {
      if (s.max != kMany && parent.slot_count >= s.max)
        Fail(ev.line, "content of " + pname, "at most " + std::to_string(s.max),
             "another <" + ev.qname + ">");
      ++parent.slot_count;
      return;
    }
    if (parent.slot_count < s.min) break;
    ++parent.slot;
    parent.slot_count = 0;
  }
  std::string what = foreign ? "extension element <" + ev.qname + ">" : "<" + ev.qname + ">";
  bool anywhere = std::any_of(spec.content.begin(), spec.content.end(), matches);
  if (!anywhere && (foreign || child >= kMtcMatches))
    Fail(ev.line, "extension point",
         "no " + std::string(foreign ? "extension" : "module") + " element inside " + pname, what);
  Fail(ev.line, "content of " + pname, "the children in the order the specification gives",
       what + (anywhere ? " out of order" : " (not allowed here)"));
}

void Validator::FinishContent(const Frame& f, int line) {
  const Spec& spec = SpecOf(f.kind);
  if (spec.opaque_content) return;
  size_t slot = f.slot;
  int count = f.slot_count;
  for (; slot < spec.content.size(); ++slot, count = 0) {
    const Slot& s = spec.content[slot];
    if (count < s.min) {
      std::string need;
      for (int k = 0; k < kKindCount; ++k)
        if (s.kinds & K(static_cast<Kind>(k)))
          need +=
              (need.empty() ? "<" : " or <") + std::string(SpecOf(static_cast<Kind>(k)).name) + ">";
      Fail(line, "content of <" + std::string(spec.name) + ">", "at least one " + need, "none");
    }
  }
}

void Validator::CheckValue(const AttrSpec& a, const std::string& v, const std::string& elem,
                           int line) {
  auto bad = [&](std::string_view expected) {
    Fail(line, "value of " + std::string(a.name) + " on <" + elem + ">", expected, Q(v));
  };
  auto one_of = [&](std::initializer_list<std::string_view> values) {
    if (std::find(values.begin(), values.end(), v) == values.end()) {
      std::string list;
      for (std::string_view s : values) list += (list.empty() ? "" : "|") + std::string(s);
      bad(list);
    }
  };
  switch (a.type) {
    case AttrType::kText:
      break;
    case AttrType::kNmtoken:
      if (!IsNmtoken(v)) bad("an NMTOKEN (letters, digits, '.', '-', '_', ':')");
      break;
    case AttrType::kNmtokens: {
      auto toks = SplitSpaces(v);
      if (toks.empty() || !std::all_of(toks.begin(), toks.end(), IsNmtoken))
        bad("space-separated NMTOKENs");
      break;
    }
    case AttrType::kYesNo:
      one_of({"yes", "no"});
      break;
    case AttrType::kYesNoFirstNo:
      one_of({"yes", "firstNo", "no"});
      break;
    case AttrType::kDir:
      one_of({"ltr", "rtl", "auto"});
      break;
    case AttrType::kUserDefined:
      if (!IsUserDefined(v)) bad("a 'prefix:value' user-defined value");
      break;
    case AttrType::kPositiveInt:
      if (!IsPositiveInt(v)) bad("a positive integer");
      break;
    case AttrType::kNonNegInt:
      if (!IsUnsignedInt(v)) bad("a non-negative integer");
      break;
    case AttrType::kPriority:
      one_of({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
      break;
    case AttrType::kState:
      one_of({"initial", "translated", "reviewed", "final"});
      break;
    case AttrType::kCodeType:
      one_of({"fmt", "ui", "quote", "link", "image", "other"});
      break;
    case AttrType::kMrkType:
      if (v != "generic" && v != "comment" && v != "term" && !IsUserDefined(v))
        bad("generic|comment|term or a 'prefix:value' user-defined type");
      break;
    case AttrType::kCoreAppliesTo:
      one_of({"source", "target"});
      break;
    case AttrType::kMdaAppliesTo:
      one_of({"source", "target", "ignorable"});
      break;
    case AttrType::kMtcType:
      one_of({"am", "mt", "icm", "idm", "tb", "tm", "other"});
      break;
    case AttrType::kSimilarity:
      if (!IsSimilarity(v)) bad("a decimal from 0 to 100");
      break;
    case AttrType::kNormalization:
      one_of({"none", "nfc", "nfd"});
      break;
    case AttrType::kHex: {
      if (v.empty() || v.size() % 2 != 0 || !std::all_of(v.begin(), v.end(), [](char c) {
            return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
          }))
        bad("hexadecimal digits (xs:hexBinary)");
      break;
    }
    case AttrType::kLang:
      if (!IsWellFormedBcp47(v)) bad("a well-formed BCP 47 language tag");
      break;
    case AttrType::kSpace:
      one_of({"default", "preserve"});
      break;
    case AttrType::kSlrPattern: {
      // "*", "N", "N,N" or "N,*" (slr section 5.7.6.1/5.7.6.2).
      auto parts = Split(v, ',');
      bool ok = (parts.size() == 1 && (parts[0] == "*" || IsUnsignedInt(parts[0]))) ||
                (parts.size() == 2 && IsUnsignedInt(parts[0]) &&
                 (parts[1] == "*" || IsUnsignedInt(parts[1])));
      if (!ok) bad("'*', 'N', 'N,N' or 'N,*' with N a non-negative integer");
      break;
    }
    case AttrType::kFsValue:
      one_of({"a",       "b",      "bdo",   "big",    "blockquote", "body",     "br",  "button",
              "caption", "center", "cite",  "code",   "col",        "colgroup", "dd",  "del",
              "div",     "dl",     "dt",    "em",     "h1",         "h2",       "h3",  "h4",
              "h5",      "h6",     "head",  "hr",     "html",       "i",        "img", "label",
              "legend",  "li",     "ol",    "p",      "pre",        "q",        "s",   "samp",
              "select",  "small",  "span",  "strike", "strong",     "sub",      "sup", "table",
              "tbody",   "td",     "tfoot", "th",     "thead",      "title",    "tr",  "tt",
              "u",       "ul"});
      break;
  }
}

void Validator::CheckAttributes(Kind kind, const xml::XmlEvent& ev) {
  const Spec& spec = SpecOf(kind);
  std::string elem = std::string(spec.name);
  for (const xml::XmlAttribute& at : ev.attributes) {
    if (at.qname == "xmlns" || at.qname.starts_with("xmlns:")) continue;
    const AttrSpec* found = nullptr;
    for (const AttrSpec& a : spec.attrs)
      if (a.ns == at.ns_uri && a.name == at.local_name) found = &a;
    if (found) {
      CheckValue(*found, at.value, elem, ev.line);
      continue;
    }
    if (at.ns_uri.empty() || at.ns_uri == core_ns_)
      Fail(ev.line, "attributes of <" + elem + ">", "only the attributes the specification defines",
           at.qname + "=" + Q(at.value));
    bool xml_ns = at.ns_uri == xml::kXmlNamespace;
    bool module = IsModuleNs(at.ns_uri);
    bool allowed =
        spec.foreign_attrs == Foreign::kAny || (spec.foreign_attrs == Foreign::kModules && module);
    if (!allowed)
      Fail(ev.line, "extension attribute",
           "no " + std::string(xml_ns ? "xml:" : "extension") + " attribute on <" + elem +
               (spec.foreign_attrs == Foreign::kModules ? "> other than module attributes" : ">"),
           at.qname + "=" + Q(at.value));
    if (xml_ns && at.local_name == "lang")
      CheckValue({"", "xml:lang", AttrType::kLang}, at.value, elem, ev.line);
    if (xml_ns && at.local_name == "space")
      CheckValue({"", "xml:space", AttrType::kSpace}, at.value, elem, ev.line);
  }
  for (const AttrSpec& a : spec.attrs) {
    if (a.required && !ev.Attr(a.ns, a.name))
      Fail(ev.line, "required attribute of <" + elem + ">", std::string(a.name), "none");
  }
  CheckModuleAttributes(kind, ev);
}

void Validator::CheckModuleAttributes(Kind kind, const xml::XmlEvent& ev) {
  std::string elem = "<" + ev.qname + ">";
  // Format style (fs).
  for (const xml::XmlAttribute& at : ev.attributes) {
    if (at.ns_uri == kFs) {
      if (at.local_name == "fs")
        CheckValue({kFs, "fs:fs", AttrType::kFsValue}, at.value, ev.qname, ev.line);
      else if (at.local_name != "subFs")
        Fail(ev.line, "fs module attribute", "fs:fs or fs:subFs", at.qname);
    } else if (at.ns_uri == kSlr) {
      std::string_view n = at.local_name;
      if (n == "sizeRestriction" || n == "storageRestriction")
        CheckValue({kSlr, at.qname, AttrType::kSlrPattern}, at.value, ev.qname, ev.line);
      else if (n == "equivStorage" || n == "sizeInfo") {
        // The standard profiles (xliff:codepoints, xliff:utf8...) take
        // integers; other profiles define their own syntax (the suite's valid
        // withModulesAttributesInEc.xlf has sizeInfo="some info", no profile).
        if (slr_standard_profile_)
          CheckValue({kSlr, at.qname, AttrType::kNonNegInt}, at.value, ev.qname, ev.line);
      } else if (n == "sizeInfoRef")
        CheckValue({kSlr, at.qname, AttrType::kNmtoken}, at.value, ev.qname, ev.line);
      else
        Fail(ev.line, "slr module attribute",
             "slr:sizeRestriction, storageRestriction, equivStorage, sizeInfo or sizeInfoRef",
             at.qname);
    } else if (IsModuleNs(at.ns_uri) && kind < kMtcMatches) {
      Fail(ev.line, "module attribute", "no attribute of this module on " + elem, at.qname);
    }
  }
  if (ev.Attr(kFs, "subFs") && !ev.Attr(kFs, "fs"))
    Fail(ev.line, "fs:subFs on " + elem, "fs:fs on the same element", "fs:subFs alone");
  const std::string* size_info = ev.Attr(kSlr, "sizeInfo");
  const std::string* size_ref = ev.Attr(kSlr, "sizeInfoRef");
  if (size_info && size_ref)
    Fail(ev.line, "slr:sizeInfo and slr:sizeInfoRef", "at most one of them", "both on " + elem);
  if (kind == kEc) {
    const std::string* iso = ev.Attr("isolated");
    if ((!iso || *iso != "yes") && (size_info || size_ref || ev.Attr(kSlr, "equivStorage")))
      Fail(ev.line, "slr attributes on <ec>",
           "isolated='yes' on an <ec> with slr:equivStorage, "
           "slr:sizeInfo or slr:sizeInfoRef",
           "an <ec> that is not isolated");
  }
  if (size_ref) {
    bool found = false;
    for (size_t i = 0; i < stack_.size() && !found; ++i)  // proper ancestors only
      found = stack_[i].slr_ids.count(*size_ref) > 0;
    if (!found)
      Fail(ev.line, "slr:sizeInfoRef",
           "the id of an element inside an <slr:data> that is a "
           "sibling of the element or of an ancestor",
           Q(*size_ref));
  }
}

bool SubTypeMatchesType(std::string_view sub, std::string_view type) {
  if (!sub.starts_with("xlf:")) return true;
  if (sub == "xlf:lb" || sub == "xlf:pb" || sub == "xlf:b" || sub == "xlf:i" || sub == "xlf:u")
    return type == "fmt";
  if (sub == "xlf:var") return type == "ui";
  return false;
}

void Validator::StartCode(Kind kind, const xml::XmlEvent& ev, Frame& f) {
  CodeScope* scope = CurrentCodeScope();
  Frame* side = Nearest(K(kSource) | K(kTarget));
  if (!scope || !side) return;
  bool target = side->kind == kTarget;
  std::string elem = "<" + ev.qname + ">";
  for (std::string_view attr : {"dataRef", "dataRefStart", "dataRefEnd"}) {
    const std::string* ref = ev.Attr(attr);
    if (ref && !scope->data_ids.count(*ref))
      Fail(ev.line, std::string(attr) + " on " + elem,
           "the id of a <data> in the <originalData> of the unit", Q(*ref));
  }
  const std::string* id = ev.Attr("id");
  if (id && kind != kEm) {
    auto& ids = target ? scope->target_ids : scope->source_ids;
    if (!ids.insert(*id).second)
      Fail(ev.line, "inline id uniqueness",
           "ids unique among the inline elements of the " +
               std::string(target ? "target" : "source") + " side of the unit",
           "a second id=" + Q(*id));
    if (scope->is_unit && part_ids_.count(*id))
      Fail(ev.line, "inline id uniqueness", "inline ids distinct from segment/ignorable ids",
           "id=" + Q(*id) + " on " + elem);
  }
  if (kind == kPc && (ev.Attr("dataRefStart") != nullptr) != (ev.Attr("dataRefEnd") != nullptr))
    Fail(ev.line, "dataRefStart/dataRefEnd on <pc>", "both or neither", "only one");
  for (std::string_view attr : {"subFlows", "subFlowsStart", "subFlowsEnd"}) {
    if (const std::string* v = ev.Attr(attr))
      for (const std::string& u : SplitSpaces(*v)) subflow_refs_.push_back({u, ev.line});
  }
  if (const std::string* sub = ev.Attr("subType")) {
    const std::string* type = ev.Attr("type");
    if (!type) Fail(ev.line, "subType on " + elem, "a type attribute with it", "subType alone");
    if (!SubTypeMatchesType(*sub, *type))
      Fail(ev.line, "subType on " + elem,
           "xlf:lb|pb|b|i|u with type='fmt', xlf:var with type='ui', no other xlf: value",
           "subType=" + Q(*sub) + " with type=" + Q(*type));
  }
  if (kind == kEm) {
    Code c;
    c.kind = kEm;
    c.start_ref = *ev.Attr("startRef");
    c.target = target;
    c.part = part_index_;
    c.line = ev.line;
    scope->codes.push_back(std::move(c));
    return;
  }
  auto get = [&](std::string_view n, std::string_view def) {
    const std::string* v = ev.Attr(n);
    return v ? *v : std::string(def);
  };
  Code c;
  c.kind = kind;
  c.id = get("id", "");
  c.start_ref = get("startRef", "");
  c.copy_of = get("copyOf", "");
  c.isolated = get("isolated", "no") == "yes";
  c.has_data_ref = ev.Attr("dataRef") || ev.Attr("dataRefStart") || ev.Attr("dataRefEnd");
  c.can_copy = get("canCopy", "yes");
  c.can_delete = get("canDelete", "yes");
  c.can_reorder = get("canReorder", "yes");
  c.can_overlap = get("canOverlap", kind == kPc ? "" : "yes");
  c.target = target;
  c.part = part_index_;
  c.line = ev.line;
  for (size_t i = stack_.size(); i-- > 0 && &stack_[i] != side;)
    if (stack_[i].kind == kPc && &stack_[i] != &f) {
      c.parent_pc = stack_[i].id;
      break;
    }
  if (kind == kMrk || kind == kSm) {
    scope->codes.push_back(std::move(c));
    return;
  }
  if (!c.copy_of.empty() && c.has_data_ref)
    Fail(ev.line, "copyOf on " + elem, "no dataRef/dataRefStart/dataRefEnd with copyOf",
         "both copyOf and a data reference");
  if ((c.can_reorder == "no" || c.can_reorder == "firstNo") &&
      (c.can_copy != "no" || c.can_delete != "no"))
    Fail(ev.line, "canReorder on " + elem,
         "canCopy='no' and canDelete='no' when canReorder is 'no' or 'firstNo'",
         "canCopy=" + Q(c.can_copy) + " canDelete=" + Q(c.can_delete));
  if (kind == kEc) {
    if (c.isolated) {
      if (c.id.empty() || !c.start_ref.empty())
        Fail(ev.line, "isolated <ec>", "an id and no startRef when isolated='yes'",
             c.start_ref.empty() ? "no id" : "startRef=" + Q(c.start_ref));
    } else if (c.start_ref.empty() || !c.id.empty()) {
      Fail(ev.line, "<ec> pairing",
           "startRef (and no id) on an <ec> that is not isolated; isolated='yes' with an id "
           "when its <sc> is outside the unit",
           c.start_ref.empty() ? "id=" + Q(c.id) + " without isolated='yes'"
                               : "both startRef and id=" + Q(c.id));
    }
  }
  scope->codes.push_back(std::move(c));
}

void Validator::StartElement(Kind kind, const xml::XmlEvent& ev, Frame& f) {
  Frame* parent = stack_.size() >= 2 ? &stack_[stack_.size() - 2] : nullptr;
  const std::string* idp = ev.Attr("id");
  if (idp) f.id = *idp;
  std::string elem = "<" + ev.qname + ">";
  switch (kind) {
    case kXliff: {
      const std::string& version = *ev.Attr("version");
      bool ok = core_ns_ == kCore22 ? version == "2.2" : (version == "2.0" || version == "2.1");
      if (!ok)
        Fail(ev.line, "version of <xliff>",
             core_ns_ == kCore22 ? "'2.2' in the 2.2 namespace"
                                 : "'2.0' or '2.1' in the 2.0 namespace",
             Q(version));
      src_lang_ = *ev.Attr("srcLang");
      if (const std::string* t = ev.Attr("trgLang")) {
        trg_lang_ = *t;
        has_trg_lang_ = true;
      }
      break;
    }
    case kFile:
      if (!file_ids_.insert(f.id).second)
        Fail(ev.line, "file id uniqueness", "unique <file> ids", "a second id=" + Q(f.id));
      group_ids_.clear();
      unit_ids_.clear();
      slr_standard_profile_ = false;
      subflow_refs_.clear();
      break;
    case kGroup:
      if (!group_ids_.insert(f.id).second)
        Fail(ev.line, "group id uniqueness", "<group> ids unique in the <file>",
             "a second id=" + Q(f.id));
      break;
    case kUnit:
      if (!unit_ids_.insert(f.id).second)
        Fail(ev.line, "unit id uniqueness", "<unit> ids unique in the <file>",
             "a second id=" + Q(f.id));
      f.codes = std::make_unique<CodeScope>();
      f.codes->is_unit = true;
      part_index_ = -1;
      part_count_ = 0;
      target_orders_.clear();
      unit_has_segment_ = false;
      part_ids_.clear();
      comment_refs_.clear();
      part_has_target_.clear();
      break;
    case kSegment:
    case kIgnorable: {
      if (parent->kind != kUnit) break;
      ++part_index_;
      ++part_count_;
      part_has_target_.push_back({part_index_, false});
      if (kind == kSegment) unit_has_segment_ = true;
      if (idp) {
        if (!part_ids_.insert(*idp).second)
          Fail(ev.line, "segment/ignorable id uniqueness",
               "ids unique among the <segment> and <ignorable> elements of the unit",
               "a second id=" + Q(*idp));
        stack_[stack_.size() - 2].all_ids.insert(*idp);
      }
      if (kind == kSegment && ev.Attr("subState") && !ev.Attr("state"))
        Fail(ev.line, "subState on <segment>", "a state attribute with it", "subState alone");
      break;
    }
    case kNote:
      if (idp) {
        if (!parent->ids.insert(*idp).second)
          Fail(ev.line, "note id uniqueness", "ids unique among the <note> elements of <notes>",
               "a second id=" + Q(*idp));
        if (Frame* scope = ScopeFrame()) {
          scope->note_ids.insert(*idp);
          scope->all_ids.insert(*idp);
        }
      }
      break;
    case kData:
      if (!parent->ids.insert(f.id).second)
        Fail(ev.line, "data id uniqueness", "ids unique in <originalData>",
             "a second id=" + Q(f.id));
      if (CodeScope* scope = CurrentCodeScope()) scope->data_ids.insert(f.id);
      break;
    case kSource:
    case kTarget: {
      if (parent->kind == kSegment || parent->kind == kIgnorable) {
        if (kind == kTarget) {
          if (!has_trg_lang_)
            Fail(ev.line, "trgLang", "trgLang on <xliff> when the file has a <target>",
                 "a <target> without trgLang");
          if (!f.lang.empty() && Lower(f.lang) != Lower(trg_lang_))
            Fail(ev.line, "xml:lang of <target>", "the trgLang " + Q(trg_lang_),
                 Q(f.lang) + (ev.Attr(xml::kXmlNamespace, "lang") ? "" : " (inherited)"));
          if (f.space != parent->source_space)
            Fail(ev.line, "xml:space of <target>",
                 "the same xml:space as the <source> (" + Q(parent->source_space) + ")",
                 Q(f.space));
          parent->has_target = true;
          if (!part_has_target_.empty()) part_has_target_.back().second = true;
          if (const std::string* order = ev.Attr("order"))
            target_orders_.push_back({*order, ev.line});
          else
            target_orders_.push_back({std::to_string(part_index_ + 1), -ev.line});
        } else {
          if (!f.lang.empty() && Lower(f.lang) != Lower(src_lang_))
            Fail(ev.line, "xml:lang of <source>", "the srcLang " + Q(src_lang_),
                 Q(f.lang) + (ev.Attr(xml::kXmlNamespace, "lang") ? "" : " (inherited)"));
          parent->source_space = f.space;
        }
      } else if (parent->kind == kMtcMatch) {
        if (kind == kTarget && !has_trg_lang_)
          Fail(ev.line, "trgLang", "trgLang on <xliff> when the file has a <target>",
               "a <target> without trgLang");
      }
      break;
    }
    case kCp: {
      const std::string& hex = *ev.Attr("hex");
      uint64_t cp = hex.size() > 8 ? 0x110000 : std::stoull(hex, nullptr, 16);
      bool xml_char = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                      (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (xml_char || cp > 0x10FFFF)
        Fail(ev.line, "hex of <cp>",
             "a Unicode code point that XML cannot carry (<cp> is only for those)",
             "hex=" + Q(hex));
      break;
    }
    case kPh:
    case kPc:
    case kSc:
    case kEc:
    case kEm:
      StartCode(kind, ev, f);
      break;
    case kMrk:
    case kSm: {
      StartCode(kind, ev, f);
      const std::string* type = ev.Attr("type");
      const std::string* ref = ev.Attr("ref");
      const std::string* value = ev.Attr("value");
      if (ref && !ref->empty() && (*ref)[0] == '#') {
        std::string why = CheckFragmentId(*ref, nullptr);
        if (!why.empty()) Fail(ev.line, "fragment identifier in ref on " + elem, why, Q(*ref));
      }
      if (type && *type == "comment") {
        if ((ref != nullptr) == (value != nullptr))
          Fail(ev.line, "comment annotation " + elem, "exactly one of value and ref",
               ref ? "both" : "neither");
        if (ref) {
          std::vector<Selector> sels;
          std::string why = CheckFragmentId(*ref, &sels);
          Frame* unit = Nearest(K(kUnit));
          Frame* file = Nearest(K(kFile));
          bool ok = why.empty() && !sels.empty() && sels.back().prefix == "n";
          if (ok && sels.size() > 1) {
            // A full path must name this file and unit.
            ok = sels.size() >= 3 && sels[0].prefix == "f" && file && sels[0].id == file->id &&
                 sels[sels.size() - 2].prefix == "u" && unit &&
                 sels[sels.size() - 2].id == unit->id;
          }
          if (!ok)
            Fail(ev.line, "comment annotation ref on " + elem,
                 "a reference to a <note> of the enclosing unit ('#n=ID')", Q(*ref));
          comment_refs_.push_back({sels.back().id, ev.line});
        }
      }
      break;
    }
    case kMtcMatches:
      break;
    case kMtcMatch: {
      if (idp && !parent->ids.insert(*idp).second)
        Fail(ev.line, "mtc:match id uniqueness", "ids unique within <mtc:matches>",
             "a second id=" + Q(*idp));
      if (ev.Attr(xml::kXmlNamespace, "lang"))
        Fail(ev.line, "xml:lang on <mtc:match>", "no xml:lang on <mtc:match>",
             "xml:lang=" + Q(*ev.Attr(xml::kXmlNamespace, "lang")));
      const std::string& ref = *ev.Attr("ref");
      std::string why = CheckFragmentId(ref, nullptr);
      if (!why.empty()) Fail(ev.line, "ref of <mtc:match>", why, Q(ref));
      f.codes = std::make_unique<CodeScope>();
      break;
    }
    case kGlsGlossary:
      break;
    case kGlsEntry:
    case kGlsTranslation: {
      Frame* glossary = Nearest(K(kGlsGlossary));
      if (idp && glossary && !glossary->ids.insert(*idp).second)
        Fail(ev.line, "gls id uniqueness",
             "ids unique among <gls:glossEntry> and <gls:translation> of the <gls:glossary>",
             "a second id=" + Q(*idp));
      if (const std::string* ref = ev.Attr("ref"); ref && ref->starts_with("#")) {
        std::string why = CheckFragmentId(*ref, nullptr);
        if (!why.empty()) Fail(ev.line, "ref on " + elem, why, Q(*ref));
      }
      if (kind == kGlsTranslation) parent->has_translation_or_definition = true;
      break;
    }
    case kGlsDefinition:
      parent->has_translation_or_definition = true;
      break;
    case kMdaMetaGroup: {
      Frame* md = Nearest(K(kMdaMetadata));
      if (idp && md && !md->ids.insert(*idp).second)
        Fail(ev.line, "mda:metaGroup id uniqueness", "ids unique within <mda:metadata>",
             "a second id=" + Q(*idp));
      break;
    }
    case kResItem:
    case kResItemRef:
      if (idp && !parent->ids.insert(*idp).second)
        Fail(ev.line, "res id uniqueness",
             "ids unique among <res:resourceItem> and <res:resourceItemRef> of the file or unit",
             "a second id=" + Q(*idp));
      break;
    case kResSource:
    case kResTarget: {
      // Only <res:source> is checked: the suite's valid
      // Good-res_source-has-no-content-and-href.xlf has a <res:target> whose
      // xml:lang differs from trgLang.
      const std::string* lang = ev.Attr(xml::kXmlNamespace, "lang");
      const std::string& want = src_lang_;
      if (kind == kResSource && lang && Lower(*lang) != Lower(want))
        Fail(ev.line, "xml:lang of " + elem, "the srcLang " + Q(want), Q(*lang));
      break;
    }
    case kCtrRevisions: {
      Frame* scope = ScopeFrame();
      if (scope)
        scope->ctr.push_back(
            {*ev.Attr("appliesTo"), ev.Attr("ref") ? *ev.Attr("ref") : std::string(), ev.line});
      break;
    }
    case kSlrProfiles:
      for (std::string_view a : {"generalProfile", "storageProfile"})
        if (const std::string* v = ev.Attr(a); v && v->starts_with("xliff:"))
          slr_standard_profile_ = true;
      break;
    case kCtrItem: {
      const std::string& prop = *ev.Attr("property");
      if (!parent->ids.insert(prop).second)
        Fail(ev.line, "ctr:item property", "each property once per <ctr:revision>",
             "a second property=" + Q(prop));
      break;
    }
    case kValRule: {
      const std::string* eis = ev.Attr("existsInSource");
      if (eis && *eis == "yes" && !ev.Attr("isPresent") && !ev.Attr("startsWith") &&
          !ev.Attr("endsWith"))
        Fail(ev.line, "existsInSource on <val:rule>",
             "isPresent, startsWith or endsWith with existsInSource='yes'", "none of them");
      int n = 0;
      for (std::string_view a : {"isPresent", "isNotPresent", "startsWith", "endsWith"})
        n += ev.Attr(a) != nullptr;
      bool ext =
          std::any_of(ev.attributes.begin(), ev.attributes.end(), [](const xml::XmlAttribute& a) {
            return !a.ns_uri.empty() && a.qname.find("xmlns") != 0;
          });
      if (n > 1 || (n == 0 && !ext))
        Fail(ev.line, "<val:rule>",
             "exactly one of isPresent, isNotPresent, startsWith, endsWith (or an extension rule)",
             std::to_string(n));
      if (ev.Attr("occurs") && !ev.Attr("isPresent"))
        Fail(ev.line, "occurs on <val:rule>", "isPresent with occurs", "occurs alone");
      break;
    }
    default:
      break;
  }
}

// sc/ec and sm/em pairing, can* agreement, on one side of a unit.
void Validator::CheckPairing(CodeScope& scope, bool target) {
  std::unordered_map<std::string, const Code*> sc, sm;
  std::unordered_set<std::string> closed;
  std::string side = target ? "target" : "source";
  for (const Code& c : scope.codes) {
    if (c.target != target) continue;
    if (c.kind == kSc) {
      sc[c.id] = &c;
    } else if (c.kind == kSm) {
      sm[c.id] = &c;
    } else if (c.kind == kEm) {
      if (!sm.count(c.start_ref))
        Fail(c.line, "<em> pairing",
             "an <sm id=" + Q(c.start_ref) + "> before it in the unit's " + side,
             "an <em> without its <sm>");
    } else if (c.kind == kEc && !c.isolated) {
      auto it = sc.find(c.start_ref);
      if (it == sc.end())
        Fail(c.line, "<ec> pairing",
             "an <sc id=" + Q(c.start_ref) + "> before it in the unit's " + side +
                 " (or isolated='yes' with an id)",
             "an <ec> without its <sc>");
      const Code& s = *it->second;
      if (s.isolated)
        Fail(c.line, "isolated <sc>",
             "isolated='yes' only on an <sc> whose <ec> is not in the unit",
             "an <ec> for the isolated <sc id=" + Q(s.id) + ">");
      if (!closed.insert(c.start_ref).second)
        Fail(c.line, "<ec> pairing", "one <ec> per <sc>",
             "a second <ec startRef=" + Q(c.start_ref) + ">");
      std::string ec_reorder = s.can_reorder == "firstNo" ? "no" : s.can_reorder;
      const char* bad = c.can_copy != s.can_copy         ? "canCopy"
                        : c.can_delete != s.can_delete   ? "canDelete"
                        : c.can_overlap != s.can_overlap ? "canOverlap"
                        : c.can_reorder != ec_reorder    ? "canReorder"
                                                         : nullptr;
      if (bad)
        Fail(c.line, std::string(bad) + " of <ec>",
             "the same editing hints as its <sc> (canReorder='no' for an <sc> with 'firstNo')",
             "a different " + std::string(bad));
    }
  }
  for (const auto& [id, s] : sc)
    if (!s->isolated && !closed.count(id))
      Fail(s->line, "<sc> pairing",
           "an <ec startRef=" + Q(id) + "> in the unit's " + side + ", or isolated='yes'",
           "an <sc> without its <ec>");
}

void Validator::EndUnit(Frame& f) {
  CodeScope& scope = *f.codes;
  if (!unit_has_segment_) Fail(f.line, "content of <unit>", "at least one <segment>", "none");
  CheckPairing(scope, false);
  CheckPairing(scope, true);
  // copyOf: points to a code that may be copied.
  for (const Code& c : scope.codes) {
    if (c.copy_of.empty()) continue;
    const Code* base = nullptr;
    for (const Code& o : scope.codes)
      if (o.kind == c.kind && o.id == c.copy_of && o.copy_of.empty()) base = &o;
    if (!base)
      Fail(c.line, "copyOf", "the id of a code of the same kind in the unit", Q(c.copy_of));
    if (base->can_copy == "no")
      Fail(c.line, "copyOf", "a base code whose canCopy is not 'no'",
           "copyOf=" + Q(c.copy_of) + " on a code with canCopy='no'");
  }
  // canDelete='no': the code must be in a target of the unit when the part has one.
  auto has_target = [&](int part) {
    for (auto& [p, t] : part_has_target_)
      if (p == part) return t;
    return false;
  };
  for (const Code& c : scope.codes) {
    if (c.target || c.can_delete != "no" || c.kind == kMrk || c.kind == kSm || c.kind == kEm)
      continue;
    if (!has_target(c.part)) continue;
    bool found = false;
    for (const Code& t : scope.codes)
      if (t.target && t.kind == c.kind && t.id == c.id && t.start_ref == c.start_ref) found = true;
    if (!found)
      Fail(c.line, "canDelete='no'", "the code in the target (it may not be deleted)",
           "<" + std::string(SpecOf(c.kind).name) + " " +
               (c.start_ref.empty() ? "id=" + Q(c.id) : "startRef=" + Q(c.start_ref)) +
               "> missing from the targets");
  }
  // canReorder no/firstNo: same order and nesting in source and target of a part.
  for (int part = 0; part <= part_index_; ++part) {
    if (!has_target(part)) continue;
    auto seq = [&](bool target) {
      std::vector<std::string> out;
      for (const Code& c : scope.codes)
        if (c.target == target && c.part == part &&
            (c.can_reorder == "no" || c.can_reorder == "firstNo"))
          out.push_back(std::string(SpecOf(c.kind).name) + "|" + c.id + "|" + c.start_ref + "|" +
                        c.parent_pc);
      return out;
    };
    auto src = seq(false), trg = seq(true);
    if (src != trg) {
      int line = 0;
      for (const Code& c : scope.codes)
        if (c.target && c.part == part && line == 0) line = c.line;
      Fail(line ? line : f.line, "canReorder",
           "codes with canReorder 'no'/'firstNo' in the same order and nesting in the target",
           "a different sequence");
    }
  }
  // target order: unique, 1..number of parts.
  std::unordered_set<std::string> orders;
  for (auto& [order, line] : target_orders_) {
    long v = order.size() > 9 ? 1L << 40 : std::stol(order);
    if (v < 1 || v > part_count_)
      Fail(std::abs(line), "order of <target>",
           "a value from 1 to the number of segments and ignorables (" +
               std::to_string(part_count_) + ")",
           Q(order));
    if (!orders.insert(std::to_string(v)).second)
      Fail(std::abs(line), "order of <target>", "order values unique in the unit",
           "a second target at position " + Q(order));
  }
  for (const PendingRef& r : comment_refs_)
    if (!f.note_ids.count(r.ref))
      Fail(r.line, "comment annotation ref", "the id of a <note> of the unit", Q(r.ref));
  for (const Code& c : scope.codes)
    if (!c.id.empty()) f.all_ids.insert(c.id);
}

void Validator::EndScope(Frame& f) {
  for (const CtrPending& c : f.ctr) {
    if (!c.ref.empty()) {
      if (!f.all_ids.count(c.ref))
        Fail(c.line, "ref of <ctr:revisions>",
             "the id of an element in the enclosing " + std::string(SpecOf(f.kind).name), Q(c.ref));
    } else if (c.applies_to == "note" && f.note_ids.size() > 1) {
      Fail(c.line, "ref of <ctr:revisions>", "a ref naming the <note> when several notes have ids",
           "appliesTo='note' without ref");
    }
  }
}

void Validator::OnStart(const xml::XmlEvent& ev) {
  Frame* parent = stack_.empty() ? nullptr : &stack_.back();
  if (!parent) {
    if (ev.local_name != "xliff" || (ev.ns_uri != kCore20 && ev.ns_uri != kCore22))
      Fail(ev.line, "root element",
           "<xliff> in the XLIFF 2 namespace (" + std::string(kCore20) + " or " +
               std::string(kCore22) + ")",
           "<" + ev.qname + ">" + (ev.ns_uri.empty() ? "" : " in " + ev.ns_uri));
    core_ns_ = ev.ns_uri;
  }
  Kind kind = Classify(ev, parent);
  bool foreign = kind == kForeign;
  if (parent) {
    if (parent->kind == kSkeleton) parent->has_content = true;
    if (kind != kOpaque) {
      // 2.2 allows <notes> and <mda:metadata> before the files.
      if (parent->kind == kXliff && core_ns_ == kCore22 &&
          (kind == kNotes || kind == kMdaMetadata) && parent->slot_count == 0) {
      } else {
        AdvanceContent(*parent, kind, foreign, ev);
      }
    }
  }
  Frame f;
  f.kind = kind;
  f.line = ev.line;
  f.lang = parent ? parent->lang : "";
  f.space = parent ? parent->space : "default";
  if (const std::string* l = ev.Attr(xml::kXmlNamespace, "lang")) f.lang = *l;
  if (const std::string* s = ev.Attr(xml::kXmlNamespace, "space")) f.space = *s;
  if (kind == kForeign || kind == kOpaque) {
    // Extension elements: ids unique among those of the enclosing core element.
    if (!IsModuleNs(ev.ns_uri) && ev.ns_uri != core_ns_) {
      for (const xml::XmlAttribute& at : ev.attributes) {
        if (at.local_name != "id" || (!at.ns_uri.empty() && at.ns_uri != xml::kXmlNamespace))
          continue;
        if (Frame* scope = Nearest(K(kFile) | K(kGroup) | K(kUnit) | K(kXliff))) {
          if (!scope->ext_ids.insert(at.value).second)
            Fail(ev.line, "extension element id uniqueness",
                 "ids unique among the extension elements of the enclosing <" +
                     std::string(SpecOf(scope->kind).name) + ">",
                 "a second id=" + Q(at.value) + " on <" + ev.qname + ">");
        }
        // ids inside <slr:data>, for slr:sizeInfoRef.
        if (Frame* data = Nearest(K(kSlrData))) {
          size_t idx = data - stack_.data();
          if (idx > 0) stack_[idx - 1].slr_ids.insert(at.value);
        }
      }
    }
    for (const xml::XmlAttribute& at : ev.attributes)
      if (at.ns_uri == xml::kXmlNamespace && at.local_name == "lang" &&
          !IsWellFormedBcp47(at.value))
        Fail(ev.line, "xml:lang", "a well-formed BCP 47 language tag", Q(at.value));
    stack_.push_back(std::move(f));
    return;
  }
  CheckAttributes(kind, ev);
  stack_.push_back(std::move(f));
  StartElement(kind, ev, stack_.back());
}

void Validator::OnEnd(const xml::XmlEvent& ev) {
  Frame& f = stack_.back();
  if (f.kind != kForeign && f.kind != kOpaque) FinishContent(f, ev.line);
  switch (f.kind) {
    case kUnit:
      EndUnit(f);
      EndScope(f);
      break;
    case kGroup:
      EndScope(f);
      break;
    case kFile:
      EndScope(f);
      for (const PendingRef& r : subflow_refs_)
        if (!unit_ids_.count(r.ref))
          Fail(r.line, "subFlows", "the id of a <unit> of the same <file>", Q(r.ref));
      break;
    case kGlsEntry:
      if (!f.has_translation_or_definition)
        Fail(f.line, "<gls:glossEntry>", "a <gls:translation> or a <gls:definition>", "neither");
      break;
    default:
      break;
  }
  stack_.pop_back();
}

void Validator::OnText(const xml::XmlEvent& ev) {
  if (stack_.empty()) return;
  Frame& f = stack_.back();
  if (f.kind == kForeign || f.kind == kOpaque) return;
  if (f.kind == kSkeleton) {
    if (!IsWhitespace(ev.text)) f.has_content = true;
    return;
  }
  if (!SpecOf(f.kind).mixed && !SpecOf(f.kind).opaque_content && !IsWhitespace(ev.text))
    Fail(ev.line, "content of <" + std::string(SpecOf(f.kind).name) + ">",
         "elements only (no text)", Q(ev.text));
}

void Validator::Run() {
  xml::XmlEvent ev;
  while (parser_.Next(&ev)) {
    switch (ev.type) {
      case xml::XmlEventType::kStartElement:
        OnStart(ev);
        if (stack_.back().kind == kSkeleton)
          stack_.back().attrs["href"] = ev.Attr("href") ? "1" : "";
        break;
      case xml::XmlEventType::kEndElement: {
        Frame& f = stack_.back();
        if (f.kind == kSkeleton) {
          bool href = !f.attrs["href"].empty();
          if (href == f.has_content)
            Fail(f.line, "<skeleton>", "either an href or content, not both and not neither",
                 href ? "both" : "neither");
        }
        OnEnd(ev);
        break;
      }
      case xml::XmlEventType::kText:
        OnText(ev);
        break;
      default:
        break;
    }
  }
}

}  // namespace

bool IsWellFormedBcp47(const std::string& tag_in) {
  static const std::unordered_set<std::string> kGrandfathered = {
      "en-gb-oed", "i-ami",     "i-bnn",     "i-default",  "i-enochian",  "i-hak",  "i-klingon",
      "i-lux",     "i-mingo",   "i-navajo",  "i-pwn",      "i-tao",       "i-tay",  "i-tsu",
      "sgn-be-fr", "sgn-be-nl", "sgn-ch-de", "art-lojban", "cel-gaulish", "no-bok", "no-nyn",
      "zh-guoyu",  "zh-hakka",  "zh-min",    "zh-min-nan", "zh-xiang"};
  std::string tag = Lower(tag_in);
  if (kGrandfathered.count(tag)) return true;
  std::vector<std::string> sub = Split(tag, '-');
  for (const std::string& s : sub)
    if (s.empty() || s.size() > 8 || !std::all_of(s.begin(), s.end(), IsAlnum)) return false;
  auto all_alpha = [](const std::string& s) { return std::all_of(s.begin(), s.end(), IsAlpha); };
  auto all_digit = [](const std::string& s) { return std::all_of(s.begin(), s.end(), IsDigit); };
  size_t i = 0;
  auto private_use = [&](size_t at) {  // "x" 1*("-" 1*8alphanum)
    return sub.size() > at + 1;
  };
  if (sub[0] == "x") return private_use(0);
  // language
  if (!all_alpha(sub[0]) || sub[0].size() < 2) return false;
  bool short_lang = sub[0].size() <= 3;
  i = 1;
  if (short_lang) {  // extlang: up to 3 x 3ALPHA
    int ext = 0;
    while (i < sub.size() && ext < 3 && sub[i].size() == 3 && all_alpha(sub[i])) {
      ++i;
      ++ext;
    }
  }
  if (i < sub.size() && sub[i].size() == 4 && all_alpha(sub[i])) ++i;  // script
  if (i < sub.size() &&
      ((sub[i].size() == 2 && all_alpha(sub[i])) || (sub[i].size() == 3 && all_digit(sub[i]))))
    ++i;  // region
  while (i < sub.size() && ((sub[i].size() >= 5) || (sub[i].size() == 4 && IsDigit(sub[i][0]))))
    ++i;                                                           // variants
  while (i < sub.size() && sub[i].size() == 1 && sub[i] != "x") {  // extensions
    ++i;
    size_t n = 0;
    while (i < sub.size() && sub[i].size() >= 2) {
      ++i;
      ++n;
    }
    if (n == 0) return false;
  }
  if (i < sub.size() && sub[i] == "x") return private_use(i);
  return i == sub.size();
}

Status ValidateXliff2Text(const std::string& text, const std::string& name) {
  try {
    Validator v(std::make_unique<xml::MemorySource>(text), name);
    v.Run();
  } catch (const Violation& e) {
    return InvalidInput(name + ":" + std::to_string(e.line) + ": " + e.message);
  } catch (const xml::XmlError& e) {
    return InvalidInput(e.what());
  }
  return {};
}

Status ValidateXliff2(const std::string& path) {
  std::unique_ptr<xml::FileSource> source;
  try {
    source = std::make_unique<xml::FileSource>(path);
  } catch (const xml::XmlError& e) {
    return IOError(e.what());
  }
  try {
    Validator v(std::move(source), path);
    v.Run();
  } catch (const Violation& e) {
    return InvalidInput(path + ":" + std::to_string(e.line) + ": " + e.message);
  } catch (const xml::XmlError& e) {
    return InvalidInput(e.what());
  }
  return {};
}

}  // namespace tmkit::internal
