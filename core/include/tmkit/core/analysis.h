// Match analysis: how much of a file the store already covers, in the bands
// that quotes and invoices use (DESIGN.md):
//   repetitions  a segment whose match key occurred earlier in the file
//                (the first occurrence is counted in its own band)
//   101          context match: same text and the previous segment matches
//   100          exact match
//   95–99, 85–94, 75–84, 50–74   fuzzy bands (floors configurable)
//   no match     below the lowest floor
// Words follow ICU word boundaries (letters and numbers; punctuation is not a
// word); Chinese and Japanese ideographs and kana count one word each, as CAT
// tools count them. Characters are code points other than white space.
//
//   AnalysisOptions o{.source_lang = "en", .target_lang = "uk"};
//   Result<Analysis> a = Analyze(store, segments, o);
//
// Thread-safety: Analyze is thread-safe (it only reads the store).
#ifndef TMKIT_CORE_ANALYSIS_H_
#define TMKIT_CORE_ANALYSIS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tmkit/core/status.h"
#include "tmkit/core/store.h"
#include "tmkit/core/types.h"

namespace tmkit {

struct AnalysisOptions {
  std::string source_lang;  // REQUIRED
  std::string target_lang;  // REQUIRED
  // Floors of the fuzzy bands, highest first, each in 1..99: {95, 85, 75, 50}
  // gives 95–99, 85–94, 75–84, 50–74.
  std::vector<int> fuzzy_floors = {95, 85, 75, 50};
  // Weight of each band by name ("repetitions", "101", "100", "95-99", …,
  // "no match"); a band not named weighs 1. The defaults are a common
  // agency grid.
  std::vector<std::pair<std::string, double>> weights = {
      {"repetitions", 0.1}, {"101", 0.0},   {"100", 0.1},   {"95-99", 0.3},
      {"85-94", 0.6},       {"75-84", 0.8}, {"50-74", 1.0}, {"no match", 1.0}};
  // Called after each segment with the number done (progress).
  std::function<void(size_t done)> progress;
};

// One segment to analyse, in document order.
struct AnalysisSegment {
  Segment source;
  std::string previous;  // the text of the segment before it (for 101), may be empty
};

struct AnalysisBand {
  std::string name;  // "repetitions", "101", "100", "95-99", …, "no match"
  int min_score = 0;  // the band's score range (repetitions: 0..0)
  int max_score = 0;
  uint64_t segments = 0;
  uint64_t words = 0;
  uint64_t characters = 0;
  double weight = 1;
};

struct Analysis {
  std::vector<AnalysisBand> bands;  // in the order of the header comment
  uint64_t segments = 0;
  uint64_t words = 0;
  uint64_t characters = 0;
  double weighted_words = 0;  // Σ words × weight
  std::vector<int> scores;    // best score per segment, in order (-1: a repetition)
};

// Words in `text` (in language `lang`) as the header comment counts them.
uint64_t CountWords(std::string_view text, std::string_view lang);
// Code points of `text` other than white space.
uint64_t CountCharacters(std::string_view text);

// kInvalidArgument for missing languages or bad floors.
Result<Analysis> Analyze(const Store& store, const std::vector<AnalysisSegment>& segments,
                         const AnalysisOptions& options);

}  // namespace tmkit

#endif  // TMKIT_CORE_ANALYSIS_H_
