// TBX writer: TBX v3 TBX-Basic DCA (kTbx) or TBX-Basic 2008 martif (kTbx2008).
//
// Writes only what the TBX-Basic schemas accept: data categories of TBX-Basic
// at the levels it allows them, with picklist values. Everything else a
// TermEntry holds (forms, case sensitivity, extra data categories TBX-Basic
// lacks, values outside a picklist) goes into a <note> that starts with
// <ph type="x-tmkit:NAME"/> and reads "NAME: text", which the reader maps
// back, so entries → TBX → entries is exact (doc/formats/tbx.md).
#include <algorithm>
#include <cctype>
#include <set>
#include <span>

#include "tbx_format.h"
#include "tbx_glossary.h"
#include "tmkit/core/date.h"
#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "xml_writer.h"

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

// An XML NCName made of ASCII letters, digits, '-', '_', '.' (what xs:ID needs).
bool IsSimpleId(std::string_view s) {
  if (s.empty()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0])) && s[0] != '_') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool IsXsDate(std::string_view d) {
  auto digits = [&](size_t at, size_t n) {
    if (at + n > d.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    }
    return true;
  };
  if (!(digits(0, 4) && d.size() >= 10 && d[4] == '-' && digits(5, 2) && d[7] == '-' &&
        digits(8, 2))) {
    return false;
  }
  if (d.size() == 10) return true;
  if (d.size() < 19 || d[10] != 'T' || !digits(11, 2) || d[13] != ':' || !digits(14, 2) ||
      d[16] != ':' || !digits(17, 2)) {
    return false;
  }
  std::string_view rest = d.substr(19);
  if (rest.starts_with(".")) {
    size_t n = 1;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
    if (n == 1) return false;
    rest = rest.substr(n);
  }
  if (rest.empty() || rest == "Z") return true;
  return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && std::isdigit(rest[1]) &&
         std::isdigit(rest[2]) && rest[3] == ':' && std::isdigit(rest[4]) && std::isdigit(rest[5]);
}

std::string_view StatusValue(TermStatus s) {
  switch (s) {
    case TermStatus::kPreferred: return "preferredTerm-admn-sts";
    case TermStatus::kAdmitted: return "admittedTerm-admn-sts";
    case TermStatus::kDeprecated: return "deprecatedTerm-admn-sts";
    case TermStatus::kForbidden: return "supersededTerm-admn-sts";
    case TermStatus::kUnspecified: break;
  }
  return "";
}

class TbxWriter final : public EntryWriter {
 public:
  TbxWriter(std::unique_ptr<xml::OutputFile> out, std::string path, bool v3,
            GlossaryWriteOptions options)
      : out_(std::move(out)), path_(std::move(path)), v3_(v3), options_(std::move(options)) {
    for (std::string& l : options_.languages) {
      if (Result<std::string> n = NormalizeLanguageTag(l)) l = *n;
    }
  }

  Status Add(const TermEntry& entry) override;
  Status Finish() override;

 private:
  void Begin(const TermEntry& first);
  bool Wanted(const std::string& lang) const;
  // One data category at a level: native TBX-Basic element, or a tmkit note.
  void Data(std::string* o, const std::string& indent, tbx::Level level, const Prop& p);
  void TmkitNote(std::string* o, const std::string& indent, std::string_view name,
                 std::string_view text, std::string_view lang);
  void Element(std::string* o, const std::string& indent, std::string_view element,
               std::string_view type, std::string_view text, std::string_view lang = {});
  void Transac(std::string* o, const std::string& indent, std::string_view value, int64_t date,
               std::string_view date_text, std::string_view who);
  bool NativeValue(std::string_view type, std::string_view value) const;
  std::string EntryId(const TermEntry& e);
  void WriteTerm(std::string* o, const Term& t);

  std::unique_ptr<xml::OutputFile> out_;
  std::string path_;
  bool v3_;
  GlossaryWriteOptions options_;
  bool started_ = false;
  size_t count_ = 0;
  std::set<std::string> ids_;
};

bool TbxWriter::Wanted(const std::string& lang) const {
  if (options_.languages.empty()) return true;
  return std::any_of(options_.languages.begin(), options_.languages.end(),
                     [&](const std::string& l) { return LanguageMatches(l, lang); });
}

