// tmkit pretranslate IN.xlf -o OUT.xlf [--min 75] [--json]
// tmkit analyze IN.xlf... [--bands 95,85,75,50] [--weights NAME=W,...] [--json]
//
// Both read an XLIFF file's segments (XliffDocument) and look each up in the
// store: pretranslate fills the empty targets, analyze counts the work by band.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "common.h"
#include "tmkit/core/analysis.h"
#include "tmkit/core/lookup.h"
#include "tmkit/formats/xliff.h"

namespace tmkit::cli {
namespace {

// The segments a command works on: the translatable ones of one language
// pair (an XLIFF 1.2 file may hold several <file>s with different pairs).
struct PairSegments {
  std::string src, tgt;
  std::vector<size_t> indices;  // into XliffDocument::segments()
};

std::vector<PairSegments> ByPair(const XliffDocument& doc) {
  std::vector<PairSegments> pairs;
  for (size_t i = 0; i < doc.segments().size(); ++i) {
    const XliffSegment& s = doc.segments()[i];
    if (!s.translatable) continue;
    auto it = std::find_if(pairs.begin(), pairs.end(), [&](const PairSegments& p) {
      return p.src == s.source_lang && p.tgt == s.target_lang;
    });
    if (it == pairs.end()) it = pairs.insert(pairs.end(), {s.source_lang, s.target_lang, {}});
    it->indices.push_back(i);
  }
  return pairs;
}

Result<std::unique_ptr<XliffDocument>> OpenDocument(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("'" + path + (std::filesystem::exists(path, ec) ? "' is not a file"
                                                                      : "' does not exist"));
  }
  return XliffDocument::Open(path, {});
}

// --- pretranslate ---------------------------------------------------------

// The match's target with the segment's own inline codes: a code the source
// segment does not have must not appear in its target (CAT tools reject the
// tag mismatch). When the two carry the same sequence of code kinds, the
// target keeps its positions with the segment's codes; otherwise the codes
// are dropped and the text kept (such a match is below 100, for review).
Segment FitCodes(Segment target, const Segment& source) {
  auto kinds = [](const Segment& s) {
    std::vector<CodeKind> k;
    for (const InlineCode& c : s.codes) k.push_back(c.kind);
    return k;
  };
  if (kinds(target) == kinds(source)) {
    for (size_t i = 0; i < target.codes.size(); ++i) {
      const uint32_t offset = target.codes[i].offset;
      target.codes[i] = source.codes[i];
      target.codes[i].offset = offset;
    }
    return target;
  }
  target.codes.clear();
  return target;
}

struct PretranslateCommand {
  std::string input, output;
  int min = 75;
  bool json = false;
};

int RunPretranslate(const PretranslateCommand& cmd) {
  if (cmd.min < 1 || cmd.min > 101) return Fail("--min must be between 1 and 101", kExitUsage);
  std::error_code ec;
  if (std::filesystem::exists(cmd.output, ec) &&
      std::filesystem::equivalent(cmd.input, cmd.output, ec)) {
    return Fail("-o names the input file; write the pre-translated file under another name",
                kExitUsage);
  }
  Result<std::unique_ptr<XliffDocument>> doc = OpenDocument(cmd.input);
  if (!doc) return Fail(doc.error());
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());

  // The segments to fill: translatable, with an empty target.
  struct Job {
    size_t index;
    std::string src, tgt;
  };
  std::vector<Job> jobs;
  uint64_t already = 0;
  for (const PairSegments& p : ByPair(**doc)) {
    if (p.tgt.empty()) {
      return Fail(cmd.input + ": the file names no target language (XLIFF 1.2 target-language, "
                              "2.x trgLang); tmkit cannot tell what to fill in");
    }
    for (size_t i : p.indices) {
      if ((*doc)->segments()[i].target_empty) {
        jobs.push_back({i, p.src, p.tgt});
      } else {
        ++already;
      }
    }
  }

