// tmkit stats [--json]
#include <iostream>

#include "common.h"

namespace tmkit::cli {
namespace {

struct StatsCommand {
  bool json = false;
};

int RunStats(const StatsCommand& cmd) {
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  Result<StoreStats> st = store->Stats();
  if (!st) return Fail(st.error());
  if (cmd.json) {
    std::string j = "{\"store\": " + JsonString(st->path) +
                    ", \"schema_version\": " + std::to_string(st->schema_version) +
                    ", \"units\": " + std::to_string(st->units) +
                    ", \"pending_units\": " + std::to_string(st->pending_units) +
                    ", \"imports\": " + std::to_string(st->origins) +
                    ", \"store_bytes\": " + std::to_string(st->file_bytes) +
                    ", \"used_bytes\": " + std::to_string(st->used_bytes) +
                    ", \"fuzzy_index_bytes\": " + std::to_string(st->fuzzy_index_bytes) +
                    ", \"pairs\": [";
    for (size_t i = 0; i < st->pairs.size(); ++i) {
      const LanguagePairCount& p = st->pairs[i];
      j += std::string(i ? ", " : "") + "{\"src\": " + JsonString(p.source) +
           ", \"tgt\": " + JsonString(p.target) + ", \"units\": " + std::to_string(p.units) + "}";
    }
    j += "], \"languages\": {";
    for (size_t i = 0; i < st->languages.size(); ++i) {
      j += std::string(i ? ", " : "") + JsonString(st->languages[i].first) + ": " +
           std::to_string(st->languages[i].second);
    }
    j += "}, \"term_entries\": " + std::to_string(st->term_entries) + ", \"term_languages\": {";
    for (size_t i = 0; i < st->term_languages.size(); ++i) {
      j += std::string(i ? ", " : "") + JsonString(st->term_languages[i].first) + ": " +
           std::to_string(st->term_languages[i].second);
    }
    j += "}}";
    std::cout << j << "\n";
    return kExitOk;
  }
  std::cout << "store      " << st->path << " (schema " << st->schema_version << ")\n"
            << "units      " << Thousands(st->units) << " (" << Thousands(st->origins)
            << (st->origins == 1 ? " import)\n" : " imports)\n") << "size       "
            << Bytes(st->file_bytes) << " on disk, " << Bytes(st->used_bytes) << " in use";
  if (st->units >= 1000) std::cout << " (" << st->used_bytes / st->units << " bytes a unit)";
  std::cout << "\n"
            << "index      " << Bytes(st->fuzzy_index_bytes) << " of it is the fuzzy index\n";
  if (st->pending_units) {
    std::cout << "pending    " << Thousands(st->pending_units)
              << " units of an import in progress (or interrupted), not counted above\n";
  }
  bool first = true;
  for (const LanguagePairCount& p : st->pairs) {
    std::cout << (first ? "pairs      " : "           ") << p.source << " → " << p.target << "  "
              << Thousands(p.units) << "\n";
    first = false;
  }
  if (!st->languages.empty()) {
    std::cout << "languages  ";
    for (size_t i = 0; i < st->languages.size(); ++i) {
      std::cout << (i ? ", " : "") << st->languages[i].first << " "
                << Thousands(st->languages[i].second);
    }
    std::cout << "\n";
  }
  if (st->term_entries > 0) {
    std::cout << "terms      " << Thousands(st->term_entries)
              << (st->term_entries == 1 ? " entry: " : " entries: ");
    for (size_t i = 0; i < st->term_languages.size(); ++i) {
      std::cout << (i ? ", " : "") << st->term_languages[i].first << " "
                << Thousands(st->term_languages[i].second);
    }
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

void SetupStats(CLI::App& app) {
  auto cmd = std::make_shared<StatsCommand>();
  CLI::App* sub = app.add_subcommand("stats", "Show what the store holds");
  sub->footer(
      "Units per language pair (counted from each unit's source language), variants\n"
      "per language, files imported, size on disk and schema version; the term\n"
      "base's entries and terms per language.\n\n"
      "Examples:\n"
      "  tmkit stats\n"
      "  tmkit --store ~/tm/desk stats --json\n");
  sub->add_flag("--json", cmd->json, "Print JSON");
  sub->callback([cmd] { CommandResult() = RunStats(*cmd); });
}

}  // namespace tmkit::cli
