// Xliff12Writer: writes units as XLIFF 1.2 valid against
// xliff-core-1.2-strict.xsd (reached through OpenWriter in format.h). One
// <file> per (source, target) language pair, one <trans-unit> per unit and
// target variant. See doc/formats/xliff12.md.
//
// The first pair's <file> streams to the output; units of other pairs are
// kept in memory until Finish() (an export usually holds one pair).
#include <algorithm>
#include <set>
#include <vector>

#include "tmkit/core/language.h"
#include "xliff12_inline.h"
#include "xliff_format.h"
#include "xml_writer.h"

namespace tmkit {
namespace {

using xliff12::AppendAttr;

// Trans-unit attributes of the store (read from XLIFF 1.2) written back:
// those whose value 1.2 strict does not restrict.
constexpr std::string_view kUnitAttrs[] = {"resname",     "extradata", "extype", "menu",
                                           "menu-option", "menu-name", "font",   "css-style",
                                           "charclass",   "phase-name"};

bool NeedsPreserve(const std::string& text) {
  if (text.empty()) return false;
  return text.front() == ' ' || text.back() == ' ' ||
         text.find_first_of("\t\n\r") != std::string::npos || text.find("  ") != std::string::npos;
}

const std::string* FindAttr(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const Attribute& a : attrs) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

struct PairFile {
  std::string source_lang, target_lang;
  std::string body;  // buffered <trans-unit>s (all but the first pair)
  std::set<std::string> ids;
};

class Xliff12Writer final : public UnitWriter {
 public:
  Xliff12Writer(std::unique_ptr<xml::OutputFile> out, const WriteOptions& options)
      : out_(std::move(out)), options_(options) {}

  Status Add(const TranslationUnit& unit) override {
    if (finished_) return InvalidArgument("Xliff12Writer::Add after Finish");
    std::string_view src = options_.source_lang.empty() ? std::string_view(unit.source_lang)
                                                        : std::string_view(options_.source_lang);
    const Variant* source = src.empty() || src == kAllLanguages ? nullptr : unit.FindVariant(src);
    if (!source && src == kAllLanguages && !unit.variants.empty()) source = &unit.variants.front();
    if (!source) return {};  // nothing to translate from in this unit
    std::vector<const Variant*> targets;
    if (!options_.target_lang.empty()) {
      if (const Variant* t = unit.FindVariant(options_.target_lang); t && t != source) {
        targets.push_back(t);
      }
    } else {
      for (const Variant& v : unit.variants) {
        if (&v != source) targets.push_back(&v);
      }
    }
    for (const Variant* target : targets) {
      std::string markup;
      PairFile& file = FileFor(source->lang, target->lang);
      if (Status s = AppendUnit(unit, *source, *target, &file, &markup); !s) {
        std::string name =
            unit.tuid.empty() ? "unit " + std::to_string(unit.id) : "the unit '" + unit.tuid + "'";
        return std::unexpected(s.error().WithContext(name));
      }
      if (&file == &files_.front()) {
        *out_->buffer() += markup;
        out_->MaybeFlush();
      } else {
        file.body += markup;
      }
    }
    return {};
  }

  Status Finish() override {
    if (finished_) return {};
    finished_ = true;
    if (files_.empty()) {
      // An empty export is still a valid document: one <file> with no units.
      std::string src = options_.source_lang.empty() ? "und" : options_.source_lang;
      StartFile(src, options_.target_lang, out_->buffer());
    }
    std::string* out = out_->buffer();
    *out += "    </body>\n  </file>\n";
    for (size_t i = 1; i < files_.size(); ++i) {
      StartFile(files_[i].source_lang, files_[i].target_lang, out);
      *out += files_[i].body;
      *out += "    </body>\n  </file>\n";
      out_->MaybeFlush();
    }
    *out += "</xliff>\n";
    return out_->Commit();
  }

 private:
  PairFile& FileFor(const std::string& source_lang, const std::string& target_lang) {
    for (PairFile& f : files_) {
      if (f.source_lang == source_lang && f.target_lang == target_lang) return f;
    }
    files_.push_back(PairFile{source_lang, target_lang, {}, {}});
    if (files_.size() == 1) StartFile(source_lang, target_lang, out_->buffer());
    return files_.back();
  }

