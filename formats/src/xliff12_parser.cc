#include "xliff12_parser.h"

#include <algorithm>

#include "tmkit/core/language.h"
#include "xliff_format.h"

namespace tmkit::xliff12 {

struct Parser::UnitError {
  int line;
  std::string message;
};

namespace {

constexpr char kXliff11Namespace[] = "urn:oasis:names:tc:xliff:document:1.1";

bool IsWhitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// `s` with runs of white space as one space, trimmed (XLIFF tools re-wrap
// <seg-source> freely).
std::string CollapseSpace(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

uint32_t Offset(const Segment& segment) { return static_cast<uint32_t>(segment.text.size()); }

}  // namespace

bool IsDefaultImportState(const std::string& state) {
  return state == "translated" || state == "signed-off" || state == "final";
}

Parser::Parser(std::unique_ptr<xml::ByteSource> source, std::string file,
               const ReadOptions& options)
    : XmlCursor(std::make_unique<xml::XmlPullParser>(std::move(source), file), file,
                options.reporter),
      options_(options) {}

Parser::~Parser() = default;

std::string Parser::Where(int line) const { return file_ + ":" + std::to_string(line) + ": "; }


bool Parser::IsXliff() const { return ev_.ns_uri == ns_; }

void Parser::ReadRoot() {
  while (true) {
    if (!Advance()) throw xml::XmlError(file_, parser_->line(), "the file has no <xliff> element");
    if (ev_.type == xml::XmlEventType::kStartElement) break;
  }
  const std::string* version = ev_.Attr("version");
  bool known_ns = ev_.ns_uri == internal::kXliff12Namespace || ev_.ns_uri == kXliff11Namespace ||
                  (ev_.ns_uri.empty() && version && (*version == "1.2" || *version == "1.1"));
  if (ev_.local_name != "xliff" || !known_ns) {
    throw xml::XmlError(file_, ev_.line,
                        "expected an XLIFF 1.2 document (root <xliff> in namespace " +
                            std::string(internal::kXliff12Namespace) + "), found <" + ev_.qname +
                            ">" + (ev_.ns_uri.empty() ? "" : " in namespace " + ev_.ns_uri));
  }
  ns_ = ev_.ns_uri;
}

void Parser::StartFile() {
  int line = ev_.line;
  file_info_ = FileInfo{};
  file_info_.index = ++files_;
  const std::string* original = ev_.Attr("original");
  file_info_.key = original && !original->empty() ? *original : std::to_string(files_);
  const std::string* src = ev_.Attr("source-language");
  if (!src) {
    throw xml::XmlError(file_, line, "<file> has no source-language (XLIFF 1.2 requires one)");
  }
  Result<std::string> tag = NormalizeLanguageTag(*src);
  if (!tag) throw xml::XmlError(file_, line, "<file> source-language: " + tag.error().message);
  file_info_.source_lang = *tag;
  if (first_source_lang_.empty()) first_source_lang_ = *tag;
  if (const std::string* tgt = ev_.Attr("target-language"); tgt && !tgt->empty()) {
    Result<std::string> t = NormalizeLanguageTag(*tgt);
    if (!t) throw xml::XmlError(file_, line, "<file> target-language: " + t.error().message);
    file_info_.target_lang = *t;
  }
  scopes_.push_back(Scope{depth_, true});
}

// Advances to the next <trans-unit> start: true; false at the end of the document.
bool Parser::FindUnit() {
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kEndElement) {
      while (!scopes_.empty() && scopes_.back().depth > depth_) scopes_.pop_back();
      continue;
    }
    if (ev_.type == xml::XmlEventType::kText) {
      if (!IsWhitespace(ev_.text)) {
        WarnOnce("text", ev_.line, "text outside <source> and <target> is ignored");
      }
      continue;
    }
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (!IsXliff()) {
      SkipElement();  // another namespace's extension: not ours to read
      continue;
    }
    const std::string& n = ev_.local_name;
    if (n == "file") {
      if (depth_ != 2) throw xml::XmlError(file_, ev_.line, "<file> must be a child of <xliff>");
      StartFile();
    } else if (n == "body") {
      continue;
    } else if (n == "group") {
      const std::string* translate = ev_.Attr("translate");
      bool inherited = scopes_.empty() || scopes_.back().translatable;
      scopes_.push_back(Scope{depth_, translate ? *translate != "no" : inherited});
    } else if (n == "trans-unit") {
      if (scopes_.empty()) {
        throw xml::XmlError(file_, ev_.line, "<trans-unit> outside <file>");
      }
      return true;
    } else {
      SkipElement();  // header, bin-unit, notes and counts of groups
    }
  }
  return false;
}

