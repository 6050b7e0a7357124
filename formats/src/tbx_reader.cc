// TBX reader: TBX v3 (ISO 30042:2019, DCA and DCT, any dialect) and TBX 2008
// (martif; tig and ntig), told apart by the root element and namespace.
//
// The whole file is read on the first Next(): each concept entry becomes a
// small tree (the pull parser streams; entries are small), is checked and
// mapped to a TermEntry. References (target="...") are checked once every id
// of the file is known, so a reference to the back matter or to a later entry
// resolves. Errors are "file:line: what was expected, what was found".
// doc/formats/tbx.md lists the mapping and the rules.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "tbx_format.h"
#include "tbx_glossary.h"
#include "xml_cursor.h"
#include "tmkit/core/date.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "xml_pull_parser.h"

namespace tmkit {
namespace {

using xml::XmlEvent;
using xml::XmlEventType;

struct UnitError {
  int line;
  std::string message;
};

struct Node {
  std::string name;   // local name
  std::string qname;  // as written
  bool tbx = true;    // in the TBX namespace (v3) or in none (2008)
  std::vector<xml::XmlAttribute> attrs;
  std::vector<Node> children;
  std::string text;  // all character data inside, in order
  std::string lead;  // character data before the first child element
  int line = 0;

  const std::string* Attr(std::string_view local) const {
    for (const xml::XmlAttribute& a : attrs) {
      if (a.ns_uri.empty() && a.local_name == local) return &a.value;
    }
    return nullptr;
  }
  std::string Lang() const {
    for (const xml::XmlAttribute& a : attrs) {
      if (a.ns_uri == xml::kXmlNamespace && a.local_name == "lang") return a.value;
    }
    return "";
  }
};

bool IsSpace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::string Clean(std::string_view s) {
  std::string folded = FoldWhitespace(s);
  return IsValidUtf8(folded) ? ToNfc(folded) : folded;
}

bool IsHttp(std::string_view s) {
  return (s.starts_with("http://") && s.size() > 7) || (s.starts_with("https://") && s.size() > 8);
}

// One data category as read: <descrip type="definition">, <min:partOfSpeech>...
struct Item {
  std::string element;  // admin, descrip, termNote, ref, xref, transac, transacNote, note
  std::string type;
  std::string text;
  std::string lang;
  int line = 0;
};

// An XCS file (TBX 2008 dialect definition) named by <p type="XCSURI">.
struct Xcs {
  std::string file;
  std::vector<std::string> languages;
  // element ("descrip") → type → picklist (empty: free text)
  std::map<std::string, std::map<std::string, std::vector<std::string>>> specs;
};

class TbxReader final : public EntryReader, private xml::XmlCursor {
 public:
  TbxReader(std::string path, GlossaryReadOptions options)
      : XmlCursor(nullptr, path, options.reporter),  // the parser opens on the first Next()
        path_(std::move(path)),
        options_(std::move(options)) {}

  Result<bool> Next(TermEntry* entry) override;
  uint64_t bytes_read() const override { return parser_ ? parser_->bytes_consumed() : 0; }

 private:
  struct Pending {
    TermEntry entry;
    int line = 0;
    std::vector<std::pair<std::string, int>> targets;  // IDREFs to check
  };

  void ReadProlog();
  void ReadTextChild();
  void ReadBodyChild();
  void CheckTargets();
  bool FrontReady() const;
  std::string Dangling(const std::string& target, int line) const;
  void Skip(int entry_line, int line, const std::string& message);
  bool Advance(XmlEvent* ev);
  // Moves the start event's names and attributes into the node.
  Node BuildNode(XmlEvent& start);
  void ReadRoot(const XmlEvent& root);
  void ReadHeader(const Node& header);
  void LoadXcs(const std::string& uri, int line);
  void CollectIds(const Node& n, Pending* pending);

  // Mapping (throw UnitError).
  TermEntry MapEntry(const Node& n);
  void MapConceptData(const Node& n, TermEntry* e);
  void MapLangSec(const Node& n, TermEntry* e);
  void MapTermSec(const Node& n, const std::string& lang, const std::string& definition,
                  TermEntry* e);
  void MapTermData(const Node& n, Term* t, bool* seen_aux);
  void MapTermItem(const Item& item, Term* t);
  Item ToItem(const Node& n);
  bool IsDataElement(const Node& n) const;
  void CheckItem(const Item& item);
  void CheckLang(const std::string& lang, int line);
  void MapTransacGrp(const Node& n, Provenance* p, std::vector<Prop>* extra,
                     const std::string& lang);
  bool MapTmkitNote(const Node& n, std::vector<Prop>* extra, Term* t);
  [[noreturn]] void Unexpected(const Node& n, std::string_view parent, std::string_view expected);

  std::string path_;
  GlossaryReadOptions options_;
  bool started_ = false, in_body_ = false, at_end_ = false, checked_ = false;
  bool seen_body_ = false, seen_back_ = false;
  std::optional<Error> load_error_;
  std::deque<Pending> entries_;  // read, not yet handed out