void TbxWriter::Begin(const TermEntry& first) {
  started_ = true;
  std::string lang = options_.source_lang;
  if (lang.empty() && !options_.languages.empty()) lang = options_.languages.front();
  if (lang.empty() && !first.terms.empty()) lang = first.terms.front().lang;
  if (lang.empty()) lang = "en";
  std::string* o = out_->buffer();
  *o += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string tool = options_.creation_tool;
  if (!options_.creation_tool_version.empty()) tool += " " + options_.creation_tool_version;
  if (v3_) {
    *o += "<?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/"
          "TBXcoreStructV03.rng\" type=\"application/xml\" "
          "schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n";
    *o += "<?xml-model href=\"https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/"
          "master/DCA/TBX-Basic_DCA.sch\" type=\"application/xml\" "
          "schematypens=\"http://purl.oclc.org/dsdl/schematron\"?>\n";
    *o += "<tbx type=\"TBX-Basic\" style=\"dca\"";
    Attr(o, "xml:lang", lang);
    *o += " xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    <fileDesc>\n"
          "      <sourceDesc>\n        <p>";
    AppendEscapedText("Exported by " + tool, o);
    *o += "</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n";
  } else {
    *o += "<!DOCTYPE martif SYSTEM \"TBXBasiccoreStructV02.dtd\">\n";
    *o += "<martif type=\"TBX-Basic\"";
    Attr(o, "xml:lang", lang);
    *o += ">\n  <martifHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>";
    AppendEscapedText("Exported by " + tool, o);
    *o += "</p>\n      </sourceDesc>\n    </fileDesc>\n    <encodingDesc>\n"
          "      <p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>\n    </encodingDesc>\n"
          "  </martifHeader>\n  <text>\n    <body>\n";
  }
}

void TbxWriter::Element(std::string* o, const std::string& indent, std::string_view element,
                        std::string_view type, std::string_view text, std::string_view lang) {
  *o += indent + "<" + std::string(element);
  Attr(o, "type", type);
  if (!lang.empty()) Attr(o, "xml:lang", lang);
  *o += '>';
  AppendEscapedText(text, o);
  *o += "</" + std::string(element) + ">\n";
}

void TbxWriter::TmkitNote(std::string* o, const std::string& indent, std::string_view name,
                          std::string_view text, std::string_view lang) {
  *o += indent + "<note";
  if (!lang.empty()) Attr(o, "xml:lang", lang);
  *o += "><ph";
  Attr(o, "type", std::string(tbx::kNotePrefix) + std::string(name));
  *o += "/>";
  AppendEscapedText(std::string(name) + ": " + std::string(text), o);
  *o += "</note>\n";
}

bool TbxWriter::NativeValue(std::string_view type, std::string_view value) const {
  if (value.empty() || value != FoldWhitespace(value)) return false;
  if (type == "administrativeStatus") return tbx::In(tbx::kAdminStatusValues, value);
  if (type == "partOfSpeech") {
    return v3_ ? tbx::In(tbx::kPartOfSpeechV3, value) : tbx::In(tbx::kPartOfSpeechV2, value);
  }
  if (type == "grammaticalGender") return tbx::In(tbx::kGenderValues, value);
  if (type == "termType") return tbx::In(tbx::kTermTypeValues, value);
  if (type == "termLocation") return !v3_ || tbx::In(tbx::kTermLocationValues, value);
  return true;
}

void TbxWriter::Transac(std::string* o, const std::string& indent, std::string_view value,
                        int64_t date, std::string_view date_text, std::string_view who) {
  *o += indent + "<transacGrp>\n";
  Element(o, indent + "  ", "transac", "transactionType", value);
  if (date != kNoDate) {
    // TBX-Basic 2008 (RNG) takes xs:date only; v3 takes xs:dateTime.
    *o += indent + "  <date>" + (v3_ ? FormatIsoDate(date) : FormatIsoDate(date).substr(0, 10)) +
          "</date>\n";
  } else if (!date_text.empty()) {
    *o += indent + "  <date>";
    AppendEscapedText(date_text, o);
    *o += "</date>\n";
  }
  if (!who.empty()) Element(o, indent + "  ", "transacNote", "responsibility", who);
  *o += indent + "</transacGrp>\n";
}

