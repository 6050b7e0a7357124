// End-to-end, slow (ctest label "slow"): an import of one file is atomic even
// when the process is killed (SIGKILL) at any moment, and lookups are never
// blocked by a running import. Both run the real build/tmkit on a generated
// memory of 200,000 en→uk units (about 60 MB; an import takes a few seconds).
// The same kills during export, term import and align --import.
#include <filesystem>
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

// TMKIT_CRASH_UNITS=N makes the big file smaller: scripts/harden.sh, where
// every sanitized process is about three times slower.
size_t BigUnits() {
  static const size_t n = [] {
    const char* v = std::getenv("TMKIT_CRASH_UNITS");
    return v && std::atol(v) > 0 ? static_cast<size_t>(std::atol(v)) : size_t{200000};
  }();
  return n;
}
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
  WriteGeneratedTmx(big, BigUnits(), "big");
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
    EXPECT_EQ(kSmallUnits + static_cast<int64_t>(BigUnits()), Json::Parse(stats.out)["units"].num());
    std::filesystem::remove_all(store);
  }

  unsigned seed = std::random_device{}();
  if (const char* s = std::getenv("TMKIT_CRASH_SEED")) seed = std::strtoul(s, nullptr, 10);
  std::cout << "full import of " << BigUnits() << " units: " << full_seconds
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
      EXPECT_EQ(kSmallUnits + static_cast<int64_t>(BigUnits()), units);
    } else {
      EXPECT_TRUE(units == kSmallUnits || units == kSmallUnits + static_cast<int64_t>(BigUnits()))
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

// --- Kills during export, term import and align --import ---------------------

// Kill delays: round r of n in the r-th n-th of 1.1 × the command's length,
// jittered; TMKIT_CRASH_SEED repeats them, TMKIT_CRASH_ROUNDS sets n.
class KillPlan {
 public:
  explicit KillPlan(int default_rounds) : rounds_(default_rounds) {
    seed_ = std::random_device{}();
    if (const char* s = std::getenv("TMKIT_CRASH_SEED")) seed_ = std::strtoul(s, nullptr, 10);
    if (const char* n = std::getenv("TMKIT_CRASH_ROUNDS")) rounds_ = std::max(1, std::atoi(n));
    rng_.seed(seed_);
  }
  int rounds() const { return rounds_; }
  unsigned seed() const { return seed_; }
  double Delay(int round, double full_seconds) {
    return full_seconds * 1.1 * (round + std::uniform_real_distribution<double>(0, 1)(rng_)) /
           rounds_;
  }

 private:
  int rounds_;
  unsigned seed_;
  std::mt19937 rng_;
};

constexpr int kDefaultOtherKillRounds = 12;

// Runs `args` in the background on `store` and returns its length in seconds
// (it must succeed).
double Calibrate(const std::string& store, const std::vector<std::string>& args,
                 const std::string& log) {
  BackgroundTmkit run(store, args, log);
  EXPECT_TRUE(run.started());
  run.Wait();
  EXPECT_EQ(0, run.exit_code()) << run.err();
  return run.seconds();
}

// A copy of the store in `base` at `dir`/`name` (replacing an older one).
std::string FreshCopy(const TempDir& dir, const std::string& base, const std::string& name) {
  std::string store = dir / name;
  std::filesystem::remove_all(store);
  std::filesystem::copy(base, store, std::filesystem::copy_options::recursive);
  return store;
}

// What an all-or-nothing command is checked by, after each kill.
struct AllOrNothing {
  std::vector<std::string> args;  // the command killed
  const char* count;              // the verify --json field it adds to
  int64_t before, added;          // that field before the command, and what the command adds
  std::string next;               // a later command that must still work (tmkit arguments)
  int64_t next_adds;              // what `next` adds to `count`
};

// Kills `c.args` at the plan's delays, each on a fresh copy of `base`: the
// store must verify and hold `before` or `before + added`, never between, and
// take `next`. Returns how many kills left nothing (the rest left all).
int KillRepeatedly(const TempDir& dir, const std::string& base, const AllOrNothing& c,
                   double full_seconds, KillPlan& plan) {
  int none = 0;
  for (int round = 0; round < plan.rounds(); ++round) {
    double delay = plan.Delay(round, full_seconds);
    SCOPED_TRACE("round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay) +
                 " s, seed " + std::to_string(plan.seed()));
    std::string store = FreshCopy(dir, base, "store");
    BackgroundTmkit run(store, c.args, dir / ("killed-" + std::to_string(round)));
    EXPECT_TRUE(run.started());
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    run.Kill();
    CommandResult verify = RunShell(TmkitCommand(store, "verify --json"));
    EXPECT_EQ(0, verify.exit_code) << "after the kill: " << verify.out << verify.err;
    if (verify.exit_code != 0) return none;
    int64_t n = Json::Parse(verify.out)[c.count].num();
    EXPECT_TRUE(n == c.before || n == c.before + c.added)
        << n << " " << c.count << ": part of the command's work was left in the store";
    none += n == c.before;
    CommandResult next = RunShell(TmkitCommand(store, c.next));
    EXPECT_EQ(0, next.exit_code) << next.err;
    CommandResult verify2 = RunShell(TmkitCommand(store, "verify --json"));
    EXPECT_EQ(0, verify2.exit_code) << verify2.out;
    EXPECT_EQ(n + c.next_adds, Json::Parse(verify2.out)[c.count].num());
  }
  std::cout << "after the kills: " << none << " stores without the command's work, "
            << plan.rounds() - none << " with all of it\n";
  return none;
}

// export writes under a temporary name and renames the complete file: after a
// kill at any moment the output is absent or whole (equal to an
// uninterrupted export), never partial; the store is untouched.
TEST(CliCrashSafetyTest, ExportKilledAtAnyMomentNeverLeavesAPartialFile) {
  TempDir dir;
  std::string store = dir / "store", big = dir / "big.tmx";
  constexpr int kUnits = 60000;
  WriteGeneratedTmx(big, kUnits, "exp");
  ASSERT_EQ(0, RunShell(TmkitCommand(store, "import " + ShellQuote(big))).exit_code);
  double full = Calibrate(store, {"export", "-o", dir / "reference.tmx"}, dir / "cal");
  const std::string reference = ExportBody(dir / "reference.tmx");
  KillPlan plan(kDefaultOtherKillRounds);
  std::cout << "export of " << kUnits << " units: " << full << " s; " << plan.rounds()
            << " kills, seed " << plan.seed() << " (TMKIT_CRASH_SEED to repeat)\n";
  // A killed export leaves its hidden temporary file (.NAME.tmkit-XXXXXX);
  // the next export into the folder removes all that no live writer holds,
  // so there is never more than one.
  auto temp_files = [&] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
      std::string name = e.path().filename().string();
      if (name.starts_with(".") && name.find(".tmkit-") != std::string::npos) ++n;
    }
    return n;
  };
  int absent = 0, whole = 0, temp_left = 0;
  for (int round = 0; round < plan.rounds(); ++round) {
    double delay = plan.Delay(round, full);
    SCOPED_TRACE("round " + std::to_string(round) + ", SIGKILL after " + std::to_string(delay) +
                 " s, seed " + std::to_string(plan.seed()));
    std::string out = dir / ("out-" + std::to_string(round) + ".tmx");
    BackgroundTmkit run(store, {"export", "-o", out}, dir / ("export-" + std::to_string(round)));
    ASSERT_TRUE(run.started());
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    run.Kill();
    if (std::filesystem::exists(out)) {
      EXPECT_EQ(reference, ExportBody(out)) << "a partial export under the final name";
      ++whole;
    } else {
      EXPECT_TRUE(run.killed_by_signal()) << "export ended by itself but wrote nothing";
      ++absent;
    }
    int temps = temp_files();
    EXPECT_LE(temps, 1) << "earlier exports' temporary files were not removed";
    temp_left += temps > 0;
  }
  ASSERT_EQ(0,
            RunShell(TmkitCommand(store, "export -o " + ShellQuote(dir / "again.tmx"))).exit_code);
  std::cout << "after the kills: " << absent << " outputs absent, " << whole << " whole, "
            << temp_left << " rounds ended with a temporary file there (never more than one)\n";
  EXPECT_GE(absent, 1) << "no kill interrupted the export: nothing was tested";
  EXPECT_EQ(0, temp_files()) << "the next export left killed exports' temporary files";
  CommandResult verify = RunShell(TmkitCommand(store, "verify --json"));
  EXPECT_EQ(0, verify.exit_code) << verify.out;
  EXPECT_EQ(kUnits, Json::Parse(verify.out)["units"].num());
}