Result<bool> Parser::Next(ParsedUnit* unit) {
  try {
    if (!started_) {
      started_ = true;
      ReadRoot();
    }
    while (!finished_) {
      if (!FindUnit()) {
        finished_ = true;
        return false;
      }
      int unit_depth = depth_;
      int unit_line = ev_.line;
      try {
        *unit = ParsedUnit();
        ReadUnit(unit);
        return true;
      } catch (const UnitError& e) {
        if (options_.on_error == OnBadInput::kFail) {
          return std::unexpected(
              Error{ErrorCode::kInvalidInput, Where(e.line) + e.message, /*skippable=*/true});
        }
        if (options_.reporter) {
          options_.reporter->Report(
              Problem{Problem::Severity::kSkipped, file_, e.line,
                      "the <trans-unit> at line " + std::to_string(unit_line) + ": " + e.message});
        }
        SkipTo(unit_depth);
      }
    }
    return false;
  } catch (const xml::XmlError& e) {
    return std::unexpected(e.ToError());
  }
}

void Parser::ReadUnitAttributes(ParsedUnit* unit) {
  unit->translatable = scopes_.back().translatable;
  bool has_id = false;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (!a.ns_uri.empty()) continue;  // xml:space is inherited text handling; others foreign
    if (a.local_name == "id") {
      unit->id = a.value;
      has_id = true;
    } else if (a.local_name == "approved") {
      unit->approved = a.value;
    } else if (a.local_name == "translate") {
      unit->translatable = a.value != "no";
    } else if (a.qname.find(':') == std::string::npos && a.qname.rfind("xmlns", 0) != 0) {
      unit->attrs.push_back({a.local_name, a.value});
    }
  }
  if (!has_id) {
    WarnOnce("tu-id", ev_.line,
             "<trans-unit> has no id (XLIFF 1.2 requires one); its position in the <file> is used");
    unit->id = std::to_string(file_info_.units);
    unit->id.insert(0, 1, '#');  // (not "#" + …: g++ 12 gives a false -Wrestrict)
  }
}

void Parser::ReadUnit(ParsedUnit* unit) {
  unit->line = ev_.line;
  unit->file_index = file_info_.index;
  unit->file_key = file_info_.key;
  unit->source_lang = file_info_.source_lang;
  unit->target_lang = file_info_.target_lang;
  ++file_info_.units;
  ReadUnitAttributes(unit);
  Segment source, target;
  std::vector<ParsedSegment> target_mrks;
  std::string seg_source_text;
  int seg_source_line = 0;
  bool has_source = false;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kEndElement) break;
    if (ev_.type != xml::XmlEventType::kStartElement) continue;
    if (!IsXliff()) {
      SkipElement();
      continue;
    }
    const std::string& n = ev_.local_name;
    if (n == "source") {
      if (has_source) throw UnitError{ev_.line, "the <trans-unit> has a second <source>"};
      has_source = true;
      ReadSource(unit, &source);
    } else if (n == "seg-source") {
      seg_source_line = ev_.line;
      ReadSegSource(unit, &seg_source_text);
    } else if (n == "target") {
      if (unit->has_target) throw UnitError{ev_.line, "the <trans-unit> has a second <target>"};
      ReadTarget(unit, &target, &target_mrks);
    } else if (n == "note") {
      ReadNote(unit);
    } else {
      SkipElement();  // alt-trans (proposals, not translations), context-group, count-group...
    }
  }
  if (!has_source) throw UnitError{unit->line, "the <trans-unit> has no <source>"};
  if (seg_source_line && CollapseSpace(seg_source_text) != CollapseSpace(source.text)) {
    Warn(seg_source_line, "the text of <seg-source> differs from <source> in <trans-unit id=\"" +
                              unit->id + "\">; its segments are read from <seg-source>");
  }
  if (unit->has_target && unit->target_lang.empty()) {
    WarnOnce("target-language:" + std::to_string(unit->file_index), unit->line,
             "the <file> has no target-language and its <target>s no xml:lang; their language "
             "is unknown, so they are not imported");
  }
  // A segmented target pairs with the <seg-source> mrks by mid; a target
  // with text but no mrk segment is the translation of the whole <source>.
  bool whole_target = unit->has_target && target_mrks.empty() &&
                      (!target.codes.empty() || !IsWhitespace(target.text));
  if (!unit->segments.empty() && !whole_target) {
    unit->segmented = true;
    for (ParsedSegment& s : unit->segments) {
      auto it = std::find_if(target_mrks.begin(), target_mrks.end(),
                             [&](const ParsedSegment& t) { return t.mid == s.mid; });
      if (it == target_mrks.end()) continue;
      s.target = std::move(it->source);
      s.target_content = it->source_content;
      s.has_target = true;
    }
    return;
  }
  unit->segments.clear();
  ParsedSegment whole;
  whole.source = std::move(source);
  whole.target = std::move(target);
  whole.has_target = unit->has_target;
  whole.line = unit->line;
  unit->segments.push_back(std::move(whole));
}

