#include "xliff12_inline.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "tmkit/core/text.h"
#include "xml_writer.h"

namespace tmkit::xliff12 {
namespace {

// Value lists of xliff-core-1.2-strict.xsd.
constexpr std::string_view kStates[] = {"final",
                                        "needs-adaptation",
                                        "needs-l10n",
                                        "needs-review-adaptation",
                                        "needs-review-l10n",
                                        "needs-review-translation",
                                        "needs-translation",
                                        "new",
                                        "signed-off",
                                        "translated"};
constexpr std::string_view kStateQualifiers[] = {
    "exact-match",          "fuzzy-match",         "id-match",
    "leveraged-glossary",   "leveraged-inherited", "leveraged-mt",
    "leveraged-repository", "leveraged-tm",        "mt-suggestion",
    "rejected-grammar",     "rejected-inaccurate", "rejected-length",
    "rejected-spelling",    "tm-suggestion"};
constexpr std::string_view kDelimiters[] = {"bold", "italic", "underlined", "link"};
constexpr std::string_view kPlaceholders[] = {"image", "pb", "lb"};
constexpr std::string_view kMtypes[] = {"abbrev",
                                        "abbreviated-form",
                                        "abbreviation",
                                        "acronym",
                                        "appellation",
                                        "collocation",
                                        "common-name",
                                        "datetime",
                                        "equation",
                                        "expanded-form",
                                        "formula",
                                        "head-term",
                                        "initialism",
                                        "international-scientific-term",
                                        "internationalism",
                                        "logical-expression",
                                        "materials-management-unit",
                                        "name",
                                        "near-synonym",
                                        "part-number",
                                        "phrase",
                                        "phraseological-unit",
                                        "protected",
                                        "romanized-form",
                                        "seg",
                                        "set-phrase",
                                        "short-form",
                                        "sku",
                                        "standard-text",
                                        "symbol",
                                        "synonym",
                                        "synonymous-phrase",
                                        "term",
                                        "transcribed-form",
                                        "transliterated-form",
                                        "truncated-term",
                                        "variant"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

bool HasSpace(std::string_view s) {
  return s.empty() || s.find_first_of(" \t\r\n") != std::string_view::npos;
}

// Attributes kept from InlineCode::attrs, per element, as 1.2 strict declares them.
bool Allowed(std::string_view element, std::string_view name) {
  if (name == "xid" || name == "equiv-text") return element != "mrk";
  if (name == "clone") return element == "g" || element == "x" || element == "bx";
  if (name == "crc")
    return element == "ph" || element == "bpt" || element == "ept" || element == "it";
  if (name == "assoc") return element == "ph";
  if (name == "comment") return element == "mrk";
  return false;
}

void AppendAttrs(std::string_view element, const InlineCode& code, std::string* out) {
  for (const Attribute& a : code.attrs) {
    if (Allowed(element, a.name)) AppendAttr(a.name, a.value, out);
  }
}

// Which g/mrk codes close which: match[i] is the partner of code i, or -1
// when it has none (it is then written as bx/ex, or dropped for mrk).
std::vector<int> MatchContainers(const Segment& segment) {
  std::vector<int> match(segment.codes.size(), -1);
  std::vector<size_t> open;
  for (size_t i = 0; i < segment.codes.size(); ++i) {
    const InlineCode& c = segment.codes[i];
    if (c.element != "g" && c.element != "mrk") continue;
    if (c.kind == CodeKind::kOpen) {
      open.push_back(i);
    } else if (c.kind == CodeKind::kClose && !open.empty() &&
               segment.codes[open.back()].element == c.element) {
      match[i] = static_cast<int>(open.back());
      match[open.back()] = static_cast<int>(i);
      open.pop_back();
    }
  }
  return match;
}

class SegmentWriter {
 public:
  SegmentWriter(std::string* out, std::string_view prefix) : out_(out), prefix_(prefix) {}

  void Write(const Segment& segment) {
    const std::string& text = segment.text;
    std::vector<int> match = MatchContainers(segment);
    size_t pos = 0;
    for (size_t i = 0; i < segment.codes.size(); ++i) {
      const InlineCode& c = segment.codes[i];
      size_t at = std::clamp<size_t>(c.offset, pos, text.size());
      xml::AppendEscapedText(std::string_view(text).substr(pos, at - pos), out_);
      pos = at;
      WriteCode(c, match[i] >= 0);
    }
    xml::AppendEscapedText(std::string_view(text).substr(pos), out_);
  }

 private:
  std::string NewId() { return "tk" + std::to_string(++next_id_); }

  // id and rid of a paired code: the pairing id is rid when the element's
  // own id was kept in attrs (see the parser).
  void PairIds(const InlineCode& c) {
    std::string pair = c.id;
    if (pair.empty()) {
      if (c.kind == CodeKind::kOpen || c.kind == CodeKind::kIsolatedOpen) {
        pair = NewId();
        open_.push_back(pair);
      } else if (!open_.empty()) {
        pair = open_.back();
        open_.pop_back();
      } else {
        pair = NewId();
      }
    }
    auto own = std::find_if(c.attrs.begin(), c.attrs.end(),
                            [](const Attribute& a) { return a.name == "id"; });
    if (own != c.attrs.end()) {
      AppendAttr("id", own->value, out_);
      if (!HasSpace(pair)) AppendAttr("rid", pair, out_);
    } else {
      AppendAttr("id", pair, out_);
    }
  }

  void WriteCtype(const InlineCode& c, std::string_view list) {
    if (!c.type.empty()) AppendAttr("ctype", SchemaValue(list, c.type), out_);
  }

  void WriteData(const InlineCode& c) {
    for (const CodePart& part : c.data) {
      if (part.sub.empty()) {
        xml::AppendEscapedText(part.text, out_);
        continue;
      }
      Open("sub");
      for (const Attribute& a : part.sub_attrs) {
        if (a.name == "xid") AppendAttr("xid", a.value, out_);
        if (a.name == "ctype") AppendAttr("ctype", SchemaValue("delimiter", a.value), out_);
      }
      *out_ += '>';
      SegmentWriter(out_, prefix_).Write(part.sub.front());
      Close("sub");
    }
  }

  // An element with native code: <bpt>, <ept>, <it>, <ph>.
  void WriteNative(const InlineCode& c, std::string_view element) {
    Open(element);
    PairIds(c);
    if (element == "it") {
      AppendAttr("pos", c.kind == CodeKind::kIsolatedOpen ? "open" : "close", out_);
    }
    if (element != "ept") WriteCtype(c, element == "ph" ? "placeholder" : "delimiter");
    AppendAttrs(element, c, out_);
    *out_ += '>';
    WriteData(c);
    Close(element);
  }

  // An empty element: <x/>, <bx/>, <ex/>.
  void WriteEmpty(const InlineCode& c, std::string_view element) {
    Open(element);
    PairIds(c);
    if (element != "ex") WriteCtype(c, element == "x" ? "placeholder" : "delimiter");
    AppendAttrs(element, c, out_);
    *out_ += "/>";
  }

  void WriteContainerOpen(const InlineCode& c) {
    if (c.element == "mrk") {
      Open("mrk");
      AppendAttr("mtype", SchemaValue("mtype", c.type.empty() ? "x-unknown" : c.type), out_);
      if (!HasSpace(c.id)) AppendAttr("mid", c.id, out_);
      AppendAttrs("mrk", c, out_);
      *out_ += '>';
      return;
    }
    Open("g");
    AppendAttr("id", c.id.empty() ? NewId() : c.id, out_);
    WriteCtype(c, "delimiter");
    AppendAttrs("g", c, out_);
    *out_ += '>';
  }

  void WriteCode(const InlineCode& c, bool matched) {
    if (matched) {
      if (c.kind == CodeKind::kOpen) {
        WriteContainerOpen(c);
      } else {
        Close(c.element == "mrk" ? "mrk" : "g");
      }
      return;
    }
    if (c.element == "mrk") return;  // a lone annotation boundary: nothing to keep
    const bool native = !c.data.empty();
    switch (c.kind) {
      case CodeKind::kOpen:
        if (native || c.element == "bpt") {
          WriteNative(c, "bpt");
        } else {
          WriteEmpty(c, "bx");
        }
        break;
      case CodeKind::kClose:
        if (native || c.element == "ept") {
          WriteNative(c, "ept");
        } else {
          WriteEmpty(c, "ex");
        }
        break;
      case CodeKind::kIsolatedOpen:
      case CodeKind::kIsolatedClose:
        WriteNative(c, "it");
        break;
      case CodeKind::kPlaceholder:
        if (native || c.element == "ph") {
          WriteNative(c, "ph");
        } else {
          WriteEmpty(c, "x");
        }
        break;
    }
  }

  void Open(std::string_view element) {
    *out_ += '<';
    *out_ += prefix_;
    *out_ += element;
  }
  void Close(std::string_view element) {
    *out_ += "</";
    *out_ += prefix_;
    *out_ += element;
    *out_ += '>';
  }

  std::string* out_;
  std::string_view prefix_;
  int next_id_ = 0;
  std::vector<std::string> open_;
};

Status CheckSegment(const Segment& segment, std::string_view where) {
  if (Status s = CheckText(segment.text, where); !s) return s;
  for (const InlineCode& c : segment.codes) {
    std::string code = "a <" + c.element + "> in " + std::string(where);
    if (Status s = CheckText(c.id, "the id of " + code); !s) return s;
    if (Status s = CheckText(c.type, "the type of " + code); !s) return s;
    for (const Attribute& a : c.attrs) {
      if (Status s = CheckText(a.value, "attribute " + a.name + " of " + code); !s) return s;
    }
    for (const CodePart& part : c.data) {
      if (part.sub.empty()) {
        if (Status s = CheckText(part.text, "the native code of " + code); !s) return s;
        continue;
      }
      for (const Attribute& a : part.sub_attrs) {
        if (Status s = CheckText(a.value, "attribute " + a.name + " of a <sub>"); !s) return s;
      }
      if (Status s = CheckSegment(part.sub.front(), "a <sub> of " + code); !s) return s;
    }
  }
  return {};
}

}  // namespace

void AppendAttr(std::string_view name, std::string_view value, std::string* out) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  xml::AppendEscapedAttr(value, out);
  *out += '"';
}

std::string SchemaValue(std::string_view kind, std::string_view value) {
  bool ok = value.starts_with("x-") && value.size() > 2 && !HasSpace(value);
  if (kind == "state") ok = ok || In(kStates, value);
  if (kind == "state-qualifier") ok = ok || In(kStateQualifiers, value);
  if (kind == "mtype") ok = ok || In(kMtypes, value);
  if (kind == "delimiter") ok = ok || In(kDelimiters, value);
  if (kind == "placeholder") ok = ok || In(kPlaceholders, value);
  if (ok) return std::string(value);
  std::string x = "x-" + std::string(value);
  std::replace_if(
      x.begin(), x.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; },
      '-');
  return x;
}

Status CheckText(std::string_view text, std::string_view where) {
  if (!IsValidUtf8(text)) return InvalidInput(std::string(where) + " is not valid UTF-8");
  int32_t c = xml::FirstForbiddenChar(text);
  if (c < 0) return {};
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  return InvalidInput(std::string(where) + " holds " + hex +
                      ", a character XML 1.0 cannot carry; remove it and export again");
}

Status AppendSegment(const Segment& segment, std::string* out, std::string_view prefix) {
  if (Status s = CheckSegment(segment, "the segment"); !s) return s;
  SegmentWriter(out, prefix).Write(segment);
  return {};
}

}  // namespace tmkit::xliff12
