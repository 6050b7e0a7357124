// tmkit term import FILE... | term export -o FILE | term find TEXT | term list
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "common.h"
#include "tmkit/core/language.h"
#include "tmkit/formats/glossary_format.h"
#include "tmkit/glossaries/recognize.h"
#include "tmkit/glossaries/term_base.h"
#include "tmkit/glossaries/transliterate.h"

namespace tmkit::cli {
namespace {

struct TermImportCommand {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string src, tgt;
  std::string on_error = "fail";
  bool no_merge = false;
  bool json = false;
};

struct TermExportCommand {
  std::string out;
  std::string format;  // empty: from the extension
  std::string langs;   // comma-separated; empty: all
  std::string src, tgt;
};

struct TermFindCommand {
  std::string text;
  std::string src, tgt;
  bool json = false;
};

struct TermListCommand {
  std::string lang;
  int max = 50;
  bool json = false;
};

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" "));
    item.erase(item.find_last_not_of(" ") + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Result<std::string> Tag(const std::string& flag, const std::string& value) {
  Result<std::string> tag = NormalizeLanguageTag(value);
  if (!tag) return InvalidArgument(flag + ": " + tag.error().message);
  return tag;
}

int RunTermImport(const TermImportCommand& cmd) {
  Result<GlossaryFormat> format = ParseGlossaryFormat(cmd.format);
  if (!format) return Fail(format.error());
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
  std::optional<Store> store;
  int exit_code = kExitOk;
  std::string json = "{\"files\": [";
  for (size_t i = 0; i < cmd.files.size(); ++i) {
    const std::string& file = cmd.files[i];
    if (i) json += ", ";
    auto failed = [&](const std::string& message) {
      std::cerr << "tmkit: " << message << "\n";
      json += "{\"file\": " + JsonString(file) + ", \"ok\": false, \"error\": " +
              JsonString(message) + "}";
      exit_code = kExitFailure;
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      failed("'" + file + (std::filesystem::exists(file, ec) ? "' is not a file" : "' does not exist"));
      continue;
    }
    Result<GlossaryFormat> detected = DetectGlossaryFormat(file, *format);
    if (!detected) {
      failed(detected.error().message);
      continue;
    }
    if (*detected == GlossaryFormat::kOmegaTsv && (src.empty() || tgt.empty())) {
      return Fail("an OmegaT glossary (" + file +
                      ") names no languages: give its first column's with --src and its "
                      "second's with --tgt (e.g. tmkit term import glossary.txt --src en --tgt uk)",
                  kExitUsage);
    }
    if (!store) {
      Result<Store> opened = OpenStore(/*create=*/true);
      if (!opened) return Fail(opened.error());
      store.emplace(std::move(*opened));
    }
    CollectingReporter reporter;
    GlossaryReadOptions ro;
    ro.on_error = cmd.on_error == "skip" ? OnBadInput::kSkip : OnBadInput::kFail;
    ro.reporter = &reporter;
    ro.source_lang = src;
    ro.target_lang = tgt;
    TermImportOptions io;
    io.origin_path = file;
    io.origin_format = std::string(GlossaryFormatName(*detected));
    io.merge_duplicates = !cmd.no_merge;
    Progress progress("importing " + std::filesystem::path(file).filename().string(), 0);
    Result<TermImportStats> stats = store->ImportTerms(io, [&](TermSink& sink) -> Status {
      reporter.Clear();  // a retried attempt reports afresh
      return ReadEntriesInto(
          file, *detected, ro, [](TermEntry entry) { return PrepareEntry(std::move(entry)); },
          sink, [&](uint64_t n) { progress.Update(n, Thousands(n) + " entries"); });
    });
    progress.Done();
    reporter.Print(cmd.json ? 0 : 50);
    if (!stats) {
      failed(stats.error().message + " (nothing was imported from this file)");
      continue;
    }
    size_t skipped = reporter.Count(Problem::Severity::kSkipped);
    size_t warnings = reporter.Count(Problem::Severity::kWarning);
    json += "{\"file\": " + JsonString(file) + ", \"ok\": true, \"format\": " +
            JsonString(GlossaryFormatName(*detected)) + ", \"read\": " +
            std::to_string(stats->read) + ", \"added\": " + std::to_string(stats->added) +
            ", \"duplicates\": " + std::to_string(stats->duplicates) +
            ", \"skipped\": " + std::to_string(skipped) +
            ", \"warnings\": " + std::to_string(warnings) + "}";
    if (!cmd.json) {
      std::cout << file << " (" << GlossaryFormatName(*detected) << "): "
                << Thousands(stats->read) << (stats->read == 1 ? " entry" : " entries") << " read, "
                << Thousands(stats->added)
                << " added, " << Thousands(stats->duplicates) << " already in the term base";
      if (skipped) std::cout << ", " << Thousands(skipped) << " skipped";
      if (warnings) std::cout << ", " << Thousands(warnings) << (warnings == 1 ? " warning" : " warnings");
      std::cout << "\n";
    }
  }
  json += "]}";
  if (cmd.json) std::cout << json << "\n";
  return exit_code;
}

GlossaryFormat FormatFromName(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".csv") return GlossaryFormat::kCsv;
  if (ext == ".tsv" || ext == ".txt" || ext == ".tab" || ext == ".utf8") return GlossaryFormat::kOmegaTsv;
  return GlossaryFormat::kTbx;
}

