// Xliff2Writer: XLIFF 2.1 with one <unit> per TranslationUnit, valid against
// the OASIS core and module schemas. See doc/formats/xliff2.md.
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"
#include "xliff2_inline.h"
#include "xliff2_parse.h"
#include "xliff_format.h"
#include "xml_writer.h"

namespace tmkit::internal {
namespace {

constexpr char kMdaNamespace[] = "urn:oasis:names:tc:xliff:metadata:2.0";
constexpr char kFsNamespace[] = "urn:oasis:names:tc:xliff:fs:2.0";
constexpr char kSlrNamespace[] = "urn:oasis:names:tc:xliff:sizerestriction:2.0";

void Attr(std::string* out, std::string_view name, std::string_view value) {
  *out += ' ';
  *out += name;
  *out += "=\"";
  xml::AppendEscapedAttr(value, out);
  *out += '"';
}

const std::string* FindAttr(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const Attribute& a : attrs) {
    if (a.name == name) return &a.value;
  }
  return nullptr;
}

std::string UnitName(const TranslationUnit& unit) {
  std::string name = unit.id ? "unit " + std::to_string(unit.id) : "a unit";
  if (!unit.tuid.empty() && unit.tuid.size() <= 60 && IsValidUtf8(unit.tuid)) {
    name += " (tuid '" + unit.tuid + "')";
  }
  return name;
}

class Xliff2Writer final : public UnitWriter {
 public:
  Xliff2Writer(std::unique_ptr<xml::OutputFile> out, const WriteOptions& options)
      : out_(std::move(out)), options_(options) {}

  Status Add(const TranslationUnit& unit) override {
    if (finished_) return InvalidArgument("XLIFF 2 writer: Add() after Finish()");
    const Variant* source = nullptr;
    const Variant* target = nullptr;
    if (Status s = Choose(unit, &source, &target); !s) return s;
    std::string src = source->lang;
    std::string trg =
        target ? target->lang : (header_written_ ? pair_trg_ : options_.target_lang);
    if (!header_written_) {
      pair_src_ = options_.source_lang.empty() ? src : options_.source_lang;
      pair_trg_ = options_.target_lang.empty() ? trg : options_.target_lang;
      WriteHeader();
    } else if (!options_.target_lang.empty() && !options_.source_lang.empty()) {
      // The pair is the user's: the variants were chosen by it.
    } else if (!LanguageMatches(pair_src_, src) ||
               (target && !pair_trg_.empty() && !LanguageMatches(pair_trg_, trg))) {
      return InvalidArgument(UnitName(unit) + " is " + src + " → " + trg +
                             ", but the XLIFF 2 file is " + pair_src_ + " → " + pair_trg_ +
                             ": an XLIFF 2 file holds one language pair; give --src and --tgt");
    } else if (target && pair_trg_.empty()) {
      return InvalidArgument(UnitName(unit) + " has a " + trg +
                             " target, but the units before it had none; give --tgt");
    }
    std::string unit_xml;
    if (Status s = WriteUnit(unit, *source, target, &unit_xml); !s) {
      return std::unexpected(s.error().WithContext(UnitName(unit)));
    }
    std::string* out = out_->buffer();
    *out += unit_xml;
    out_->MaybeFlush();
    return {};
  }

  Status Finish() override {
    if (finished_) return {};
    finished_ = true;
    if (!header_written_) {
      pair_src_ = options_.source_lang.empty() ? "en" : options_.source_lang;
      pair_trg_ = options_.target_lang;
      WriteHeader();
    }
    *out_->buffer() += "  </file>\n</xliff>\n";
    return out_->Commit();
  }

 private:
  // The source and target variants of `unit` for this file's language pair.
  Status Choose(const TranslationUnit& unit, const Variant** source, const Variant** target) {
    std::string src_lang = options_.source_lang;
    if (src_lang.empty()) src_lang = header_written_ ? pair_src_ : unit.source_lang;
    if (src_lang.empty() || src_lang == kAllLanguages) {
      if (unit.variants.empty()) return InvalidArgument(UnitName(unit) + " has no variant");
      src_lang = unit.variants.front().lang;
    }
    *source = unit.FindVariant(src_lang);
    if (!*source) {
      return InvalidArgument(UnitName(unit) + " has no " + src_lang +
                             " variant (the XLIFF 2 source language)");
    }
    *target = nullptr;
    if (!options_.target_lang.empty()) {
      *target = unit.FindVariant(options_.target_lang);
      return {};
    }
    std::vector<const Variant*> others;
    for (const Variant& v : unit.variants) {
      if (v.lang.empty()) continue;  // a file without trgLang read with all_segments
      if (&v != *source && !LanguageMatches((*source)->lang, v.lang)) others.push_back(&v);
    }
    if (others.size() > 1) {
      if (header_written_ && !pair_trg_.empty()) {
        *target = unit.FindVariant(pair_trg_);
        return {};
      }
      return InvalidArgument(UnitName(unit) + " holds " + std::to_string(others.size()) +
                             " target languages; an XLIFF 2 file holds one language pair: "
                             "give --src and --tgt");
    }
    if (!others.empty()) *target = others.front();
    return {};
  }

