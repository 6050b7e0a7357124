#include "tmx_reader.h"

#include <algorithm>
#include <map>

#include "tmkit/core/date.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "tmx_format.h"

namespace tmkit {

struct TmxReader::UnitError {
  int line;
  std::string message;
};

namespace {

bool IsWhitespace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view name) {
  return std::find(std::begin(list), std::end(list), name) != std::end(list);
}

}  // namespace

TmxReader::TmxReader(std::unique_ptr<xml::XmlPullParser> parser, std::string file,
                     ReadOptions options)
    : XmlCursor(std::move(parser), std::move(file), options.reporter), options_(options) {}

TmxReader::~TmxReader() = default;

uint64_t TmxReader::bytes_read() const { return parser_->bytes_consumed(); }

std::string TmxReader::ReadTextOnly(const char* element) {
  std::string text;
  int line = ev_.line;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      throw UnitError{ev_.line, std::string("<") + element + "> holds text only, found <" +
                                    ev_.qname + "> (opened at line " + std::to_string(line) + ")"};
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      break;
    }
  }
  return text;
}

void TmxReader::ReadProp(std::vector<Prop>* props) {
  Prop prop;
  int line = ev_.line;
  bool has_type = false;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (a.ns_uri == xml::kXmlNamespace && a.local_name == "lang") {
      prop.lang = a.value;
    } else if (a.ns_uri.empty() && a.local_name == "type") {
      prop.type = a.value;
      has_type = true;
    } else if (a.ns_uri.empty() && a.local_name == "o-encoding") {
      prop.encoding = a.value;
    } else if (a.ns_uri.empty() && a.local_name == "lang") {
      prop.lang = a.value;
    }
  }
  prop.text = ReadTextOnly("prop");
  if (!has_type) {
    Warn(line, "<prop> has no type attribute (TMX requires one); kept with type 'x-untyped'");
    prop.type = "x-untyped";
  }
  props->push_back(std::move(prop));
}

void TmxReader::ReadNote(std::vector<Note>* notes) {
  Note note;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if ((a.ns_uri == xml::kXmlNamespace || a.ns_uri.empty()) && a.local_name == "lang") {
      note.lang = a.value;
    } else if (a.ns_uri.empty() && a.local_name == "o-encoding") {
      note.encoding = a.value;
    }
  }
  note.text = ReadTextOnly("note");
  notes->push_back(std::move(note));
}

void TmxReader::ReadPrologue() {
  // Root element.
  while (true) {
    if (!Advance()) {
      throw xml::XmlError(file_, parser_->line(), "the file has no <tmx> element");
    }
    if (ev_.type == xml::XmlEventType::kStartElement) break;
  }
  if (ev_.local_name != "tmx") {
    throw xml::XmlError(file_, ev_.line,
                        "expected a TMX document (root element <tmx>), found <" + ev_.qname + ">");
  }
  if (const std::string* v = ev_.Attr("version")) {
    int major = 0, minor = 0;
    if (std::sscanf(v->c_str(), "%d.%d", &major, &minor) == 2 && major == 1) {
      version_major_ = major;
      version_minor_ = minor;
    } else {
      Warn(ev_.line, "unknown TMX version " + QuotedForMessage(*v) + "; read as TMX 1.4");
    }
  } else {
    Warn(ev_.line, "<tmx> has no version attribute; read as TMX 1.4");
  }
  bool seen_header = false;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kStartElement) {
      if (ev_.local_name == "header" && depth_ == 2) {
        ReadHeader();
        seen_header = true;
      } else if (ev_.local_name == "body" && depth_ == 2) {
        if (!seen_header) Warn(ev_.line, "<tmx> has no <header> before <body>");
        return;
      } else {
        throw xml::XmlError(file_, ev_.line,
                            "expected <header> or <body> in <tmx>, found <" + ev_.qname + ">");
      }
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      throw xml::XmlError(file_, ev_.line, "the <tmx> element has no <body>");
    }
  }
  throw xml::XmlError(file_, parser_->line(), "the file ends before <body>");
}