  bool v3_ = false;
  bool basic_ = false;  // the file declares TBX-Basic
  std::string dialect_;
  std::string style_;  // v3: dca or dct
  std::optional<Xcs> xcs_;
  std::set<std::string> ids_;
  std::vector<std::pair<std::string, int>> other_targets_;  // header and back matter
};

bool TbxReader::Advance(XmlEvent* ev) {
  if (!parser_->Next(ev)) return false;
  if (ev->type == XmlEventType::kStartElement) ++depth_;
  if (ev->type == XmlEventType::kEndElement) --depth_;
  return true;
}

Node TbxReader::BuildNode(XmlEvent& start) {
  Node n;
  n.name = std::move(start.local_name);
  n.qname = std::move(start.qname);
  n.tbx = v3_ ? (start.ns_uri == tbx::kNamespaceV3 || start.ns_uri == tbx::kNamespaceV3Draft)
              : start.ns_uri.empty();
  n.attrs = std::move(start.attributes);
  n.line = start.line;
  XmlEvent ev;
  while (Advance(&ev)) {
    switch (ev.type) {
      case XmlEventType::kText:
        n.text += ev.text;
        if (n.children.empty()) n.lead += ev.text;
        break;
      case XmlEventType::kStartElement: {
        Node child = BuildNode(ev);
        n.text += child.text;
        n.children.push_back(std::move(child));
        break;
      }
      case XmlEventType::kEndElement:
        return n;
      default:
        break;
    }
  }
  throw xml::XmlError(path_, parser_->line(), "the file ends inside <" + n.qname + ">");
}

void TbxReader::CollectIds(const Node& n, Pending* pending) {
  if (const std::string* id = n.Attr("id")) {
    if (!ids_.insert(*id).second) {
      throw UnitError{
          n.line, "id " + QuotedForMessage(*id) + " is used twice (TBX: ids are unique in a file)"};
    }
  }
  if (const std::string* target = n.Attr("target")) {
    // 2008: xref targets are URIs (CDATA); every other target is an IDREF.
    // v3 (core rule of the dialect Schematrons): an IDREF or an http(s) URI.
    bool check = v3_ ? !IsHttp(*target) : (n.name != "xref");
    if (check) {
      if (pending)
        pending->targets.push_back({*target, n.line});
      else
        other_targets_.push_back({*target, n.line});
    }
  }
  for (const Node& c : n.children) CollectIds(c, pending);
}

void TbxReader::ReadRoot(const XmlEvent& root) {
  if (root.local_name == "tbx" &&
      (root.ns_uri == tbx::kNamespaceV3 || root.ns_uri == tbx::kNamespaceV3Draft)) {
    v3_ = true;
    if (root.ns_uri == tbx::kNamespaceV3Draft) {
      Warn(root.line, "namespace " + std::string(tbx::kNamespaceV3Draft) +
                          " is a TBX v3 draft; read as ISO 30042:2019 (" +
                          std::string(tbx::kNamespaceV3) + ")");
    }
    const std::string* style = root.Attr("style");
    if (style) style_ = *style;
    if (style && *style != "dca" && *style != "dct") {
      throw xml::XmlError(path_, root.line,
                          "<tbx> style: expected dca or dct, found " + QuotedForMessage(*style));
    }
    if (!root.Attr(xml::kXmlNamespace, "lang")) {
      Warn(root.line, "<tbx> has no xml:lang (TBX v3 requires it)");
    }
  } else if (root.local_name == "martif" && root.ns_uri.empty()) {
    v3_ = false;
  } else if (root.local_name == "tbx") {
    throw xml::XmlError(path_, root.line,
                        "expected <tbx> in namespace " + std::string(tbx::kNamespaceV3) +
                            " (TBX v3), found namespace " +
                            QuotedForMessage(root.ns_uri.empty() ? "none" : root.ns_uri));
  } else {
    throw xml::XmlError(path_, root.line,
                        "expected a TBX document (root element <tbx> or <martif>), found <" +
                            root.qname + ">");
  }
  if (const std::string* type = root.Attr("type")) dialect_ = *type;
  basic_ = dialect_ == "TBX-Basic";
  if (v3_ && !dialect_.starts_with("TBX-")) {
    throw xml::XmlError(
        path_, root.line,
        "<tbx> type: expected a dialect name such as TBX-Basic or TBX-Core, found " +
            QuotedForMessage(dialect_.empty() ? "none" : dialect_));
  }
}

void TbxReader::LoadXcs(const std::string& uri, int line) {
  std::string name = Clean(uri);
  namespace fs = std::filesystem;
  bool local = !name.empty() && name.find("://") == std::string::npos && name[0] != '/' &&
               name.find("..") == std::string::npos;
  fs::path file = fs::path(path_).parent_path() / name;
  std::error_code ec;
  if (!local || !fs::is_regular_file(file, ec)) {
    // The published TBX-Basic XCS (which tmkit's own exports name) says
    // nothing the built-in TBX-Basic checks do not.
    const std::string base = fs::path(name).filename().string();
    if (basic_ && base.starts_with("TBXBasicXCS") && base.ends_with(".xcs")) return;
    Warn(line, "the XCS " + QuotedForMessage(name) +
                   " is not beside the file (nothing is fetched); " +
                   (basic_ ? "data categories are checked against TBX-Basic"
                           : "data categories are not checked"));
    return;
  }
  Xcs xcs;
  xcs.file = name;
  try {
    xml::XmlPullParser p(std::make_unique<xml::FileSource>(file.string()), file.string());
    XmlEvent ev;
    std::string spec_kind, spec_name, text;
    bool picklist = false;
    while (p.Next(&ev)) {
      if (ev.type == XmlEventType::kStartElement) {
        text.clear();
        if (ev.local_name.ends_with("Spec") && ev.local_name != "itemSpec") {
          spec_kind = ev.local_name.substr(0, ev.local_name.size() - 4);
          const std::string* n = ev.Attr("name");
          spec_name = n ? *n : "";
          xcs.specs[spec_kind][spec_name];
        } else if (ev.local_name == "contents") {
          const std::string* dt = ev.Attr("datatype");
          picklist = dt && *dt == "picklist";
        }
      } else if (ev.type == XmlEventType::kText) {
        text += ev.text;
      } else if (ev.type == XmlEventType::kEndElement) {
        if (ev.local_name == "langCode") xcs.languages.push_back(Clean(text));
        if (ev.local_name == "contents" && picklist && !spec_kind.empty()) {
          std::vector<std::string>& values = xcs.specs[spec_kind][spec_name];
          std::string folded = Clean(text);
          for (size_t at = 0; at < folded.size();) {
            size_t sp = folded.find(' ', at);
            if (sp == std::string::npos) sp = folded.size();
            values.push_back(folded.substr(at, sp - at));
            at = sp + 1;
          }
          picklist = false;
        }
        text.clear();
      }
    }
  } catch (const xml::XmlError& e) {
    Warn(line, "the XCS " + QuotedForMessage(name) + " cannot be read (" + e.what() +
                   "); it is not applied");
    return;
  }
  xcs_ = std::move(xcs);
}

void TbxReader::ReadHeader(const Node& header) {
  std::function<void(const Node&)> walk = [&](const Node& n) {
    if (n.name == "p") {
      const std::string* type = n.Attr("type");
      if (type && *type == "XCSURI") LoadXcs(n.text, n.line);
    }
    for (const Node& c : n.children) walk(c);
  };
  walk(header);
}

// The file is read in steps, so that entries stream out while the rest is
// parsed: ReadProlog up to <text>, ReadTextChild for what <text> holds,
// ReadBodyChild for one entry at a time, and at the end CheckTargets.
void TbxReader::ReadProlog() {
  parser_ = std::make_unique<xml::XmlPullParser>(std::make_unique<xml::FileSource>(path_), path_);
  XmlEvent ev;
  while (true) {
    if (!Advance(&ev)) throw xml::XmlError(path_, parser_->line(), "the file has no root element");
    if (ev.type == XmlEventType::kStartElement) break;
  }
  ReadRoot(ev);
  const std::string_view header_name = v3_ ? "tbxHeader" : "martifHeader";
  const std::string_view root_name = v3_ ? "tbx" : "martif";
  bool seen_header = false;
  while (Advance(&ev)) {
    if (ev.type == XmlEventType::kText) continue;
    if (ev.type == XmlEventType::kEndElement) break;  // </tbx>
    if (ev.type != XmlEventType::kStartElement) continue;
    if (ev.local_name == header_name && !seen_header) {
      Node header = BuildNode(ev);
      seen_header = true;
      try {
        CollectIds(header, nullptr);
      } catch (const UnitError& e) {
        throw xml::XmlError(path_, e.line, e.message);
      }
      ReadHeader(header);
      continue;
    }
    if (ev.local_name != "text") {
      throw xml::XmlError(path_, ev.line,
                          "expected <" + std::string(seen_header ? "text" : header_name) +
                              "> in <" + std::string(root_name) + ">, found <" + ev.qname + ">");
    }
    if (!seen_header) {
      throw xml::XmlError(path_, ev.line,
                          "expected <" + std::string(header_name) + "> before <text>");
    }
    return;  // inside <text>
  }
  throw xml::XmlError(path_, parser_->line(), "the file has no <text> element");
}

void TbxReader::ReadTextChild() {
  XmlEvent ev;
  while (Advance(&ev)) {
    if (ev.type == XmlEventType::kEndElement) {  // </text>: nothing may follow but </tbx>
      while (Advance(&ev)) {
        if (ev.type == XmlEventType::kStartElement) {
          throw xml::XmlError(path_, ev.line,
                              "expected the end of the file after <text>, found <" + ev.qname + ">");
        }
      }
      at_end_ = true;
      return;
    }
    if (ev.type != XmlEventType::kStartElement) continue;
    if (ev.local_name == "back" && !seen_back_) {
      seen_back_ = true;
      Node back = BuildNode(ev);
      try {
        CollectIds(back, nullptr);
      } catch (const UnitError& e) {
        throw xml::XmlError(path_, e.line, e.message);
      }
      continue;
    }
    if (ev.local_name != "body" || seen_body_ || seen_back_) {
      throw xml::XmlError(path_, ev.line,
                          "expected <body> then <back> in <text>, found <" + ev.qname + ">");
    }
    seen_body_ = in_body_ = true;
    return;
  }
  at_end_ = true;  // the parser reports a truncated file itself
}

void TbxReader::ReadBodyChild() {
  const std::string_view entry_name = v3_ ? "conceptEntry" : "termEntry";
  XmlEvent ev;
  while (Advance(&ev)) {
    if (ev.type == XmlEventType::kEndElement) {  // </body>
      in_body_ = false;
      return;
    }
    if (ev.type == XmlEventType::kText) {
      if (!IsSpace(ev.text)) WarnOnce("body-text", ev.line, "text directly in <body> is ignored");
      continue;
    }
    if (ev.type != XmlEventType::kStartElement) continue;
    int line = ev.line;
    if (ev.local_name != entry_name) {
      throw xml::XmlError(path_, line,
                          "expected <" + std::string(entry_name) + "> in <body>, found <" +
                              ev.qname + ">");
    }
    Node node = BuildNode(ev);
    try {
      Pending pending;
      pending.line = line;
      CollectIds(node, &pending);
      pending.entry = MapEntry(node);
      entries_.push_back(std::move(pending));
    } catch (const UnitError& e) {
      Skip(line, e.line, e.message);
    }
    return;
  }
  in_body_ = false;
}

std::string TbxReader::Dangling(const std::string& target, int line) const {
  return path_ + ":" + std::to_string(line) + ": target " + QuotedForMessage(target) +
         " matches no id in the file (TBX rule: target is an IDREF to an element's id" +
         (v3_ ? std::string(", or an http(s) URI") : std::string()) + ")";
}

void TbxReader::Skip(int entry_line, int line, const std::string& message) {
  if (options_.on_error == OnBadInput::kFail) {
    throw Error{ErrorCode::kInvalidInput, path_ + ":" + std::to_string(line) + ": " + message,
                true};
  }
  if (options_.reporter) {
    options_.reporter->Report(Problem{Problem::Severity::kSkipped, path_, line,
                                      "the entry at line " + std::to_string(entry_line) + ": " +
                                          message});
  }
}

// Referential integrity: every target names an id of the file (or is an
// http(s) URI in v3). No schema checks it; the LTAC bad-target sample needs
// it. Called once the whole file is read.
void TbxReader::CheckTargets() {
  for (const auto& [target, line] : other_targets_) {
    if (!ids_.contains(target)) throw Error{ErrorCode::kInvalidInput, Dangling(target, line)};
  }
  std::deque<Pending> kept;
  for (Pending& p : entries_) {
    auto bad = std::find_if(p.targets.begin(), p.targets.end(),
                            [&](const auto& t) { return !ids_.contains(t.first); });
    if (bad == p.targets.end()) {
      kept.push_back(std::move(p));
    } else if (options_.on_error == OnBadInput::kFail) {
      throw Error{ErrorCode::kInvalidInput, Dangling(bad->first, bad->second), true};
    } else if (options_.reporter) {
      options_.reporter->Report(Problem{Problem::Severity::kSkipped, path_, bad->second,
                                        "the entry at line " + std::to_string(p.line) + ": " +
                                            Dangling(bad->first, bad->second)});
    }
  }
  entries_ = std::move(kept);
}

// An entry goes out once every id it names has been seen (at once, for most
// entries: the file streams); one that names a later id holds back those
// after it, so that entries keep the file's order. A file whose header or
// back matter names a missing id fails at the end, before the import commits.
bool TbxReader::FrontReady() const {
  if (entries_.empty()) return false;
  if (checked_) return true;
  const Pending& p = entries_.front();
  return std::all_of(p.targets.begin(), p.targets.end(),
                     [&](const auto& t) { return ids_.contains(t.first); });
}

Result<bool> TbxReader::Next(TermEntry* entry) {
  if (load_error_) return std::unexpected(*load_error_);
  try {
    if (!started_) {
      started_ = true;
      ReadProlog();
      ReadTextChild();
    }
    while (!FrontReady()) {
      if (in_body_) {
        ReadBodyChild();
        if (!in_body_) ReadTextChild();
      } else if (!at_end_) {
        ReadTextChild();
      } else if (!checked_) {
        CheckTargets();
        checked_ = true;
      } else {
        return false;
      }
    }
  } catch (const xml::XmlError& e) {
    load_error_ = e.ToError();
  } catch (const Error& e) {
    load_error_ = e;
  } catch (const UnitError& e) {
    load_error_ = Error{ErrorCode::kInvalidInput, path_ + ":" + std::to_string(e.line) + ": " + e.message};
  }
  if (load_error_) return std::unexpected(*load_error_);
  *entry = std::move(entries_.front().entry);
  entries_.pop_front();
  return true;
}

// ---------------------------------------------------------------- mapping

void TbxReader::Unexpected(const Node& n, std::string_view parent, std::string_view expected) {
  throw UnitError{n.line, "expected " + std::string(expected) + " in <" + std::string(parent) +
                              ">, found <" + n.qname + ">"};
}

bool TbxReader::IsDataElement(const Node& n) const {
  if (!n.tbx) return v3_;  // DCT: a module element stands for a data category
  static constexpr std::string_view kData[] = {"admin", "descrip", "termNote", "ref", "xref"};
  return tbx::In(kData, n.name);
}

Item TbxReader::ToItem(const Node& n) {
  Item item;
  item.line = n.line;
  item.lang = n.Lang();
  if (!n.tbx) {
    item.element = std::string(tbx::ElementForCategory(n.name));
    item.type = n.name;
    if (style_ == "dca") {
      WarnOnce("dct-in-dca", n.line,
               "<" + n.qname + "> is a DCT element in a DCA file (the DCA rule forbids them); "
               "read as <" + item.element + " type=\"" + n.name + "\">");
    }
  } else {
    item.element = n.name;
    const std::string* type = n.Attr("type");
    if (!type || type->empty()) {
      throw UnitError{n.line, "<" + n.qname + "> has no type (TBX: every data category names its type)"};
    }
    item.type = *type;
  }
  item.text = Clean(n.text);
  if (item.element == "ref" || item.element == "xref") {
    const std::string* target = n.Attr("target");
    if (target && !target->empty() && item.text != *target) {
      item.text = item.text.empty() ? *target : *target + " " + item.text;
    }
  }
  CheckItem(item);
  return item;
}

void TbxReader::CheckItem(const Item& item) {
  auto fail = [&](const std::string& message) { throw UnitError{item.line, message}; };
  if (xcs_) {
    auto kind = xcs_->specs.find(item.element);
    if (kind == xcs_->specs.end() || !kind->second.contains(item.type)) {
      fail(
          "<" + item.element + " type=\"" + item.type + "\">: the XCS " +
          QuotedForMessage(xcs_->file) +
          " declares no such data category (TBX rule: every data category is declared in the XCS)");
    }
    const std::vector<std::string>& values = kind->second.at(item.type);
    if (!values.empty() && std::find(values.begin(), values.end(), item.text) == values.end()) {
      fail(item.type + ": the XCS " + QuotedForMessage(xcs_->file) + " picklist does not have " +
           QuotedForMessage(item.text));
    }
    return;
  }
  if (!basic_) return;
  if (item.element == "ref" && (item.type == "relatedConcept" || item.type == "relatedTerm")) {
    WarnOnce("ref-type", item.line,
             "<ref type=\"" + item.type +
                 "\"> is the 2018 TBX-Basic name; TBX-Basic now uses crossReference (kept as read)");
    return;
  }
  if (!tbx::FindBasic(item.element, item.type)) {
    std::string allowed;
    for (const tbx::Category& c : tbx::kBasicCategories) {
      if (c.element == item.element) allowed += (allowed.empty() ? "" : ", ") + std::string(c.type);
    }
    fail("type " + QuotedForMessage(item.type) + " is not a TBX-Basic data category for <" +
         item.element + "> (TBX-Basic rule: " +
         (allowed.empty() ? "TBX-Basic has no <" + item.element + ">"
                          : "allowed types are " + allowed) +
         ")");
  }
  auto picklist = [&](std::string_view name, auto& values) {
    if (tbx::In(values, item.text)) return;
    fail(std::string(name) + ": expected " + tbx::Join(values) + ", found " +
         QuotedForMessage(item.text) + " (TBX-Basic picklist)");
  };
  if (item.type == "administrativeStatus") picklist("administrativeStatus", tbx::kAdminStatusValues);
  if (item.type == "grammaticalGender") picklist("grammaticalGender", tbx::kGenderValues);
  if (item.type == "termType") picklist("termType", tbx::kTermTypeValues);
  if (item.type == "transactionType") picklist("transactionType", tbx::kTransactionValues);
  if (item.type == "termLocation" && v3_) picklist("termLocation", tbx::kTermLocationValues);
  if (item.type == "partOfSpeech") {
    if (v3_ && item.text == "properNoun") {
      WarnOnce("pos-proper", item.line,
               "partOfSpeech 'properNoun' is TBX-Basic 2008, not v3; kept as read");
      return;
    }
    if (v3_) {
      picklist("partOfSpeech", tbx::kPartOfSpeechV3);
    } else {
      picklist("partOfSpeech", tbx::kPartOfSpeechV2);
    }
  }
}

void TbxReader::CheckLang(const std::string& lang, int line) {
  if (!xcs_ || xcs_->languages.empty()) return;
  for (const std::string& l : xcs_->languages) {
    if (LanguageMatches(l, lang)) return;
  }
  std::string list;
  for (const std::string& l : xcs_->languages) list += (list.empty() ? "" : ", ") + l;
  throw UnitError{line, "language " + QuotedForMessage(lang) + " is not declared in the XCS " +
                            QuotedForMessage(xcs_->file) +
                            " (TBX rule: the XCS lists every language; it has " + list + ")"};
}

// <note><ph type="x-tmkit:NAME"/>NAME: text</note>, as the writer keeps data
// that TBX-Basic has no element for. Returns false for any other note.
bool TbxReader::MapTmkitNote(const Node& n, std::vector<Prop>* extra, Term* t) {
  if (n.children.empty() || !IsSpace(n.lead)) return false;
  const Node& ph = n.children.front();
  const std::string* type = ph.Attr("type");
  if (ph.name != "ph" || !type || !type->starts_with(tbx::kNotePrefix)) return false;
  std::string name = type->substr(tbx::kNotePrefix.size());
  std::string text = Clean(n.text);
  if (text.starts_with(name + ":")) text = Clean(text.substr(name.size() + 1));
  if (t && name == tbx::kFormName) {
    t->forms.push_back(text);
  } else if (t && name == tbx::kCaseSensitiveName) {
    t->case_sensitive = text == "yes" || text == "true";
  } else if (t && name == tbx::kPartOfSpeechName) {
    t->part_of_speech = text;
  } else {
    extra->push_back(Prop{name, text, n.Lang(), ""});
  }
  return true;
}

void TbxReader::MapTransacGrp(const Node& n, Provenance* p, std::vector<Prop>* extra,
                              const std::string& lang) {
  std::string value, date, who;
  int line = n.line;
  bool seen_transac = false;
  for (const Node& c : n.children) {
    std::string kind = c.tbx ? c.name : std::string(tbx::ElementForCategory(c.name));
    if (kind == "transac") {
      if (seen_transac) Unexpected(c, n.qname, "one <transac>");
      seen_transac = true;
      Item item = ToItem(c);
      value = item.text;
    } else if (c.tbx && c.name == "date") {
      date = Clean(c.text);
    } else if (kind == "transacNote") {
      who = ToItem(c).text;
      if (const std::string* target = c.Attr("target"); target && who.empty()) who = *target;
    } else if (c.tbx && (c.name == "note" || c.name == "ref" || c.name == "xref")) {
      WarnOnce("transac-extra", c.line, "<" + c.qname + "> in <transacGrp> is not kept");
    } else {
      Unexpected(c, n.qname, "<transac>, <date> or <transacNote>");
    }
  }
  if (!seen_transac) {
    throw UnitError{line, "<transacGrp> has no <transac> (TBX: a transaction group starts with one)"};
  }
  if (p && lang.empty()) {
    Result<int64_t> when = date.empty() ? Result<int64_t>(kNoDate) : ParseIsoDate(date);
    bool unset_c = p->creation_date == kNoDate && p->creation_id.empty();
    bool unset_m = p->change_date == kNoDate && p->change_id.empty();
    if (when && value == "origination" && unset_c) {
      p->creation_date = *when;
      p->creation_id = who;
      return;
    }
    if (when && value == "modification" && unset_m) {
      p->change_date = *when;
      p->change_id = who;
      return;
    }
    if (!when)
      Warn(line,
           "<date> " + QuotedForMessage(date) + ": " + when.error().message + "; kept as text");
  }
  extra->push_back(Prop{std::string(tbx::kTransactionType), value + "|" + date + "|" + who, lang, ""});
}

TermEntry TbxReader::MapEntry(const Node& n) {
  TermEntry e;
  if (const std::string* id = n.Attr("id")) {
    e.entry_id = *id;
  } else if (v3_) {
    throw UnitError{n.line, "<conceptEntry> has no id (TBX v3 requires one)"};
  }
  bool seen_lang = false;
  for (const Node& c : n.children) {
    if (c.tbx && c.name == (v3_ ? "langSec" : "langSet")) {
      seen_lang = true;
      MapLangSec(c, &e);
    } else if (seen_lang) {
      throw UnitError{c.line, "<" + c.qname + "> follows a <" + (v3_ ? "langSec" : "langSet") +
                                  "> (TBX order: concept-level data, then the language sections)"};
    } else {
      MapConceptData(c, &e);
    }
  }
  if (!seen_lang) {
    throw UnitError{n.line, "<" + n.qname + "> has no <" + (v3_ ? "langSec" : "langSet") +
                                "> (each entry needs at least one language)"};
  }
  if (e.terms.empty()) throw UnitError{n.line, "<" + n.qname + "> has no term"};
  return e;
}

// Concept-level data, and language-level data other than definitions (kept
// on the entry with the language in Prop::lang).
void TbxReader::MapConceptData(const Node& c, TermEntry* e) {
  const std::string parent = v3_ ? "conceptEntry" : "termEntry";
  auto add = [&](Item item) {
    bool field_ok = item.lang.empty();
    if (field_ok && item.type == "subjectField" && e->subject.empty()) {
      e->subject = item.text;
    } else if (field_ok && item.type == "definition" && e->definition.empty()) {
      e->definition = item.text;
    } else {
      e->extra.push_back(Prop{item.type, item.text, item.lang, ""});
    }
  };
  if (c.tbx && c.name == "note") {
    if (MapTmkitNote(c, &e->extra, nullptr)) return;
    std::string lang = c.Lang(), text = Clean(c.text);
    if (lang.empty() && e->note.empty()) {
      e->note = text;
    } else {
      e->extra.push_back(Prop{"note", text, lang, ""});
    }
  } else if (c.tbx && c.name == "transacGrp") {
    MapTransacGrp(c, &e->provenance, &e->extra, "");
  } else if (c.tbx && (c.name == "descripGrp" || c.name == "adminGrp")) {
    if (c.children.empty()) throw UnitError{c.line, "<" + c.qname + "> is empty"};
    for (const Node& g : c.children) {
      if (IsDataElement(g)) {
        add(ToItem(g));
      } else if (g.tbx && g.name == "note") {
        MapConceptData(g, e);
      } else if (g.tbx && g.name == "transacGrp") {
        MapTransacGrp(g, nullptr, &e->extra, "");
      } else if (g.tbx && (g.name == "descripNote" || g.name == "adminNote")) {
        Item item{g.name, g.Attr("type") ? *g.Attr("type") : g.name, Clean(g.text), g.Lang(), g.line};
        e->extra.push_back(Prop{item.type, item.text, item.lang, ""});
      } else {
        Unexpected(g, c.qname, "<descrip>, <admin>, <note>, <ref>, <xref> or <transacGrp>");
      }
    }
  } else if (IsDataElement(c)) {
    if (c.tbx && c.name == "termNote") {
      throw UnitError{c.line, "<termNote> is allowed only at the term level (TBX core rule)"};
    }
    add(ToItem(c));
  } else {
    Unexpected(c, v3_ ? "conceptEntry" : "termEntry",
               "<admin>, <descrip>, <descripGrp>, <note>, <ref>, <xref>, <transacGrp> or <" +
                   std::string(v3_ ? "langSec" : "langSet") + ">");
  }
  (void)parent;
}

void TbxReader::MapLangSec(const Node& n, TermEntry* e) {
  std::string raw = n.Lang();
  if (raw.empty()) {
    throw UnitError{n.line, "<" + n.qname + "> has no xml:lang (every language section names its language)"};
  }
  Result<std::string> lang = NormalizeLanguageTag(raw);
  if (!lang) throw UnitError{n.line, "<" + n.qname + "> xml:lang: " + lang.error().message};
  CheckLang(*lang, n.line);
  std::string definition;
  bool seen_term = false;
  const std::string_view term_sec = v3_ ? "termSec" : "tig";
  for (const Node& c : n.children) {
    bool is_term = c.tbx && (c.name == term_sec || (!v3_ && c.name == "ntig"));
    if (is_term) {
      seen_term = true;
      MapTermSec(c, *lang, definition, e);
      continue;
    }
    if (seen_term) {
      throw UnitError{c.line, "<" + c.qname + "> follows a term section in <" + n.qname +
                                  "> (TBX order: language-level data, then the terms)"};
    }
    if (c.tbx && c.name == "term") {
      Unexpected(c, n.qname,
                 v3_ ? "<termSec> (a <term> sits in a <termSec>)"
                     : "<tig> or <ntig> (a <term> sits in a <tig>)");
    }
    // Definitions apply to this section's terms; everything else stays on
    // the entry, tagged with the language.
    auto take_definition = [&](const Node& d) {
      Item item = ToItem(d);
      if (item.type == "definition" && definition.empty() && item.lang.empty()) {
        definition = item.text;
      } else {
        e->extra.push_back(Prop{item.type, item.text, item.lang.empty() ? *lang : item.lang, ""});
      }
    };
    if (IsDataElement(c)) {
      take_definition(c);
    } else if (c.tbx && c.name == "descripGrp") {
      for (const Node& g : c.children) {
        if (IsDataElement(g)) {
          take_definition(g);
        } else if (g.tbx && g.name == "note") {
          if (!MapTmkitNote(g, &e->extra, nullptr)) e->extra.push_back(Prop{"note", Clean(g.text), *lang, ""});
        } else if (g.tbx && g.name == "transacGrp") {
          MapTransacGrp(g, nullptr, &e->extra, *lang);
        } else {
          Unexpected(g, c.qname, "<descrip>, <admin>, <note> or <transacGrp>");
        }
      }
    } else if (c.tbx && c.name == "note") {
      if (!MapTmkitNote(c, &e->extra, nullptr)) e->extra.push_back(Prop{"note", Clean(c.text), *lang, ""});
    } else if (c.tbx && c.name == "transacGrp") {
      MapTransacGrp(c, nullptr, &e->extra, *lang);
    } else if (c.tbx && c.name == "adminGrp") {
      for (const Node& g : c.children) {
        if (IsDataElement(g)) take_definition(g);
      }
    } else {
      Unexpected(c, n.qname,
                 "<admin>, <descrip>, <descripGrp>, <note>, <ref>, <xref>, <transacGrp> or <" +
                     std::string(term_sec) + ">");
    }
  }
  if (!seen_term) {
    throw UnitError{n.line, "<" + n.qname + " xml:lang=\"" + raw + "\"> has no term (TBX: a language section holds at least one " + std::string(term_sec) + ")"};
  }
}

void TbxReader::MapTermSec(const Node& n, const std::string& lang, const std::string& definition,
                           TermEntry* e) {
  Term t;
  t.lang = lang;
  t.definition = definition;
  bool seen_term = false, seen_aux = false;
  auto take_term = [&](const Node& term) {
    if (seen_term) Unexpected(term, n.qname, "one <term>");
    seen_term = true;
    t.text = Clean(term.text);
  };
  for (const Node& c : n.children) {
    if (c.tbx && c.name == "term") {
      if (!v3_ && n.name == "ntig") Unexpected(c, n.qname, "<termGrp> (in an <ntig>, the <term> sits in a <termGrp>)");
      take_term(c);
    } else if (!seen_term && !(c.tbx && c.name == "termGrp")) {
      Unexpected(c, n.qname, v3_ || n.name == "tig" ? "<term> first" : "<termGrp> first");
    } else if (c.tbx && c.name == "termGrp" && !v3_ && n.name == "ntig" && !seen_term) {
      // <ntig><termGrp><term/><termNote/>*<termCompList/>*</termGrp> auxInfo </ntig>
      for (const Node& g : c.children) {
        if (g.tbx && g.name == "term") {
          take_term(g);
        } else if (!seen_term) {
          Unexpected(g, c.qname, "<term> first");
        } else if (g.tbx && (g.name == "termNote" || g.name == "termNoteGrp")) {
          bool no_aux = false;
          MapTermData(g, &t, &no_aux);
        } else if (g.tbx && g.name == "termCompList") {
          const std::string* type = g.Attr("type");
          t.extra.push_back(Prop{"termCompList" + (type ? ":" + *type : std::string()),
                                 Clean(g.text), "", ""});
        } else {
          Unexpected(g, c.qname, "<termNote>, <termNoteGrp> or <termCompList>");
        }
      }
    } else {
      MapTermData(c, &t, &seen_aux);
    }
  }
  if (!seen_term) throw UnitError{n.line, "<" + n.qname + "> has no <term>"};
  if (t.text.empty()) {
    Warn(n.line, "an empty <term> is ignored");
    return;
  }
  e->terms.push_back(std::move(t));
}

void TbxReader::MapTermItem(const Item& item, Term* t) {
  const std::string& type = item.type;
  bool plain = item.lang.empty();
  if (plain && type == "partOfSpeech" && t->part_of_speech.empty()) {
    t->part_of_speech = item.text;
  } else if (plain && (type == "administrativeStatus" || type == "normativeAuthorization") &&
             t->status == TermStatus::kUnspecified && ParseTermStatus(item.text)) {
    t->status = *ParseTermStatus(item.text);
  } else if (plain && type == "context" && t->context.empty()) {
    t->context = item.text;
  } else if (plain && type == "definition" && t->definition.empty()) {
    t->definition = item.text;
  } else if (plain && type == "source" && t->source.empty()) {
    t->source = item.text;
  } else {
    t->extra.push_back(Prop{type, item.text, item.lang, ""});
  }
}

void TbxReader::MapTermData(const Node& c, Term* t, bool* seen_aux) {
  bool term_note = IsDataElement(c) && (c.tbx ? c.name == "termNote"
                                              : tbx::ElementForCategory(c.name) == "termNote");
  if (term_note || (c.tbx && c.name == "termNoteGrp")) {
    if (*seen_aux) {
      throw UnitError{c.line, "<" + c.qname +
                                  "> follows descriptive data in the term section (TBX order: "
                                  "term, then termNote, then descrip/admin/note/ref/xref)"};
    }
    if (term_note) {
      MapTermItem(ToItem(c), t);
      return;
    }
    for (const Node& g : c.children) {
      if (IsDataElement(g)) {
        MapTermItem(ToItem(g), t);
      } else if (g.tbx && g.name == "note") {
        if (!MapTmkitNote(g, &t->extra, t)) t->extra.push_back(Prop{"note", Clean(g.text), g.Lang(), ""});
      }
    }
    return;
  }
  *seen_aux = true;
  if (c.tbx && c.name == "note") {
    if (MapTmkitNote(c, &t->extra, t)) return;
    std::string lang = c.Lang(), text = Clean(c.text);
    if (lang.empty() && t->note.empty()) {
      t->note = text;
    } else {
      t->extra.push_back(Prop{"note", text, lang, ""});
    }
  } else if (c.tbx && c.name == "transacGrp") {
    MapTransacGrp(c, nullptr, &t->extra, "");
  } else if (c.tbx && (c.name == "descripGrp" || c.name == "adminGrp")) {
    for (const Node& g : c.children) {
      if (IsDataElement(g)) {
        MapTermItem(ToItem(g), t);
      } else if (g.tbx && g.name == "note") {
        if (!MapTmkitNote(g, &t->extra, t)) t->extra.push_back(Prop{"note", Clean(g.text), g.Lang(), ""});
      } else if (g.tbx && g.name == "transacGrp") {
        MapTransacGrp(g, nullptr, &t->extra, "");
      } else if (g.tbx && (g.name == "descripNote" || g.name == "adminNote")) {
        t->extra.push_back(Prop{g.Attr("type") ? *g.Attr("type") : g.name, Clean(g.text), g.Lang(), ""});
      } else {
        Unexpected(g, c.qname, "<descrip>, <admin>, <note>, <ref>, <xref> or <transacGrp>");
      }
    }
  } else if (IsDataElement(c)) {
    MapTermItem(ToItem(c), t);
  } else if (c.tbx && c.name == "term") {
    Unexpected(c, v3_ ? "termSec" : "tig", "one <term>");
  } else {
    Unexpected(c, v3_ ? "termSec" : "tig",
               "<termNote>, <admin>, <descrip>, <descripGrp>, <note>, <ref>, <xref> or <transacGrp>");
  }
}

}  // namespace

Result<std::unique_ptr<EntryReader>> OpenTbxReader(const std::string& path,
                                                   const GlossaryReadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound(path + ": no such file");
  }
  return std::unique_ptr<EntryReader>(std::make_unique<TbxReader>(path, options));
}

}  // namespace tmkit
