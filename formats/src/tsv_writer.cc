#include "tsv_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "tmkit/core/language.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

std::string UnitName(const TranslationUnit& unit, uint64_t number) {
  std::string name = "unit " + std::to_string(number);
  if (!unit.tuid.empty()) name += " (tuid '" + unit.tuid + "')";
  return name;
}

// kInvalidInput when `text` cannot be one TSV cell.
Status CheckCell(std::string_view text, std::string_view what, const std::string& unit) {
  if (!IsValidUtf8(text)) {
    return InvalidInput(unit + ": the " + std::string(what) + " text is not valid UTF-8");
  }
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\t') {
      return InvalidInput(unit + ": the " + std::string(what) +
                          " text holds a tab, which a TSV cell cannot carry; export it as TMX");
    }
    if (c == '\n' || c == '\r') {
      return InvalidInput(unit + ": the " + std::string(what) +
                          " text holds a line break, which a TSV row cannot carry; export it as "
                          "TMX");
    }
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "U+%04X", c);
      return InvalidInput(unit + ": the " + std::string(what) + " text holds " + hex +
                          " (a control character), which TSV cannot carry");
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<TsvWriter>> TsvWriter::Create(const std::string& path,
                                                     const WriteOptions& options) {
  std::string tags[2];
  const std::string* given[2] = {&options.source_lang, &options.target_lang};
  for (int i = 0; i < 2; ++i) {
    if (given[i]->empty() || *given[i] == "*all*") continue;
    Result<std::string> tag = NormalizeLanguageTag(*given[i]);
    if (!tag) return InvalidArgument(tag.error().message);
    tags[i] = *tag;
  }
  Result<std::unique_ptr<xml::OutputFile>> out = xml::OutputFile::Create(path);
  if (!out) return std::unexpected(out.error());
  return std::unique_ptr<TsvWriter>(new TsvWriter(std::move(*out), tags[0], tags[1]));
}

Result<std::string> TsvWriter::FormatRow(const TranslationUnit& unit,
                                         const std::string& source_lang,
                                         const std::string& target_lang, uint64_t number) {
  std::string name = UnitName(unit, number);
  std::string src = source_lang;
  if (src.empty() && unit.source_lang != "*all*") src = unit.source_lang;
  const Variant* source = nullptr;
  if (!src.empty()) {
    source = unit.FindVariant(src);
  } else if (!unit.variants.empty()) {
    source = &unit.variants.front();
    src = source->lang;
  }
  const Variant* target = nullptr;
  if (!target_lang.empty()) {
    target = unit.FindVariant(target_lang);
  } else {
    for (const Variant& v : unit.variants) {
      if (&v == source || LanguageMatches(src, v.lang)) continue;
      if (!target) {
        target = &v;
      } else if (!LanguageMatches(target->lang, v.lang)) {
        return InvalidArgument(name + " has several target languages (" + target->lang + ", " +
                               v.lang + "); a TSV file holds one pair: give the target language");
      }
    }
  }
  if (!source && !target) {
    return InvalidInput(name + " has neither a source (" + src + ") nor a target variant");
  }
  std::string_view source_text = source ? std::string_view(source->segment.text) : "";
  std::string_view target_text = target ? std::string_view(target->segment.text) : "";
  if (Status s = CheckCell(source_text, "source", name); !s) return std::unexpected(s.error());
  if (Status s = CheckCell(target_text, "target", name); !s) return std::unexpected(s.error());

  std::string confidence = "1";
  for (const Prop& p : unit.props) {
    if (p.type != kAlignConfidenceProp) continue;
    double value = -1;
    const char* end = p.text.data() + p.text.size();
    auto [stop, ec] = std::from_chars(p.text.data(), end, value);
    if (ec != std::errc() || stop != end || !std::isfinite(value) || value < 0 || value > 1) {
      return InvalidInput(name + ": expected a number 0-1 in its " +
                          std::string(kAlignConfidenceProp) + " prop, found '" + p.text + "'");
    }
    confidence = p.text;
    break;
  }
  // Inline codes are dropped: a TSV cell is plain text (segment.text never
  // holds markup, so nothing else needs removing).
  std::string row;
  row.reserve(source_text.size() + target_text.size() + confidence.size() + 2);
  row += source_text;
  row += '\t';
  row += target_text;
  row += '\t';
  row += confidence;
  return row;
}

Status TsvWriter::Add(const TranslationUnit& unit) {
  if (finished_) return InvalidArgument("TsvWriter::Add after Finish");
  Result<std::string> row = FormatRow(unit, src_, tgt_, units_ + 1);
  if (!row) return std::unexpected(row.error());
  ++units_;
  std::string* buffer = out_->buffer();
  *buffer += *row;
  *buffer += '\n';
  out_->MaybeFlush();
  return {};
}

Status TsvWriter::Finish() {
  if (finished_) return {};
  finished_ = true;
  return out_->Commit();
}

}  // namespace tmkit