int RunTermExport(const TermExportCommand& cmd) {
  GlossaryFormat format = FormatFromName(cmd.out);
  if (!cmd.format.empty()) {
    Result<GlossaryFormat> f = ParseGlossaryFormat(cmd.format);
    if (!f) return Fail(f.error());
    if (*f != GlossaryFormat::kAuto) format = *f;
  }
  GlossaryWriteOptions wo;
  for (const std::string& lang : SplitList(cmd.langs)) {
    Result<std::string> t = Tag("--langs", lang);
    if (!t) return Fail(t.error());
    wo.languages.push_back(*t);
  }
  for (const auto& [flag, value] : {std::pair{"--src", cmd.src}, std::pair{"--tgt", cmd.tgt}}) {
    if (value.empty()) continue;
    Result<std::string> t = Tag(flag, value);
    if (!t) return Fail(t.error());
    if (std::find(wo.languages.begin(), wo.languages.end(), *t) == wo.languages.end()) {
      wo.languages.push_back(*t);
    }
  }
  if (format == GlossaryFormat::kOmegaTsv && wo.languages.size() != 2) {
    return Fail("an OmegaT glossary has two languages: give them with --src and --tgt", kExitUsage);
  }
  if (!wo.languages.empty()) wo.source_lang = wo.languages.front();
  wo.creation_tool_version = TMKIT_VERSION;
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  Result<std::unique_ptr<EntryWriter>> writer = OpenEntryWriter(cmd.out, format, wo);
  if (!writer) return Fail(writer.error());
  uint64_t written = 0;
  Status s = store->ForEachEntry([&](const TermEntry& entry) -> Status {
    // Only the languages asked for; an entry without any of them is left out.
    TermEntry kept = entry;
    if (!wo.languages.empty()) {
      std::erase_if(kept.terms, [&](const Term& t) {
        return std::none_of(wo.languages.begin(), wo.languages.end(),
                            [&](const std::string& l) { return LanguageMatches(l, t.lang); });
      });
      if (kept.terms.empty()) return {};
    }
    ++written;
    return (*writer)->Add(kept);
  });
  if (!s) return Fail(s.error());
  if (Status f = (*writer)->Finish(); !f) return Fail(f.error());
  std::cout << cmd.out << ": " << Thousands(written) << (written == 1 ? " entry" : " entries") << " written ("
            << GlossaryFormatName(format) << ")\n";
  return kExitOk;
}