  void StartFile(const std::string& source_lang, const std::string& target_lang, std::string* out) {
    if (!started_) {
      started_ = true;
      *out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
      *out += "<xliff version=\"1.2\" xmlns=\"";
      *out += internal::kXliff12Namespace;
      *out += "\">\n";
    }
    *out += "  <file original=\"tmkit\" datatype=\"plaintext\"";
    AppendAttr("source-language", source_lang, out);
    if (!target_lang.empty()) AppendAttr("target-language", target_lang, out);
    *out += ">\n    <header>\n      <tool tool-id=\"tmkit\"";
    AppendAttr("tool-name", options_.creation_tool, out);
    if (!options_.creation_tool_version.empty()) {
      AppendAttr("tool-version", options_.creation_tool_version, out);
    }
    *out += "/>\n";
    for (const Note& n : options_.header.notes) AppendNote(n, "      ", out);
    *out += "    </header>\n    <body>\n";
  }

  static void AppendNote(const Note& note, const char* indent, std::string* out) {
    *out += indent;
    *out += "<note";
    if (!note.lang.empty()) AppendAttr("xml:lang", note.lang, out);
    *out += '>';
    xml::AppendEscapedText(note.text, out);
    *out += "</note>\n";
  }

  // A trans-unit id unique in its <file>: the tuid, else the store's id.
  std::string UnitId(const TranslationUnit& unit, PairFile* file) {
    std::string base = !unit.tuid.empty() ? unit.tuid
                       : unit.id          ? std::to_string(unit.id)
                                          : std::to_string(++anonymous_);
    std::string id = base;
    for (int n = 2; !file->ids.insert(id).second; ++n) id = base + "-" + std::to_string(n);
    return id;
  }

  Status AppendUnit(const TranslationUnit& unit, const Variant& source, const Variant& target,
                    PairFile* file, std::string* out) {
    if (Status s = xliff12::CheckText(unit.tuid, "the tuid"); !s) return s;
    for (const Note& n : unit.notes) {
      if (Status s = xliff12::CheckText(n.text, "a <note>"); !s) return s;
    }
    std::string source_markup, target_markup;
    if (Status s = xliff12::AppendSegment(source.segment, &source_markup); !s) {
      return std::unexpected(s.error().WithContext("the " + source.lang + " <source>"));
    }
    if (Status s = xliff12::AppendSegment(target.segment, &target_markup); !s) {
      return std::unexpected(s.error().WithContext("the " + target.lang + " <target>"));
    }
    const std::string* state = FindAttr(target.attrs, "state");
    const std::string* qualifier = FindAttr(target.attrs, "state-qualifier");
    const std::string* approved = FindAttr(target.attrs, "approved");
    bool has_target = !target.segment.text.empty() || !target.segment.codes.empty() || state;
    *out += "      <trans-unit";
    AppendAttr("id", UnitId(unit, file), out);
    for (const Attribute& a : unit.attrs) {
      if (std::find(std::begin(kUnitAttrs), std::end(kUnitAttrs), a.name) != std::end(kUnitAttrs)) {
        if (xliff12::CheckText(a.value, a.name)) AppendAttr(a.name, a.value, out);
      }
    }
    if (approved && (*approved == "yes" || *approved == "no"))
      AppendAttr("approved", *approved, out);
    if (NeedsPreserve(source.segment.text) || NeedsPreserve(target.segment.text)) {
      AppendAttr("xml:space", "preserve", out);
    }
    *out += ">\n        <source>";
    *out += source_markup;
    *out += "</source>\n";
    if (has_target) {
      *out += "        <target";
      AppendAttr("state", xliff12::SchemaValue("state", state ? *state : "translated"), out);
      if (qualifier)
        AppendAttr("state-qualifier", xliff12::SchemaValue("state-qualifier", *qualifier), out);
      *out += '>';
      *out += target_markup;
      *out += "</target>\n";
    }
    for (const Note& n : unit.notes) AppendNote(n, "        ", out);
    *out += "      </trans-unit>\n";
    return {};
  }

  std::unique_ptr<xml::OutputFile> out_;
  WriteOptions options_;
  std::vector<PairFile> files_;
  uint64_t anonymous_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace

namespace internal {

Result<std::unique_ptr<UnitWriter>> OpenXliff12Writer(const std::string& path,
                                                      const WriteOptions& options) {
  for (const Note& n : options.header.notes) {
    if (Status s = xliff12::CheckText(n.text, "a header <note>"); !s) {
      return std::unexpected(s.error());
    }
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  return std::unique_ptr<UnitWriter>(std::make_unique<Xliff12Writer>(std::move(*out), options));
}

}  // namespace internal
}  // namespace tmkit
