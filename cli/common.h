// Shared pieces of the command-line front end: global options, opening the
// store, exit codes, JSON output, progress bars and problem reporting.
#ifndef TMKIT_CLI_COMMON_H_
#define TMKIT_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit::cli {

// Exit codes (DESIGN.md): 0 success, 1 failure (bad input, I/O), 2 usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string store;  // --store DIR; empty: DefaultStorePath()
  bool quiet = false;
};

GlobalOptions& Globals();

// The folder of --store, else DefaultStorePath().
std::filesystem::path StorePath();

// Opens the store of --store (or the default). `create` for commands that write.
// Returns the error (callers print it with Fail). The first call installs a
// SIGSEGV/SIGBUS handler that turns a read outside a damaged store file's
// pages into "the store file X is damaged" and exit 1 (see StoreFileAt); a
// write that has to wait for another process's prints a line saying so.
Result<Store> OpenStore(bool create, bool read_only = false);
// The fault handler of OpenStore, for commands that open stores otherwise.
void InstallFaultHandler();

// Prints "tmkit: message" to stderr; returns the exit code for `error`
// (kExitUsage for kInvalidArgument, else kExitFailure).
int Fail(const Error& error);
int Fail(std::string_view message, int code = kExitFailure);

// "1,234,567".
std::string Thousands(uint64_t n);
// "12.3 MB".
std::string Bytes(uint64_t n);

// Minimal JSON building (UTF-8 passes through; control characters escaped).
std::string JsonString(std::string_view s);

// The segment as a translator reads it in a terminal: text with inline codes
// shown as <1>, </1>, <1/> (OmegaT-style numbered tags).
std::string Display(const Segment& segment);

// A progress bar on stderr, shown only when stderr is a TTY.
class Progress {
 public:
  Progress(std::string label, uint64_t total);  // total 0: unknown
  ~Progress();
  void Update(uint64_t done, std::string_view detail = {});
  void Done();

 private:
  std::string label_;
  uint64_t total_;
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// Collects problems during one attempt of an import; printed once at the end.
class CollectingReporter final : public Reporter {
 public:
  void Report(const Problem& problem) override { problems_.push_back(problem); }
  void Clear() { problems_.clear(); }
  const std::vector<Problem>& problems() const { return problems_; }
  size_t Count(Problem::Severity s) const;
  // Prints at most `limit` problems to stderr, then a count of the rest.
  void Print(size_t limit) const;

 private:
  std::vector<Problem> problems_;
};

// Commands: each registers itself on the app (one file per command).
void SetupImport(CLI::App& app);
void SetupExport(CLI::App& app);
void SetupLookup(CLI::App& app);
void SetupConcordance(CLI::App& app);
void SetupSegment(CLI::App& app);
void SetupAlign(CLI::App& app);
void SetupTerm(CLI::App& app);  // term import, export, find, list
void SetupCheck(CLI::App& app);  // check FILE|--store: terminology and number QA
void SetupTermBuild(CLI::App* term);
void SetupStats(CLI::App& app);
void SetupMaintenance(CLI::App& app);  // verify, backup, restore, delete
void SetupPretranslate(CLI::App& app);  // cmd_xliff_work.cc
void SetupAnalyze(CLI::App& app);       // cmd_xliff_work.cc

// The result of running the chosen command (set by its callback).
int& CommandResult();

}  // namespace tmkit::cli

#endif  // TMKIT_CLI_COMMON_H_