void Parser::ReadSource(ParsedUnit* unit, Segment* whole) {
  unit->source_element.begin = ev_.begin;
  ReadContent(whole, "source", nullptr);
  unit->source_element.end = ev_.end;
}

void Parser::ReadSegSource(ParsedUnit* unit, std::string* text) {
  unit->seg_source_element.begin = ev_.begin;
  unit->seg_source_content.begin = ev_.end;
  Segment whole;
  ReadContent(&whole, "seg-source", &unit->segments);
  *text = std::move(whole.text);
  unit->seg_source_content.end = ev_.self_closing ? unit->seg_source_content.begin : ev_.begin;
  unit->seg_source_element.end = ev_.end;
}

void Parser::ReadTarget(ParsedUnit* unit, Segment* whole, std::vector<ParsedSegment>* mrks) {
  unit->has_target = true;
  unit->target_element.begin = ev_.begin;
  unit->target_start_tag = {ev_.begin, ev_.end};
  for (const xml::XmlAttribute& a : ev_.attributes) {
    unit->target_attrs.push_back({a.qname, a.value});
    if (!a.ns_uri.empty()) {
      if (a.ns_uri == xml::kXmlNamespace && a.local_name == "lang" && unit->target_lang.empty()) {
        Result<std::string> tag = NormalizeLanguageTag(a.value);
        if (!tag) throw UnitError{ev_.line, "<target> xml:lang: " + tag.error().message};
        unit->target_lang = *tag;
      }
    } else if (a.local_name == "state") {
      unit->state = a.value;
    } else if (a.local_name == "state-qualifier") {
      unit->state_qualifier = a.value;
    }
  }
  bool self_closing = ev_.self_closing;
  ReadContent(whole, "target", mrks);
  unit->target_end_tag = self_closing ? Span{ev_.end, ev_.end} : Span{ev_.begin, ev_.end};
  unit->target_element.end = ev_.end;
}

void Parser::ReadNote(ParsedUnit* unit) {
  Note note;
  if (const std::string* lang = ev_.Attr(xml::kXmlNamespace, "lang")) note.lang = *lang;
  int line = ev_.line;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      note.text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      throw UnitError{ev_.line, "<note> holds text only, found <" + ev_.qname +
                                    "> (opened at line " + std::to_string(line) + ")"};
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      break;
    }
  }
  unit->notes.push_back(std::move(note));
}

void Parser::ReadContent(Segment* segment, const std::string& element,
                         std::vector<ParsedSegment>* segments) {
  int open_line = ev_.line;
  while (Advance()) {
    switch (ev_.type) {
      case xml::XmlEventType::kText:
        segment->text += ev_.text;
        break;
      case xml::XmlEventType::kStartElement: {
        const std::string* mtype = ev_.Attr("mtype");
        if (segments && IsXliff() && ev_.local_name == "mrk" && mtype && *mtype == "seg") {
          ParsedSegment s;
          s.line = ev_.line;
          if (const std::string* mid = ev_.Attr("mid")) s.mid = *mid;
          if (s.mid.empty()) throw UnitError{ev_.line, "<mrk mtype=\"seg\"> has no mid"};
          s.source_content.begin = ev_.end;
          bool self_closing = ev_.self_closing;
          ReadContent(&s.source, "mrk", nullptr);
          s.source_content.end = self_closing ? s.source_content.begin : ev_.begin;
          segment->text += s.source.text;  // the whole text, to compare with <source>
          segments->push_back(std::move(s));
        } else {
          ReadCode(segment);
        }
        break;
      }
      case xml::XmlEventType::kEndElement:
        return;
      default:
        break;
    }
  }
  throw UnitError{open_line, "the file ends inside <" + element + ">"};
}

