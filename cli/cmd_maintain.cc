// tmkit verify [--json] | backup DIR | restore DIR | delete ID...
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "common.h"

namespace tmkit::cli {
namespace {

int RunVerify(bool json) {
  SetDamagedStoreAdvice("restore a backup (tmkit restore BACKUP-DIR)");
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  // One bar a part: the units (most of the time), then the fuzzy index.
  std::optional<Progress> progress;
  std::string part_shown;
  Result<VerifyReport> report =
      store->Verify([&](std::string_view part, uint64_t done, uint64_t total) {
        if (part != part_shown) {
          part_shown = part;
          progress.reset();
          progress.emplace("verifying the " + part_shown, total);
        }
        progress->Update(done, Thousands(done) + " of " + Thousands(total));
      });
  progress.reset();
  if (!report) return Fail(report.error());
  if (json) {
    std::string j = "{\"ok\": " + std::string(report->ok() ? "true" : "false") +
                    ", \"units\": " + std::to_string(report->units) +
                    ", \"index_entries\": " + std::to_string(report->index_entries) +
                    ", \"fuzzy_entries\": " + std::to_string(report->fuzzy_entries) +
                    ", \"term_entries\": " + std::to_string(report->term_entries) +
                    ", \"pending_units\": " + std::to_string(report->pending_units) +
                    ", \"problems\": [";
    for (size_t i = 0; i < report->problems.size(); ++i) {
      j += (i ? ", " : "") + JsonString(report->problems[i]);
    }
    std::cout << j << "]}\n";
  } else if (report->ok()) {
    std::cout << "ok: " << Thousands(report->units) << " units and "
              << Thousands(report->index_entries) << " index entries and "
              << Thousands(report->fuzzy_entries) << " fuzzy index entries";
    if (report->term_entries) std::cout << " and " << Thousands(report->term_entries) << " term entries";
    std::cout << " are consistent\n";
    if (report->pending_units) {
      std::cout << "note: " << Thousands(report->pending_units)
                << " units of an import that is running (or was interrupted) are hidden;"
                   " an interrupted one is removed by the next import\n";
    }
  } else {
    for (const std::string& p : report->problems) std::cout << "problem: " << p << "\n";
    std::cout << report->problems.size() << " problems in " << Thousands(report->units)
              << " units\n";
  }
  return report->ok() ? kExitOk : kExitFailure;
}

int RunBackup(const std::string& dir) {
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  if (Status s = store->Backup(dir); !s) return Fail(s.error());
  std::cout << "backup written to " << dir << " (open it with: tmkit --store " << dir
            << " stats)\n";
  return kExitOk;
}

int RunRestore(const std::string& backup) {
  InstallFaultHandler();
  std::filesystem::path store = StorePath();
  Result<RestoreResult> restored = RestoreStore(backup, store);
  if (!restored) return Fail(restored.error());
  std::cout << "restored the store at " << store.string() << " from " << backup << ": "
            << Thousands(restored->units) << (restored->units == 1 ? " unit" : " units")
            << ", verified\n";
  if (!restored->kept.empty()) {
    std::cout << "the store it replaced is kept in " << restored->kept.string()
              << " (delete it when you no longer need it)\n";
  }
  return kExitOk;
}

int RunDelete(const std::vector<uint64_t>& ids) {
  Result<Store> store = OpenStore(/*create=*/false);
  if (!store) return Fail(store.error());
  if (Status s = store->Delete(ids); !s) return Fail(s.error());
  std::cout << "deleted " << ids.size() << (ids.size() == 1 ? " unit\n" : " units\n");
  return kExitOk;
}

}  // namespace

void SetupMaintenance(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* verify = app.add_subcommand("verify", "Check the store's indices against its units");
  verify->footer(
      "Reads every unit, checks that each index entry points at a unit that has it\n"
      "and back, and that the counters agree. Exit 1 if anything is inconsistent.\n\n"
      "Example:\n  tmkit verify\n");
  verify->add_flag("--json", *json, "Print JSON");
  verify->callback([json] { CommandResult() = RunVerify(*json); });

  auto dir = std::make_shared<std::string>();
  CLI::App* backup =
      app.add_subcommand("backup", "Write a compacted, consistent copy of the store");
  backup->footer(
      "Safe while lookups and imports run. The copy is a store of its own.\n\n"
      "Example:\n  tmkit backup ~/tm-backup-2026-11-26\n");
  backup->add_option("DIR", *dir, "An empty or new folder")->required();
  backup->callback([dir] { CommandResult() = RunBackup(*dir); });

  auto from = std::make_shared<std::string>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Replace the store with a verified backup, keeping the old one");
  restore->footer(
      "Verifies the backup, copies it next to the store, verifies the copy, then\n"
      "swaps the two folders in one rename: the current store is never changed\n"
      "before the copy is proven good. The replaced store is kept beside it as\n"
      "STORE.before-restore-DATE-TIME. Refused while an import or delete runs.\n\n"
      "Example:\n  tmkit restore ~/tm-backup-2026-11-26\n");
  restore->add_option("DIR", *from, "A folder written by tmkit backup")->required();
  restore->callback([from] { CommandResult() = RunRestore(*from); });

  auto ids = std::make_shared<std::vector<uint64_t>>();
  CLI::App* del = app.add_subcommand("delete", "Delete units by id (as lookup shows them)");
  del->footer("All or none are deleted.\n\nExample:\n  tmkit delete 42 43\n");
  del->add_option("ID", *ids, "Unit ids")->required();
  del->callback([ids] { CommandResult() = RunDelete(*ids); });
}

}  // namespace tmkit::cli