void TbxWriter::Data(std::string* o, const std::string& indent, tbx::Level level, const Prop& p) {
  const std::string& type = p.type;
  if (type == "note") {
    // A plain note: native, unless it would read back as a tmkit note.
    *o += indent + "<note";
    if (!p.lang.empty()) Attr(o, "xml:lang", p.lang);
    *o += '>';
    AppendEscapedText(p.text, o);
    *o += "</note>\n";
    return;
  }
  if (type == tbx::kTransactionType) {
    // "value|date|who"
    size_t a = p.text.find('|');
    size_t b = a == std::string::npos ? a : p.text.find('|', a + 1);
    if (b != std::string::npos && p.lang.empty()) {
      std::string value = p.text.substr(0, a), date = p.text.substr(a + 1, b - a - 1),
                  who = p.text.substr(b + 1);
      bool date_ok = date.empty() || (IsXsDate(date) && (v3_ || date.size() == 10));
      if (tbx::In(tbx::kTransactionValues, value) && date_ok &&
          who == FoldWhitespace(who)) {
        Transac(o, indent, value, kNoDate, date, who);
        return;
      }
    }
    TmkitNote(o, indent, type, p.text, p.lang);
    return;
  }
  for (const tbx::Category& c : tbx::kBasicCategories) {
    if (c.type != type || (c.levels & level) == 0) continue;
    if (c.element == "transac" || c.element == "transacNote") break;
    if (c.element == "termNote") break;  // only in the leading run (WriteTerm)
    if (p.text != FoldWhitespace(p.text) || p.text.empty()) break;
    if (c.element == "xref" || c.element == "ref") {
      if (!p.lang.empty()) break;  // xref has no xml:lang; keep it simple for ref too
      size_t sp = p.text.find(' ');
      std::string target = p.text.substr(0, sp);
      std::string content = sp == std::string::npos ? target : p.text.substr(sp + 1);
      bool ok = c.element == "xref" ? (target.starts_with("http://") || target.starts_with("https://"))
                                    : ids_.contains(target);
      // A content equal to the target reads back as the target alone.
      if (!ok || (sp != std::string::npos && content == target)) break;
      *o += indent + "<" + std::string(c.element);
      Attr(o, "type", type);
      Attr(o, "target", target);
      *o += '>';
      AppendEscapedText(content, o);
      *o += "</" + std::string(c.element) + ">\n";
      return;
    }
    if (!NativeValue(type, p.text)) break;
    Element(o, indent, c.element, type, p.text, p.lang);
    return;
  }
  TmkitNote(o, indent, type, p.text, p.lang);
}

std::string TbxWriter::EntryId(const TermEntry& e) {
  std::string id = e.entry_id;
  if (!IsSimpleId(id)) {
    std::string base = "c";
    for (char c : id) {
      base += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
    }
    if (id.empty()) base = "c" + std::to_string(count_);
    id = base;
  }
  std::string unique = id;
  for (int n = 2; ids_.contains(unique); ++n) unique = id + "-" + std::to_string(n);
  ids_.insert(unique);
  return unique;
}

