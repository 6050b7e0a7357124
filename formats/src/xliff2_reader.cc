// Xliff2Reader: the units of an XLIFF 2.0/2.1 (and 2.2 draft) file, one
// TranslationUnit per <segment>. See doc/formats/xliff2.md for the mapping.
#include <algorithm>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tmkit/core/language.h"
#include "xliff2_parse.h"
#include "xliff2_validate.h"
#include "xliff_format.h"
#include "xml_pull_parser.h"

namespace tmkit::internal {
namespace {

bool Empty(const Segment& s) { return s.text.empty() && s.codes.empty(); }

class Xliff2Reader final : public UnitReader {
 public:
  Xliff2Reader(std::unique_ptr<xml::FileSource> source, std::string path, ReadOptions options)
      : source_(source.get()),
        path_(path),
        options_(std::move(options)),
        scanner_(std::make_unique<xml::XmlPullParser>(std::move(source), path), path,
                 options_.reporter) {
    if (options_.states.empty()) options_.states = {"translated", "reviewed", "final"};
  }

  Result<bool> Next(TranslationUnit* unit) override {
    try {
      if (!started_) {
        started_ = true;
        scanner_.Start();
        header_.source_lang = scanner_.root().src_lang;
        header_.attrs = scanner_.root().attrs;
      }
      while (pending_.empty()) {
        Xliff2Unit u;
        try {
          if (!scanner_.NextUnit(&u)) {
            ReportNothingImported();
            return false;
          }
        } catch (const Xliff2UnitError& e) {
          if (options_.on_error == OnBadInput::kFail) {
            return std::unexpected(Error{ErrorCode::kInvalidInput,
                                         path_ + ":" + std::to_string(e.line) + ": " + e.message,
                                         /*skippable=*/true});
          }
          if (options_.reporter) {
            options_.reporter->Report(
                Problem{Problem::Severity::kSkipped, path_, e.line, "a unit: " + e.message});
          }
          scanner_.SkipUnit();
          continue;
        }
        Convert(u);
      }
      *unit = std::move(pending_.front());
      pending_.pop_front();
      ++returned_;
      return true;
    } catch (const xml::XmlError& e) {
      return std::unexpected(e.ToError());
    }
  }

  const FileHeader& header() const override { return header_; }
  uint64_t bytes_read() const override { return source_->bytes_read(); }
  std::vector<std::pair<std::string, uint64_t>> NotImported() const override {
    return not_imported_;
  }

 private:
  void Count(const std::string& reason) {
    for (auto& [r, n] : not_imported_) {
      if (r == reason) {
        ++n;
        return;
      }
    }
    not_imported_.emplace_back(reason, 1);
  }

  void ReportNothingImported() {
    if (returned_ > 0 || not_imported_.empty() || !options_.reporter) return;
    std::string why;
    for (const auto& [r, n] : not_imported_) {
      why += (why.empty() ? "" : ", ") + std::to_string(n) + " " + r;
    }
    options_.reporter->Report(Problem{Problem::Severity::kWarning, path_, 0,
                                      "no segment was imported: " + why});
  }

