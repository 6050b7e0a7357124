#include "xliff2_inline.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <vector>

#include "tmkit/core/text.h"
#include "xml_writer.h"

namespace tmkit::internal {
namespace {

constexpr std::string_view kCodeTypes[] = {"fmt", "ui", "quote", "link", "image", "other"};
constexpr std::string_view kMrkTypes[] = {"generic", "comment", "term"};
constexpr std::string_view kPhAttrs[] = {"canCopy", "canDelete", "canReorder",
                                         "disp",    "equiv",     "subType"};
constexpr std::string_view kPcAttrs[] = {"canCopy",  "canDelete", "canOverlap", "canReorder",
                                         "dispEnd",  "dispStart", "equivEnd",   "equivStart",
                                         "dir",      "subType"};
constexpr std::string_view kScAttrs[] = {"canCopy", "canDelete", "canOverlap", "canReorder",
                                         "dir",     "disp",      "equiv",      "subType"};
constexpr std::string_view kCanAttrs[] = {"canCopy", "canDelete", "canOverlap", "canReorder"};
// ref is not written: it points into the unit (notes, other segments) or outside.
constexpr std::string_view kMrkAttrs[] = {"translate", "value"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

bool IsAnnotation(const std::string& element) {
  return element == "mrk" || element == "sm" || element == "em";
}

void Attr(std::string* out, std::string_view name, std::string_view value) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  xml::AppendEscapedAttr(value, out);
  *out += '"';
}

// Writes the attributes of `attrs` allowed on the element being written.
template <size_t N>
void Attrs(std::string* out, const std::vector<Attribute>& attrs,
           const std::string_view (&allowed)[N], bool type_written,
           const Xliff2InlineOptions& options) {
  for (const Attribute& a : attrs) {
    if (a.name == "subType" && !type_written) continue;  // subType requires type
    // slr:sizeInfoRef points into an <slr:data> export does not write.
    bool module = options.module_attrs &&
                  (a.name.starts_with("fs:") || a.name.starts_with("slr:")) &&
                  a.name != "slr:sizeInfoRef";
    if (In(allowed, a.name) || module) Attr(out, a.name, a.value);
  }
}

struct Pairing {
  std::vector<int> partner;   // index of the other half, -1 when unpaired
  std::vector<bool> spanned;  // written as sc/ec (sm/em), not pc (mrk)
};

Pairing Pair(const std::vector<InlineCode>& codes) {
  Pairing p{std::vector<int>(codes.size(), -1), std::vector<bool>(codes.size(), false)};
  std::vector<int> stack;
  for (size_t i = 0; i < codes.size(); ++i) {
    const InlineCode& c = codes[i];
    if (c.kind == CodeKind::kOpen) {
      stack.push_back(static_cast<int>(i));
    } else if (c.kind == CodeKind::kClose) {
      int at = -1;
      for (int k = static_cast<int>(stack.size()) - 1; k >= 0; --k) {
        const InlineCode& o = codes[stack[k]];
        if (IsAnnotation(o.element) == IsAnnotation(c.element) &&
            (o.id == c.id || o.id.empty() || c.id.empty())) {
          at = k;
          break;
        }
      }
      if (at < 0) continue;
      int open = stack[at];
      p.partner[open] = static_cast<int>(i);
      p.partner[i] = open;
      if (at != static_cast<int>(stack.size()) - 1) {
        // Overlapping: this pair and the ones still open above it cross.
        for (size_t k = at; k < stack.size(); ++k) p.spanned[stack[k]] = true;
      }
      stack.erase(stack.begin() + at);
    }
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    const InlineCode& c = codes[i];
    if (c.kind == CodeKind::kOpen && (c.element == "sc" || c.element == "sm")) p.spanned[i] = true;
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    if (p.partner[i] >= 0 && codes[i].kind == CodeKind::kClose) p.spanned[i] = p.spanned[p.partner[i]];
  }
  return p;
}

}  // namespace

bool IsNmtoken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c >= 0x80) continue;
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':')) return false;
  }
  return true;
}