int RunTermFind(const TermFindCommand& cmd) {
  Result<std::string> src = Tag("--src", cmd.src);
  if (!src) return Fail(src.error());
  Result<std::string> tgt = Tag("--tgt", cmd.tgt);
  if (!tgt) return Fail(tgt.error());
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  std::vector<TermHit> hits;
  if (store) {
    StoreTermSource source(*store);
    Result<std::vector<TermHit>> found = FindTerms(cmd.text, *src, *tgt, source);
    if (!found) return Fail(found.error());
    hits = std::move(*found);
  } else if (store.error().code != ErrorCode::kNotFound) {
    return Fail(store.error());
  }
  // Names the base does not know: a transliteration, marked as a suggestion.
  std::vector<NameSuggestion> names = SuggestNames(cmd.text, *src, *tgt, hits);
  if (cmd.json) {
    std::string j = "{\"text\": " + JsonString(cmd.text) + ", \"src\": " + JsonString(*src) +
                    ", \"tgt\": " + JsonString(*tgt) + ", \"terms\": [";
    for (size_t i = 0; i < hits.size(); ++i) {
      const TermHit& h = hits[i];
      std::string targets = "[";
      for (size_t k = 0; k < h.targets.size(); ++k) targets += (k ? ", " : "") + JsonString(h.targets[k]);
      j += std::string(i ? ", " : "") + "{\"source\": " + JsonString(h.source) +
           ", \"target\": " + JsonString(h.target) + ", \"start\": " + std::to_string(h.start) +
           ", \"end\": " + std::to_string(h.end) + ", \"term\": " + JsonString(h.term) +
           ", \"targets\": " + targets + "], \"status\": " +
           JsonString(TermStatusName(h.status)) + ", \"forbidden\": " +
           (h.forbidden ? "true" : "false") + ", \"entry\": " + std::to_string(h.entry_id) + "}";
    }
    j += "], \"suggestions\": [";
    for (size_t i = 0; i < names.size(); ++i) {
      const NameSuggestion& n = names[i];
      j += std::string(i ? ", " : "") + "{\"source\": " + JsonString(n.source) +
           ", \"target\": " + JsonString(n.target) + ", \"as_written\": " +
           JsonString(n.as_written) + ", \"scheme\": " + JsonString(n.scheme) +
           ", \"start\": " + std::to_string(n.start) + ", \"end\": " + std::to_string(n.end) +
           ", \"suggestion\": true}";
    }
    std::cout << j << "]}\n";
    return kExitOk;
  }
  if (hits.empty() && names.empty()) {
    std::cout << "no glossary term found (" << *src << " → " << *tgt << ")\n";
    return kExitOk;
  }
  for (const TermHit& h : hits) {
    std::cout << h.source;
    if (h.term != h.source) std::cout << "  (" << h.term << ")";
    std::cout << "  →  " << (h.targets.empty() ? std::string("(no ") + *tgt + " term)" : h.targets[0]);
    for (size_t k = 1; k < h.targets.size(); ++k) std::cout << "; " << h.targets[k];
    if (h.forbidden) std::cout << "   [forbidden: do not use " << h.term << "]";
    else if (h.status == TermStatus::kDeprecated) std::cout << "   [deprecated]";
    std::cout << "   @" << h.start << "-" << h.end << "\n";
  }
  for (const NameSuggestion& n : names) {
    std::cout << n.source << "  ~>  " << n.target << "   (suggested transliteration, " << n.scheme;
    if (n.as_written != n.target) std::cout << "; as written: " << n.as_written;
    std::cout << ")   @" << n.start << "-" << n.end << "\n";
  }
  return kExitOk;
}

int RunTermList(const TermListCommand& cmd) {
  Result<std::string> lang = Tag("--lang", cmd.lang);
  if (!lang) return Fail(lang.error());
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  int shown = 0;
  std::string json = "{\"lang\": " + JsonString(*lang) + ", \"terms\": [";
  Status error;
  Status s = store->ForEachTermSorted(*lang, [&](const TermKeyHit& hit) {
    Result<TermEntry> entry = store->GetEntry(hit.entry_id);
    if (!entry) {
      error = std::unexpected(entry.error());
      return false;
    }
    const Term& term = entry->terms[hit.term];
    if (!LanguageMatches(*lang, term.lang)) return true;
    std::string others;
    std::string others_json = "[";
    for (const Term& t : entry->terms) {
      if (&t == &term) continue;
      others += (others.empty() ? "" : "; ") + t.lang + " " + t.text;
      others_json += std::string(others_json.size() > 1 ? ", " : "") + "{\"lang\": " +
                     JsonString(t.lang) + ", \"text\": " + JsonString(t.text) + "}";
    }
    if (cmd.json) {
      json += std::string(shown ? ", " : "") + "{\"entry\": " + std::to_string(entry->id) +
              ", \"text\": " + JsonString(term.text) + ", \"status\": " +
              JsonString(TermStatusName(term.status)) + ", \"others\": " + others_json + "]}";
    } else {
      std::cout << term.text;
      if (term.status != TermStatus::kUnspecified) std::cout << " [" << TermStatusName(term.status) << "]";
      std::cout << "  —  " << others << "\n";
    }
    return ++shown < cmd.max;
  });
  if (!s) return Fail(s.error());
  if (!error) return Fail(error.error());
  if (cmd.json) std::cout << json << "]}\n";
  else if (shown == 0) std::cout << "no " << *lang << " terms in the term base\n";
  return kExitOk;
}

}  // namespace