void TmxReader::ReadHeader() {
  int line = ev_.line;
  std::vector<std::string> missing;
  for (std::string_view required : tmx::kHeaderRequired) {
    if (!ev_.Attr(required)) missing.emplace_back(required);
  }
  for (const xml::XmlAttribute& a : ev_.attributes) {
    header_.attrs.push_back({a.qname, a.value});
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    Warn(line, "<header> lacks required attributes: " + list);
  }
  if (const std::string* src = ev_.Attr("srclang")) {
    Result<std::string> tag = NormalizeLanguageTag(*src);
    if (tag) {
      header_.source_lang = *tag;
    } else {
      Warn(line, "<header> srclang: " + tag.error().message);
    }
  }
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kStartElement) {
      int element_depth = depth_;
      try {
        if (ev_.local_name == "prop") {
          ReadProp(&header_.props);
        } else if (ev_.local_name == "note") {
          ReadNote(&header_.notes);
        } else if (ev_.local_name == "ude") {
          SkipElement();  // user-defined encodings: read and tolerated
        } else {
          Warn(ev_.line, "unexpected <" + ev_.qname + "> in <header>; ignored");
          SkipElement();
        }
      } catch (const UnitError& e) {
        Warn(e.line, e.message + "; ignored");
        SkipTo(element_depth);
      }
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      return;
    }
  }
}

Result<bool> TmxReader::Next(TranslationUnit* unit) {
  try {
    if (!started_) {
      started_ = true;
      ReadPrologue();
    }
    while (!finished_) {
      int tu_line = 0;
      int tu_depth = 0;
      try {
        // Find the next <tu> in <body>.
        while (true) {
          if (!Advance()) {
            throw xml::XmlError(file_, parser_->line(), "the file ends inside <body>");
          }
          if (ev_.type == xml::XmlEventType::kEndElement) {
            // </body>, then </tmx>, then the end.
            while (Advance()) {
            }
            finished_ = true;
            return false;
          }
          if (ev_.type == xml::XmlEventType::kText) {
            if (!IsWhitespace(ev_.text)) {
              WarnOnce("body-text", ev_.line, "text directly inside <body> is ignored");
            }
            continue;
          }
          if (ev_.type != xml::XmlEventType::kStartElement) continue;
          tu_line = ev_.line;
          tu_depth = depth_;
          if (ev_.local_name != "tu") {
            throw UnitError{ev_.line, "expected <tu> in <body>, found <" + ev_.qname + ">"};
          }
          break;
        }
        *unit = TranslationUnit();
        ReadTu(unit);
        return true;
      } catch (const UnitError& e) {
        if (options_.on_error == OnBadInput::kFail) {
          return std::unexpected(Error{ErrorCode::kInvalidInput,
                                       file_ + ":" + std::to_string(e.line) + ": " + e.message,
                                       /*skippable=*/true});
        }
        if (options_.reporter) {
          options_.reporter->Report(
              Problem{Problem::Severity::kSkipped, file_, e.line,
                      "the unit at line " + std::to_string(tu_line) + ": " + e.message});
        }
        SkipTo(tu_depth);
      }
    }
    return false;
  } catch (const xml::XmlError& e) {
    return std::unexpected(e.ToError());
  }
}

void TmxReader::ReadProvenance(Provenance* p) {
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (!a.ns_uri.empty()) continue;
    int64_t* date = nullptr;
    if (a.local_name == "creationdate") date = &p->creation_date;
    if (a.local_name == "changedate") date = &p->change_date;
    if (date) {
      Result<int64_t> d = ParseIsoDate(a.value);
      if (d) {
        *date = *d;
      } else {
        Warn(ev_.line, a.local_name + ": " + d.error().message + "; the date is ignored");
      }
    } else if (a.local_name == "creationid") {
      p->creation_id = a.value;
    } else if (a.local_name == "changeid") {
      p->change_id = a.value;
    }
  }
}

void TmxReader::ReadTu(TranslationUnit* unit) {
  int line = ev_.line;
  ReadProvenance(&unit->provenance);
  unit->source_lang = header_.source_lang;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (!a.ns_uri.empty()) continue;
    const std::string& n = a.local_name;
    if (n == "tuid") {
      unit->tuid = a.value;
    } else if (n == "srclang") {
      Result<std::string> tag = NormalizeLanguageTag(a.value);
      if (!tag) throw UnitError{line, "<tu> srclang: " + tag.error().message};
      unit->source_lang = *tag;
    } else if (Contains(tmx::kTuAttrs, n)) {
      unit->attrs.push_back({n, a.value});
    } else if (n != "creationdate" && n != "changedate" && n != "creationid" && n != "changeid") {
      WarnOnce("tu@" + n, line, "attribute '" + n + "' on <tu> is not TMX 1.4; ignored");
    }
  }
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kStartElement) {
      if (ev_.local_name == "tuv") {
        unit->variants.emplace_back();
        ReadTuv(&unit->variants.back());
      } else if (ev_.local_name == "prop") {
        ReadProp(&unit->props);
      } else if (ev_.local_name == "note") {
        ReadNote(&unit->notes);
      } else {
        throw UnitError{ev_.line,
                        "expected <tuv>, <prop> or <note> in <tu>, found <" + ev_.qname + ">"};
      }
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      if (unit->variants.empty()) {
        throw UnitError{line, "the <tu> has no <tuv> (each unit needs at least one language)"};
      }
      return;
    }
  }
}

