// tmkit: translation memory and multilingual glossary tool.
#include <exception>
#include <iostream>
#include <string>

#include "common.h"

int main(int argc, char** argv) {
  using namespace tmkit::cli;
  CLI::App app{
      "tmkit: translation memory and glossary tool for translators of news and prose.\n"
      "Keeps prior translations in a local store and exchanges them with CAT tools."};
  app.set_version_flag("--version", std::string("tmkit ") + TMKIT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--store", Globals().store,
                 "The store folder (default: $TMKIT_STORE, else $XDG_DATA_HOME/tmkit,\n"
                 "else ~/.local/share/tmkit)");
  app.add_flag("-q,--quiet", Globals().quiet, "No progress bars");
  app.footer(
      "Start with:\n"
      "  tmkit import corpus.tmx          # add a TMX to the store\n"
      "  tmkit lookup \"A sentence.\" --src en --tgt uk\n"
      "  tmkit stats                      # what the store holds\n"
      "Run 'tmkit COMMAND --help' for each command. Exit codes: 0 ok, 1 failure, 2 usage.");
  SetupImport(app);
  SetupExport(app);
  SetupLookup(app);
  SetupConcordance(app);
  SetupSegment(app);
  SetupAlign(app);
  SetupPretranslate(app);
  SetupAnalyze(app);
  SetupTerm(app);
  SetupCheck(app);
  SetupStats(app);
  SetupMaintenance(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // `tmkit frobnicate`: CLI11 would only say "A subcommand is required".
    if (app.get_subcommands().empty() && !app.remaining().empty() &&
        app.remaining().front().rfind("-", 0) != 0) {
      std::string names;
      for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        names += (names.empty() ? "" : ", ") + sub->get_name();
      }
      std::cerr << "tmkit: unknown command '" << app.remaining().front() << "'; expected one of "
                << names << " (see tmkit --help)\n";
      return kExitUsage;
    }
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "tmkit: out of memory\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "tmkit: unexpected error: " << e.what()
              << " (please report it with the command that caused it)\n";
    return kExitFailure;
  }
  return CommandResult();
}
