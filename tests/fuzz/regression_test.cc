// Every input under tests/fuzz/regressions/<target>/ (crashes, hangs and
// broken invariants the fuzzers found, minimised, plus hand-written edge
// cases) runs through its target's function, in the normal build too, so
// that what was fixed stays fixed. A crash kills the test: the last
// "fuzz_regression_test: <file>" line on stderr names the input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_targets.h"

namespace tmkit::fuzz {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void ThrowFailure(const std::string& what) { throw std::runtime_error(what); }

std::vector<fs::path> Inputs(const std::string& target) {
  std::vector<fs::path> files;
  fs::path dir = fs::path(TMKIT_SOURCE_DIR) / "tests/fuzz/regressions" / target;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void RunAll(const std::string& name) {
  const FuzzTarget* target = FindFuzzTarget(name);
  ASSERT_NE(target, nullptr) << name;
  SetFailureHandler(ThrowFailure);
  if (target->init) target->init();
  std::vector<fs::path> inputs = Inputs(name);
  EXPECT_FALSE(inputs.empty()) << "no inputs under tests/fuzz/regressions/" << name;
  for (const fs::path& file : inputs) {
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << file;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "fuzz_regression_test: %s\n", file.c_str());
    try {
      target->run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      ADD_FAILURE() << file << ": " << e.what();
    }
  }
  SetFailureHandler(nullptr);
}

TEST(FuzzRegressionTest, Tmx) { RunAll("tmx"); }
TEST(FuzzRegressionTest, Xliff12) { RunAll("xliff12"); }
TEST(FuzzRegressionTest, Xliff2) { RunAll("xliff2"); }
TEST(FuzzRegressionTest, Tbx) { RunAll("tbx"); }
TEST(FuzzRegressionTest, Tbx2008) { RunAll("tbx2008"); }
TEST(FuzzRegressionTest, GlossaryCsv) { RunAll("glossary_csv"); }
TEST(FuzzRegressionTest, TsvUnits) { RunAll("tsv_units"); }
TEST(FuzzRegressionTest, Segment) { RunAll("segment"); }
TEST(FuzzRegressionTest, Placeables) { RunAll("placeables"); }
TEST(FuzzRegressionTest, Query) { RunAll("query"); }

// Every target has a folder and a test above.
TEST(FuzzRegressionTest, EveryTargetHasInputs) {
  for (const FuzzTarget* t = kFuzzTargets; t->name; ++t) {
    EXPECT_FALSE(Inputs(t->name).empty()) << "tests/fuzz/regressions/" << t->name;
  }
}

}  // namespace
}  // namespace tmkit::fuzz
