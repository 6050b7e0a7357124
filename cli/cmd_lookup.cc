// tmkit lookup TEXT --src L --tgt L [--min 70] [--max 5] [--json]
// tmkit lookup --file F --src L --tgt L        (one query a line → JSON lines)
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "common.h"
#include "tmkit/core/date.h"
#include "tmkit/core/lookup.h"
#include "tmkit/core/text.h"

namespace tmkit::cli {
namespace {

struct LookupCommand {
  std::string text;
  std::string file;
  std::string src, tgt;
  int min = 70;
  int max = 5;
  bool json = false;
};

std::string MatchesJson(const std::string& query, const LookupOptions& options,
                        const std::vector<Match>& matches) {
  std::string j = "{\"query\": " + JsonString(query) +
                  ", \"src\": " + JsonString(options.source_lang) +
                  ", \"tgt\": " + JsonString(options.target_lang) + ", \"matches\": [";
  for (size_t i = 0; i < matches.size(); ++i) {
    const Match& m = matches[i];
    if (i) j += ", ";
    j += "{\"score\": " + std::to_string(m.score) + ", \"source\": " + JsonString(m.source.text) +
         ", \"target\": " + JsonString(m.target.text) +
         ", \"source_lang\": " + JsonString(m.source_lang) +
         ", \"target_lang\": " + JsonString(m.target_lang) +
         ", \"unit\": " + std::to_string(m.unit_id) + ", \"origin\": " + JsonString(m.origin);
    if (m.date != kNoDate) j += ", \"date\": " + JsonString(FormatIsoDate(m.date));
    j += ", \"penalties\": [";
    for (size_t p = 0; p < m.penalties.size(); ++p)
      j += (p ? ", " : "") + JsonString(m.penalties[p]);
    j += "]}";
  }
  j += "], \"terms\": []}";
  return j;
}

void PrintHuman(const std::string& query, const LookupOptions& options,
                const std::vector<Match>& matches) {
  if (matches.empty()) {
    std::cout << "no match ≥ " << options.min_score << "% for \"" << query << "\" ("
              << options.source_lang << " → " << options.target_lang << ")\n";
    return;
  }
  bool color = isatty(STDOUT_FILENO);
  for (const Match& m : matches) {
    std::string score = std::to_string(m.score) + "%";
    if (color) score = (m.score >= 100 ? "\x1b[1;32m" : "\x1b[1;33m") + score + "\x1b[0m";
    std::cout << score << "  unit " << m.unit_id;
    if (!m.origin.empty()) std::cout << "  " << m.origin;
    if (m.date != kNoDate) std::cout << "  " << FormatIsoDate(m.date).substr(0, 10);
    if (!m.penalties.empty()) {
      std::cout << "  (differs in:";
      for (const std::string& p : m.penalties) std::cout << " " << p;
      std::cout << ")";
    }
    std::cout << "\n  " << m.source_lang << "  " << Display(m.source) << "\n  " << m.target_lang
              << "  " << Display(m.target) << "\n";
  }
}

int RunLookup(const LookupCommand& cmd) {
  if (cmd.text.empty() == cmd.file.empty()) {
    return Fail("give the text to look up, or --file with one query a line (not both)", kExitUsage);
  }
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  LookupOptions options{.source_lang = cmd.src,
                        .target_lang = cmd.tgt,
                        .min_score = cmd.min,
                        .max_results = static_cast<size_t>(cmd.max)};
  if (!cmd.file.empty()) {
    std::ifstream in(cmd.file);
    if (!in) return Fail("cannot read '" + cmd.file + "'");
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      if (!IsValidUtf8(line)) {
        return Fail(cmd.file + ":" + std::to_string(line_no) + ": the line is not valid UTF-8");
      }
      Result<std::vector<Match>> matches = Lookup(*store, Segment{line, {}}, options);
      if (!matches)
        return Fail(matches.error().WithContext(cmd.file + ":" + std::to_string(line_no)));
      std::cout << MatchesJson(line, options, *matches) << "\n";
    }
    return kExitOk;
  }
  if (!IsValidUtf8(cmd.text)) return Fail("the text is not valid UTF-8", kExitUsage);
  Result<std::vector<Match>> matches = Lookup(*store, Segment{cmd.text, {}}, options);
  if (!matches) return Fail(matches.error());
  if (cmd.json) {
    std::cout << MatchesJson(cmd.text, options, *matches) << "\n";
  } else {
    PrintHuman(cmd.text, options, *matches);
  }
  return kExitOk;
}

}  // namespace

void SetupLookup(CLI::App& app) {
  auto cmd = std::make_shared<LookupCommand>();
  CLI::App* sub = app.add_subcommand("lookup", "Find prior translations of a sentence");
  sub->footer(
      "Scores: 100 = the same text (whitespace aside) and the same inline codes;\n"
      "99 = the same words with a difference in case, inline codes or character\n"
      "width (shown as 'differs in'). Languages match by prefix: --src en finds\n"
      "en-US and en-GB; --tgt uk-UA finds uk-UA and uk.\n\n"
      "Examples:\n"
      "  tmkit lookup \"Russian forces shelled Kharkiv overnight.\" --src en --tgt uk\n"
      "  tmkit lookup --file sentences.txt --src en --tgt ko > matches.jsonl\n");
  sub->add_option("TEXT", cmd->text, "The sentence to look up");
  sub->add_option("--file", cmd->file, "Look up each line of this file; prints JSON lines");
  sub->add_option("--src", cmd->src, "Language of the text (BCP 47: en, uk, ko, en-US)")
      ->required();
  sub->add_option("--tgt", cmd->tgt, "Language wanted")->required();
  sub->add_option("--min", cmd->min, "Lowest score shown (0-100)")
      ->check(CLI::Range(0, 101))
      ->capture_default_str();
  sub->add_option("--max", cmd->max, "Most matches shown")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub->add_flag("--json", cmd->json, "Print JSON (see README: lookup)");
  sub->callback([cmd] { CommandResult() = RunLookup(*cmd); });
}

}  // namespace tmkit::cli