void TmxReader::ReadTuv(Variant* variant) {
  int line = ev_.line;
  const std::string* xml_lang = ev_.Attr(xml::kXmlNamespace, "lang");
  const std::string* old_lang = ev_.Attr("lang");
  bool old_version = version_major_ == 1 && version_minor_ < 3;
  if (xml_lang && old_version) {
    throw UnitError{line, "<tuv> uses xml:lang, which TMX " + std::to_string(version_major_) + "." +
                              std::to_string(version_minor_) +
                              " does not have (it uses lang); the file mixes TMX versions"};
  }
  const std::string* lang = xml_lang ? xml_lang : old_lang;
  if (!lang) {
    throw UnitError{line, std::string("<tuv> has no ") + (old_version ? "lang" : "xml:lang") +
                              " attribute (every <tuv> needs its language)"};
  }
  if (!xml_lang && !old_version) {
    WarnOnce("tuv@lang", line, "<tuv> uses the deprecated lang attribute; TMX 1.4 uses xml:lang");
  }
  Result<std::string> tag = NormalizeLanguageTag(*lang);
  if (!tag) throw UnitError{line, "<tuv> " + tag.error().message};
  if (*tag == kAllLanguages) throw UnitError{line, "<tuv> cannot have the language *all*"};
  variant->lang = *tag;
  ReadProvenance(&variant->provenance);
  for (const xml::XmlAttribute& a : ev_.attributes) {
    if (!a.ns_uri.empty()) continue;
    const std::string& n = a.local_name;
    if (Contains(tmx::kTuvAttrs, n)) {
      variant->attrs.push_back({n, a.value});
    } else if (n != "lang" && n != "creationdate" && n != "changedate" && n != "creationid" &&
               n != "changeid") {
      WarnOnce("tuv@" + n, line, "attribute '" + n + "' on <tuv> is not TMX 1.4; ignored");
    }
  }
  bool has_seg = false;
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kStartElement) {
      if (ev_.local_name == "seg") {
        if (has_seg) throw UnitError{ev_.line, "the <tuv> has a second <seg>"};
        has_seg = true;
        ReadSeg(&variant->segment);
      } else if (ev_.local_name == "prop") {
        ReadProp(&variant->props);
      } else if (ev_.local_name == "note") {
        ReadNote(&variant->notes);
      } else {
        throw UnitError{ev_.line,
                        "expected <seg>, <prop> or <note> in <tuv>, found <" + ev_.qname + ">"};
      }
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      if (!has_seg) throw UnitError{line, "the <tuv xml:lang=\"" + *lang + "\"> has no <seg>"};
      return;
    }
  }
}

void TmxReader::ReadSeg(Segment* segment) {
  Pairs pairs;
  ReadInline(segment, "seg", &pairs);
  CheckAllClosed(pairs, "seg");
}

void TmxReader::ReadInline(Segment* segment, const std::string& end_name, Pairs* pairs) {
  int open_line = ev_.line;
  while (Advance()) {
    switch (ev_.type) {
      case xml::XmlEventType::kText:
        segment->text += ev_.text;
        break;
      case xml::XmlEventType::kStartElement: {
        const std::string& n = ev_.local_name;
        if (n == "bpt" || n == "ept" || n == "it" || n == "ph" || n == "ut") {
          ReadCode(segment, pairs);
        } else if (n == "hi") {
          InlineCode open;
          open.kind = CodeKind::kOpen;
          open.element = "hi";
          for (const xml::XmlAttribute& a : ev_.attributes) {
            bool tmx = a.ns_uri.empty();
            if (tmx && a.local_name == "x")
              open.x = a.value;
            else if (tmx && a.local_name == "type")
              open.type = a.value;
            else
              open.attrs.push_back({a.qname, a.value});
          }
          open.offset = static_cast<uint32_t>(segment->text.size());
          segment->codes.push_back(std::move(open));
          ReadInline(segment, "hi", pairs);
          InlineCode close;
          close.kind = CodeKind::kClose;
          close.element = "hi";
          close.offset = static_cast<uint32_t>(segment->text.size());
          segment->codes.push_back(std::move(close));
        } else {
          throw UnitError{ev_.line, "<" + ev_.qname + "> is not allowed in <" + end_name +
                                        "> (TMX inline markup is bpt, ept, it, ph, hi and ut" +
                                        (n == "g" || n == "x" ? "; this looks like XLIFF" : "") +
                                        ")"};
        }
        break;
      }
      case xml::XmlEventType::kEndElement:
        return;
      default:
        break;
    }
  }
  throw UnitError{open_line, "the file ends inside <" + end_name + ">"};
}

