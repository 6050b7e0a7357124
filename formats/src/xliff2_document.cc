// Xliff2Document: an XLIFF 2.x file kept with its bytes, for pretranslate.
// Fill() records targets; Write() splices them into the original bytes (the
// <segment> start tag, the <target>, and an <mtc:matches> for fuzzy matches),
// leaving every other byte as it was. See doc/formats/xliff2.md.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tmkit/core/language.h"
#include "xliff2_inline.h"
#include "xliff2_parse.h"
#include "xliff2_validate.h"
#include "xliff_format.h"
#include "xml_writer.h"

namespace tmkit::internal {
namespace {

constexpr char kMtcNamespace[] = "urn:oasis:names:tc:xliff:matches:2.0";

struct TagAttr {
  std::string name;
  size_t begin;  // the whitespace before the name
  size_t end;    // after the closing quote
};

// The attributes of the start tag `tag` ("<name a='1' b="2">") and where the
// tag's '>' or "/>" starts.
std::vector<TagAttr> LexTag(const std::string& tag, size_t* close) {
  std::vector<TagAttr> attrs;
  size_t i = 1;
  while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '>' &&
         tag[i] != '/') {
    ++i;
  }
  while (i < tag.size()) {
    size_t ws = i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] == '>' || tag[i] == '/') {
      *close = ws;
      return attrs;
    }
    size_t name_begin = i;
    while (i < tag.size() && tag[i] != '=' && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string name = tag.substr(name_begin, i - name_begin);
    while (i < tag.size() && tag[i] != '"' && tag[i] != '\'') ++i;
    if (i >= tag.size()) break;
    char quote = tag[i];
    size_t end = tag.find(quote, i + 1);
    if (end == std::string::npos) break;
    i = end + 1;
    attrs.push_back({name, ws, i});
  }
  *close = tag.size() - 1;
  return attrs;
}

// `tag` with the attributes of `set` given these values (in place, or added
// at the end) and those of `remove` taken out.
std::string RewriteTag(const std::string& tag,
                       const std::vector<std::pair<std::string, std::string>>& set,
                       const std::vector<std::string>& remove) {
  size_t close = 0;
  std::vector<TagAttr> attrs = LexTag(tag, &close);
  std::string out;
  size_t pos = 0;
  std::set<std::string> done;
  for (const TagAttr& a : attrs) {
    auto it = std::find_if(set.begin(), set.end(), [&](const auto& s) { return s.first == a.name; });
    bool drop = std::find(remove.begin(), remove.end(), a.name) != remove.end();
    if (it == set.end() && !drop) continue;
    out += tag.substr(pos, a.begin - pos);
    pos = a.end;
    if (it != set.end()) {
      out += ' ' + a.name + "=\"";
      xml::AppendEscapedAttr(it->second, &out);
      out += '"';
      done.insert(a.name);
    }
  }
  out += tag.substr(pos, close - pos);
  for (const auto& [name, value] : set) {
    if (done.count(name)) continue;
    out += ' ' + name + "=\"";
    xml::AppendEscapedAttr(value, &out);
    out += '"';
  }
  out += tag.substr(close);
  return out;
}

std::string Prefix(const std::string& qname) {
  size_t colon = qname.find(':');
  return colon == std::string::npos ? "" : qname.substr(0, colon + 1);
}

struct Splice {
  uint64_t begin;
  uint64_t end;
  std::string text;
};