std::string CodeDataText(const InlineCode& code) {
  std::string text;
  for (const CodePart& part : code.data) {
    if (part.sub.empty()) {
      text += part.text;
    } else {
      text += part.sub.front().text;
    }
  }
  return text;
}

void AppendXliff2Text(std::string_view text, const std::string& prefix, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = p[i];
    uint32_t cp = 0;
    if (c < 0x20 && c != '\t' && c != '\n') {
      cp = c;
    } else if (c == 0xEF && i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
      cp = p[i + 2] == 0xBE ? 0xFFFE : 0xFFFF;
      i += 2;
    } else if (c == '&') {
      *out += "&amp;";
      continue;
    } else if (c == '<') {
      *out += "&lt;";
      continue;
    } else if (c == '>') {
      *out += "&gt;";
      continue;
    } else {
      *out += static_cast<char>(c);
      continue;
    }
    if (cp == '\r') {
      *out += "&#xD;";
      continue;
    }
    char hex[48];
    std::snprintf(hex, sizeof hex, "cp hex=\"%04X\"/>", static_cast<unsigned>(cp));
    *out += '<';
    *out += prefix;
    *out += hex;
  }
}

Status AppendXliff2Content(const Segment& segment, const Xliff2DataSink& sink,
                           const Xliff2InlineOptions& options, std::string* out) {
  if (!IsValidUtf8(segment.text)) return InvalidInput("the segment text is not valid UTF-8");
  for (const InlineCode& c : segment.codes) {
    if (!IsValidUtf8(CodeDataText(c))) return InvalidInput("the native code of a <" + c.element +
                                                           "> is not valid UTF-8");
    for (const Attribute& a : c.attrs) {
      if (!IsValidUtf8(a.value)) return InvalidInput("attribute " + a.name + " is not valid UTF-8");
    }
  }
  const std::string& pre = options.prefix;
  const std::vector<InlineCode>& codes = segment.codes;
  Pairing pairing = Pair(codes);
  // Ids: unique among the elements written; a pair shares its open's id.
  std::set<std::string> used;
  std::vector<std::string> ids(codes.size());
  int next = 1;
  auto fresh = [&] {
    std::string id;
    do id = "tk" + std::to_string(next++);
    while (used.count(id));
    return id;
  };
  for (size_t i = 0; i < codes.size(); ++i) {
    const InlineCode& c = codes[i];
    if (c.kind == CodeKind::kClose && pairing.partner[i] >= 0) continue;
    if (c.element == "cp") continue;
    std::string id = c.id;
    if (!IsNmtoken(id) || used.count(id)) id = "";
    if (!id.empty()) used.insert(id);
    ids[i] = id;
  }
  for (size_t i = 0; i < codes.size(); ++i) {
    const InlineCode& c = codes[i];
    if (c.element == "cp") continue;
    if (c.kind == CodeKind::kClose && pairing.partner[i] >= 0) {
      ids[i] = ids[pairing.partner[i]];
    } else if (ids[i].empty()) {
      ids[i] = fresh();
      used.insert(ids[i]);
    }
  }
  std::string body;
  size_t pos = 0;
  const std::string& text = segment.text;
  auto flush = [&](size_t upto) {
    upto = std::min(upto, text.size());
    if (upto > pos) {
      AppendXliff2Text(std::string_view(text).substr(pos, upto - pos), pre, &body);
      pos = upto;
    }
  };
  auto type_attr = [&](const InlineCode& c, bool annotation) {
    bool ok = annotation ? (In(kMrkTypes, c.type) || (c.type.find(':') != std::string::npos &&
                                                        IsNmtoken(c.type)))
                         : In(kCodeTypes, c.type);
    // A comment needs a value (its ref pointed to a <note> that is not written).
    if (annotation && c.type == "comment") {
      ok = std::any_of(c.attrs.begin(), c.attrs.end(),
                       [](const Attribute& a) { return a.name == "value"; });
    }
    if (ok) Attr(&body, "type", c.type);
    return ok;
  };
  auto data_ref = [&](const InlineCode& c, const char* name) {
    std::string data = CodeDataText(c);
    if (data.empty() || !sink) return;
    std::string id = sink(data);
    if (!id.empty()) Attr(&body, name, id);
  };
  auto write_sc = [&](size_t i, bool isolated) {
    const InlineCode& c = codes[i];
    body += "<" + pre + "sc";
    Attr(&body, "id", ids[i]);
    if (isolated) Attr(&body, "isolated", "yes");
    bool typed = type_attr(c, false);
    Attrs(&body, c.attrs, kScAttrs, typed, options);
    data_ref(c, "dataRef");
    body += "/>";
  };
  auto write_isolated_ec = [&](size_t i) {
    const InlineCode& c = codes[i];
    body += "<" + pre + "ec";
    Attr(&body, "id", ids[i]);
    Attr(&body, "isolated", "yes");
    bool typed = type_attr(c, false);
    Attrs(&body, c.attrs, kScAttrs, typed, options);
    data_ref(c, "dataRef");
    body += "/>";
  };
  for (size_t i = 0; i < codes.size(); ++i) {
    const InlineCode& c = codes[i];
    flush(c.offset);
    bool annotation = IsAnnotation(c.element);
    int partner = pairing.partner[i];
    if (c.element == "cp") {
      body += "<" + pre + "cp";
      for (const Attribute& a : c.attrs) {
        if (a.name == "hex") Attr(&body, "hex", a.value);
      }
      body += "/>";
      continue;
    }
    if (c.kind == CodeKind::kPlaceholder) {
      body += "<" + pre + "ph";
      Attr(&body, "id", ids[i]);
      bool typed = type_attr(c, false);
      Attrs(&body, c.attrs, kPhAttrs, typed, options);
      data_ref(c, "dataRef");
      body += "/>";
      continue;
    }
    bool opening = c.kind == CodeKind::kOpen || c.kind == CodeKind::kIsolatedOpen;
    bool paired = partner >= 0 && (c.kind == CodeKind::kOpen || c.kind == CodeKind::kClose);
    if (!paired) {
      // An isolated half. Annotations cannot be isolated: an unpaired one is dropped.
      if (annotation) continue;
      if (opening) {
        write_sc(i, true);
      } else {
        write_isolated_ec(i);
      }
      continue;
    }
    if (!pairing.spanned[i]) {
      if (!opening) {
        body += annotation ? "</" + pre + "mrk>" : "</" + pre + "pc>";
        continue;
      }
      const char* el = annotation ? "mrk" : "pc";
      body += "<" + pre + el;
      Attr(&body, "id", ids[i]);
      bool typed = type_attr(c, annotation);
      if (annotation) {
        Attrs(&body, c.attrs, kMrkAttrs, typed, options);
      } else {
        Attrs(&body, c.attrs, kPcAttrs, typed, options);
        data_ref(c, "dataRefStart");
        data_ref(codes[partner], "dataRefEnd");
      }
      body += ">";
      continue;
    }
    if (annotation) {
      if (opening) {
        body += "<" + pre + "sm";
        Attr(&body, "id", ids[i]);
        bool typed = type_attr(c, true);
        Attrs(&body, c.attrs, kMrkAttrs, typed, options);
      } else {
        body += "<" + pre + "em";
        Attr(&body, "startRef", ids[i]);
      }
      body += "/>";
      continue;
    }
    if (opening) {
      write_sc(i, false);
      continue;
    }
    const InlineCode& open = codes[partner];
    body += "<" + pre + "ec";
    Attr(&body, "startRef", ids[i]);
    bool typed = type_attr(c.element == "ec" ? c : open, false);
    if (c.element == "ec") {
      Attrs(&body, c.attrs, kScAttrs, typed, options);
    } else {
      Attrs(&body, open.attrs, kCanAttrs, false, options);  // must agree with the sc
    }
    data_ref(c, "dataRef");
    body += "/>";
  }
  flush(text.size());
  *out += body;
  return {};
}

}  // namespace tmkit::internal
