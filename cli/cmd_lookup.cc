// tmkit lookup TEXT --src L --tgt L [--min 70] [--max 5] [--prev TEXT] [--json]
// tmkit lookup --file F --src L --tgt L        (one query a line → JSON lines)
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "common.h"
#include "tmkit/glossaries/recognize.h"
#include "tmkit/glossaries/term_base.h"
#include "tmkit/core/date.h"
#include "tmkit/core/fuzzy.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/text.h"

namespace tmkit::cli {
namespace {

struct LookupCommand {
  std::string text;
  std::string file;
  std::string src, tgt;
  std::string prev;
  int min = 70;
  int max = 5;
  int align_penalty = 1;
  int threads = 0;
  bool no_adapt = false;
  bool json = false;
  bool timings = false;
};

// The glossary terms in the query (an empty list when there is no term base
// or it has none); a damaged term base is reported, not hidden.
Result<std::vector<TermHit>> QueryTerms(const Store& store, const std::string& query,
                                        const LookupOptions& options) {
  StoreTermSource source(store);
  return FindTerms(query, options.source_lang, options.target_lang, source);
}

std::string TermsJson(const std::vector<TermHit>& terms) {
  std::string j = "[";
  for (size_t i = 0; i < terms.size(); ++i) {
    const TermHit& t = terms[i];
    j += std::string(i ? ", " : "") + "{\"source\": " + JsonString(t.source) +
         ", \"target\": " + JsonString(t.target) + ", \"start\": " + std::to_string(t.start) +
         ", \"end\": " + std::to_string(t.end) + ", \"term\": " + JsonString(t.term) +
         ", \"forbidden\": " + (t.forbidden ? "true" : "false") + "}";
  }
  return j + "]";
}

std::string MatchesJson(const std::string& query, const LookupOptions& options,
                        const std::vector<Match>& matches, const std::vector<TermHit>& terms,
                        double ms) {
  std::string j = "{\"query\": " + JsonString(query) +
                  ", \"src\": " + JsonString(options.source_lang) +
                  ", \"tgt\": " + JsonString(options.target_lang);
  if (ms >= 0) j += ", \"ms\": " + std::to_string(ms);
  j += ", \"matches\": [";
  for (size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    if (i) j += ", ";
    j += "{\"score\": " + std::to_string(m.score) + ", \"source\": " + JsonString(m.source.text) +
         ", \"target\": " + JsonString(m.target.text) +
         ", \"source_lang\": " + JsonString(m.source_lang) +
         ", \"target_lang\": " + JsonString(m.target_lang) +
         ", \"unit\": " + std::to_string(m.unit_id) + ", \"origin\": " + JsonString(m.origin);
    if (m.date != kNoDate) j += ", \"date\": " + JsonString(FormatIsoDate(m.date));
    j += ", \"adapted\": " + std::string(m.adapted ? "true" : "false");
    j += ", \"context\": " + std::string(m.context ? "true" : "false");
    j += ", \"penalties\": [";
    for (size_t p = 0; p < m.penalties.size(); ++p)
      j += (p ? ", " : "") + JsonString(m.penalties[p]);
    j += "], \"diff\": [";
    for (size_t d = 0; d < m.diff.size(); ++d) {
      j += (d ? ", " : "") + std::string("{\"op\": \"") + m.diff[d].op +
           "\", \"text\": " + JsonString(m.diff[d].text) + "}";
    }
    j += "]}";
  }
  j += "], \"terms\": " + TermsJson(terms) + "}";
  return j;
}

// The source with its differences to the query: in colour on a terminal
// (red struck-through: not in the query; green: the query's words instead),
// else as word-diff markers [-stored-]{+query+}.
std::string ShowDiff(const Match& m, bool color) {
  if (m.diff.empty()) return Display(m.source);
  // The query's words are not in the stored text: space them from their
  // neighbours where the language writes spaces.
  const bool spaced = TokenUnitFor(m.source_lang) == TokenUnit::kWord;
  auto wordy = [](char c) { return c != ' ' && c != '\n' && c != '(' && c != '"'; };
  std::string out;
  for (size_t i = 0; i < m.diff.size(); ++i) {
    const DiffPart& d = m.diff[i];
    if (d.op == '+' && spaced && !out.empty() && wordy(out.back()) && out.back() != '-' &&
        (i == 0 || m.diff[i - 1].op != '-')) {
      out += ' ';
    }
    if (d.op == '=') {
      if (spaced && i > 0 && m.diff[i - 1].op == '+' && !d.text.empty() &&
          std::isalnum(static_cast<unsigned char>(d.text.front()))) {
        out += ' ';
      }
      out += d.text;
    } else if (color) {
      out += (d.op == '-' ? "\x1b[9;31m" : "\x1b[1;32m") + d.text + "\x1b[0m";
    } else {
      out += (d.op == '-' ? "[-" : "{+") + d.text + (d.op == '-' ? "-]" : "+}");
    }
  }
  return out;
}

void PrintHuman(const std::string& query, const LookupOptions& options,
                const std::vector<Match>& matches, const std::vector<TermHit>& terms) {
  if (!terms.empty()) {
    std::cout << "terms:";
    for (const TermHit& t : terms) {
      std::cout << "  " << t.source << " → " << (t.target.empty() ? "?" : t.target);
      if (t.forbidden) std::cout << " [forbidden]";
    }
    std::cout << "\n";
  }
  if (matches.empty()) {
    std::cout << "no match ≥ " << options.min_score << "% for \"" << query << "\" ("
              << options.source_lang << " → " << options.target_lang << ")\n";
    return;
  }
  bool color = isatty(STDOUT_FILENO);
  for (const Match& m : matches) {
    std::string score = std::to_string(m.score) + "%";
    if (color) {
      score = (m.score >= 100  ? "\x1b[1;32m"
               : m.score >= 85 ? "\x1b[1;33m"
                               : "\x1b[1;31m") +
              score + "\x1b[0m";
    }
    std::cout << score << "  unit " << m.unit_id;
    if (!m.origin.empty()) std::cout << "  " << m.origin;
    if (m.date != kNoDate) std::cout << "  " << FormatIsoDate(m.date).substr(0, 10);
    if (m.context) std::cout << "  (context match)";
    if (!m.penalties.empty()) {
      std::cout << "  (differs in:";
      for (const std::string& p : m.penalties) std::cout << " " << p;
      std::cout << ")";
    }
    std::cout << "\n  " << m.source_lang << "  " << ShowDiff(m, color) << "\n  " << m.target_lang
              << "  " << Display(m.target) << (m.adapted ? "   [adapted]" : "") << "\n";
  }
}

// Looks up every line of the file on `threads` threads; prints JSON lines in
// input order.
int RunFile(const Store& store, const LookupCommand& cmd, const LookupOptions& options) {
  std::ifstream in(cmd.file);
  if (!in) return Fail("cannot read '" + cmd.file + "'");
  std::vector<std::pair<int, std::string>> queries;  // line number, text
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (!IsValidUtf8(line)) {
      return Fail(cmd.file + ":" + std::to_string(line_no) + ": the line is not valid UTF-8");
    }
    queries.emplace_back(line_no, std::move(line));
  }
  const size_t n = queries.size();
  std::vector<std::string> results(n);
  std::vector<std::optional<Error>> errors(n);
  std::atomic<size_t> next{0}, done{0};
  unsigned threads =
      cmd.threads > 0 ? cmd.threads : std::max(1u, std::thread::hardware_concurrency());
  Progress progress("looking up", n);
  auto work = [&](bool main_thread) {
    while (true) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      auto start = std::chrono::steady_clock::now();
      Result<std::vector<Match>> matches = Lookup(store, Segment{queries[i].second, {}}, options);
      double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      Result<std::vector<TermHit>> terms = std::vector<TermHit>{};
      if (matches) terms = QueryTerms(store, queries[i].second, options);
      if (matches && !terms) matches = std::unexpected(terms.error());
      if (matches) {
        results[i] =
            MatchesJson(queries[i].second, options, *matches, *terms, cmd.timings ? ms : -1);
      } else {
        errors[i] = matches.error().WithContext(cmd.file + ":" + std::to_string(queries[i].first));
      }
      done.fetch_add(1);
      if (main_thread) progress.Update(done.load());
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, false);
  work(true);
  for (std::thread& t : pool) t.join();
  progress.Done();
  for (size_t i = 0; i < n; ++i) {
    if (errors[i]) return Fail(*errors[i]);
    std::cout << results[i] << "\n";
  }
  return kExitOk;
}

int RunLookup(const LookupCommand& cmd) {
  if (cmd.text.empty() == cmd.file.empty()) {
    return Fail("give the text to look up, or --file with one query a line (not both)", kExitUsage);
  }
  if (!cmd.prev.empty() && !cmd.file.empty()) {
    return Fail("--prev goes with one TEXT, not with --file", kExitUsage);
  }
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  LookupOptions options{.source_lang = cmd.src,
                        .target_lang = cmd.tgt,
                        .min_score = cmd.min,
                        .max_results = static_cast<size_t>(cmd.max),
                        .previous = cmd.prev,
                        .alignment_penalty = cmd.align_penalty,
                        .adapt = !cmd.no_adapt,
                        .counters = nullptr};
  if (!cmd.file.empty()) return RunFile(*store, cmd, options);
  if (!IsValidUtf8(cmd.text)) return Fail("the text is not valid UTF-8", kExitUsage);
  auto start = std::chrono::steady_clock::now();
  Result<std::vector<Match>> matches = Lookup(*store, Segment{cmd.text, {}}, options);
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!matches) return Fail(matches.error());
  Result<std::vector<TermHit>> terms = QueryTerms(*store, cmd.text, options);
  if (!terms) return Fail(terms.error());
  if (cmd.json) {
    std::cout << MatchesJson(cmd.text, options, *matches, *terms, cmd.timings ? ms : -1) << "\n";
  } else {
    PrintHuman(cmd.text, options, *matches, *terms);
  }
  return kExitOk;
}

}  // namespace

