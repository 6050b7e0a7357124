#include "tmx_writer.h"

#include <algorithm>
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

template <size_t N>
Status CheckAllowedAttrs(const std::vector<Attribute>& attrs, const std::string_view (&allowed)[N],
                         const std::string& element) {
  for (const Attribute& a : attrs) {
    if (std::find(std::begin(allowed), std::end(allowed), a.name) == std::end(allowed)) continue;
    if (Status s = CheckChars(a.value, "attribute " + a.name + " of " + element); !s) return s;
  }
  return {};
}

Status CheckProvenance(const Provenance& p, const std::string& element) {
  if (Status s = CheckChars(p.creation_id, "creationid of " + element); !s) return s;
  return CheckChars(p.change_id, "changeid of " + element);
}

Status CheckNotesAndProps(const std::vector<Note>& notes, const std::vector<Prop>& props,
                          const std::string& element) {
  for (const Note& n : notes) {
    std::string where = "a <note> of " + element;
    if (Status s = CheckChars(n.text, where); !s) return s;
    if (Status s = CheckChars(n.lang, where + " (xml:lang)"); !s) return s;
    if (Status s = CheckChars(n.encoding, where + " (o-encoding)"); !s) return s;
  }
  for (const Prop& p : props) {
    if (Status s = CheckChars(p.type, "the type of a <prop> of " + element); !s) return s;
    std::string where = "<prop type=\"" + p.type + "\"> of " + element;
    if (Status s = CheckChars(p.text, where); !s) return s;
    if (Status s = CheckChars(p.lang, where + " (xml:lang)"); !s) return s;
    if (Status s = CheckChars(p.encoding, where + " (o-encoding)"); !s) return s;
  }
  return {};
}

Status CheckSegment(const Segment& segment, const std::string& where) {
  if (Status s = CheckChars(segment.text, where); !s) return s;
  for (const InlineCode& c : segment.codes) {
    std::string code = "a <" + c.element + "> in " + where;
    if (Status s = CheckChars(c.id, "the i of " + code); !s) return s;
    if (Status s = CheckChars(c.x, "the x of " + code); !s) return s;
    if (Status s = CheckChars(c.type, "the type of " + code); !s) return s;
    if (c.kind == CodeKind::kPlaceholder && c.element != "ut") {
      if (Status s = CheckAllowedAttrs(c.attrs, tmx::kPhAttrs, code); !s) return s;
    }
    for (const CodePart& part : c.data) {
      if (part.sub.empty()) {
        if (Status s = CheckChars(part.text, "the native code of " + code); !s) return s;
      } else {
        for (const Attribute& a : part.sub_attrs) {
          if (Status s = CheckChars(a.value, "attribute " + a.name + " of a <sub> of " + code); !s) {
            return s;
          }
        }
        if (Status s = CheckSegment(part.sub.front(), "a <sub> of " + code); !s) return s;
      }
    }
  }
  return {};
}

// Everything of `unit` the writer puts in the file, checked before a byte is written.
Status CheckUnit(const TranslationUnit& unit) {
  if (Status s = CheckChars(unit.tuid, "the tuid"); !s) return s;
  if (Status s = CheckChars(unit.source_lang, "the srclang"); !s) return s;
  if (Status s = CheckAllowedAttrs(unit.attrs, tmx::kTuAttrs, "<tu>"); !s) return s;
  if (Status s = CheckProvenance(unit.provenance, "<tu>"); !s) return s;
  if (Status s = CheckNotesAndProps(unit.notes, unit.props, "<tu>"); !s) return s;
  for (const Variant& v : unit.variants) {
    if (Status s = CheckChars(v.lang, "the xml:lang of a <tuv>"); !s) return s;
    std::string tuv = "the " + v.lang + " <tuv>";
    if (Status s = CheckAllowedAttrs(v.attrs, tmx::kTuvAttrs, tuv); !s) return s;
    if (Status s = CheckProvenance(v.provenance, tuv); !s) return s;
    if (Status s = CheckNotesAndProps(v.notes, v.props, tuv); !s) return s;
    if (Status s = CheckSegment(v.segment, "the " + v.lang + " <seg>"); !s) return s;
  }
  return {};
}

// "unit 12 (tuid 'a7')", or less when the unit has no id or tuid.
std::string UnitName(const TranslationUnit& unit) {
  std::string name = unit.id ? "unit " + std::to_string(unit.id) : "a unit";
  if (!unit.tuid.empty() && unit.tuid.size() <= 60 && xml::FirstForbiddenChar(unit.tuid) < 0 &&
      IsValidUtf8(unit.tuid)) {
    name += " (tuid '" + unit.tuid + "')";
  }
  return name;
}

Status AppendCodeData(const InlineCode& code, std::string* out) {
  for (const CodePart& part : code.data) {
    if (part.sub.empty()) {
      if (Status s = CheckChars(part.text, "the native code of <" + code.element + ">"); !s) {
        return s;
      }
      AppendEscapedText(part.text, out);
    } else {
      *out += "<sub";
      for (const Attribute& a : part.sub_attrs) {
        if (a.name == "datatype" || a.name == "type") Attr(out, a.name, a.value);
      }
      *out += '>';
      if (Status s = TmxWriter::AppendSegment(part.sub.front(), out); !s) return s;
      *out += "</sub>";
    }
  }
  return {};
}

}  // namespace

Status TmxWriter::AppendSegment(const Segment& segment, std::string* out) {
  if (Status s = CheckChars(segment.text, "the text"); !s) return s;
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
          if (Status s = AppendCodeData(c, out); !s) return s;
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
          if (Status s = AppendCodeData(c, out); !s) return s;
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
        if (Status s = AppendCodeData(c, out); !s) return s;
        *out += "</it>";
        break;
      case CodeKind::kPlaceholder:
        if (c.element == "ut") {
          *out += "<ut";
          if (!c.x.empty()) Attr(out, "x", c.x);
          *out += '>';
          if (Status s = AppendCodeData(c, out); !s) return s;
          *out += "</ut>";
        } else {
          *out += "<ph";
          if (!c.x.empty()) Attr(out, "x", c.x);
          if (!c.type.empty()) Attr(out, "type", c.type);
          AllowedAttrs(out, c.attrs, tmx::kPhAttrs);
          *out += '>';
          if (Status s = AppendCodeData(c, out); !s) return s;
          *out += "</ph>";
        }
        break;
    }
  }
  flush_text(text.size());
  while (open_hi-- > 0) *out += "</hi>";
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
  header_srclang_ = options_.source_lang.empty() ? std::string(kAllLanguages) : options_.source_lang;
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
    (void)AppendSegment(v.segment, out);  // cannot fail: CheckUnit passed
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
