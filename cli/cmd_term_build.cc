// tmkit term build places|units --langs en,uk,ru,ko: generates a built-in
// glossary from ICU/CLDR and iso-codes (glossaries/builtin.h) and imports it
// into the term base in one transaction.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "common.h"
#include "tmkit/core/language.h"
#include "tmkit/glossaries/builtin.h"
#include "tmkit/glossaries/recognize.h"

namespace tmkit::cli {
namespace {

struct TermBuildCommand {
  std::string set;  // places, units
  std::string langs = "en,uk,ru,ko";
  bool json = false;
};

int RunTermBuild(const TermBuildCommand& cmd) {
  const auto start = std::chrono::steady_clock::now();
  BuiltinOptions options;
  std::stringstream in(cmd.langs);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty()) continue;
    Result<std::string> tag = NormalizeLanguageTag(item);
    if (!tag) return Fail(InvalidArgument("--langs: " + tag.error().message).error());
    if (std::find(options.langs.begin(), options.langs.end(), *tag) == options.langs.end()) {
      options.langs.push_back(*tag);
    }
  }
  if (options.langs.empty()) {
    return Fail("--langs names no language (e.g. --langs en,uk,ru,ko)", kExitUsage);
  }
  CollectingReporter reporter;
  options.reporter = &reporter;
  Result<BuiltinGlossary> glossary;
  {
    Progress progress("building " + cmd.set, 0);
    options.progress = [&](uint64_t done, uint64_t total) {
      progress.Update(done, std::to_string(done) + "/" + std::to_string(total));
    };
    glossary = cmd.set == "places" ? BuildPlaces(options) : BuildUnits(options);
    progress.Done();
  }
  if (!glossary) return Fail(glossary.error());

  Result<Store> store = OpenStore(/*create=*/true);
  if (!store) return Fail(store.error());
  TermImportOptions io;
  io.origin_path = "builtin:" + cmd.set;
  io.origin_format = "builtin-" + cmd.set;
  io.merge_duplicates = true;
  Progress progress("importing " + cmd.set, glossary->entries.size());
  Result<TermImportStats> stats = store->ImportTerms(io, [&](TermSink& sink) -> Status {
    uint64_t n = 0;
    for (const TermEntry& entry : glossary->entries) {  // copied: a retry needs them again
      if (Status s = sink.Add(PrepareEntry(entry)); !s) return s;
      if (++n % 512 == 0) progress.Update(n);
    }
    return {};
  });
  progress.Done();
  if (!cmd.json) reporter.Print(20);
  if (!stats) return Fail(stats.error().message + " (nothing was imported)");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f", seconds);

  if (cmd.json) {
    std::string j = "{\"set\": " + JsonString(cmd.set) + ", \"langs\": [";
    for (size_t i = 0; i < options.langs.size(); ++i) {
      j += (i ? ", " : "") + JsonString(options.langs[i]);
    }
    j += "], \"entries\": " + std::to_string(glossary->entries.size()) +
         ", \"added\": " + std::to_string(stats->added) +
         ", \"duplicates\": " + std::to_string(stats->duplicates) + ", \"terms\": {";
    bool first = true;
    for (const std::string& lang : options.langs) {
      auto it = glossary->terms_per_lang.find(lang);
      j += (first ? "" : ", ") + JsonString(lang) + ": " +
           std::to_string(it == glossary->terms_per_lang.end() ? 0 : it->second);
      first = false;
    }
    j += "}, \"sources\": [";
    for (size_t i = 0; i < glossary->sources.size(); ++i) {
      const BuiltinSource& s = glossary->sources[i];
      j += std::string(i ? ", " : "") + "{\"name\": " + JsonString(s.name) +
           ", \"license\": " + JsonString(s.license) +
           ", \"available\": " + (s.available ? "true" : "false") +
           ", \"entries\": " + std::to_string(s.entries);
      if (!s.detail.empty()) j += ", \"detail\": " + JsonString(s.detail);
      j += "}";
    }
    j += "], \"warnings\": [";
    for (size_t i = 0; i < reporter.problems().size(); ++i) {
      j += (i ? ", " : "") + JsonString(reporter.problems()[i].ToString());
    }
    j += std::string("], \"seconds\": ") + secs + "}";
    std::cout << j << "\n";
    return kExitOk;
  }
  std::cout << cmd.set << ": " << Thousands(glossary->entries.size()) << " entries built (";
  bool first = true;
  for (const std::string& lang : options.langs) {
    auto it = glossary->terms_per_lang.find(lang);
    std::cout << (first ? "" : ", ") << lang << " "
              << Thousands(it == glossary->terms_per_lang.end() ? 0 : it->second);
    first = false;
  }
  std::cout << " terms), " << Thousands(stats->added) << " added, "
            << Thousands(stats->duplicates) << " already in the term base (" << secs << " s)\n";
  for (const BuiltinSource& s : glossary->sources) {
    if (Globals().quiet) break;
    std::cout << "  " << (s.available ? "" : "[missing] ") << s.name << " — " << s.license;
    if (s.available) std::cout << ", " << Thousands(s.entries) << " entries";
    else if (!s.detail.empty()) std::cout << ": " << s.detail;
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

void SetupTermBuild(CLI::App* term) {
  auto cmd = std::make_shared<TermBuildCommand>();
  CLI::App* b = term->add_subcommand(
      "build", "Build a glossary of places or units from ICU/CLDR and iso-codes into the term base");
  b->footer(
      "places: countries and regions (ICU/CLDR), ISO 3166-2 subdivisions with their\n"
      "translations (iso-codes, read from /usr/share at run time), CLDR subdivision\n"
      "names (when unicode-cldr-core is installed), time-zone cities (ICU), and a\n"
      "curated layer of news forms (Donetsk Oblast, Kharkiv, 키이우) that wins.\n"
      "units: every ICU unit with plural forms, uk/ru cases, symbols and patterns.\n"
      "Building the same set again adds nothing (identical entries are merged).\n"
      "Sources and licences: doc/terms.md, \"Built-in glossaries\".\n"
      "\n"
      "Examples:\n"
      "  tmkit term build places --langs en,uk,ru,ko\n"
      "  tmkit term build units --langs en,uk --json\n"
      "  tmkit term find \"Shelling hit Donetsk Oblast and Kharkiv.\" --src en --tgt uk\n");
  b->add_option("SET", cmd->set, "places or units")
      ->required()
      ->check(CLI::IsMember({"places", "units"}));
  b->add_option("--langs", cmd->langs, "Languages, comma-separated")->capture_default_str();
  b->add_flag("--json", cmd->json, "Print a JSON summary");
  b->callback([cmd] { CommandResult() = RunTermBuild(*cmd); });
}

}  // namespace tmkit::cli
