// tmkit export -o FILE [--format auto|tmx|tsv|xliff12|xliff2] [--src L --tgt L]
#include <cctype>
#include <filesystem>
#include <iostream>

#include "common.h"
#include "tmkit/formats/format.h"

namespace tmkit::cli {
namespace {

struct ExportCommand {
  std::string output;
  std::string format = "auto";
  std::string src, tgt;
};

int RunExport(const ExportCommand& cmd) {
  Result<Format> format = ParseFormat(cmd.format);
  if (!format) return Fail(format.error());
  if (*format == Format::kAuto) {  // from the name: .xlf/.xliff, .tsv, else TMX
    std::string ext = std::filesystem::path(cmd.output).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    format = ext == ".xlf" || ext == ".xliff" ? Format::kXliff12
             : ext == ".tsv"                  ? Format::kTsv
                                              : Format::kTmx;
  }
  Result<Store> store = OpenStore(/*create=*/false, /*read_only=*/true);
  if (!store) return Fail(store.error());
  Result<StoreStats> st = store->Stats();
  if (!st) return Fail(st.error());
  Progress progress("exporting " + std::filesystem::path(cmd.output).filename().string(),
                    st->units);
  ExportOptions options{.format = *format, .source_lang = cmd.src, .target_lang = cmd.tgt};
  Result<ExportStats> stats = ExportStore(*store, cmd.output, options, [&](uint64_t units) {
    progress.Update(units, Thousands(units) + " units");
  });
  progress.Done();
  if (!stats) return Fail(stats.error());
  std::cout << cmd.output << ": " << Thousands(stats->units) << (stats->units == 1 ? " unit" : " units") << " written\n";
  return kExitOk;
}

}  // namespace

void SetupExport(CLI::App& app) {
  auto cmd = std::make_shared<ExportCommand>();
  CLI::App* sub = app.add_subcommand("export", "Write the store (or one language pair) to a file");
  sub->footer(
      "The file is written under a temporary name and renamed when complete.\n"
      "TMX output is TMX 1.4, valid against tmx14.dtd, source <tuv> first.\n"
      "XLIFF 1.2 output validates against the strict schema (one <file> per\n"
      "language pair); XLIFF 2.1 holds one pair, so a store with several needs\n"
      "--src and --tgt. Targets keep the state they were imported with.\n\n"
      "Examples:\n"
      "  tmkit export -o all.tmx\n"
      "  tmkit export -o en-uk.tmx --src en --tgt uk\n"
      "  tmkit export -o en-uk.xlf --src en --tgt uk            # XLIFF 1.2\n"
      "  tmkit export -o en-ko.xlf --format xliff2 --src en --tgt ko\n");
  sub->add_option("-o,--output", cmd->output, "The file to write")->required();
  sub->add_option("--format", cmd->format,
                  "Output format: auto (from the file name: .xlf/.xliff XLIFF 1.2,\n"
                  ".tsv TSV, else TMX), tmx, tsv, xliff12 or xliff2")
      ->check(CLI::IsMember({"auto", "tmx", "tsv", "xliff", "xliff12", "xliff2"}))
      ->capture_default_str();
  sub->add_option("--src", cmd->src, "Source language (with --tgt: only this pair)");
  sub->add_option("--tgt", cmd->tgt, "Target language");
  sub->callback([cmd] { CommandResult() = RunExport(*cmd); });
}

}  // namespace tmkit::cli
