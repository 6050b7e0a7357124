#include "xliff2_parse.h"

#include <algorithm>
#include <cstdlib>

#include "tmkit/core/language.h"
#include "xliff_format.h"

namespace tmkit::internal {
namespace {

bool IsNamespaceDecl(const xml::XmlAttribute& a) {
  return a.qname == "xmlns" || a.qname.starts_with("xmlns:");
}

void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | (c >> 6));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | (c >> 12));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (c >> 18));
    *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string MapXliff2State(const std::string& state) {
  if (state == "new" || state == "needs-translation" || state == "needs-adaptation" ||
      state == "needs-l10n") {
    return "initial";
  }
  if (state.starts_with("needs-review")) return "translated";
  if (state == "signed-off") return "reviewed";
  return state;
}

void IsolateUnpaired(Segment* segment) {
  std::vector<InlineCode>& codes = segment->codes;
  auto partner = [](const std::string& open) { return open == "sc" ? "ec" : "em"; };
  for (size_t i = 0; i < codes.size(); ++i) {
    InlineCode& c = codes[i];
    if (c.kind == CodeKind::kOpen && (c.element == "sc" || c.element == "sm")) {
      bool found = false;
      for (size_t j = i + 1; j < codes.size() && !found; ++j) {
        found = codes[j].kind == CodeKind::kClose && codes[j].element == partner(c.element) &&
                codes[j].id == c.id;
      }
      if (!found) c.kind = CodeKind::kIsolatedOpen;
    } else if (c.kind == CodeKind::kClose && (c.element == "ec" || c.element == "em")) {
      const char* open = c.element == "ec" ? "sc" : "sm";
      bool found = false;
      for (size_t j = 0; j < i && !found; ++j) {
        found = codes[j].kind == CodeKind::kOpen && codes[j].element == open && codes[j].id == c.id;
      }
      if (!found) c.kind = CodeKind::kIsolatedClose;
    }
  }
}

Xliff2Scanner::Xliff2Scanner(std::unique_ptr<xml::XmlPullParser> parser, std::string file,
                             Reporter* reporter)
    : XmlCursor(std::move(parser), std::move(file), reporter) {}

Xliff2Scanner::~Xliff2Scanner() = default;


void Xliff2Scanner::SkipUnit() {
  if (unit_depth_ > 0 && depth_ >= unit_depth_) SkipTo(unit_depth_);
  unit_depth_ = 0;
}

void Xliff2Scanner::Start() {
  while (true) {
    if (!Advance()) throw xml::XmlError(file_, parser_->line(), "the file has no <xliff> element");
    if (ev_.type == xml::XmlEventType::kStartElement) break;
  }
  if (ev_.local_name != "xliff" ||
      (ev_.ns_uri != kXliff2Namespace && ev_.ns_uri != kXliff22Namespace)) {
    throw xml::XmlError(file_, ev_.line,
                        "expected an XLIFF 2 document (<xliff xmlns=\"" +
                            std::string(kXliff2Namespace) + "\">), found <" + ev_.qname +
                            "> in namespace '" + ev_.ns_uri + "'");
  }
  root_.ns = ev_.ns_uri;
  root_.line = ev_.line;
  root_.begin = ev_.begin;
  root_.start_tag_end = ev_.end;
  const std::string* version = ev_.Attr("version");
  root_.version = version ? *version : "";
  bool v22 = root_.ns == kXliff22Namespace;
  if (v22 ? root_.version != "2.2" : root_.version != "2.0" && root_.version != "2.1") {
    throw xml::XmlError(file_, ev_.line,
                        "the XLIFF " + std::string(v22 ? "2.2" : "2") +
                            " namespace with version=\"" + root_.version + "\"; expected " +
                            (v22 ? "version=\"2.2\"" : "version=\"2.0\" or \"2.1\""));
  }
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (!IsNamespaceDecl(a)) root_.attrs.push_back({a.qname, a.value});
  }
  const std::string* src = ev_.Attr("srcLang");
  if (!src) throw xml::XmlError(file_, ev_.line, "<xliff> has no srcLang attribute (it is required)");
  Result<std::string> tag = NormalizeLanguageTag(*src);
  if (!tag) throw xml::XmlError(file_, ev_.line, "<xliff> srcLang: " + tag.error().message);
  root_.src_lang = *tag;
  if (const std::string* trg = ev_.Attr("trgLang")) {
    Result<std::string> t = NormalizeLanguageTag(*trg);
    if (!t) throw xml::XmlError(file_, ev_.line, "<xliff> trgLang: " + t.error().message);
    root_.trg_lang = *t;
  }
  translate_.push_back(true);
}

