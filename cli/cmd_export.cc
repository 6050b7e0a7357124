// tmkit export -o FILE [--format tmx] [--src L --tgt L]
#include <iostream>

#include "common.h"
#include "tmkit/formats/format.h"

namespace tmkit::cli {
namespace {

struct ExportCommand {
  std::string output;
  std::string format = "tmx";
  std::string src, tgt;
};

int RunExport(const ExportCommand& cmd) {
  Result<Format> format = ParseFormat(cmd.format);
  if (!format) return Fail(format.error());
  if (*format == Format::kAuto) format = Format::kTmx;
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
  std::cout << cmd.output << ": " << Thousands(stats->units) << " units written\n";
  return kExitOk;
}

}  // namespace

void SetupExport(CLI::App& app) {
  auto cmd = std::make_shared<ExportCommand>();
  CLI::App* sub = app.add_subcommand("export", "Write the store (or one language pair) to a file");
  sub->footer(
      "The file is written under a temporary name and renamed when complete.\n"
      "TMX output is TMX 1.4, valid against tmx14.dtd, source <tuv> first.\n\n"
      "Examples:\n"
      "  tmkit export -o all.tmx\n"
      "  tmkit export -o en-uk.tmx --src en --tgt uk\n");
  sub->add_option("-o,--output", cmd->output, "The file to write")->required();
  sub->add_option("--format", cmd->format, "Output format: tmx")
      ->check(CLI::IsMember({"tmx"}))
      ->capture_default_str();
  sub->add_option("--src", cmd->src, "Source language (with --tgt: only this pair)");
  sub->add_option("--tgt", cmd->tgt, "Target language");
  sub->callback([cmd] { CommandResult() = RunExport(*cmd); });
}

}  // namespace tmkit::cli