void SetupLookup(CLI::App& app) {
  auto cmd = std::make_shared<LookupCommand>();
  CLI::App* sub = app.add_subcommand("lookup", "Find prior translations of a sentence");
  sub->footer(
      "Scores (doc/scoring.md): 101 = the same text and the same previous segment\n"
      "(--prev); 100 = the same text (whitespace aside) and the same inline codes;\n"
      "99 and below = the share of words that match, counted by edit distance over\n"
      "words (over characters for Korean, Japanese, Chinese, Thai), less a point for\n"
      "each difference shown under 'differs in': case, codes, placeables (numbers,\n"
      "dates, times: the target is then adapted to the query's values),\n"
      "multiple-translations (the same source was translated differently), alignment\n"
      "(the unit comes from an automatic alignment; --align-penalty).\n"
      "The stored source is shown with its differences to your text: struck through\n"
      "in red what your text lacks, in green what it has instead (without a terminal:\n"
      "[-stored-]{+yours+}). Languages match by prefix: --src en finds en-US and\n"
      "en-GB; --tgt uk-UA finds uk-UA and uk.\n\n"
      "Examples:\n"
      "  tmkit lookup \"Russian forces shelled Kharkiv overnight.\" --src en --tgt uk\n"
      "  tmkit lookup \"At least 12 people were injured.\" --src en --tgt uk --min 50\n"
      "  tmkit lookup --file sentences.txt --src en --tgt ko > matches.jsonl\n");
  sub->add_option("TEXT", cmd->text, "The sentence to look up");
  sub->add_option("--file", cmd->file,
                  "Look up each line of this file (on all cores); prints JSON lines in order");
  sub->add_option("--src", cmd->src, "Language of the text (BCP 47: en, uk, ko, en-US)")
      ->required();
  sub->add_option("--tgt", cmd->tgt, "Language wanted")->required();
  sub->add_option("--min", cmd->min, "Lowest score shown (1-101)")
      ->check(CLI::Range(0, 101))
      ->capture_default_str();
  sub->add_option("--max", cmd->max, "Most matches shown")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub->add_option("--prev", cmd->prev,
                  "The segment before TEXT: an exact match whose unit recorded the same\n"
                  "previous segment (x-context-pre, prev) scores 101");
  sub->add_option("--align-penalty", cmd->align_penalty,
                  "Points off matches from automatic alignments")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();
  sub->add_flag("--no-adapt", cmd->no_adapt, "Show targets as stored (no number/date adaptation)");
  sub->add_option("--threads", cmd->threads, "Threads for --file (default: one a core)")
      ->check(CLI::Range(1, 256));
  sub->add_flag("--json", cmd->json, "Print JSON (see README: lookup)");
  sub->add_flag("--timings", cmd->timings,
                "Add each lookup's time in milliseconds (\"ms\") to JSON");
  sub->callback([cmd] { CommandResult() = RunLookup(*cmd); });
}

}  // namespace tmkit::cli