  // Puts each <target order="n"> at the position n of the unit's parts.
  static void ApplyOrder(std::vector<Xliff2Part>* parts) {
    bool any = std::any_of(parts->begin(), parts->end(),
                           [](const Xliff2Part& p) { return p.has_target && p.order > 0; });
    if (!any) return;
    size_t n = parts->size();
    std::vector<int> slot(n, -1);  // slot → index of the part whose target goes there
    for (size_t i = 0; i < n; ++i) {
      int o = (*parts)[i].order;
      if ((*parts)[i].has_target && o > 0 && static_cast<size_t>(o) <= n && slot[o - 1] < 0) {
        slot[o - 1] = static_cast<int>(i);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      const Xliff2Part& p = (*parts)[i];
      bool placed = std::find(slot.begin(), slot.end(), static_cast<int>(i)) != slot.end();
      if (!placed && slot[i] < 0 && p.has_target) slot[i] = static_cast<int>(i);
    }
    std::vector<std::pair<bool, Segment>> targets(n);
    for (size_t i = 0; i < n; ++i) {
      if (slot[i] >= 0) targets[i] = {true, (*parts)[slot[i]].target};
    }
    for (size_t i = 0; i < n; ++i) {
      (*parts)[i].has_target = targets[i].first;
      (*parts)[i].target = std::move(targets[i].second);
    }
  }

  std::string TargetLang(const Xliff2Part& p) {
    if (!p.target_lang.empty()) {
      Result<std::string> tag = NormalizeLanguageTag(p.target_lang);
      if (tag) return *tag;
    }
    if (!scanner_.root().trg_lang.empty()) return scanner_.root().trg_lang;
    if (!options_.target_lang.empty()) {
      Result<std::string> tag = NormalizeLanguageTag(options_.target_lang);
      if (tag) return *tag;
    }
    return "";
  }

  void Convert(Xliff2Unit& u) {
    ApplyOrder(&u.parts);
    int index = 0;
    for (Xliff2Part& p : u.parts) {
      if (p.ignorable) continue;
      ++index;
      std::string state = p.state.empty() ? "initial" : MapXliff2State(p.state);
      if (!p.state.empty() && state != p.state && warned_.insert(p.state).second &&
          options_.reporter) {
        options_.reporter->Report(Problem{
            Problem::Severity::kWarning, path_, p.line,
            "state=\"" + p.state + "\" is an XLIFF 1.2 value; read as \"" + state +
                "\" (reported once)"});
      }
      bool empty_target = !p.has_target || Empty(p.target);
      if (!options_.all_segments) {
        if (!u.translate) {
          Count("translate=\"no\"");
          continue;
        }
        if (empty_target) {
          Count("no target");
          continue;
        }
        bool wanted = std::find(options_.states.begin(), options_.states.end(), state) !=
                          options_.states.end() ||
                      std::find(options_.states.begin(), options_.states.end(), p.state) !=
                          options_.states.end();
        if (!wanted) {
          Count("not translated (state \"" + state + "\")");
          continue;
        }
      }
      TranslationUnit tu;
      tu.tuid = u.file_id + "/" + u.unit_id + "/" + (p.id.empty() ? std::to_string(index) : p.id);
      tu.source_lang = scanner_.root().src_lang;
      tu.notes = u.notes;
      tu.props = u.props;
      Variant source;
      source.lang = tu.source_lang;
      source.segment = std::move(p.source);
      tu.variants.push_back(std::move(source));
      Variant target;
      target.lang = TargetLang(p);
      target.segment = std::move(p.target);
      target.attrs.push_back({"state", state});
      if (!p.sub_state.empty()) target.attrs.push_back({"subState", p.sub_state});
      tu.variants.push_back(std::move(target));
      pending_.push_back(std::move(tu));
    }
  }

  xml::FileSource* source_;
  std::string path_;
  ReadOptions options_;
  Xliff2Scanner scanner_;
  FileHeader header_;
  std::deque<TranslationUnit> pending_;
  std::vector<std::pair<std::string, uint64_t>> not_imported_;
  std::set<std::string> warned_;
  uint64_t returned_ = 0;
  bool started_ = false;
};

}  // namespace

Result<std::unique_ptr<UnitReader>> OpenXliff2Reader(const std::string& path,
                                                     const ReadOptions& options) {
  // The XLIFF 2 rules first: the scanner below assumes a valid structure.
  if (Status valid = ValidateXliff2(path); !valid) {
    if (options.on_error == OnBadInput::kFail || valid.error().code != ErrorCode::kInvalidInput) {
      return std::unexpected(valid.error());
    }
    if (options.reporter) {
      options.reporter->Report(Problem{Problem::Severity::kWarning, "", 0, valid.error().message});
    }
  }
  std::unique_ptr<xml::FileSource> source;
  try {
    source = std::make_unique<xml::FileSource>(path);
  } catch (const xml::XmlError& e) {
    return IOError(e.what());
  }
  return std::make_unique<Xliff2Reader>(std::move(source), path, options);
}

}  // namespace tmkit::internal