bool Xliff2Scanner::NextUnit(Xliff2Unit* unit) {
  if (ended_) return false;
  while (true) {
    if (!Advance()) {
      if (depth_ > 0) throw xml::XmlError(file_, parser_->line(), "the file ends inside <xliff>");
      ended_ = true;
      return false;
    }
    if (ev_.type == xml::XmlEventType::kEndElement) {
      if (depth_ == 0) {
        while (Advance()) {
        }
        ended_ = true;
        return false;
      }
      if (translate_.size() > 1) translate_.pop_back();  // </file> or </group>
      continue;
    }
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (!IsCore()) {
      SkipTo(depth_);  // a module or extension outside units: not imported
      continue;
    }
    const std::string& n = ev_.local_name;
    if (n == "file" || n == "group") {
      if (n == "file") {
        const std::string* id = ev_.Attr("id");
        file_id_ = id ? *id : "f" + std::to_string(translate_.size());
        new_file_ = true;
      }
      const std::string* t = ev_.Attr("translate");
      translate_.push_back(translate_.back() && !(t && *t == "no"));
      if (ev_.self_closing) {
        Advance();
        translate_.pop_back();
      }
      continue;
    }
    if (n == "unit") {
      *unit = Xliff2Unit();
      unit->file_id = file_id_;
      unit->first_in_file = new_file_;
      new_file_ = false;
      ReadUnit(unit);
      return true;
    }
    SkipTo(depth_);  // <skeleton>, <notes> of a file or group
  }
}

std::string Xliff2Scanner::ReadText() {
  std::string text;
  int line = ev_.line;
  int depth = depth_;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      throw Xliff2UnitError{ev_.line, "expected text only in the element opened at line " +
                                          std::to_string(line) + ", found <" + ev_.qname + ">"};
    } else if (ev_.type == xml::XmlEventType::kEndElement && depth_ < depth) {
      break;
    }
  }
  return text;
}

void Xliff2Scanner::ReadUnit(Xliff2Unit* unit) {
  unit_depth_ = depth_;
  unit->line = ev_.line;
  unit->qname = ev_.qname;
  unit->begin = ev_.begin;
  unit->start_tag_end = ev_.end;
  const std::string* id = ev_.Attr("id");
  if (!id) throw Xliff2UnitError{ev_.line, "<unit> has no id attribute (it is required)"};
  unit->unit_id = *id;
  const std::string* t = ev_.Attr("translate");
  unit->translate = translate_.back() && !(t && *t == "no");
  int segment_index = 0;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kEndElement) {
      if (depth_ < unit_depth_) break;
      continue;
    }
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (const std::string* eid = ev_.Attr("id")) unit->ids.insert(*eid);
    if (IsCore() && (ev_.local_name == "segment" || ev_.local_name == "ignorable")) {
      unit->parts.emplace_back();
      ReadPart(unit, &unit->parts.back());
      if (!unit->parts.back().ignorable) ++segment_index;
    } else if (IsCore() && ev_.local_name == "notes") {
      ReadNotes(unit);
    } else if (IsCore() && ev_.local_name == "originalData") {
      int depth = depth_;
      while (Advance() && depth_ >= depth) {
        if (ev_.type != xml::XmlEventType::kStartElement) continue;
        if (!IsCore() || ev_.local_name != "data") {
          throw Xliff2UnitError{ev_.line, "expected <data> in <originalData>, found <" +
                                              ev_.qname + ">"};
        }
        const std::string* did = ev_.Attr("id");
        if (!did) throw Xliff2UnitError{ev_.line, "<data> has no id attribute (it is required)"};
        std::string key = *did;
        unit->data.emplace_back(key, ReadData());
      }
    } else if (ev_.ns_uri == "urn:oasis:names:tc:xliff:matches:2.0" &&
               ev_.local_name == "matches" && depth_ == unit_depth_ + 1) {
      size_t colon = ev_.qname.find(':');
      std::string prefix = colon == std::string::npos ? "" : ev_.qname.substr(0, colon);
      bool self_closing = ev_.self_closing;
      SkipTo(depth_);
      if (!self_closing) {
        unit->has_matches = true;
        unit->matches_prefix = prefix;
        unit->matches_end_tag = ev_.begin;
      }
    } else if (ev_.ns_uri == "urn:oasis:names:tc:xliff:metadata:2.0" &&
               ev_.local_name == "metadata" && depth_ == unit_depth_ + 1) {
      ReadMetadata(unit, "");
    } else {
      SkipTo(depth_);  // other modules and extensions: not imported
    }
  }
  if (depth_ >= unit_depth_) {
    throw xml::XmlError(file_, parser_->line(), "the file ends inside <unit id=\"" +
                                                    unit->unit_id + "\">");
  }
  if (segment_index == 0) {
    throw Xliff2UnitError{unit->line, "<unit id=\"" + unit->unit_id +
                                          "\"> has no <segment> (it needs at least one)"};
  }
  unit_depth_ = 0;
}

