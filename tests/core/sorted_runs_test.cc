// SortedRuns: records added in any order come back sorted, whatever the
// number of chunks sorted on the side.
#include "sorted_runs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace tmkit::internal {
namespace {

std::vector<std::string> RandomStrings(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string s(1 + rng() % 12, 'a');
    for (char& c : s) c = static_cast<char>('a' + rng() % 4);  // many equal prefixes
    out.push_back(std::move(s));
  }
  return out;
}

TEST(SortedRunsTest, NothingAddedGivesNothing) {
  SortedRuns<std::string> runs;
  EXPECT_TRUE(runs.Take().empty());
}

TEST(SortedRunsTest, LessThanAChunkComesBackSorted) {
  std::vector<std::string> in = RandomStrings(1000, 1);
  SortedRuns<std::string> runs;
  for (const std::string& s : in) runs.Add(s);
  EXPECT_EQ(runs.size(), in.size());
  std::sort(in.begin(), in.end());
  EXPECT_EQ(runs.Take(), in);
}

TEST(SortedRunsTest, ManyChunksMergeIntoOneSortedSequenceWithDuplicatesKept) {
  std::vector<std::string> in = RandomStrings(SortedRuns<std::string>::kChunk * 3 + 17, 2);
  SortedRuns<std::string> runs;
  for (const std::string& s : in) runs.Add(s);
  std::sort(in.begin(), in.end());
  EXPECT_EQ(runs.Take(), in);
  EXPECT_EQ(runs.size(), 0u);  // taken
}

}  // namespace
}  // namespace tmkit::internal