  // Lookups on every core; filling stays on this thread (in document order).
  std::vector<std::optional<Match>> best(jobs.size());
  std::atomic<size_t> next{0}, done{0};
  std::optional<Error> failure;
  std::mutex failure_mu;
  Progress progress("pre-translating " + std::filesystem::path(cmd.input).filename().string(),
                    jobs.size());
  auto work = [&] {
    for (size_t k = next++; k < jobs.size(); k = next++) {
      const XliffSegment& s = (*doc)->segments()[jobs[k].index];
      if (!s.source.text.empty() || s.source.HasCodes()) {
        LookupOptions lo{.source_lang = jobs[k].src,
                         .target_lang = jobs[k].tgt,
                         .min_score = std::min(cmd.min, 100),
                         .max_results = 1,
                         .previous = s.previous_source};
        Result<std::vector<Match>> m = Lookup(*store, s.source, lo);
        if (!m) {
          std::lock_guard<std::mutex> lock(failure_mu);
          if (!failure) failure = m.error();
          return;
        }
        if (!m->empty() && m->front().score >= cmd.min) best[k] = m->front();
      }
      size_t d = ++done;
      if (d % 64 == 0) progress.Update(d, Thousands(d) + " segments");
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& t : pool) t.join();
  progress.Done();
  if (failure) return Fail(*failure);

  uint64_t exact = 0, context = 0, fuzzy = 0, adapted = 0;
  for (size_t k = 0; k < jobs.size(); ++k) {
    if (!best[k]) continue;
    const Match& m = *best[k];
    const XliffSegment& seg = (*doc)->segments()[jobs[k].index];
    XliffFill fill{.target = FitCodes(m.target, seg.source), .score = m.score, .origin = m.origin,
                   .match_source = m.source, .match_target = m.stored_target};
    if (Status s = (*doc)->Fill(jobs[k].index, fill); !s) return Fail(s.error());
    if (m.score == 101) {
      ++context;
    } else if (m.score == 100) {
      ++exact;
    } else {
      ++fuzzy;
    }
    if (m.adapted) ++adapted;
  }
  if (Status s = (*doc)->Write(cmd.output); !s) return Fail(s.error());
  const uint64_t left = jobs.size() - exact - context - fuzzy;
  if (cmd.json) {
    std::cout << "{\"input\": " << JsonString(cmd.input) << ", \"output\": "
              << JsonString(cmd.output) << ", \"segments\": " << (*doc)->segments().size()
              << ", \"already_translated\": " << already << ", \"context\": " << context
              << ", \"exact\": " << exact << ", \"fuzzy\": " << fuzzy
              << ", \"adapted\": " << adapted << ", \"left_empty\": " << left << "}\n";
    return kExitOk;
  }
  std::cout << cmd.output << ": " << Thousands(context + exact) << " translated ("
            << Thousands(context) << " context, " << Thousands(exact) << " exact), "
            << Thousands(fuzzy) << " fuzzy for review (" << cmd.min << "% or more), "
            << Thousands(left) << " left empty";
  if (adapted) std::cout << "; " << Thousands(adapted) << " with numbers adapted";
  if (already) std::cout << "; " << Thousands(already) << " already had a target";
  std::cout << "\n";
  return kExitOk;
}

// --- analyze --------------------------------------------------------------

struct AnalyzeCommand {
  std::vector<std::string> inputs;
  std::vector<int> bands = {95, 85, 75, 50};
  std::vector<std::string> weights;  // NAME=W
  bool json = false;
};

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void PrintAnalysis(const std::string& file, const PairSegments& pair, const Analysis& a) {
  std::cout << file << " (" << pair.src << " → " << pair.tgt << ")\n";
  std::printf("  %-12s %9s %9s %11s %7s %10s\n", "band", "segments", "words", "characters",
              "weight", "weighted");
  for (const AnalysisBand& b : a.bands) {
    std::printf("  %-12s %9s %9s %11s %7s %10s\n", b.name.c_str(), Thousands(b.segments).c_str(),
                Thousands(b.words).c_str(), Thousands(b.characters).c_str(),
                Fixed(b.weight, 2).c_str(),
                Fixed(static_cast<double>(b.words) * b.weight, 1).c_str());
  }
  std::printf("  %-12s %9s %9s %11s %7s %10s\n", "total", Thousands(a.segments).c_str(),
              Thousands(a.words).c_str(), Thousands(a.characters).c_str(), "",
              Fixed(a.weighted_words, 1).c_str());
}

std::string AnalysisJson(const std::string& file, const PairSegments& pair, const Analysis& a) {
  std::string j = "{\"file\": " + JsonString(file) + ", \"src\": " + JsonString(pair.src) +
                  ", \"tgt\": " + JsonString(pair.tgt) + ", \"bands\": [";
  for (size_t i = 0; i < a.bands.size(); ++i) {
    const AnalysisBand& b = a.bands[i];
    j += std::string(i ? ", " : "") + "{\"name\": " + JsonString(b.name) +
         ", \"min\": " + std::to_string(b.min_score) + ", \"max\": " + std::to_string(b.max_score) +
         ", \"segments\": " + std::to_string(b.segments) + ", \"words\": " +
         std::to_string(b.words) + ", \"characters\": " + std::to_string(b.characters) +
         ", \"weight\": " + Fixed(b.weight, 4) + "}";
  }
  j += "], \"segments\": " + std::to_string(a.segments) + ", \"words\": " +
       std::to_string(a.words) + ", \"characters\": " + std::to_string(a.characters) +
       ", \"weighted_words\": " + Fixed(a.weighted_words, 2) + "}";
  return j;
}

int RunAnalyze(const AnalyzeCommand& cmd) {
  AnalysisOptions base;
  base.fuzzy_floors = cmd.bands;
  for (const std::string& w : cmd.weights) {
    size_t eq = w.rfind('=');
    char* end = nullptr;
    double v = eq == std::string::npos ? -1 : std::strtod(w.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || !end || *end != '\0' || v < 0) {
      return Fail("--weights: expected NAME=WEIGHT (e.g. 100=0.1,95-99=0.3), found '" + w + "'",
                  kExitUsage);
    }
    base.weights.emplace_back(w.substr(0, eq), v);  // later entries win
  }
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  int exit_code = kExitOk;
  std::vector<std::string> json;
  for (const std::string& file : cmd.inputs) {
    Result<std::unique_ptr<XliffDocument>> doc = OpenDocument(file);
    if (!doc) {
      std::cerr << "tmkit: " << doc.error().message << "\n";
      exit_code = kExitFailure;
      continue;
    }
    for (const PairSegments& pair : ByPair(**doc)) {
      std::vector<AnalysisSegment> segments;
      for (size_t i : pair.indices) {
        const XliffSegment& s = (*doc)->segments()[i];
        segments.push_back({s.source, s.previous_source});
      }
      AnalysisOptions o = base;
      o.source_lang = pair.src;
      o.target_lang = pair.tgt.empty() ? pair.src : pair.tgt;
      Progress progress("analysing " + std::filesystem::path(file).filename().string(),
                        segments.size());
      o.progress = [&](size_t d) { progress.Update(d, Thousands(d) + " segments"); };
      Result<Analysis> a = Analyze(*store, segments, o);
      progress.Done();
      if (!a) {
        if (a.error().code == ErrorCode::kInvalidArgument) return Fail(a.error().message, kExitUsage);
        std::cerr << "tmkit: " << file << ": " << a.error().message << "\n";
        exit_code = kExitFailure;
        continue;
      }
      if (cmd.json) {
        json.push_back(AnalysisJson(file, pair, *a));
      } else {
        PrintAnalysis(file, pair, *a);
      }
    }
  }
  if (cmd.json) {
    std::cout << "{\"files\": [";
    for (size_t i = 0; i < json.size(); ++i) std::cout << (i ? ", " : "") << json[i];
    std::cout << "]}\n";
  }
  return exit_code;
}

}  // namespace