  void WriteHeader() {
    header_written_ = true;
    std::string* out = out_->buffer();
    *out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff";
    Attr(out, "xmlns", kXliff2Namespace);
    Attr(out, "xmlns:mda", kMdaNamespace);
    Attr(out, "xmlns:fs", kFsNamespace);
    Attr(out, "xmlns:slr", kSlrNamespace);
    Attr(out, "version", "2.1");
    Attr(out, "srcLang", pair_src_);
    if (!pair_trg_.empty()) Attr(out, "trgLang", pair_trg_);
    *out += ">\n  <file id=\"f1\">\n";
  }

  Status WriteUnit(const TranslationUnit& unit, const Variant& source, const Variant* target,
                   std::string* out) {
    ++units_;
    std::vector<std::pair<std::string, std::string>> data;  // id → text
    Xliff2DataSink sink = [&data](const std::string& text) {
      for (const auto& [id, t] : data) {
        if (t == text) return id;
      }
      std::string id = "d" + std::to_string(data.size() + 1);
      data.emplace_back(id, text);
      return id;
    };
    Xliff2InlineOptions inline_options;
    std::string src_xml, trg_xml;
    if (Status s = AppendXliff2Content(source.segment, sink, inline_options, &src_xml); !s) {
      return std::unexpected(s.error().WithContext("the source"));
    }
    bool has_target = target && (!target->segment.text.empty() || !target->segment.codes.empty());
    if (has_target) {
      if (Status s = AppendXliff2Content(target->segment, sink, inline_options, &trg_xml); !s) {
        return std::unexpected(s.error().WithContext("the target"));
      }
    }
    *out += "    <unit";
    Attr(out, "id", "u" + std::to_string(units_));
    *out += ">\n";
    // <mda:metadata> from the props read from it ("mda:[category:]type").
    std::vector<std::pair<std::string, std::vector<const Prop*>>> groups;
    for (const Prop& p : unit.props) {
      if (!p.type.starts_with("mda:") || !IsValidUtf8(p.text) || !IsValidUtf8(p.type)) continue;
      std::string rest = p.type.substr(4);
      size_t colon = rest.rfind(':');
      std::string category = colon == std::string::npos ? "" : rest.substr(0, colon);
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == category; });
      if (it == groups.end()) {
        groups.push_back({category, {}});
        it = groups.end() - 1;
      }
      it->second.push_back(&p);
    }
    if (!groups.empty()) {
      *out += "      <mda:metadata>\n";
      for (const auto& [category, props] : groups) {
        *out += "        <mda:metaGroup";
        if (!category.empty()) Attr(out, "category", category);
        *out += ">\n";
        for (const Prop* p : props) {
          std::string rest = p->type.substr(4);
          size_t colon = rest.rfind(':');
          *out += "          <mda:meta";
          Attr(out, "type", colon == std::string::npos ? rest : rest.substr(colon + 1));
          *out += ">";
          AppendXliff2Text(p->text, "", out);
          *out += "</mda:meta>\n";
        }
        *out += "        </mda:metaGroup>\n";
      }
      *out += "      </mda:metadata>\n";
    }
    bool notes = false;
    for (const Note& n : unit.notes) {
      if (n.text.empty() || !IsValidUtf8(n.text)) continue;
      if (!notes) *out += "      <notes>\n";
      notes = true;
      *out += "        <note>";
      AppendXliff2Text(n.text, "", out);
      *out += "</note>\n";
    }
    if (notes) *out += "      </notes>\n";
    if (!data.empty()) {
      *out += "      <originalData>\n";
      for (const auto& [id, text] : data) {
        *out += "        <data";
        Attr(out, "id", id);
        *out += ">";
        AppendXliff2Text(text, "", out);
        *out += "</data>\n";
      }
      *out += "      </originalData>\n";
    }
    std::string state = "initial";
    const std::string* sub_state = nullptr;
    if (has_target) {
      state = "translated";
      if (const std::string* s = FindAttr(target->attrs, "state")) {
        std::string mapped = MapXliff2State(*s);
        if (mapped == "initial" || mapped == "translated" || mapped == "reviewed" ||
            mapped == "final") {
          state = mapped;
          if (mapped == *s) sub_state = FindAttr(target->attrs, "subState");
        }
      }
    }
    *out += "      <segment";
    Attr(out, "state", state);
    if (sub_state && sub_state->find(':') != std::string::npos && IsValidUtf8(*sub_state)) {
      Attr(out, "subState", *sub_state);
    }
    *out += ">\n        <source>";
    *out += src_xml;
    *out += "</source>\n";
    if (has_target) {
      *out += "        <target>";
      *out += trg_xml;
      *out += "</target>\n";
    }
    *out += "      </segment>\n    </unit>\n";
    return {};
  }

  std::unique_ptr<xml::OutputFile> out_;
  WriteOptions options_;
  std::string pair_src_, pair_trg_;
  bool header_written_ = false;
  bool finished_ = false;
  uint64_t units_ = 0;
};

}  // namespace

Result<std::unique_ptr<UnitWriter>> OpenXliff2Writer(const std::string& path,
                                                     const WriteOptions& options) {
  WriteOptions o = options;
  for (std::string* lang : {&o.source_lang, &o.target_lang}) {
    if (lang->empty()) continue;
    Result<std::string> tag = NormalizeLanguageTag(*lang);
    if (!tag) return std::unexpected(Error{ErrorCode::kInvalidArgument, tag.error().message});
    *lang = *tag;
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  return std::make_unique<Xliff2Writer>(std::move(*out), o);
}

}  // namespace tmkit::internal