void TbxWriter::WriteTerm(std::string* o, const Term& t) {
  const std::string in = "          ";
  *o += v3_ ? "        <termSec>\n" : "        <tig>\n";
  *o += in + "<term>";
  AppendEscapedText(t.text, o);
  *o += "</term>\n";
  // termNotes first (TBX order), then descriptive data.
  std::string pos_override;
  if (!t.part_of_speech.empty()) {
    std::string native = t.part_of_speech;
    if (!NativeValue("partOfSpeech", native)) {
      std::string lower = native;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      native = "other";
      for (std::string_view v : (v3_ ? std::span<const std::string_view>(tbx::kPartOfSpeechV3)
                                     : std::span<const std::string_view>(tbx::kPartOfSpeechV2))) {
        std::string lv(v);
        std::transform(lv.begin(), lv.end(), lv.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lv == lower) native = v;
      }
      if (v3_ && lower == "propernoun") native = "noun";
      pos_override = t.part_of_speech;
    }
    Element(o, in, "termNote", "partOfSpeech", native);
  }
  if (t.status != TermStatus::kUnspecified) {
    Element(o, in, "termNote", "administrativeStatus", StatusValue(t.status));
  }
  // Extra termNotes are written natively only while they come first, so the
  // reader (which meets termNotes first) gives them back in the same order.
  size_t first_aux = 0;
  for (; first_aux < t.extra.size(); ++first_aux) {
    const Prop& p = t.extra[first_aux];
    const tbx::Category* c = tbx::FindBasic("termNote", p.type);
    if (!c || !p.lang.empty() || !NativeValue(p.type, p.text)) break;
    // partOfSpeech/administrativeStatus repeated: only after the field itself.
    if (p.type == "partOfSpeech" && t.part_of_speech.empty()) break;
    if (p.type == "administrativeStatus" && t.status == TermStatus::kUnspecified) break;
    Element(o, in, "termNote", p.type, p.text);
  }
  if (!t.context.empty()) Element(o, in, "descrip", "context", t.context);
  if (!t.source.empty()) Element(o, in, "admin", "source", t.source);
  if (!t.note.empty()) {
    *o += in + "<note>";
    AppendEscapedText(t.note, o);
    *o += "</note>\n";
  }
  if (!pos_override.empty()) TmkitNote(o, in, tbx::kPartOfSpeechName, pos_override, "");
  for (const std::string& f : t.forms) TmkitNote(o, in, tbx::kFormName, f, "");
  if (t.case_sensitive) TmkitNote(o, in, tbx::kCaseSensitiveName, "yes", "");
  for (size_t i = first_aux; i < t.extra.size(); ++i) {
    const Prop& p = t.extra[i];
    // Fields the reader fills from the first element of their type must not
    // be stolen by an extra of the same type written before them.
    bool steals = p.lang.empty() &&
                  ((p.type == "context" && t.context.empty()) ||
                   (p.type == "source" && t.source.empty()) ||
                   (p.type == "definition" && t.definition.empty()) ||
                   (p.type == "note" && t.note.empty()) ||
                   (p.type == "partOfSpeech" && t.part_of_speech.empty()) ||
                   ((p.type == "administrativeStatus" || p.type == "normativeAuthorization") &&
                    t.status == TermStatus::kUnspecified && ParseTermStatus(p.text)));
    if (steals) {
      TmkitNote(o, in, p.type, p.text, p.lang);
    } else {
      Data(o, in, tbx::kTerm, p);
    }
  }
  *o += v3_ ? "        </termSec>\n" : "        </tig>\n";
}

Status TbxWriter::Add(const TermEntry& entry) {
  std::vector<const Term*> terms;
  for (const Term& t : entry.terms) {
    if (t.lang.empty()) return InvalidInput("entry " + entry.entry_id + ": a term has no language");
    if (!t.text.empty() && Wanted(t.lang)) terms.push_back(&t);
  }
  if (terms.empty()) return {};  // TBX needs at least one language section
  if (!started_) Begin(entry);
  ++count_;
  std::string* o = out_->buffer();
  std::string id = EntryId(entry);
  *o += v3_ ? "    <conceptEntry" : "    <termEntry";
  Attr(o, "id", id);
  *o += ">\n";
  const std::string in = "      ";
  const Provenance& p = entry.provenance;
  if (p.creation_date != kNoDate || !p.creation_id.empty()) {
    Transac(o, in, "origination", p.creation_date, "", p.creation_id);
  }
  if (p.change_date != kNoDate || !p.change_id.empty()) {
    Transac(o, in, "modification", p.change_date, "", p.change_id);
  }
  if (!entry.subject.empty()) Element(o, in, "descrip", "subjectField", entry.subject);
  if (!entry.definition.empty()) Element(o, in, "descrip", "definition", entry.definition);
  if (!entry.note.empty()) {
    *o += in + "<note>";
    AppendEscapedText(entry.note, o);
    *o += "</note>\n";
  }
  for (const Prop& x : entry.extra) {
    bool steals = x.lang.empty() && ((x.type == "subjectField" && entry.subject.empty()) ||
                                     (x.type == "definition" && entry.definition.empty()) ||
                                     (x.type == "note" && entry.note.empty()));
    if (x.type == tbx::kTransactionType && x.lang.empty()) {
      // An extra transaction before the provenance fields would take their place.
      size_t a = x.text.find('|');
      std::string value = x.text.substr(0, a);
      if ((value == "origination" && p.creation_date == kNoDate && p.creation_id.empty()) ||
          (value == "modification" && p.change_date == kNoDate && p.change_id.empty())) {
        steals = true;
      }
    }
    if (steals) {
      TmkitNote(o, in, x.type, x.text, x.lang);
    } else {
      Data(o, in, tbx::kConcept, x);
    }
  }
  // One language section per run of terms with the same language and
  // definition (TBX-Basic keeps definitions at the language level).
  for (size_t i = 0; i < terms.size();) {
    size_t j = i + 1;
    while (j < terms.size() && terms[j]->lang == terms[i]->lang &&
           terms[j]->definition == terms[i]->definition) {
      ++j;
    }
    *o += v3_ ? "      <langSec" : "      <langSet";
    Attr(o, "xml:lang", terms[i]->lang);
    *o += ">\n";
    if (!terms[i]->definition.empty()) {
      Element(o, "        ", "descrip", "definition", terms[i]->definition);
    }
    for (size_t k = i; k < j; ++k) WriteTerm(o, *terms[k]);
    *o += v3_ ? "      </langSec>\n" : "      </langSet>\n";
    i = j;
  }
  *o += v3_ ? "    </conceptEntry>\n" : "    </termEntry>\n";
  out_->MaybeFlush();
  return {};
}

