#include "tmx_writer.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "tmkit/core/date.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "tmx_format.h"

namespace tmkit {
namespace {

using xml::AppendEscapedAttr;
using xml::AppendEscapedText;

void Attr(std::string* out, std::string_view name, std::string_view value) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  AppendEscapedAttr(value, out);
  *out += '"';
}

template <size_t N>
void AllowedAttrs(std::string* out, const std::vector<Attribute>& attrs,
                  const std::string_view (&allowed)[N]) {
  for (const Attribute& a : attrs) {
    if (std::find(std::begin(allowed), std::end(allowed), a.name) != std::end(allowed)) {
      Attr(out, a.name, a.value);
    }
  }
}

void ProvenanceAttrs(std::string* out, const Provenance& p) {
  if (p.creation_date != kNoDate) Attr(out, "creationdate", FormatTmxDate(p.creation_date));
  if (!p.creation_id.empty()) Attr(out, "creationid", p.creation_id);
  if (p.change_date != kNoDate) Attr(out, "changedate", FormatTmxDate(p.change_date));
  if (!p.change_id.empty()) Attr(out, "changeid", p.change_id);
}

void WriteNotesAndProps(std::string* out, const std::vector<Note>& notes,
                        const std::vector<Prop>& props, const char* indent) {
  for (const Note& n : notes) {
    *out += indent;
    *out += "<note";
    if (!n.lang.empty()) Attr(out, "xml:lang", n.lang);
    if (!n.encoding.empty()) Attr(out, "o-encoding", n.encoding);
    *out += '>';
    AppendEscapedText(n.text, out);
    *out += "</note>\n";
  }
  for (const Prop& p : props) {
    *out += indent;
    *out += "<prop";
    Attr(out, "type", p.type.empty() ? "x-untyped" : p.type);
    if (!p.lang.empty()) Attr(out, "xml:lang", p.lang);
    if (!p.encoding.empty()) Attr(out, "o-encoding", p.encoding);
    *out += '>';
    AppendEscapedText(p.text, out);
    *out += "</prop>\n";
  }
}

// kInvalidInput if `text` cannot be written as XML 1.0 character data: not
// UTF-8, or a C0 control other than tab/LF/CR, or U+FFFE/U+FFFF. The message
// names `where` and shows the text before the character (never the character).
Status CheckChars(std::string_view text, std::string_view where) {
  if (!IsValidUtf8(text)) {
    return InvalidInput(std::string(where) + " is not valid UTF-8");
  }
  int32_t c = xml::FirstForbiddenChar(text);
  if (c < 0) return {};
  size_t at = 0;
  if (c < 0x20) {
    at = text.find(static_cast<char>(c));
  } else {
    at = text.find(c == 0xFFFE ? "\xEF\xBF\xBE" : "\xEF\xBF\xBF");
  }
  size_t from = at > 24 ? at - 24 : 0;
  while (from < at && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  std::string before(text.substr(from, at - from));
  for (char& ch : before) {
    if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  return InvalidInput(std::string(where) + " holds " + hex +
                      (c < 0x20 ? " (a control character" : " (a non-character") +
                      " XML 1.0 cannot carry)" +
                      (at == 0 ? std::string(" at its start")
                               : " after '" + std::string(from > 0 ? "..." : "") + before + "'") +
                      "; remove it from the unit and export again");
}

// True if `text` is well-formed UTF-8 holding only characters XML 1.0 can
// carry: one pass (export runs it over every string it writes).
bool Writable(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  auto cont = [&](size_t at) { return at < n && (p[at] & 0xC0) == 0x80; };
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      ++i;
    } else if (c < 0xC2) {
      return false;  // a continuation byte or an overlong lead
    } else if (c < 0xE0) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (c < 0xF0) {
      if (!cont(i + 1) || !cont(i + 2)) return false;
      if (c == 0xE0 && p[i + 1] < 0xA0) return false;                       // overlong
      if (c == 0xED && p[i + 1] >= 0xA0) return false;                      // surrogate
      if (c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE) return false;  // U+FFFE/U+FFFF
      i += 3;
    } else if (c < 0xF5) {
      if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return false;
      if (c == 0xF0 && p[i + 1] < 0x90) return false;   // overlong
      if (c == 0xF4 && p[i + 1] >= 0x90) return false;  // above U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

// CheckChars, with the description of the place built only when it fails.
template <typename Where>
Status Check(std::string_view text, Where&& where) {
  if (Writable(text)) return {};
  return CheckChars(text, where());
}

template <size_t N>
Status CheckAllowedAttrs(const std::vector<Attribute>& attrs, const std::string_view (&allowed)[N],
                         std::string_view element) {
  for (const Attribute& a : attrs) {
    if (std::find(std::begin(allowed), std::end(allowed), a.name) == std::end(allowed)) continue;
    if (Status s =
            Check(a.value, [&] { return "attribute " + a.name + " of " + std::string(element); });
        !s) {
      return s;
    }
  }
  return {};
}

Status CheckProvenance(const Provenance& p, std::string_view element) {
  if (Status s = Check(p.creation_id, [&] { return "creationid of " + std::string(element); });
      !s) {
    return s;
  }
  return Check(p.change_id, [&] { return "changeid of " + std::string(element); });
}

Status CheckNotesAndProps(const std::vector<Note>& notes, const std::vector<Prop>& props,
                          std::string_view element) {
  for (const Note& n : notes) {
    auto where = [&] { return "a <note> of " + std::string(element); };
    if (Status s = Check(n.text, where); !s) return s;
    if (Status s = Check(n.lang, [&] { return where() + " (xml:lang)"; }); !s) return s;
    if (Status s = Check(n.encoding, [&] { return where() + " (o-encoding)"; }); !s) return s;
  }
  for (const Prop& p : props) {
    if (Status s = Check(p.type, [&] { return "the type of a <prop> of " + std::string(element); });
        !s) {
      return s;
    }
    auto where = [&] { return "<prop type=\"" + p.type + "\"> of " + std::string(element); };
    if (Status s = Check(p.text, where); !s) return s;
    if (Status s = Check(p.lang, [&] { return where() + " (xml:lang)"; }); !s) return s;
    if (Status s = Check(p.encoding, [&] { return where() + " (o-encoding)"; }); !s) return s;
  }
  return {};
}

// `where` names the segment ("the fr <seg>"); called only on failure.
template <typename Where>
Status CheckSegment(const Segment& segment, const Where& where) {
  if (Status s = Check(segment.text, where); !s) return s;
  for (const InlineCode& c : segment.codes) {
    auto code = [&] { return "a <" + c.element + "> in " + where(); };
    if (Status s = Check(c.id, [&] { return "the i of " + code(); }); !s) return s;
    if (Status s = Check(c.x, [&] { return "the x of " + code(); }); !s) return s;
    if (Status s = Check(c.type, [&] { return "the type of " + code(); }); !s) return s;
    if (c.kind == CodeKind::kPlaceholder && c.element != "ut") {
      for (const Attribute& a : c.attrs) {
        if (std::find(std::begin(tmx::kPhAttrs), std::end(tmx::kPhAttrs), a.name) ==
            std::end(tmx::kPhAttrs)) {
          continue;
        }
        if (Status s = Check(a.value, [&] { return "attribute " + a.name + " of " + code(); });
            !s) {
          return s;
        }
      }
    }
    for (const CodePart& part : c.data) {
      if (part.sub.empty()) {
        if (Status s = Check(part.text, [&] { return "the native code of " + code(); }); !s) {
          return s;
        }
        continue;
      }
      auto sub = [&] { return "a <sub> of " + code(); };
      for (const Attribute& a : part.sub_attrs) {
        if (Status s = Check(a.value, [&] { return "attribute " + a.name + " of " + sub(); }); !s) {
          return s;
        }
      }
      if (Status s = CheckSegment(part.sub.front(), std::function<std::string()>(sub)); !s) {
        return s;
      }
    }
  }
  return {};
}

// Everything of `unit` the writer puts in the file, checked before a byte is written.
Status CheckUnit(const TranslationUnit& unit) {
  if (Status s = Check(unit.tuid, [] { return std::string("the tuid"); }); !s) return s;
  if (Status s = Check(unit.source_lang, [] { return std::string("the srclang"); }); !s) return s;
  if (Status s = CheckAllowedAttrs(unit.attrs, tmx::kTuAttrs, "<tu>"); !s) return s;
  if (Status s = CheckProvenance(unit.provenance, "<tu>"); !s) return s;
  if (Status s = CheckNotesAndProps(unit.notes, unit.props, "<tu>"); !s) return s;
  for (const Variant& v : unit.variants) {
    if (Status s = Check(v.lang, [] { return std::string("the xml:lang of a <tuv>"); }); !s) {
      return s;
    }
    if (!v.attrs.empty() || !v.notes.empty() || !v.props.empty() ||
        !v.provenance.creation_id.empty() || !v.provenance.change_id.empty()) {
      std::string tuv = "the " + v.lang + " <tuv>";
      if (Status s = CheckAllowedAttrs(v.attrs, tmx::kTuvAttrs, tuv); !s) return s;
      if (Status s = CheckProvenance(v.provenance, tuv); !s) return s;
      if (Status s = CheckNotesAndProps(v.notes, v.props, tuv); !s) return s;
    }
    if (Status s = CheckSegment(v.segment, [&] { return "the " + v.lang + " <seg>"; }); !s) {
      return s;
    }
  }
  return {};
}

// "unit 12 (tuid 'a7')", or less when the unit has no id or tuid.
std::string UnitName(const TranslationUnit& unit) {
  std::string name = unit.id ? "unit " + std::to_string(unit.id) : "a unit";
  if (!unit.tuid.empty() && unit.tuid.size() <= 60 && Writable(unit.tuid)) {
    name += " (tuid '" + unit.tuid + "')";
  }
  return name;
}

void WriteSegment(const Segment& segment, std::string* out);

// Writes the content of a code: native code escaped, sub-flows as <sub>.
void WriteCodeData(const InlineCode& code, std::string* out) {
  for (const CodePart& part : code.data) {
    if (part.sub.empty()) {
      AppendEscapedText(part.text, out);
    } else {
      *out += "<sub";
      for (const Attribute& a : part.sub_attrs) {
        if (a.name == "datatype" || a.name == "type") Attr(out, a.name, a.value);
      }
      *out += '>';
      WriteSegment(part.sub.front(), out);
      *out += "</sub>";
    }
  }
}

// Writes the content of <seg> (or <sub>). REQUIRES: CheckSegment passed.
void WriteSegment(const Segment& segment, std::string* out) {
  const std::string& text = segment.text;
  size_t pos = 0;
  int next_auto_id = 1;
  std::vector<std::string> open_ids;  // pairing ids of open bpt (for codes without one)
  int open_hi = 0;
  auto flush_text = [&](size_t upto) {
    upto = std::min(upto, text.size());
    if (upto > pos) {
      AppendEscapedText(std::string_view(text).substr(pos, upto - pos), out);
      pos = upto;
    }
  };
  for (const InlineCode& c : segment.codes) {
    flush_text(c.offset);
    switch (c.kind) {
      case CodeKind::kOpen:
        if (c.element == "hi") {
          *out += "<hi";
          if (!c.x.empty()) Attr(out, "x", c.x);
          if (!c.type.empty()) Attr(out, "type", c.type);
          *out += '>';
          ++open_hi;
          continue;
        } else {
          std::string id = c.id.empty() ? "tk" + std::to_string(next_auto_id++) : c.id;
          open_ids.push_back(id);
          *out += "<bpt";
          Attr(out, "i", id);
          if (!c.x.empty()) Attr(out, "x", c.x);
          if (!c.type.empty()) Attr(out, "type", c.type);
          *out += '>';
          WriteCodeData(c, out);
          *out += "</bpt>";
        }
        break;
      case CodeKind::kClose:
        if (c.element == "hi") {
          if (open_hi > 0) {
            *out += "</hi>";
            --open_hi;
          }
          continue;
        } else {
          std::string id = c.id;
          if (id.empty() && !open_ids.empty()) id = open_ids.back();
          auto it = std::find(open_ids.rbegin(), open_ids.rend(), id);
          if (it != open_ids.rend()) open_ids.erase(std::next(it).base());
          *out += "<ept";
          Attr(out, "i", id.empty() ? "tk0" : id);
          *out += '>';
          WriteCodeData(c, out);
          *out += "</ept>";
        }
        break;
      case CodeKind::kIsolatedOpen:
      case CodeKind::kIsolatedClose:
        *out += "<it";
        Attr(out, "pos", c.kind == CodeKind::kIsolatedOpen ? "begin" : "end");
        if (!c.x.empty()) Attr(out, "x", c.x);
        if (!c.type.empty()) Attr(out, "type", c.type);
        *out += '>';
        WriteCodeData(c, out);
        *out += "</it>";
        break;
      case CodeKind::kPlaceholder:
        if (c.element == "ut") {
          *out += "<ut";
          if (!c.x.empty()) Attr(out, "x", c.x);
          *out += '>';
          WriteCodeData(c, out);
          *out += "</ut>";
        } else {
          *out += "<ph";
          if (!c.x.empty()) Attr(out, "x", c.x);
          if (!c.type.empty()) Attr(out, "type", c.type);
          AllowedAttrs(out, c.attrs, tmx::kPhAttrs);
          *out += '>';
          WriteCodeData(c, out);
          *out += "</ph>";
        }
        break;
    }
  }
  flush_text(text.size());
  while (open_hi-- > 0) *out += "</hi>";
}

}  // namespace

Status TmxWriter::AppendSegment(const Segment& segment, std::string* out) {
  if (Status s = CheckSegment(segment, [] { return std::string("the segment"); }); !s) return s;
  WriteSegment(segment, out);
  return {};
}

Result<std::unique_ptr<TmxWriter>> TmxWriter::Create(const std::string& path,
                                                     const WriteOptions& options) {
  if (Status s = CheckNotesAndProps(options.header.notes, options.header.props, "<header>"); !s) {
    return std::unexpected(s.error());
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  std::unique_ptr<TmxWriter> writer(new TmxWriter(std::move(*out), options));
  writer->WriteHeader();
  return writer;
}

void TmxWriter::WriteHeader() {
  header_srclang_ =
      options_.source_lang.empty() ? std::string(kAllLanguages) : options_.source_lang;
  std::string* out = out_->buffer();
  *out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  *out += tmx::kDoctype;
  *out += "\n<tmx version=\"1.4\">\n  <header";
  Attr(out, "creationtool", options_.creation_tool);
  Attr(out, "creationtoolversion",
       options_.creation_tool_version.empty() ? "0" : options_.creation_tool_version);
  Attr(out, "segtype", "sentence");
  Attr(out, "o-tmf", "tmkit");
  Attr(out, "adminlang", "en");
  Attr(out, "srclang", header_srclang_);
  Attr(out, "datatype", "plaintext");
  Attr(out, "creationdate", FormatTmxDate(NowSeconds()));
  const FileHeader& h = options_.header;
  if (h.props.empty() && h.notes.empty()) {
    *out += "/>\n";
  } else {
    *out += ">\n";
    WriteNotesAndProps(out, h.notes, h.props, "    ");
    *out += "  </header>\n";
  }
  *out += "  <body>\n";
}

Status TmxWriter::Add(const TranslationUnit& unit) {
  if (finished_) return InvalidArgument("TmxWriter::Add after Finish");
  if (unit.variants.empty()) return {};  // TMX needs a <tuv>; the store never holds such a unit
  if (Status s = CheckUnit(unit); !s) {
    return std::unexpected(s.error().WithContext(UnitName(unit)));
  }
  std::string* out = out_->buffer();
  // Source variant first: the requested source language, else the unit's own.
  std::string_view src = options_.source_lang.empty() ? std::string_view(unit.source_lang)
                                                      : std::string_view(options_.source_lang);
  const Variant* first = src.empty() || src == kAllLanguages ? nullptr : unit.FindVariant(src);
  *out += "    <tu";
  if (!unit.tuid.empty()) Attr(out, "tuid", unit.tuid);
  // The unit's own source language whenever the header's does not say it
  // (another language, or *all* under a one-language header).
  if (!unit.source_lang.empty() && unit.source_lang != header_srclang_) {
    Attr(out, "srclang", unit.source_lang);
  }
  AllowedAttrs(out, unit.attrs, tmx::kTuAttrs);
  ProvenanceAttrs(out, unit.provenance);
  *out += ">\n";
  WriteNotesAndProps(out, unit.notes, unit.props, "      ");
  auto write_variant = [&](const Variant& v) {
    *out += "      <tuv";
    Attr(out, "xml:lang", v.lang);
    AllowedAttrs(out, v.attrs, tmx::kTuvAttrs);
    ProvenanceAttrs(out, v.provenance);
    *out += ">\n";
    WriteNotesAndProps(out, v.notes, v.props, "        ");
    *out += "        <seg>";
    WriteSegment(v.segment, out);
    *out += "</seg>\n      </tuv>\n";
  };
  if (first) write_variant(*first);
  for (const Variant& v : unit.variants) {
    if (&v != first) write_variant(v);
  }
  *out += "    </tu>\n";
  out_->MaybeFlush();
  return {};
}

Status TmxWriter::Finish() {
  if (finished_) return {};
  finished_ = true;
  out_->Write("  </body>\n</tmx>\n");
  return out_->Commit();
}

}  // namespace tmkit