class Xliff2Document final : public XliffDocument {
 public:
  Status Load(const std::string& path, const ReadOptions& options) {
    path_ = path;
    options_ = options;
    std::ifstream in(path, std::ios::binary);
    if (!in) return IOError(path + ": cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    bytes_ = ss.str();
    try {
      Xliff2Scanner scanner(std::make_unique<xml::XmlPullParser>(
                                std::make_unique<xml::MemorySource>(bytes_), path),
                            path, options.reporter);
      scanner.Start();
      root_ = scanner.root();
      version_ = root_.ns == kXliff22Namespace ? XliffVersion::k2_2
                 : root_.version == "2.0"      ? XliffVersion::k2_0
                                               : XliffVersion::k2_1;
      if (scanner.encoding() != "UTF-8") {
        return NotSupported(path + ": the file is in " + scanner.encoding() +
                            "; pretranslate writes XLIFF 2 back byte for byte and needs UTF-8 "
                            "(convert it with iconv first)");
      }
      Xliff2Unit unit;
      std::string previous;
      while (true) {
        try {
          if (!scanner.NextUnit(&unit)) break;
        } catch (const Xliff2UnitError& e) {
          return InvalidInput(path + ":" + std::to_string(e.line) + ": " + e.message);
        }
        if (unit.first_in_file) previous.clear();
        int index = 0;
        for (size_t k = 0; k < unit.parts.size(); ++k) {
          const Xliff2Part& p = unit.parts[k];
          if (p.ignorable) continue;
          ++index;
          XliffSegment s;
          s.id = unit.file_id + "/" + unit.unit_id + "/" +
                 (p.id.empty() ? std::to_string(index) : p.id);
          s.source_lang = root_.src_lang;
          s.target_lang = root_.trg_lang;
          s.source = p.source;
          s.target = p.target;
          s.target_empty = !p.has_target || (p.target.text.empty() && p.target.codes.empty());
          s.state = p.state;
          s.translatable = unit.translate;
          s.previous_source = previous;
          s.line = p.line;
          previous = p.source.text;
          segments_.push_back(std::move(s));
          where_.push_back({units_.size(), k});
        }
        units_.push_back(std::move(unit));
        unit = Xliff2Unit();
      }
    } catch (const xml::XmlError& e) {
      return std::unexpected(e.ToError());
    }
    fills_.resize(segments_.size());
    filled_.assign(segments_.size(), false);
    return {};
  }

  XliffVersion version() const override { return version_; }
  const std::vector<XliffSegment>& segments() const override { return segments_; }

  Status Fill(size_t i, const XliffFill& fill) override {
    if (i >= segments_.size()) {
      return InvalidArgument("segment " + std::to_string(i) + " does not exist (the file has " +
                             std::to_string(segments_.size()) + ")");
    }
    if (root_.trg_lang.empty() && options_.target_lang.empty()) {
      return InvalidArgument(path_ +
                             ": <xliff> has no trgLang; give the target language (--tgt) to "
                             "pretranslate it");
    }
    fills_[i] = fill;
    filled_[i] = true;
    segments_[i].target = fill.target;
    segments_[i].target_empty = fill.target.text.empty() && fill.target.codes.empty();
    segments_[i].state = fill.score >= 100 ? "translated" : "initial";
    return {};
  }

  Status Write(const std::string& path) const override {
    std::vector<Splice> splices;
    if (root_.trg_lang.empty() && std::find(filled_.begin(), filled_.end(), true) != filled_.end()) {
      Result<std::string> tag = NormalizeLanguageTag(options_.target_lang);
      if (!tag) return std::unexpected(Error{ErrorCode::kInvalidArgument, tag.error().message});
      std::string raw = bytes_.substr(root_.begin, root_.start_tag_end - root_.begin);
      splices.push_back({root_.begin, root_.start_tag_end, RewriteTag(raw, {{"trgLang", *tag}}, {})});
    }
    // Per unit: the segments filled below 100 become <mtc:match>es.
    std::vector<std::set<std::string>> unit_ids(units_.size());
    std::vector<std::string> matches(units_.size());
    for (size_t i = 0; i < segments_.size(); ++i) {
      if (!filled_[i]) continue;
      auto [u, k] = where_[i];
      const Xliff2Unit& unit = units_[u];
      const Xliff2Part& part = unit.parts[k];
      const XliffFill& fill = fills_[i];
      if (unit_ids[u].empty()) unit_ids[u] = unit.ids;
      std::string pre = Prefix(part.qname);
      // The target's native codes reuse the unit's <data> with the same text.
      Xliff2DataSink sink = [&unit](const std::string& text) {
        for (const auto& [id, t] : unit.data) {
          if (t == text) return id;
        }
        return std::string();
      };
      Xliff2InlineOptions inline_options{.prefix = pre, .module_attrs = false};
      std::string content;
      if (Status s = AppendXliff2Content(fill.target, sink, inline_options, &content); !s) {
        return std::unexpected(s.error().WithContext(path_ + ":" + std::to_string(part.line)));
      }
      // The <segment> start tag: state, and an id for <mtc:match ref>.
      std::vector<std::pair<std::string, std::string>> set;
      std::string id = part.id;
      bool fuzzy = fill.score < 100;
      if (fuzzy && id.empty()) {
        int n = 1;
        do id = "tk-s" + std::to_string(n++);
        while (unit_ids[u].count(id));
        unit_ids[u].insert(id);
        set.push_back({"id", id});
      }
      std::vector<std::string> remove;
      if (!fuzzy) {
        set.push_back({"state", "translated"});
        remove.push_back("subState");
      } else if (!part.state.empty() && part.state != "initial") {
        set.push_back({"state", "initial"});
        remove.push_back("subState");
      }
      if (!set.empty() || !remove.empty()) {
        std::string raw = bytes_.substr(part.begin, part.start_tag_end - part.begin);
        splices.push_back({part.begin, part.start_tag_end, RewriteTag(raw, set, remove)});
      }
      // The <target>.
      if (part.has_target) {
        std::string raw = bytes_.substr(part.target_begin, part.target_end - part.target_begin);
        std::string start = raw;
        std::string qname = pre + "target";
        if (part.target_self_closing) {
          size_t slash = start.rfind('/');
          start = start.substr(0, slash) + ">";
        } else {
          size_t gt = 0;
          // The start tag ends at the first '>' outside quotes.
          char quote = 0;
          for (; gt < raw.size(); ++gt) {
            if (quote) {
              if (raw[gt] == quote) quote = 0;
            } else if (raw[gt] == '"' || raw[gt] == '\'') {
              quote = raw[gt];
            } else if (raw[gt] == '>') {
              break;
            }
          }
          start = raw.substr(0, gt + 1);
        }
        splices.push_back({part.target_begin, part.target_end, start + content + "</" + qname + ">"});
      } else {
        // XLIFF 2 wants the <target>'s xml:space to be the <source>'s: a
        // value written on the source is written on the new target too.
        std::string space;
        if (!part.source_space.empty()) {
          space = " xml:space=\"";
          xml::AppendEscapedAttr(part.source_space, &space);
          space += '"';
        }
        splices.push_back({part.source_end, part.source_end,
                           "<" + pre + "target" + space + ">" + content + "</" + pre + "target>"});
      }
      if (fuzzy) {
        std::string mp = unit.has_matches ? unit.matches_prefix : "mtc";
        std::string mq = mp.empty() ? "match" : mp + ":match";
        std::string m = "<" + mq;
        auto attr = [&m](const char* name, const std::string& value) {
          m += ' ';
          m += name;
          m += "=\"";
          xml::AppendEscapedAttr(value, &m);
          m += '"';
        };
        attr("ref", "#" + id);
        attr("matchQuality", std::to_string(std::clamp(fill.score, 0, 100)));
        if (!fill.origin.empty()) attr("origin", fill.origin);
        m += "><" + pre + "source>";
        std::string src;
        Xliff2InlineOptions plain{.prefix = pre, .module_attrs = false};
        if (Status s = AppendXliff2Content(fill.match_source, {}, plain, &src); !s) return s;
        m += src + "</" + pre + "source><" + pre + "target>";
        std::string trg;
        const bool stored = !fill.match_target.text.empty() || !fill.match_target.codes.empty();
        if (Status s = AppendXliff2Content(stored ? fill.match_target : fill.target, {}, plain, &trg);
            !s) {
          return s;
        }
        m += trg + "</" + pre + "target></" + mq + ">";
        matches[u] += m;
      }
    }
    for (size_t u = 0; u < units_.size(); ++u) {
      if (matches[u].empty()) continue;
      const Xliff2Unit& unit = units_[u];
      if (unit.has_matches) {
        splices.push_back({unit.matches_end_tag, unit.matches_end_tag, matches[u]});
      } else {
        std::string raw = bytes_.substr(unit.begin, unit.start_tag_end - unit.begin);
        splices.push_back(
            {unit.begin, unit.start_tag_end, RewriteTag(raw, {{"xmlns:mtc", kMtcNamespace}}, {})});
        splices.push_back({unit.start_tag_end, unit.start_tag_end,
                           "<mtc:matches>" + matches[u] + "</mtc:matches>"});
      }
    }
    std::stable_sort(splices.begin(), splices.end(), [](const Splice& a, const Splice& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
    if (!out) return std::unexpected(out.error());
    uint64_t pos = 0;
    for (const Splice& s : splices) {
      (*out)->Write(std::string_view(bytes_).substr(pos, s.begin - pos));
      (*out)->Write(s.text);
      pos = s.end;
    }
    (*out)->Write(std::string_view(bytes_).substr(pos));
    return (*out)->Commit();
  }

 private:
  std::string path_;
  ReadOptions options_;
  std::string bytes_;
  XliffVersion version_ = XliffVersion::k2_1;
  Xliff2Root root_;
  std::vector<Xliff2Unit> units_;
  std::vector<XliffSegment> segments_;
  std::vector<std::pair<size_t, size_t>> where_;  // segment → (unit, part)
  std::vector<XliffFill> fills_;
  std::vector<bool> filled_;
};

}  // namespace

Result<std::unique_ptr<XliffDocument>> OpenXliff2Document(const std::string& path,
                                                          const ReadOptions& options) {
  if (Status valid = ValidateXliff2(path); !valid) return std::unexpected(valid.error());
  auto doc = std::make_unique<Xliff2Document>();
  if (Status s = doc->Load(path, options); !s) return std::unexpected(s.error());
  return doc;
}

}  // namespace tmkit::internal