// A term import is one transaction: killed at any moment, the term base holds
// all of the file or none of it, verifies, and takes the next import.
TEST(CliCrashSafetyTest, TermImportKilledAtAnyMomentIsAllOrNothing) {
  TempDir dir;
  std::string base = dir / "base", tbx = dir / "big.tbx", small = dir / "small.tbx",
              after = dir / "after.tbx";
  constexpr int kEntries = 40000, kSmall = 10, kAfter = 5;
  WriteFile(tbx, GeneratedTbx(kEntries, "big"));
  WriteFile(small, GeneratedTbx(kSmall, "small"));
  WriteFile(after, GeneratedTbx(kAfter, "after"));
  ASSERT_EQ(0, RunShell(TmkitCommand(base, "import " + ShellQuote(kSample))).exit_code);
  ASSERT_EQ(0, RunShell(TmkitCommand(base, "term import " + ShellQuote(small))).exit_code);
  const AllOrNothing command{.args = {"term", "import", tbx},
                             .count = "term_entries",
                             .before = kSmall,
                             .added = kEntries,
                             .next = "term import " + ShellQuote(after),
                             .next_adds = kAfter};
  double full = Calibrate(FreshCopy(dir, base, "cal-store"), command.args, dir / "cal");
  KillPlan plan(kDefaultOtherKillRounds);
  std::cout << "term import of " << kEntries << " entries: " << full << " s; " << plan.rounds()
            << " kills, seed " << plan.seed() << "\n";
  EXPECT_GE(KillRepeatedly(dir, base, command, full, plan), 1)
      << "no kill interrupted the term import: nothing was tested";
}