void Parser::ReadCode(Segment* segment) {
  if (!IsXliff()) {
    WarnOnce(
        "inline:" + ev_.qname, ev_.line,
        "<" + ev_.qname + "> inside a segment is not XLIFF inline markup; skipped with its text");
    SkipElement();
    return;
  }
  const std::string n = ev_.local_name;
  InlineCode code;
  code.element = n;
  code.offset = Offset(*segment);
  std::string id, rid, pos;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    const bool own = a.ns_uri.empty();
    if (own && a.local_name == "id") {
      id = a.value;
    } else if (own && a.local_name == "rid") {
      rid = a.value;
    } else if (own && (a.local_name == "ctype" || (n == "mrk" && a.local_name == "mtype"))) {
      code.type = a.value;
    } else if (own && n == "mrk" && a.local_name == "mid") {
      id = a.value;
    } else if (own && n == "it" && a.local_name == "pos") {
      pos = a.value;
    } else {
      code.attrs.push_back({a.qname, a.value});
    }
  }
  // The pairing id is rid when there is one (bx/ex, bpt/ept, it); the
  // element's own id is then kept verbatim so that it is written back.
  if (!rid.empty()) {
    code.id = rid;
    if (!id.empty()) code.attrs.insert(code.attrs.begin(), {"id", id});
  } else {
    code.id = id;
  }
  if (id.empty() && n != "mrk" && n != "sub") {
    WarnOnce("code-id:" + n, ev_.line, "<" + n + "> has no id (XLIFF 1.2 requires one)");
  }
  if (n == "g" || n == "mrk") {
    code.kind = CodeKind::kOpen;
    InlineCode close;
    close.kind = CodeKind::kClose;
    close.element = n;
    close.id = code.id;
    segment->codes.push_back(std::move(code));
    ReadContent(segment, n, nullptr);
    close.offset = Offset(*segment);
    segment->codes.push_back(std::move(close));
    return;
  }
  if (n == "x" || n == "bx" || n == "ex") {
    code.kind = n == "x" ? CodeKind::kPlaceholder : n == "bx" ? CodeKind::kOpen : CodeKind::kClose;
    Segment ignored;
    ReadContent(&ignored, n, nullptr);
    if (!ignored.text.empty() || !ignored.codes.empty()) {
      WarnOnce("empty:" + n, ev_.line, "<" + n + "> must be empty; its content is ignored");
    }
    segment->codes.push_back(std::move(code));
    return;
  }
  if (n == "bpt" || n == "ept" || n == "ph" || n == "it") {
    code.kind = n == "bpt"   ? CodeKind::kOpen
                : n == "ept" ? CodeKind::kClose
                             : CodeKind::kPlaceholder;
    if (n == "it") {
      if (pos == "open" || pos == "begin") {
        code.kind = CodeKind::kIsolatedOpen;
      } else if (pos == "close" || pos == "end") {
        code.kind = CodeKind::kIsolatedClose;
      } else {
        throw UnitError{ev_.line, "<it> needs pos=\"open\" or pos=\"close\", found " +
                                      (pos.empty() ? std::string("none") : "\"" + pos + "\"")};
      }
      if (pos == "begin" || pos == "end") {
        WarnOnce("it-pos", ev_.line, "<it pos=\"" + pos + "\"> is TMX; XLIFF 1.2 says open/close");
      }
    }
    ReadNativeCode(&code);
    segment->codes.push_back(std::move(code));
    return;
  }
  throw UnitError{ev_.line, "<" + ev_.qname +
                                "> is not XLIFF 1.2 inline markup (expected g, x, bx, ex, bpt, "
                                "ept, ph, it or mrk)"};
}

void Parser::ReadNativeCode(InlineCode* code) {
  const std::string n = code->element;
  int line = ev_.line;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      if (code->data.empty() || !code->data.back().sub.empty()) code->data.emplace_back();
      code->data.back().text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      if (!IsXliff() || ev_.local_name != "sub") {
        throw UnitError{ev_.line,
                        "<" + n + "> may hold only text and <sub>, found <" + ev_.qname + ">"};
      }
      CodePart part;
      for (const xml::XmlAttribute& a : ev_.attributes)
        part.sub_attrs.push_back({a.qname, a.value});
      part.sub.emplace_back();
      ReadContent(&part.sub.front(), "sub", nullptr);
      code->data.push_back(std::move(part));
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      return;
    }
  }
  throw UnitError{line, "the file ends inside <" + n + ">"};
}

}  // namespace tmkit::xliff12
