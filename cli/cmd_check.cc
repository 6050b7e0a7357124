// tmkit check FILE|--store --src L --tgt L [--json]: terminology and number QA
// of a bilingual file (TMX, aligned TSV) or of the store, one problem a line,
// like a linter: exit 0 when clean, 1 when problems are found (or the input
// cannot be read), 2 for a usage error.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "common.h"
#include "tmkit/core/language.h"
#include "tmkit/formats/format.h"
#include "tmkit/glossaries/qa.h"
#include "tmkit/glossaries/term_base.h"

namespace tmkit::cli {
namespace {

struct CheckCommand {
  std::string file;
  bool store = false;  // check the store's units instead of a file
  std::string src, tgt;
  std::string format = "auto";
  bool json = false;
};

// The problems of one unit.
struct UnitReport {
  uint64_t unit = 0;  // 1-based index in the file, or the store's id
  int line = 0;       // the unit's line in the file; 0 when not known
  std::string tuid;
  std::string source, target;
  std::vector<QaProblem> problems;
};

Result<std::string> Tag(const std::string& flag, const std::string& value) {
  Result<std::string> tag = NormalizeLanguageTag(value);
  if (!tag) return InvalidArgument(flag + ": " + tag.error().message);
  return tag;
}

// The line each unit starts on, in file order: a TMX <tu> start tag (outside
// comments, CDATA and processing instructions), or a TSV row with text on
// both sides (as the TSV reader keeps them). Empty when the file cannot be
// read (the reader then says why).
std::vector<int> UnitLines(const std::string& path, Format format) {
  std::vector<int> lines;
  std::ifstream in(path, std::ios::binary);
  if (!in) return lines;
  std::string text;
  enum { kText, kComment, kCdata, kPi } state = kText;
  for (int number = 1; std::getline(in, text); ++number) {
    if (format == Format::kTsv) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
      auto trimmed = [](std::string_view cell) {
        const size_t b = cell.find_first_not_of(" \t\r\f\v");
        return b == std::string_view::npos ? std::string_view() : cell.substr(b);
      };
      const std::string_view row(text);
      const size_t tab = row.find('\t');
      if (tab == std::string_view::npos) continue;
      const std::string_view source = trimmed(row.substr(0, tab));
      std::string_view target = row.substr(tab + 1);
      target = trimmed(target.substr(0, target.find('\t')));
      if (!source.empty() && !target.empty()) lines.push_back(number);
      continue;
    }
    for (size_t i = 0; i < text.size();) {
      auto skip_to = [&](std::string_view end) {
        const size_t at = text.find(end, i);
        if (at == std::string::npos) {
          i = text.size();
          return;
        }
        i = at + end.size();
        state = kText;
      };
      if (state == kComment) {
        skip_to("-->");
        continue;
      }
      if (state == kCdata) {
        skip_to("]]>");
        continue;
      }
      if (state == kPi) {
        skip_to("?>");
        continue;
      }
      const size_t lt = text.find('<', i);
      if (lt == std::string::npos) break;
      const std::string_view rest = std::string_view(text).substr(lt);
      i = lt + 1;
      if (rest.starts_with("<!--")) {
        state = kComment;
        i = lt + 4;
      } else if (rest.starts_with("<![CDATA[")) {
        state = kCdata;
        i = lt + 9;
      } else if (rest.starts_with("<?")) {
        state = kPi;
        i = lt + 2;
      } else if (rest.starts_with("<tu") &&
                 (rest.size() == 3 || std::string_view(" \t\r>/").find(rest[3]) !=
                                          std::string_view::npos)) {
        lines.push_back(number);
      }
    }
  }
  return lines;
}

// The languages of a TMX file whose --src or --tgt was not given: the
// header's srclang, and the one other language of the units.
Status ChooseLanguages(const std::string& path, Format format, std::string* src,
                       std::string* tgt) {
  Result<std::unique_ptr<UnitReader>> reader = OpenReader(path, format, ReadOptions{});
  if (!reader) return std::unexpected(reader.error());
  std::vector<std::string> langs;
  TranslationUnit tu;
  for (;;) {
    Result<bool> more = (*reader)->Next(&tu);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    for (const Variant& v : tu.variants) {
      if (std::find(langs.begin(), langs.end(), v.lang) == langs.end()) langs.push_back(v.lang);
    }
  }
  std::string found;
  for (const std::string& l : langs) found += (found.empty() ? "" : ", ") + l;
  if (src->empty()) {
    const std::string& header = (*reader)->header().source_lang;
    if (header.empty() || header == "*all*") {
      return InvalidArgument(path + ": the header names no one source language (srclang=\"" +
                             header + "\"); give it with --src (the units have " + found + ")");
    }
    *src = header;
  }
  if (tgt->empty()) {
    std::vector<std::string> others;
    for (const std::string& l : langs) {
      if (LanguageMatches(*src, l) || LanguageMatches(l, *src)) continue;
      if (std::find(others.begin(), others.end(), l) == others.end()) others.push_back(l);
    }
    if (others.empty()) {
      return InvalidArgument(path + ": the units have no language besides " + *src +
                             "; give the target language with --tgt");
    }
    if (others.size() > 1) {
      std::string list;
      for (const std::string& l : others) list += (list.empty() ? "" : ", ") + l;
      return InvalidArgument(path + ": the units have several target languages (" + list +
                             "); choose one with --tgt");
    }
    *tgt = others.front();
  }
  return {};
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + JsonString(items[i]);
  return out + "]";
}

int RunCheck(const CheckCommand& cmd) {
  if (cmd.store == !cmd.file.empty()) {
    return Fail("check takes a FILE or --store (one of them): tmkit check FILE.tmx, or "
                "tmkit check --store --src en --tgt uk",
                kExitUsage);
  }
  std::string src, tgt;
  if (!cmd.src.empty()) {
    Result<std::string> t = Tag("--src", cmd.src);
    if (!t) return Fail(t.error());
    src = *t;
  }
  if (!cmd.tgt.empty()) {
    Result<std::string> t = Tag("--tgt", cmd.tgt);
    if (!t) return Fail(t.error());
    tgt = *t;
  }
  Format format = Format::kAuto;
  if (!cmd.store) {
    Result<Format> requested = ParseFormat(cmd.format);
    if (!requested) return Fail(requested.error());
    std::error_code ec;
    if (!std::filesystem::is_regular_file(cmd.file, ec)) {
      return Fail("'" + cmd.file + (std::filesystem::exists(cmd.file, ec)
                                        ? "' is not a file"
                                        : "' does not exist"));
    }
    Result<Format> detected = DetectFormat(cmd.file, *requested);
    if (!detected) return Fail(detected.error());
    format = *detected;
  }
  if ((cmd.store || format == Format::kTsv) && (src.empty() || tgt.empty())) {
    return Fail(std::string(cmd.store ? "the store" : "a TSV file") +
                    " holds no one language pair: give it with --src and --tgt "
                    "(e.g. --src en --tgt uk)",
                kExitUsage);
  }
  if (!cmd.store && (src.empty() || tgt.empty())) {
    if (Status s = ChooseLanguages(cmd.file, format, &src, &tgt); !s) return Fail(s.error());
  }

  // The term base. Checking a file works without a store (numbers only).
  std::optional<Store> store;
  Result<Store> opened = OpenStore(/*create=*/false, /*read_only=*/true);
  if (opened) {
    store.emplace(std::move(*opened));
  } else if (cmd.store || opened.error().code != ErrorCode::kNotFound) {
    return Fail(opened.error());
  } else {
    std::cerr << "tmkit: no store (" << opened.error().message
              << "): terms are not checked, only numbers (import a glossary with "
                 "tmkit term import)\n";
  }
  std::optional<StoreTermSource> store_terms;
  MemoryTermSource no_terms;
  if (store) store_terms.emplace(*store);
  const TermSource& terms =
      store_terms ? static_cast<const TermSource&>(*store_terms) : no_terms;

  std::vector<UnitReport> reports;
  uint64_t units = 0, checked = 0;
  auto check = [&](const TranslationUnit& tu, uint64_t number) -> Status {
    ++units;
    const Variant* s = tu.FindVariant(src);
    const Variant* t = tu.FindVariant(tgt);
    if (s == nullptr || t == nullptr || s == t) return {};
    ++checked;
    Result<std::vector<QaProblem>> problems =
        CheckPair(s->segment.text, t->segment.text, src, tgt, terms);
    if (!problems) return std::unexpected(problems.error());
    if (problems->empty()) return {};
    reports.push_back(UnitReport{.unit = number,
                                 .line = 0,
                                 .tuid = tu.tuid,
                                 .source = s->segment.text,
                                 .target = t->segment.text,
                                 .problems = std::move(*problems)});
    return {};
  };

  CollectingReporter reporter;
  if (cmd.store) {
    Status s = store->ForEach([&](const TranslationUnit& tu) { return check(tu, tu.id); });
    if (!s) return Fail(s.error());
  } else {
    ReadOptions ro;
    ro.on_error = OnBadInput::kFail;
    ro.reporter = &reporter;
    ro.source_lang = src;
    ro.target_lang = tgt;
    Result<std::unique_ptr<UnitReader>> reader = OpenReader(cmd.file, format, ro);
    if (!reader) return Fail(reader.error());
    Progress progress("checking " + std::filesystem::path(cmd.file).filename().string(), 0);
    TranslationUnit tu;
    for (uint64_t n = 1;; ++n) {
      Result<bool> more = (*reader)->Next(&tu);
      if (!more) return Fail(more.error());
      if (!*more) break;
      if (Status s = check(tu, n); !s) return Fail(s.error());
      if (n % 1024 == 0) progress.Update((*reader)->bytes_read(), Thousands(n) + " units");
      tu = TranslationUnit{};
    }
    progress.Done();
    // Lines only when the scan saw exactly the units the reader gave.
    std::vector<int> lines = UnitLines(cmd.file, format);
    if (lines.size() == units) {
      for (UnitReport& r : reports) r.line = lines[r.unit - 1];
    }
  }
  reporter.Print(20);

  std::map<QaKind, uint64_t> counts;
  uint64_t total = 0;
  for (const UnitReport& r : reports) {
    for (const QaProblem& p : r.problems) ++counts[p.kind], ++total;
  }
  if (cmd.json) {
    std::string j = "{";
    j += cmd.store ? "\"store\": true" : "\"file\": " + JsonString(cmd.file);
    j += ", \"src\": " + JsonString(src) + ", \"tgt\": " + JsonString(tgt) +
         ", \"units\": " + std::to_string(units) + ", \"checked\": " + std::to_string(checked) +
         ", \"problems\": [";
    bool first = true;
    for (const UnitReport& r : reports) {
      for (const QaProblem& p : r.problems) {
        j += first ? "" : ", ";
        first = false;
        j += "{\"unit\": " + std::to_string(r.unit);
        if (r.line > 0) j += ", \"line\": " + std::to_string(r.line);
        if (!r.tuid.empty()) j += ", \"tuid\": " + JsonString(r.tuid);
        j += ", \"kind\": " + JsonString(QaKindName(p.kind)) + ", \"side\": " +
             JsonString(p.side == QaSide::kSource ? "source" : "target") +
             ", \"source\": " + JsonString(r.source) + ", \"target\": " + JsonString(r.target) +
             ", \"detail\": " + JsonString(p.detail);
        if (p.kind == QaKind::kNumberMismatch) {
          j += ", \"source_only\": " + JsonList(p.source_only) +
               ", \"target_only\": " + JsonList(p.target_only);
        } else {
          j += ", \"term\": " + JsonString(p.term) + ", \"base_term\": " +
               JsonString(p.base_term) + ", \"renderings\": " + JsonList(p.renderings) +
               ", \"start\": " + std::to_string(p.start) + ", \"end\": " + std::to_string(p.end) +
               ", \"entry\": " + std::to_string(p.entry_id);
        }
        j += "}";
      }
    }
    j += "], \"counts\": {";
    for (size_t k = 0; k < std::size(kAllQaKinds); ++k) {
      j += (k ? ", " : "") + JsonString(QaKindName(kAllQaKinds[k])) + ": " +
           std::to_string(counts[kAllQaKinds[k]]);
    }
    j += "}, \"total\": " + std::to_string(total) + "}";
    std::cout << j << "\n";
  } else {
    for (const UnitReport& r : reports) {
      std::string where = cmd.store      ? "unit " + std::to_string(r.unit)
                          : r.line > 0 ? cmd.file + ":" + std::to_string(r.line)
                                       : cmd.file + ": unit " + std::to_string(r.unit);
      for (const QaProblem& p : r.problems) {
        std::cout << where << ": " << QaKindName(p.kind) << ": " << p.detail << "\n";
      }
    }
    const std::string pair = " (" + src + " \u2192 " + tgt + ")";
    if (total == 0) {
      std::cout << "no problems in " << Thousands(checked) << (checked == 1 ? " unit" : " units")
                << pair << "\n";
    } else {
      std::cout << Thousands(total) << (total == 1 ? " problem" : " problems") << " in "
                << Thousands(reports.size()) << " of " << Thousands(checked)
                << (checked == 1 ? " unit" : " units") << pair << ":";
      for (size_t k = 0; k < std::size(kAllQaKinds); ++k) {
        std::cout << (k ? ", " : " ") << counts[kAllQaKinds[k]] << " "
                  << QaKindName(kAllQaKinds[k]);
      }
      std::cout << "\n";
    }
  }
  return total == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void SetupCheck(CLI::App& app) {
  auto cmd = std::make_shared<CheckCommand>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Terminology and number QA of a bilingual file (TMX, aligned TSV) or of the store");
  sub->add_option("file", cmd->file, "The bilingual file (TMX, or TSV with --src and --tgt)");
  sub->add_flag("--store", cmd->store,
                "Check every unit of the store that has both languages instead of a file");
  sub->add_option("--src", cmd->src,
                  "Source language (TMX: default the header's srclang)");
  sub->add_option("--tgt", cmd->tgt,
                  "Target language (TMX: default the one other language of the units)");
  sub->add_option("--format", cmd->format, "auto|tmx|tsv (default: auto)");
  sub->add_flag("--json", cmd->json,
                "One JSON object: {\"problems\": [...], \"counts\": {...}}");
  sub->footer(
      "Problems: term-missing (a glossary term of the source whose approved renderings\n"
      "are all absent from the target; inflected forms count), forbidden-term (a term\n"
      "marked forbidden, in the source or the target), number-mismatch (numbers, dates,\n"
      "times that differ: 11,000 = 11 000 = 11 тис.; six = 6).\n"
      "Exit codes: 0 no problems, 1 problems found (or the input could not be read),\n"
      "2 usage error.");
  sub->callback([cmd] { CommandResult() = RunCheck(*cmd); });
}

}  // namespace tmkit::cli
