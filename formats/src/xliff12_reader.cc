// Xliff12Reader: the units of an XLIFF 1.2 (or 1.1) file for import
// (reached through OpenReader in format.h). One TranslationUnit per segment
// that passes the state filter; the rest are counted by reason. See
// doc/formats/xliff12.md.
#include <algorithm>
#include <deque>

#include "xliff12_parser.h"
#include "xliff_format.h"

namespace tmkit {
namespace {

bool IsBlank(const Segment& s) {
  return s.codes.empty() && std::all_of(s.text.begin(), s.text.end(), [](char c) {
           return c == ' ' || c == '\t' || c == '\n' || c == '\r';
         });
}

class Xliff12Reader final : public UnitReader {
 public:
  Xliff12Reader(const std::string& path, const ReadOptions& options)
      : parser_(std::make_unique<xml::FileSource>(path), path, options), options_(options) {}

  Result<bool> Next(TranslationUnit* unit) override {
    while (pending_.empty()) {
      xliff12::ParsedUnit parsed;
      Result<bool> more = parser_.Next(&parsed);
      header_.source_lang = parser_.first_source_lang();
      if (!more || !*more) return more;
      Convert(parsed);
    }
    *unit = std::move(pending_.front());
    pending_.pop_front();
    return true;
  }

  const FileHeader& header() const override { return header_; }
  uint64_t bytes_read() const override { return parser_.bytes_consumed(); }
  std::vector<std::pair<std::string, uint64_t>> NotImported() const override {
    return not_imported_;
  }

 private:
  // Why `segment` is not imported, or "" when it is.
  std::string Rejection(const xliff12::ParsedUnit& unit, const xliff12::ParsedSegment& segment) {
    if (!unit.translatable) return "translate=\"no\"";
    if (!segment.has_target) return "no target";
    if (IsBlank(segment.target)) return "empty target";
    if (unit.target_lang.empty()) return "no target language (<file target-language>)";
    if (unit.approved == "yes") return "";
    if (!options_.states.empty()) {
      if (std::find(options_.states.begin(), options_.states.end(), unit.state) !=
          options_.states.end()) {
        return "";
      }
    } else if (xliff12::IsDefaultImportState(unit.state) ||
               (unit.state.empty() && unit.approved != "no")) {
      // A target without state or approval is taken as a translation: many
      // tools (Okapi, OmegaT, XLIFF 1.1 files) write no state at all.
      return "";
    }
    if (unit.state.empty()) return "not approved (approved=\"no\", no state)";
    return "not translated (state \"" + unit.state + "\")";
  }

  void Count(const std::string& reason) {
    auto it = std::find_if(not_imported_.begin(), not_imported_.end(),
                           [&](const auto& p) { return p.first == reason; });
    if (it == not_imported_.end()) {
      not_imported_.emplace_back(reason, 1);
    } else {
      ++it->second;
    }
  }

  void Convert(xliff12::ParsedUnit& unit) {
    for (xliff12::ParsedSegment& s : unit.segments) {
      std::string reason = Rejection(unit, s);
      if (!reason.empty() && !options_.all_segments) {
        Count(reason);
        continue;
      }
      TranslationUnit tu;
      tu.tuid = unit.file_key + "/" + unit.id + (s.mid.empty() ? "" : "/" + s.mid);
      tu.source_lang = unit.source_lang;
      tu.notes = unit.notes;
      tu.attrs = unit.attrs;
      Variant source;
      source.lang = unit.source_lang;
      source.segment = std::move(s.source);
      tu.variants.push_back(std::move(source));
      Variant target;
      target.lang = unit.target_lang;
      target.segment = std::move(s.target);
      if (!unit.state.empty()) target.attrs.push_back({"state", unit.state});
      if (!unit.state_qualifier.empty()) {
        target.attrs.push_back({"state-qualifier", unit.state_qualifier});
      }
      if (!unit.approved.empty()) target.attrs.push_back({"approved", unit.approved});
      tu.variants.push_back(std::move(target));
      pending_.push_back(std::move(tu));
    }
  }

  xliff12::Parser parser_;
  ReadOptions options_;
  FileHeader header_;
  std::deque<TranslationUnit> pending_;
  std::vector<std::pair<std::string, uint64_t>> not_imported_;
};

}  // namespace

namespace internal {

Result<std::unique_ptr<UnitReader>> OpenXliff12Reader(const std::string& path,
                                                      const ReadOptions& options) {
  try {
    return std::unique_ptr<UnitReader>(std::make_unique<Xliff12Reader>(path, options));
  } catch (const xml::XmlError& e) {
    return IOError(e.message());
  }
}

}  // namespace internal
}  // namespace tmkit
