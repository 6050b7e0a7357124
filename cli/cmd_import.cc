// tmkit import FILE... [--format auto|tmx|tsv|xliff] [--src L --tgt L] [--states S,...]
//                      [--on-error fail|skip] [--json]
#include <iostream>
#include <map>
#include <optional>

#include "common.h"
#include "tmkit/core/language.h"
#include "tmkit/formats/format.h"

namespace tmkit::cli {
namespace {

struct ImportCommand {
  std::vector<std::string> files;
  std::string format = "auto";
  std::string on_error = "fail";
  std::string src;  // the languages of a TSV file's two columns
  std::string tgt;
  std::vector<std::string> states;  // XLIFF: target states that count as translated
  bool no_merge = false;
  bool json = false;
};

// "12 without a target, 3 not translated (state \"initial\")"
std::string NotImportedText(const std::vector<std::pair<std::string, uint64_t>>& reasons) {
  std::string out;
  for (const auto& [reason, n] : reasons) {
    if (!out.empty()) out += ", ";
    out += Thousands(n) + " " + reason;
  }
  return out;
}

int RunImport(const ImportCommand& cmd) {
  Result<Format> format = ParseFormat(cmd.format);
  if (!format) return Fail(format.error());
  OnBadInput on_error = cmd.on_error == "skip" ? OnBadInput::kSkip : OnBadInput::kFail;

  // Usage errors first, before any file is read or the store created: TSV
  // names no languages, so --src and --tgt are required for it; TMX names its
  // own (xml:lang), so they are refused when no file is TSV (they would look
  // like a language filter, which import does not have).
  std::map<std::string, Format> formats;  // files whose format could be told
  bool any_tsv = false;
  for (const std::string& file : cmd.files) {
    Result<Format> f = DetectFormat(file, *format);
    if (!f) continue;  // reported with the file below
    formats[file] = *f;
    any_tsv = any_tsv || *f == Format::kTsv;
  }
  if (any_tsv) {
    if (cmd.src.empty() || cmd.tgt.empty()) {
      return Fail(
          "a TSV file names no languages: give the language of its first column with --src and "
          "of its second with --tgt (e.g. tmkit import aligned.tsv --src en --tgt uk)",
          kExitUsage);
    }
    for (const std::string* tag : {&cmd.src, &cmd.tgt}) {
      Result<std::string> normalised = NormalizeLanguageTag(*tag);
      if (!normalised) {
        return Fail(std::string(tag == &cmd.src ? "--src" : "--tgt") + ": " +
                        normalised.error().message,
                    kExitUsage);
      }
    }
  } else if (!cmd.src.empty() || !cmd.tgt.empty()) {
    return Fail(
        "--src and --tgt are for TSV files; TMX and XLIFF files name their languages themselves",
        kExitUsage);
  }

  int exit_code = kExitOk;
  std::optional<Store> store;  // opened with the first readable file
  std::string json = "{\"files\": [";
  for (size_t i = 0; i < cmd.files.size(); ++i) {
    const std::string& file = cmd.files[i];
    if (i) json += ", ";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      std::string why = std::filesystem::exists(file, ec) ? "' is not a file" : "' does not exist";
      std::cerr << "tmkit: '" << file << why << "\n";
      json += "{\"file\": " + JsonString(file) +
              ", \"ok\": false, \"error\": " + JsonString("'" + file + why) + "}";
      exit_code = kExitFailure;
      continue;
    }
    if (!store) {
      Result<Store> opened = OpenStore(/*create=*/true);
      if (!opened) return Fail(opened.error());
      store.emplace(std::move(*opened));
    }
    CollectingReporter reporter;
    ReadOptions ro{.on_error = on_error,
                   .reporter = &reporter,
                   .source_lang = cmd.src,
                   .target_lang = cmd.tgt,
                   .states = cmd.states};
    std::vector<std::pair<std::string, uint64_t>> not_imported;
    auto detected = formats.find(file);
    Format file_format = detected == formats.end() ? *format : detected->second;
    uint64_t size = std::filesystem::file_size(file, ec);
    // A TSV import is a reviewed alignment: origin "tsv" (lookup gives
    // units of origin "align" a penalty, not these).
    ImportOptions io{.origin_path = file,
                     .origin_format = std::string(FormatName(
                         file_format == Format::kAuto ? Format::kTmx : file_format)),
                     .merge_duplicates = !cmd.no_merge,
                     .size_hint = ec ? 0 : size};
    Progress progress("importing " + std::filesystem::path(file).filename().string(),
                      ec ? 0 : size);
    Result<ImportStats> stats = store->Import(io, [&](UnitSink& sink) -> Status {
      reporter.Clear();  // a retried attempt reports afresh
      return ReadInto(
          file, file_format, ro, sink, [&](uint64_t bytes) { progress.Update(bytes, Bytes(bytes)); },
          &not_imported);
    });
    progress.Done();
    reporter.Print(cmd.json ? 0 : 50);
    size_t skipped = reporter.Count(Problem::Severity::kSkipped);
    size_t warnings = reporter.Count(Problem::Severity::kWarning);
    if (!stats) {
      std::string hint;
      if (stats.error().code == ErrorCode::kInvalidInput ||
          stats.error().code == ErrorCode::kResourceLimit) {
        hint =
            stats.error().skippable
                ? " (nothing was imported from this file; --on-error skip imports the other units)"
                : " (nothing was imported from this file)";
      }
      std::cerr << "tmkit: " << stats.error().message << hint << "\n";
      json += "{\"file\": " + JsonString(file) +
              ", \"ok\": false, \"error\": " + JsonString(stats.error().message) + "}";
      exit_code = kExitFailure;
      continue;
    }
    json += "{\"file\": " + JsonString(file) +
            ", \"ok\": true, \"read\": " + std::to_string(stats->read) +
            ", \"added\": " + std::to_string(stats->added) +
            ", \"merged\": " + std::to_string(stats->merged) +
            ", \"skipped\": " + std::to_string(skipped) +
            ", \"warnings\": " + std::to_string(warnings) + ", \"not_imported\": {";
    for (size_t r = 0; r < not_imported.size(); ++r) {
      json += (r ? ", " : "") + JsonString(not_imported[r].first) + ": " +
              std::to_string(not_imported[r].second);
    }
    json += "}}";
    if (!cmd.json) {
      std::cout << file << ": " << Thousands(stats->read + skipped)
                << (stats->read + skipped == 1 ? " unit" : " units") << " read, "
                << Thousands(stats->added) << " added, " << Thousands(stats->merged)
                << " merged as duplicates";
      if (skipped) std::cout << ", " << Thousands(skipped) << " skipped";
      if (warnings) {
        std::cout << ", " << Thousands(warnings) << (warnings == 1 ? " warning" : " warnings");
      }
      std::cout << "\n";
      if (!not_imported.empty()) {
        std::cout << "  segments not imported: " << NotImportedText(not_imported) << "\n";
      }
    }
  }
  json += "]}";
  if (cmd.json) std::cout << json << "\n";
  return exit_code;
}

}  // namespace