// align --import stores its units as one import: killed at any moment (while
// reading, aligning or storing), the store holds all of them or none.
TEST(CliCrashSafetyTest, AlignImportKilledAtAnyMomentIsAllOrNothing) {
  TempDir dir;
  std::string base = dir / "base", en = dir / "en.txt", uk = dir / "uk.txt";
  constexpr int kSentences = 5000;
  {
    std::string e, u;
    for (int i = 0; i < kSentences; ++i) {
      auto [s, t] = GeneratedUnit(i, "al");
      e += s + "\n";
      u += t + "\n";
    }
    WriteFile(en, e);
    WriteFile(uk, u);
  }
  std::string after = dir / "after.tmx";
  WriteFile(after, SmallTmx("after", kAfterUnits));
  ASSERT_EQ(0, RunShell(TmkitCommand(base, "import " + ShellQuote(kSample))).exit_code);
  AllOrNothing command{.args = {"align", en, uk, "--src", "en", "--tgt", "uk", "--presegmented",
                                "--import"},
                       .count = "units",
                       .before = 9,
                       .added = 0,
                       .next = "import " + ShellQuote(after),
                       .next_adds = kAfterUnits};
  std::string cal = FreshCopy(dir, base, "cal-store");
  double full = Calibrate(cal, command.args, dir / "cal");
  CommandResult cal_stats = RunShell(TmkitCommand(cal, "stats --json"));
  command.added = Json::Parse(cal_stats.out)["units"].num() - command.before;
  ASSERT_GT(command.added, kSentences / 2);
  KillPlan plan(kDefaultOtherKillRounds);
  std::cout << "align --import of " << kSentences << " sentence pairs (" << command.added
            << " units): " << full << " s; " << plan.rounds() << " kills, seed " << plan.seed()
            << "\n";
  EXPECT_GE(KillRepeatedly(dir, base, command, full, plan), 1)
      << "no kill interrupted align --import: nothing was tested";
}

// --- Readers are not blocked --------------------------------------------------

// While a big import runs, lookups answer at once with what the store held
// before it; once it commits they see the new units too.
TEST(CliReadersTest, LookupAnswersWithTheOldContentsWhileABigImportRuns) {
  TempDir dir;
  std::string store = dir / "store", big = dir / "big.tmx";
  ASSERT_EQ(0, RunShell(TmkitCommand(store, "import " + ShellQuote(kSample))).exit_code);
  WriteGeneratedTmx(big, BigUnits(), "big");
  const std::string big_sentence = GeneratedUnit(BigUnits() / 2, "big").first;
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
  EXPECT_EQ(9 + static_cast<int64_t>(BigUnits()), Json::Parse(stats.out)["units"].num());
  Json j = Json::Parse(lookup(big_sentence).out);
  ASSERT_GE(j["matches"].size(), 1u);  // the unit itself, then fuzzy matches of its siblings
  EXPECT_EQ(100, j["matches"][0]["score"].num());
  EXPECT_EQ(GeneratedUnit(BigUnits() / 2, "big").second, j["matches"][0]["target"].str());
}

}  // namespace
}  // namespace tmkit::testing