void Xliff2Scanner::ReadMetadata(Xliff2Unit* unit, const std::string& category) {
  int depth = depth_;
  while (Advance() && depth_ >= depth) {
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (ev_.local_name == "metaGroup") {
      const std::string* cat = ev_.Attr("category");
      ReadMetadata(unit, cat ? *cat : category);
    } else if (ev_.local_name == "meta") {
      const std::string* type = ev_.Attr("type");
      std::string name = "mda:" + (category.empty() ? "" : category + ":") + (type ? *type : "");
      Prop prop;
      prop.type = name;
      prop.text = ReadText();
      unit->props.push_back(std::move(prop));
    } else {
      SkipTo(depth_);
    }
  }
}

void Xliff2Scanner::ReadNotes(Xliff2Unit* unit) {
  int depth = depth_;
  while (Advance() && depth_ >= depth) {
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (IsCore() && ev_.local_name == "note") {
      Note note;
      note.text = ReadText();
      unit->notes.push_back(std::move(note));
    } else {
      SkipTo(depth_);
    }
  }
}

std::string Xliff2Scanner::ReadData() {
  std::string text;
  int depth = depth_;
  while (Advance() && depth_ >= depth) {
    if (ev_.type == xml::XmlEventType::kText) {
      text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      if (ev_.local_name == "cp") {
        const std::string* hex = ev_.Attr("hex");
        if (hex) AppendUtf8(static_cast<uint32_t>(std::strtoul(hex->c_str(), nullptr, 16)), &text);
      } else {
        throw Xliff2UnitError{ev_.line, "<data> holds text and <cp> only, found <" + ev_.qname + ">"};
      }
      SkipTo(depth_);
    }
  }
  return text;
}

void Xliff2Scanner::ReadPart(Xliff2Unit* unit, Xliff2Part* part) {
  part->ignorable = ev_.local_name == "ignorable";
  part->line = ev_.line;
  part->qname = ev_.qname;
  part->begin = ev_.begin;
  part->start_tag_end = ev_.end;
  if (const std::string* v = ev_.Attr("id")) part->id = *v;
  if (const std::string* v = ev_.Attr("state")) part->state = *v;
  if (const std::string* v = ev_.Attr("subState")) part->sub_state = *v;
  int depth = depth_;
  bool has_source = false;
  while (Advance() && depth_ >= depth) {
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (const std::string* eid = ev_.Attr("id")) unit->ids.insert(*eid);
    if (IsCore() && ev_.local_name == "source") {
      has_source = true;
      if (const std::string* space = ev_.Attr(xml::kXmlNamespace, "space")) {
        part->source_space = *space;
      }
      ReadInline(unit, &part->source, "source");
      part->source_end = ev_.end;
      IsolateUnpaired(&part->source);
    } else if (IsCore() && ev_.local_name == "target") {
      part->has_target = true;
      part->target_begin = ev_.begin;
      part->target_self_closing = ev_.self_closing;
      if (const std::string* lang = ev_.Attr(xml::kXmlNamespace, "lang")) part->target_lang = *lang;
      if (const std::string* order = ev_.Attr("order")) part->order = std::atoi(order->c_str());
      ReadInline(unit, &part->target, "target");
      part->target_end = ev_.end;
      IsolateUnpaired(&part->target);
    } else {
      SkipTo(depth_);
    }
  }
  if (!has_source) {
    throw Xliff2UnitError{part->line, "<" + ev_.local_name + "> has no <source> (it is required)"};
  }
}