void SetupTerm(CLI::App& app) {
  CLI::App* term = app.add_subcommand("term", "The term base: import, export, find and list glossary terms");
  term->require_subcommand(1);
  term->footer(
      "Examples:\n"
      "  tmkit term import places.tbx glossary.csv\n"
      "  tmkit term import omegat-glossary.txt --src en --tgt uk\n"
      "  tmkit term find \"Shelling hit Donetsk Oblast.\" --src en --tgt uk\n"
      "  tmkit term export -o desk.tbx            # TBX v3 (TBX-Basic, DCA)\n"
      "  tmkit term list --lang uk                # alphabetical, Ukrainian order\n");

  SetupTermBuild(term);

  auto imp = std::make_shared<TermImportCommand>();
  CLI::App* i = term->add_subcommand("import", "Import glossaries (TBX v3, TBX 2008, CSV, OmegaT TSV, MateCat CSV)");
  i->footer(
      "Each file is imported atomically: all of its entries or none. Languages come\n"
      "from the file (xml:lang, the CSV header); an OmegaT glossary names none, so\n"
      "--src and --tgt give its columns'. An entry equal to a stored one (same\n"
      "languages and terms) is counted as already in the term base.");
  i->add_option("FILE", imp->files, "Glossary files (.tbx, .csv, .tsv/.txt/.tab/.utf8)")->required();
  i->add_option("--format", imp->format, "auto, tbx, tbx2008, tsv, csv or matecat")->capture_default_str();
  i->add_option("--src", imp->src, "OmegaT TSV: language of the first column");
  i->add_option("--tgt", imp->tgt, "OmegaT TSV: language of the second column");
  i->add_option("--on-error", imp->on_error, "fail: a bad entry fails the file; skip: it is listed and skipped")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  i->add_flag("--no-merge", imp->no_merge, "Keep entries equal to stored ones as new entries");
  i->add_flag("--json", imp->json, "Print a JSON summary");
  i->callback([imp] { CommandResult() = RunTermImport(*imp); });

  auto exp = std::make_shared<TermExportCommand>();
  CLI::App* e = term->add_subcommand("export", "Write the term base for a CAT tool");
  e->footer(
      "The format follows the file name (.tbx: TBX v3 TBX-Basic DCA; .csv: CSV with a\n"
      "header row of languages; .tsv/.txt: OmegaT) unless --format names it\n"
      "(tbx, tbx2008, tsv, csv, matecat). Exports validate against the formats'\n"
      "schemas. Example: tmkit term export -o glossary.txt --src en --tgt uk");
  e->add_option("-o,--output", exp->out, "The file to write")->required();
  e->add_option("--format", exp->format, "tbx, tbx2008, tsv, csv or matecat");
  e->add_option("--langs", exp->langs, "Only these languages, in this order (en,uk,ko)");
  e->add_option("--src", exp->src, "The source language (first in the file)");
  e->add_option("--tgt", exp->tgt, "The target language");
  e->callback([exp] { CommandResult() = RunTermExport(*exp); });

  auto find = std::make_shared<TermFindCommand>();
  CLI::App* f = term->add_subcommand("find", "Every glossary term in a text, with its approved rendering");
  f->footer(
      "Longest match first, case-insensitive, tolerant of inflection (Донецькій\n"
      "області finds Донецька область; 평양에서 finds 평양; Oblasts finds Oblast).\n"
      "Forbidden terms are flagged. Names the base lacks (uk, ru into a Latin-script\n"
      "language) get a transliteration marked as a suggestion (Kyiv, not Kyyiv).\n"
      "--json: {\"terms\": [{\"source\", \"target\", \"start\", \"end\" (code points),\n"
      "\"term\", \"targets\", \"status\", \"forbidden\", \"entry\"}], \"suggestions\": [...]}");
  f->add_option("TEXT", find->text, "The text")->required();
  f->add_option("--src", find->src, "Its language")->required();
  f->add_option("--tgt", find->tgt, "The language of the renderings")->required();
  f->add_flag("--json", find->json, "Print JSON");
  f->callback([find] { CommandResult() = RunTermFind(*find); });

  auto list = std::make_shared<TermListCommand>();
  CLI::App* l = term->add_subcommand("list", "The terms of a language in its alphabetical order");
  l->add_option("--lang", list->lang, "The language (uk sorts є after е, ї after і)")->required();
  l->add_option("--max", list->max, "At most this many")->capture_default_str();
  l->add_flag("--json", list->json, "Print JSON");
  l->callback([list] { CommandResult() = RunTermList(*list); });
}

}  // namespace tmkit::cli
