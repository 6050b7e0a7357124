// Xliff12Document: an XLIFF 1.2 (or 1.1) file kept with its bytes for
// pretranslate (reached through XliffDocument::Open in xliff.h). Fill()
// records a target; Write() splices the new <target>s (and <alt-trans> for
// fuzzy matches) into the original bytes and copies everything else as it
// was. See doc/formats/xliff12.md for the states written.
//
// Offsets come from the XML parser, which counts bytes of the decoded UTF-8
// stream: a file in another encoding is converted to UTF-8 first, its XML
// declaration saying so, and is written back in UTF-8.
#include <unicode/ucnv.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "xliff12_inline.h"
#include "xliff12_parser.h"
#include "xliff_format.h"
#include "xml_writer.h"

namespace tmkit {
namespace {

using xliff12::AppendAttr;
using xliff12::ParsedUnit;
using xliff12::Span;

struct Edit {
  uint64_t begin, end;
  std::string text;
};

bool IsUtf8(std::string encoding) {
  std::transform(encoding.begin(), encoding.end(), encoding.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return encoding.empty() || encoding == "UTF-8" || encoding == "US-ASCII";
}

// `bytes` (in `encoding`) as UTF-8, with the encoding of the XML declaration
// changed to UTF-8.
Result<std::string> ToUtf8(const std::string& bytes, const std::string& encoding,
                           const std::string& path) {
  UErrorCode err = U_ZERO_ERROR;
  int32_t size = ucnv_convert("UTF-8", encoding.c_str(), nullptr, 0, bytes.data(),
                              static_cast<int32_t>(bytes.size()), &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
    return InvalidInput(path + ": cannot convert from " + encoding + " to UTF-8");
  }
  std::string out(static_cast<size_t>(size), '\0');
  err = U_ZERO_ERROR;
  ucnv_convert("UTF-8", encoding.c_str(), out.data(), size, bytes.data(),
               static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return InvalidInput(path + ": cannot convert from " + encoding + " to UTF-8");
  size_t start = out.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (out.compare(start, 5, "<?xml") == 0) {
    size_t decl_end = out.find("?>", start);
    size_t enc = out.find("encoding", start);
    if (enc != std::string::npos && enc < decl_end) {
      size_t q1 = out.find_first_of("\"'", enc);
      size_t q2 = q1 == std::string::npos ? q1 : out.find(out[q1], q1 + 1);
      if (q2 != std::string::npos && q2 < decl_end) out.replace(q1 + 1, q2 - q1 - 1, "UTF-8");
    }
  }
  return out;
}

bool Empty(const Segment& s) { return s.text.empty() && s.codes.empty(); }

class Xliff12Document final : public XliffDocument {
 public:
  static Result<std::unique_ptr<XliffDocument>> Open(const std::string& path,
                                                     const ReadOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return IOError("cannot open '" + path + "' for reading");
    std::stringstream ss;
    ss << in.rdbuf();
    std::unique_ptr<Xliff12Document> doc(new Xliff12Document());
    doc->bytes_ = ss.str();
    std::string encoding;
    try {
      xml::XmlPullParser probe(std::make_unique<xml::MemorySource>(doc->bytes_), path);
      xml::XmlEvent ev;
      probe.Next(&ev);
      encoding = probe.encoding();
    } catch (const xml::XmlError& e) {
      return InvalidInput(e.what());
    }
    if (!IsUtf8(encoding)) {
      Result<std::string> utf8 = ToUtf8(doc->bytes_, encoding, path);
      if (!utf8) return std::unexpected(utf8.error());
      doc->bytes_ = std::move(*utf8);
    }
    if (Status s = doc->Parse(path, options); !s) return std::unexpected(s.error());
    return std::unique_ptr<XliffDocument>(std::move(doc));
  }

  XliffVersion version() const override { return XliffVersion::k1_2; }
  const std::vector<XliffSegment>& segments() const override { return segments_; }

  Status Fill(size_t i, const XliffFill& fill) override {
    if (i >= segments_.size()) {
      return InvalidArgument("segment " + std::to_string(i) + " does not exist (the document has " +
                             std::to_string(segments_.size()) + ")");
    }
    std::string probe;
    if (Status s = xliff12::AppendSegment(fill.target, &probe); !s) return s;
    if (Status s = xliff12::AppendSegment(fill.match_source, &probe); !s) return s;
    if (Status s = xliff12::AppendSegment(fill.match_target, &probe); !s) return s;
    if (Status s = xliff12::CheckText(fill.origin, "the origin"); !s) return s;
    fills_[i] = fill;
    XliffSegment& seg = segments_[i];
    seg.target = fill.target;
    seg.target_empty = Empty(fill.target);
    seg.state = fill.score >= 100 ? "translated" : "needs-review-translation";
    return {};
  }

  Status Write(const std::string& path) const override {
    std::vector<Edit> edits;
    for (size_t u = 0; u < units_.size(); ++u) UnitEdits(u, &edits);
    std::stable_sort(edits.begin(), edits.end(),
                     [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
    Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
    if (!out) return std::unexpected(out.error());
    uint64_t pos = 0;
    for (const Edit& e : edits) {
      (*out)->Write(std::string_view(bytes_).substr(pos, e.begin - pos));
      (*out)->Write(e.text);
      pos = e.end;
    }
    (*out)->Write(std::string_view(bytes_).substr(pos));
    return (*out)->Commit();
  }

 private:
  struct Ref {
    size_t unit;
    size_t segment;
  };

  Status Parse(const std::string& path, const ReadOptions& options) {
    xliff12::Parser parser(std::make_unique<xml::MemorySource>(bytes_), path, options);
    ParsedUnit unit;
    while (true) {
      Result<bool> more = parser.Next(&unit);
      if (!more) return std::unexpected(more.error());
      if (!*more) break;
      for (size_t j = 0; j < unit.segments.size(); ++j) AddSegment(unit, j);
      units_.push_back(std::move(unit));
    }
    fills_.resize(segments_.size());
    return {};
  }

  void AddSegment(const ParsedUnit& unit, size_t j) {
    const xliff12::ParsedSegment& s = unit.segments[j];
    XliffSegment seg;
    seg.id = unit.file_key + "/" + unit.id + (s.mid.empty() ? "" : "/" + s.mid);
    seg.source_lang = unit.source_lang;
    seg.target_lang = unit.target_lang;
    seg.source = s.source;
    seg.target = s.target;
    seg.target_empty = !s.has_target || Empty(s.target);
    seg.state = unit.state;
    seg.translatable = unit.translatable;
    seg.line = s.line;
    if (j == 0) first_segment_.push_back(segments_.size());
    if (!refs_.empty()) {
      const Ref& prev = refs_.back();
      const ParsedUnit& prev_unit = prev.unit == units_.size() ? unit : units_[prev.unit];
      if (prev_unit.file_index == unit.file_index) {
        seg.previous_source = prev_unit.segments[prev.segment].source.text;
      }
    }
    refs_.push_back(Ref{units_.size(), j});
    segments_.push_back(std::move(seg));
  }

  // "xlf:" when the document's XLIFF elements are prefixed.
  std::string PrefixAt(uint64_t tag_begin, std::string_view local) const {
    size_t name_end = bytes_.find(local, tag_begin + 1);
    return bytes_.substr(tag_begin + 1, name_end - tag_begin - 1);
  }

  // What goes before an element inserted as a sibling of the one at
  // `begin`: a line break and its indentation when it starts a line, else nothing.
  std::string NewlineIndent(uint64_t begin) const {
    size_t nl = bytes_.rfind('\n', begin);
    if (nl == std::string::npos) return "";
    std::string indent = bytes_.substr(nl + 1, begin - nl - 1);
    if (indent.find_first_not_of(" \t") != std::string::npos) return "";
    return (nl > 0 && bytes_[nl - 1] == '\r' ? "\r\n" : "\n") + indent;
  }

  static std::string Qualifier(int score) { return score >= 100 ? "exact-match" : "fuzzy-match"; }

  // <target …> keeping the attributes of an existing target except its state.
  std::string TargetStart(const ParsedUnit& unit, const std::string& prefix,
                          const std::string& state, const std::string& qualifier) const {
    std::string out = "<" + prefix + "target";
    for (const Attribute& a : unit.target_attrs) {
      if (a.name != "state" && a.name != "state-qualifier") AppendAttr(a.name, a.value, &out);
    }
    AppendAttr("state", state, &out);
    if (!qualifier.empty()) AppendAttr("state-qualifier", qualifier, &out);
    return out + ">";
  }

  std::string AltTrans(const XliffFill& fill, const std::string& mid,
                       const std::string& prefix) const {
    std::string out = "<" + prefix + "alt-trans";
    if (!mid.empty()) AppendAttr("mid", mid, &out);
    AppendAttr("match-quality", std::to_string(fill.score), &out);
    if (!fill.origin.empty()) AppendAttr("origin", fill.origin, &out);
    out += ">";
    if (!Empty(fill.match_source)) {
      out += "<" + prefix + "source>";
      (void)xliff12::AppendSegment(fill.match_source, &out, prefix);  // checked by Fill
      out += "</" + prefix + "source>";
    }
    out += "<" + prefix + "target>";
    const bool stored = !Empty(fill.match_target);  // the stored target, not the adapted one
    (void)xliff12::AppendSegment(stored ? fill.match_target : fill.target, &out, prefix);
    out += "</" + prefix + "target></" + prefix + "alt-trans>";
    return out;
  }

  std::string Markup(const Segment& segment, const std::string& prefix) const {
    std::string out;
    (void)xliff12::AppendSegment(segment, &out, prefix);  // checked by Fill
    return out;
  }

  void UnitEdits(size_t u, std::vector<Edit>* edits) const {
    const ParsedUnit& unit = units_[u];
    std::vector<std::pair<size_t, const XliffFill*>> filled;  // segment index in unit, fill
    for (size_t j = 0; j < unit.segments.size(); ++j) {
      const std::optional<XliffFill>& fill = fills_[first_segment_[u] + j];
      if (fill) filled.emplace_back(j, &*fill);
    }
    if (filled.empty()) return;
    const std::string prefix = PrefixAt(unit.source_element.begin, "source");
    const std::string nl = NewlineIndent(unit.source_element.begin);
    // The state of the whole <target>: translated only when every segment
    // has a target and every fill is an exact match.
    int min_score = 101;
    for (const auto& f : filled) min_score = std::min(min_score, f.second->score);
    bool complete = true;
    for (size_t j = 0; j < unit.segments.size(); ++j) {
      bool has_fill =
          std::any_of(filled.begin(), filled.end(), [&](const auto& f) { return f.first == j; });
      const xliff12::ParsedSegment& s = unit.segments[j];
      if (!has_fill && (!s.has_target || Empty(s.target))) complete = false;
    }
    std::string state = min_score >= 100 && complete ? "translated" : "needs-review-translation";
    std::string qualifier =
        min_score >= 100 ? (complete ? Qualifier(min_score) : "") : Qualifier(min_score);
    std::string alts;
    for (const auto& [j, fill] : filled) {
      if (fill->score < 100) alts += nl + AltTrans(*fill, unit.segments[j].mid, prefix);
    }
    const bool rebuild = !unit.has_target || unit.target_end_tag.begin == unit.target_end_tag.end;
    if (!unit.segmented) {
      std::string target = TargetStart(unit, prefix, state, qualifier) +
                           Markup(filled.front().second->target, prefix) + "</" + prefix +
                           "target>";
      if (unit.has_target) {
        edits->push_back({unit.target_element.begin, unit.target_element.end, target + alts});
      } else {
        uint64_t at = InsertionPoint(unit);
        edits->push_back({at, at, nl + target + alts});
      }
      return;
    }
    if (rebuild) {
      std::string target = TargetStart(unit, prefix, state, qualifier) +
                           SegmentedContent(unit, filled, prefix) + "</" + prefix + "target>";
      if (unit.has_target) {
        edits->push_back({unit.target_element.begin, unit.target_element.end, target + alts});
      } else {
        uint64_t at = InsertionPoint(unit);
        edits->push_back({at, at, nl + target + alts});
      }
      return;
    }
    edits->push_back({unit.target_start_tag.begin, unit.target_start_tag.end,
                      TargetStart(unit, prefix, state, qualifier)});
    std::string missing;
    for (const auto& [j, fill] : filled) {
      const xliff12::ParsedSegment& s = unit.segments[j];
      if (s.has_target) {
        edits->push_back(
            {s.target_content.begin, s.target_content.end, Markup(fill->target, prefix)});
      } else {
        missing += SegMrk(s.mid, Markup(fill->target, prefix), prefix);
      }
    }
    if (!missing.empty()) {
      edits->push_back({unit.target_end_tag.begin, unit.target_end_tag.begin, missing});
    }
    if (!alts.empty()) edits->push_back({unit.target_element.end, unit.target_element.end, alts});
  }

  static std::string SegMrk(const std::string& mid, const std::string& content,
                            const std::string& prefix) {
    std::string out = "<" + prefix + "mrk mtype=\"seg\"";
    AppendAttr("mid", mid, &out);
    return out + ">" + content + "</" + prefix + "mrk>";
  }

  // Where a new <target> goes: after <seg-source>, else after <source>.
  static uint64_t InsertionPoint(const ParsedUnit& unit) {
    return unit.seg_source_element.end ? unit.seg_source_element.end : unit.source_element.end;
  }

  // The <seg-source> content with each segment's source replaced by its
  // fill (or emptied): the target's segmentation markup.
  std::string SegmentedContent(const ParsedUnit& unit,
                               const std::vector<std::pair<size_t, const XliffFill*>>& filled,
                               const std::string& prefix) const {
    std::string out;
    uint64_t pos = unit.seg_source_content.begin;
    for (size_t j = 0; j < unit.segments.size(); ++j) {
      const xliff12::ParsedSegment& s = unit.segments[j];
      out.append(bytes_, pos, s.source_content.begin - pos);
      auto f =
          std::find_if(filled.begin(), filled.end(), [&](const auto& p) { return p.first == j; });
      if (f != filled.end()) {
        out += Markup(f->second->target, prefix);
      } else if (s.has_target) {
        out += Markup(s.target, prefix);
      }
      pos = s.source_content.end;
    }
    out.append(bytes_, pos, unit.seg_source_content.end - pos);
    return out;
  }

  std::string bytes_;  // the document in UTF-8
  std::vector<ParsedUnit> units_;
  std::vector<Ref> refs_;              // segment → unit and segment in it
  std::vector<size_t> first_segment_;  // unit → its first segment
  std::vector<XliffSegment> segments_;
  std::vector<std::optional<XliffFill>> fills_;
};

}  // namespace

namespace internal {

Result<std::unique_ptr<XliffDocument>> OpenXliff12Document(const std::string& path,
                                                           const ReadOptions& options) {
  return Xliff12Document::Open(path, options);
}

}  // namespace internal
}  // namespace tmkit