void TmxReader::ReadCode(Segment* segment, Pairs* pairs) {
  InlineCode code;
  code.element = ev_.local_name;
  int line = ev_.line;
  const std::string& n = code.element;
  if (n == "bpt")
    code.kind = CodeKind::kOpen;
  else if (n == "ept")
    code.kind = CodeKind::kClose;
  else
    code.kind = CodeKind::kPlaceholder;
  std::string pos;
  for (const xml::XmlAttribute& a : ev_.attributes) {
    // TMX's own attributes have no namespace; any other is kept as written.
    const std::string& an = a.ns_uri.empty() ? a.local_name : a.qname;
    if (an == "i")
      code.id = a.value;
    else if (an == "x")
      code.x = a.value;
    else if (an == "type")
      code.type = a.value;
    else if (an == "pos" && n == "it")
      pos = a.value;
    else
      code.attrs.push_back({a.qname, a.value});
  }
  if ((n == "bpt" || n == "ept") && code.id.empty()) {
    throw UnitError{line, "<" + n + "> has no i attribute (it pairs <bpt> with <ept>)"};
  }
  if (n == "it") {
    if (pos == "begin")
      code.kind = CodeKind::kIsolatedOpen;
    else if (pos == "end")
      code.kind = CodeKind::kIsolatedClose;
    else
      throw UnitError{line, "<it> needs pos=\"begin\" or pos=\"end\", found " +
                                (pos.empty() ? std::string("none") : QuotedForMessage(pos))};
  }
  if (n == "bpt") {
    auto [open, inserted] = pairs->open.try_emplace(code.id, line);
    if (!inserted) {
      throw UnitError{line, "<bpt i=\"" + code.id + "\"> opens while the <bpt i=\"" + code.id +
                                "\"> of line " + std::to_string(open->second) +
                                " is still open (each open pair needs its own i)"};
    }
  } else if (n == "ept") {
    if (pairs->open.erase(code.id) == 0) {
      throw UnitError{line, "<ept i=\"" + code.id + "\"> closes no open <bpt i=\"" + code.id +
                                "\"> (a <bpt> must come first in the same <seg>)"};
    }
  }
  code.offset = static_cast<uint32_t>(segment->text.size());
  while (Advance()) {
    if (ev_.type == xml::XmlEventType::kText) {
      if (code.data.empty() || !code.data.back().sub.empty()) code.data.emplace_back();
      code.data.back().text += ev_.text;
    } else if (ev_.type == xml::XmlEventType::kStartElement) {
      if (ev_.local_name != "sub") {
        throw UnitError{ev_.line,
                        "<" + n + "> may hold only text and <sub>, found <" + ev_.qname + ">"};
      }
      CodePart part;
      for (const xml::XmlAttribute& a : ev_.attributes) {
        part.sub_attrs.push_back({a.qname, a.value});
      }
      part.sub.emplace_back();
      Pairs sub_pairs;  // a sub-flow pairs its own codes
      ReadInline(&part.sub.front(), "sub", &sub_pairs);
      CheckAllClosed(sub_pairs, "sub");
      code.data.push_back(std::move(part));
    } else if (ev_.type == xml::XmlEventType::kEndElement) {
      segment->codes.push_back(std::move(code));
      return;
    }
  }
  throw UnitError{line, "the file ends inside <" + n + ">"};
}

void TmxReader::CheckAllClosed(const Pairs& pairs, const char* element) {
  if (pairs.open.empty()) return;
  // Name the earliest unclosed <bpt>.
  auto first = std::min_element(pairs.open.begin(), pairs.open.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
  throw UnitError{first->second, "<bpt i=\"" + first->first + "\"> has no matching <ept i=\"" +
                                     first->first + "\"> before </" + element +
                                     "> (use <it> for an isolated code)"};
}

}  // namespace tmkit