void Xliff2Scanner::ReadInline(Xliff2Unit* unit, Segment* segment, const std::string& end_name) {
  int depth = depth_;
  int line = ev_.line;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      segment->text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      if (const std::string* eid = ev_.Attr("id")) unit->ids.insert(*eid);
      ReadCode(unit, segment);
    } else if (ev_.type == xml::XmlEventType::kEndElement && depth_ < depth) {
      return;
    }
  }
  throw xml::XmlError(file_, line, "the file ends inside <" + end_name + ">");
}

void Xliff2Scanner::ReadCode(Xliff2Unit* unit, Segment* segment) {
  const std::string n = ev_.local_name;
  int line = ev_.line;
  if (!IsCore() || (n != "pc" && n != "sc" && n != "ec" && n != "ph" && n != "mrk" && n != "sm" &&
                    n != "em" && n != "cp")) {
    throw Xliff2UnitError{line, "<" + ev_.qname +
                                    "> is not XLIFF 2 inline markup (expected pc, sc, ec, ph, mrk, "
                                    "sm, em or cp)"};
  }
  auto lookup = [&](const std::string& ref) -> std::vector<CodePart> {
    for (const auto& [id, text] : unit->data) {
      if (id == ref) {
        if (text.empty()) return {};
        CodePart part;
        part.text = text;
        return {part};
      }
    }
    Warn(line, "<" + n + "> refers to <data id=\"" + ref + "\">, which <originalData> lacks");
    return {};
  };
  InlineCode code;
  code.element = n;
  code.offset = static_cast<uint32_t>(segment->text.size());
  std::vector<CodePart> end_data;
  bool isolated = false;
  std::string start_ref;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (IsNamespaceDecl(a)) continue;
    const std::string& an = a.ns_uri.empty() ? a.local_name : a.qname;
    if (an == "id") {
      code.id = a.value;
    } else if (an == "type" && n != "cp") {
      code.type = a.value;
    } else if (an == "dataRef" || an == "dataRefStart") {
      code.data = lookup(a.value);
    } else if (an == "dataRefEnd") {
      end_data = lookup(a.value);
    } else if (an == "isolated") {
      isolated = a.value == "yes";
    } else if (an == "startRef") {
      start_ref = a.value;
    } else {
      code.attrs.push_back({a.qname, a.value});
    }
  }
  if (n == "pc" || n == "mrk") {
    code.kind = CodeKind::kOpen;
    InlineCode close;
    close.kind = CodeKind::kClose;
    close.element = n;
    close.id = code.id;
    close.data = std::move(end_data);
    segment->codes.push_back(std::move(code));
    ReadInline(unit, segment, n);
    close.offset = static_cast<uint32_t>(segment->text.size());
    segment->codes.push_back(std::move(close));
    return;
  }
  if (n == "sc" || n == "sm") {
    code.kind = isolated ? CodeKind::kIsolatedOpen : CodeKind::kOpen;
  } else if (n == "ec" || n == "em") {
    code.kind = isolated ? CodeKind::kIsolatedClose : CodeKind::kClose;
    if (!isolated && !start_ref.empty()) {
      if (!code.id.empty()) code.attrs.insert(code.attrs.begin(), {"id", code.id});
      code.id = start_ref;
    }
  } else {
    code.kind = CodeKind::kPlaceholder;  // ph, and cp (a character XML cannot carry)
  }
  segment->codes.push_back(std::move(code));
  SkipTo(depth_);  // empty elements
}

}  // namespace tmkit::internal
