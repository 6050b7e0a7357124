// End-to-end, slow (ctest label "slow"): an import of one file is atomic even
// when the process is killed (SIGKILL) at any moment, and lookups are never
// blocked by a running import. Both run the real build/tmkit on a generated
// memory of 200,000 en→uk units (about 60 MB; an import takes a few seconds).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>

#include "cli/cli_test_helpers.h"

namespace tmkit::testing {
namespace {

constexpr size_t kBigUnits = 200000;
constexpr int64_t kSmallUnits = 20;
constexpr int64_t kAfterUnits = 5;
constexpr int kDefaultKillRounds = 6;  // TMKIT_CRASH_ROUNDS=N for a longer soak

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string SmallTmx(const std::string& what, int64_t n) {
  std::string body;
  for (int64_t i = 0; i < n; ++i) {
    body += Tu("The " + what + " file, sentence " + std::to_string(i) + ".",
               "Файл " + what + ", речення " + std::to_string(i) + ".");
  }
  return TmxDocument(body);
}

// --- Crash safety -----------------------------------------------------------

// The store after every kill: it opens, `verify` passes, and it holds exactly
// the files whose import had committed — never part of a file. A kill that
// lands after the commit (the process was already finishing) leaves the whole
// big file; one before leaves none of it. A later import still works.
TEST(CliCrashSafetyTest, ImportKilledAtAnyMomentLeavesExactlyTheCommittedFiles) {
  TempDir dir;
  std::string big = dir / "big.tmx", small = dir / "small.tmx", after = dir / "after.tmx";
  WriteGeneratedTmx(big, kBigUnits, "big");
  WriteFile(small, SmallTmx("small", kSmallUnits));
  WriteFile(after, SmallTmx("after", kAfterUnits));

  // Calibration, and the uninterrupted case: small + big imported in full.
  double full_seconds = 0;
  {
    std::string store = dir / "store-full";
    ASSERT_EQ(0, RunShell(TmkitCommand(store, "import " + ShellQuote(small))).exit_code);
    BackgroundTmkit import(store, {"import", big}, dir / "full");
    ASSERT_TRUE(import.started());
    import.Wait();
    ASSERT_EQ(0, import.exit_code()) << import.err();
    full_seconds = import.seconds();
    CommandResult stats = RunShell(TmkitCommand(store, "stats --json"));
    ASSERT_EQ(0, stats.exit_code) << stats.err;
    EXPECT_EQ(kSmallUnits + static_cast<int64_t>(kBigUnits), Json::Parse(stats.out)["units"].num());
    std::filesystem::remove_all(store);
  }

  unsigned seed = std::random_device{}();
  if (const char* s = std::getenv("TMKIT_CRASH_SEED")) seed = std::strtoul(s, nullptr, 10);
  std::cout << "full import of " << kBigUnits << " units: " << full_seconds
            << " s; kill delays from seed " << seed << " (TMKIT_CRASH_SEED to repeat)\n";
  int rounds = kDefaultKillRounds;
  if (const char* n = std::getenv("TMKIT_CRASH_ROUNDS")) rounds = std::max(1, std::atoi(n));
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(0.0, 1.0);

  int before_commit = 0;
  for (int round = 0; round < rounds; ++round) {
    // Round r of n kills in the r-th n-th of the import's length (the last
    // one reaches a little past it, into the commit and the exit).
    double delay = full_seconds * 1.05 * (round + jitter(rng)) / rounds;
    SCOPED_TRACE("round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay) +
                 " s, seed " + std::to_string(seed));
    std::string store = dir / ("store-" + std::to_string(round));
    ASSERT_EQ(0, RunShell(TmkitCommand(store, "import " + ShellQuote(small))).exit_code);

    BackgroundTmkit import(store, {"import", big}, dir / ("import-" + std::to_string(round)));
    ASSERT_TRUE(import.started());
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    import.Kill();
    bool finished_on_its_own = import.exited();
    // The calibration may have run on a busy machine: aim later rounds at
    // the shortest import seen.
    if (finished_on_its_own) full_seconds = std::min(full_seconds, import.seconds());

    CommandResult stats = RunShell(TmkitCommand(store, "stats --json"));
    ASSERT_EQ(0, stats.exit_code) << "the store must open after a kill: " << stats.err;
    int64_t units = Json::Parse(stats.out)["units"].num();
    if (finished_on_its_own) {
      EXPECT_EQ(0, import.exit_code()) << import.err();
      EXPECT_EQ(kSmallUnits + static_cast<int64_t>(kBigUnits), units);
    } else {
      EXPECT_TRUE(units == kSmallUnits || units == kSmallUnits + static_cast<int64_t>(kBigUnits))
          << "units = " << units << ": part of a file was left in the store";
    }
    before_commit += units == kSmallUnits;
    std::cout << "round " << round << ": SIGKILL after " << delay << " s -> " << units << " units ("
              << (finished_on_its_own ? "import had finished" : "killed") << ")\n";
    CommandResult verify = RunShell(TmkitCommand(store, "verify"));
    EXPECT_EQ(0, verify.exit_code) << verify.out << verify.err;

    // The killed writer left its lock behind: the next import must still work.
    CommandResult next = RunShell(TmkitCommand(store, "import " + ShellQuote(after)));
    ASSERT_EQ(0, next.exit_code) << next.err;
    CommandResult stats2 = RunShell(TmkitCommand(store, "stats --json"));
    EXPECT_EQ(units + kAfterUnits, Json::Parse(stats2.out)["units"].num());
    if (units == kSmallUnits) {  // cheap to verify again while the store is small
      EXPECT_EQ(0, RunShell(TmkitCommand(store, "verify")).exit_code);
    }
    std::filesystem::remove_all(store);
  }
  // The delays spread over the whole import, so kills do land before its commit.
  EXPECT_GE(before_commit, 1) << "no kill interrupted the import: nothing was tested";
}

// --- Readers are not blocked --------------------------------------------------

// While a big import runs, lookups answer at once with what the store held
// before it; once it commits they see the new units too.
TEST(CliReadersTest, LookupAnswersWithTheOldContentsWhileABigImportRuns) {
  TempDir dir;
  std::string store = dir / "store", big = dir / "big.tmx";
  ASSERT_EQ(0, RunShell(TmkitCommand(store, "import " + ShellQuote(kSample))).exit_code);
  WriteGeneratedTmx(big, kBigUnits, "big");
  const std::string big_sentence = GeneratedUnit(kBigUnits / 2, "big").first;
  auto lookup = [&](const std::string& text) {
    return RunShell(
        TmkitCommand(store, "lookup " + ShellQuote(text) + " --src en --tgt uk --json"));
  };

  BackgroundTmkit import(store, {"import", big}, dir / "import");
  ASSERT_TRUE(import.started());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(import.Running()) << import.err();

  int answered_while_importing = 0;
  Clock::time_point deadline = Clock::now() + std::chrono::seconds(90);
  while (Clock::now() < deadline) {
    Clock::time_point t0 = Clock::now();
    CommandResult r = lookup("Rescuers worked through the night.");
    double seconds = SecondsSince(t0);
    bool still_running = import.Running();
    ASSERT_EQ(0, r.exit_code) << r.err;
    EXPECT_LT(seconds, 2.0) << "a lookup waited for the import";
    Json j = Json::Parse(r.out);
    ASSERT_GE(j["matches"].size(), 1u);
    EXPECT_EQ(100, j["matches"][0]["score"].num());
    EXPECT_EQ("Рятувальники працювали всю ніч.", j["matches"][0]["target"].str());
    if (!still_running) break;
    if (answered_while_importing++ == 0) {
      // Early in the import: none of its units are visible yet.
      CommandResult stats = RunShell(TmkitCommand(store, "stats --json"));
      ASSERT_EQ(0, stats.exit_code) << stats.err;
      EXPECT_EQ(9, Json::Parse(stats.out)["units"].num());
      EXPECT_EQ(0u, Json::Parse(lookup(big_sentence).out)["matches"].size());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  EXPECT_GE(answered_while_importing, 3) << "the import finished too soon to test anything";

  import.Wait();
  ASSERT_EQ(0, import.exit_code()) << import.err();
  CommandResult stats = RunShell(TmkitCommand(store, "stats --json"));
  EXPECT_EQ(9 + static_cast<int64_t>(kBigUnits), Json::Parse(stats.out)["units"].num());
  Json j = Json::Parse(lookup(big_sentence).out);
  ASSERT_GE(j["matches"].size(), 1u);  // the unit itself, then fuzzy matches of its siblings
  EXPECT_EQ(100, j["matches"][0]["score"].num());
  EXPECT_EQ(GeneratedUnit(kBigUnits / 2, "big").second, j["matches"][0]["target"].str());
}

}  // namespace
}  // namespace tmkit::testing