void SetupPretranslate(CLI::App& app) {
  auto cmd = std::make_shared<PretranslateCommand>();
  CLI::App* sub = app.add_subcommand(
      "pretranslate", "Fill an XLIFF file's empty targets from the store");
  sub->footer(
      "Each translatable segment without a target gets the store's best match:\n"
      "  101 (context) and 100 (exact): a translation (XLIFF 1.2 state=\"translated\"\n"
      "      with state-qualifier=\"exact-match\"; 2.x state=\"translated\")\n"
      "  --min to 99 (fuzzy): a target for review (1.2 needs-review-translation and\n"
      "      an <alt-trans match-quality>; 2.x an <mtc:match>, state stays initial)\n"
      "Numbers, dates and units of a match are adapted to the segment. Everything\n"
      "else in the file (skeleton, notes, other namespaces, whitespace) is written\n"
      "back as it was.\n\n"
      "Examples:\n"
      "  tmkit pretranslate article.xlf -o article.pre.xlf\n"
      "  tmkit pretranslate article.xlf -o article.pre.xlf --min 85 --json\n");
  sub->add_option("IN", cmd->input, "The XLIFF file (1.2 or 2.x)")->required();
  sub->add_option("-o,--output", cmd->output, "The file to write (not the input)")->required();
  sub->add_option("--min", cmd->min, "Lowest score filled in (fuzzy targets are for review)")
      ->capture_default_str();
  sub->add_flag("--json", cmd->json, "Print counts as JSON on stdout");
  sub->callback([cmd] { CommandResult() = RunPretranslate(*cmd); });
}

void SetupAnalyze(CLI::App& app) {
  auto cmd = std::make_shared<AnalyzeCommand>();
  CLI::App* sub =
      app.add_subcommand("analyze", "Count an XLIFF file's segments, words and characters by match band");
  sub->footer(
      "Bands: repetitions (a segment seen earlier in the file; the first one is\n"
      "counted in its own band), 101 (context), 100, the fuzzy bands (95-99, 85-94,\n"
      "75-84, 50-74 by default) and no match. Translatable segments count, with\n"
      "or without a target. Words follow ICU word boundaries (punctuation is not a\n"
      "word; Chinese and Japanese count one word a character); characters exclude\n"
      "white space. The weighted total is Σ words × weight.\n\n"
      "Examples:\n"
      "  tmkit analyze article.xlf\n"
      "  tmkit analyze *.xlf --bands 95,75,50 --weights 100=0.2,95-99=0.5 --json\n");
  sub->add_option("IN", cmd->inputs, "XLIFF files (1.2 or 2.x)")->required();
  sub->add_option("--bands", cmd->bands, "Floors of the fuzzy bands, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  sub->add_option("--weights", cmd->weights,
                  "Weights by band name, comma-separated NAME=W (repetitions, 101, 100,\n"
                  "95-99, ..., no match); defaults: repetitions 0.1, 101 0, 100 0.1,\n"
                  "95-99 0.3, 85-94 0.6, 75-84 0.8, 50-74 1, no match 1")
      ->delimiter(',');
  sub->add_flag("--json", cmd->json, "Print the analysis as JSON on stdout");
  sub->callback([cmd] { CommandResult() = RunAnalyze(*cmd); });
}

}  // namespace tmkit::cli