Status TbxWriter::Finish() {
  if (!started_) {
    return InvalidInput(path_ + ": nothing to export (no entry has a term" +
                        std::string(options_.languages.empty() ? "" : " in the requested languages") +
                        "; TBX needs at least one entry)");
  }
  std::string* o = out_->buffer();
  *o += "    </body>\n  </text>\n";
  *o += v3_ ? "</tbx>\n" : "</martif>\n";
  return out_->Commit();
}

// Every string must be XML 1.0 character data.
Status CheckEntry(const TermEntry& e) {
  auto check = [&](std::string_view s, std::string_view what) -> Status {
    if (!IsValidUtf8(s)) return InvalidInput("entry " + e.entry_id + ": " + std::string(what) + " is not valid UTF-8");
    if (int32_t c = xml::FirstForbiddenChar(s); c >= 0) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
      return InvalidInput("entry " + e.entry_id + ": " + std::string(what) + " holds " + hex +
                          ", which XML 1.0 cannot carry; remove it and export again");
    }
    return {};
  };
  for (std::string_view s : {std::string_view(e.entry_id), std::string_view(e.subject),
                             std::string_view(e.definition), std::string_view(e.note)}) {
    if (Status st = check(s, "a concept field"); !st) return st;
  }
  for (const Prop& p : e.extra) {
    for (std::string_view s : {std::string_view(p.type), std::string_view(p.text), std::string_view(p.lang)}) {
      if (Status st = check(s, "data category " + p.type); !st) return st;
    }
  }
  for (const Term& t : e.terms) {
    for (std::string_view s : {std::string_view(t.text), std::string_view(t.lang), std::string_view(t.part_of_speech),
                               std::string_view(t.definition), std::string_view(t.context),
                               std::string_view(t.note), std::string_view(t.source)}) {
      if (Status st = check(s, "term '" + t.text + "'"); !st) return st;
    }
    for (const std::string& f : t.forms) {
      if (Status st = check(f, "a form of '" + t.text + "'"); !st) return st;
    }
    for (const Prop& p : t.extra) {
      for (std::string_view s : {std::string_view(p.type), std::string_view(p.text), std::string_view(p.lang)}) {
        if (Status st = check(s, "data category " + p.type + " of '" + t.text + "'"); !st) return st;
      }
    }
  }
  return {};
}

class CheckedWriter final : public EntryWriter {
 public:
  explicit CheckedWriter(std::unique_ptr<TbxWriter> w) : w_(std::move(w)) {}
  Status Add(const TermEntry& e) override {
    if (Status s = CheckEntry(e); !s) return s;
    return w_->Add(e);
  }
  Status Finish() override { return w_->Finish(); }

 private:
  std::unique_ptr<TbxWriter> w_;
};

}  // namespace

Result<std::unique_ptr<EntryWriter>> OpenTbxWriter(const std::string& path, GlossaryFormat format,
                                                   const GlossaryWriteOptions& options) {
  if (format != GlossaryFormat::kTbx && format != GlossaryFormat::kTbx2008) {
    return InvalidArgument("TBX writer: expected format tbx or tbx2008");
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  return std::unique_ptr<EntryWriter>(std::make_unique<CheckedWriter>(std::make_unique<TbxWriter>(
      std::move(*out), path, format == GlossaryFormat::kTbx, options)));
}

}  // namespace tmkit