void SetupImport(CLI::App& app) {
  auto cmd = std::make_shared<ImportCommand>();
  CLI::App* sub = app.add_subcommand("import", "Import translation memories into the store");
  sub->footer(
      "Each file is imported atomically: all of its units, or none (a second\n"
      "import waits for the first; one killed half-way is removed by the next).\n"
      "Units whose languages and texts are already stored are merged (their notes\n"
      "and props added), and counted as duplicates.\n\n"
      "A TSV file (tmkit align --out F.tsv, corrected in a spreadsheet) has one\n"
      "sentence pair a line: source TAB target [TAB confidence 0-1]; --src and\n"
      "--tgt name its languages. Rows with one side empty are skipped with a warning.\n\n"
      "An XLIFF file (1.2 or 2.x, told apart by its namespace) gives the segments\n"
      "whose targets are translations: 1.2 approved=\"yes\" or state translated,\n"
      "signed-off or final; 2.x state translated, reviewed or final (--states\n"
      "sets the list). The others are counted by reason, not imported.\n\n"
      "Examples:\n"
      "  tmkit import news-en-uk.tmx\n"
      "  tmkit import project.xlf --states final,signed-off\n"
      "  tmkit --store ~/tm/desk import *.tmx --on-error skip\n"
      "  tmkit import aligned.tsv --src en --tgt uk\n");
  sub->add_option("FILE", cmd->files,
                  "TMX files (TMX 1.1-1.4b, UTF-8/UTF-16/any declared encoding),\n"
                  "XLIFF 1.2 or 2.x files, or bilingual TSV files (.tsv, UTF-8)")
      ->required();
  sub->add_option("--format", cmd->format,
                  "File format: auto (TMX or XLIFF from the content, TSV from the\n"
                  ".tsv name), tmx, tsv or xliff")
      ->capture_default_str();
  sub->add_option("--src", cmd->src, "TSV only: language of the first column (BCP 47, e.g. en)");
  sub->add_option("--tgt", cmd->tgt, "TSV only: language of the second column (e.g. uk)");
  sub->add_option("--on-error", cmd->on_error,
                  "fail: stop at the first bad unit and import nothing from that file;\n"
                  "skip: import the valid units and list each skipped one with its line")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  sub->add_option("--states", cmd->states,
                  "XLIFF: the target states to import, comma-separated (e.g.\n"
                  "final,signed-off); default: the translated states of the version")
      ->delimiter(',');
  sub->add_flag("--no-merge", cmd->no_merge, "Store duplicates as separate units");
  sub->add_flag("--json", cmd->json, "Print a JSON summary on stdout");
  sub->callback([cmd] { CommandResult() = RunImport(*cmd); });
}

}  // namespace tmkit::cli
