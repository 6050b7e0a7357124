// tmkit segment FILE --lang L [--format auto|text|markdown|html] [--json]
#include <iostream>
#include <string>

#include "common.h"
#include "tmkit/core/language.h"
#include "tmkit/core/segment.h"

namespace tmkit::cli {
namespace {

struct SegmentCommand {
  std::string file;
  std::string lang;
  std::string format = "auto";
  bool json = false;
};

int RunSegment(const SegmentCommand& cmd) {
  Result<std::string> lang = NormalizeLanguageTag(cmd.lang);
  if (!lang) return Fail(lang.error().message, kExitUsage);
  Result<TextFormat> format = ParseTextFormat(cmd.format);
  if (!format) return Fail(format.error());

  const bool from_stdin = cmd.file == "-";
  Result<std::string> text = LoadTextFile(from_stdin ? "/dev/stdin" : cmd.file);
  if (!text) {
    Error e = text.error();
    if (from_stdin && e.message.rfind("/dev/stdin", 0) == 0) {
      e.message = "<stdin>" + e.message.substr(10);
    }
    return Fail(e);
  }
  Result<std::vector<Sentence>> sentences = SegmentDocument(*text, *lang, *format);
  if (!sentences) {
    return Fail(sentences.error().WithContext(from_stdin ? "<stdin>" : cmd.file));
  }

  std::string out;
  if (cmd.json) {
    out = "{\"lang\": " + JsonString(*lang) + ", \"sentences\": [";
    for (size_t i = 0; i < sentences->size(); ++i) {
      const Sentence& s = (*sentences)[i];
      out += (i ? ", " : "") + std::string("{\"text\": ") + JsonString(s.text) +
             ", \"paragraph\": " + std::to_string(s.paragraph) +
             ", \"begin\": " + std::to_string(s.begin) + ", \"end\": " + std::to_string(s.end) +
             "}";
    }
    out += "]}\n";
  } else {
    // One sentence a line, an empty line between paragraphs: the format
    // `tmkit align --presegmented` reads.
    for (size_t i = 0; i < sentences->size(); ++i) {
      const Sentence& s = (*sentences)[i];
      if (i > 0 && s.paragraph != (*sentences)[i - 1].paragraph) out += '\n';
      out += s.text;
      out += '\n';
    }
  }
  std::cout << out;
  std::cout.flush();
  if (!std::cout) return Fail("cannot write the output (disk full or closed pipe?)");
  return kExitOk;
}

}  // namespace

void SetupSegment(CLI::App& app) {
  auto cmd = std::make_shared<SegmentCommand>();
  CLI::App* sub = app.add_subcommand("segment", "Split a text into sentences, one a line");
  sub->footer(
      "Prints one sentence a line and an empty line between paragraphs, the\n"
      "format 'tmkit align --presegmented' reads. Sentence ends come from ICU plus\n"
      "tmkit's rules for the language: abbreviations (Mr., Gen., U.S., т. д., ген.),\n"
      "initials (В. Зеленський), years (2023 р.), numbered and bulleted lists,\n"
      "quotes and ellipses. A blank line always ends a paragraph; a single line\n"
      "break ends a sentence too, unless the text is hard-wrapped there (a long\n"
      "line continued in lower case, or cut at the paragraph's wrap width). A block\n"
      "without a letter (a page number, a rule) is left out. Markdown (headings,\n"
      "lists, quotes, tables) and HTML (block elements) are recognised with\n"
      "--format auto, or forced with --format.\n"
      "The file is UTF-8 (a BOM is dropped) or UTF-16 with a BOM; output is NFC.\n"
      "--json prints {\"lang\", \"sentences\": [{\"text\", \"paragraph\", \"begin\", \"end\"}]}\n"
      "with byte offsets into the file's UTF-8 text. Exit codes: 0 ok, 1 bad input,\n"
      "2 usage.\n\n"
      "Examples:\n"
      "  tmkit segment article.txt --lang en > article.en.txt\n"
      "  tmkit segment стаття.md --lang uk --format markdown\n"
      "  curl -s https://example.org/news.html | tmkit segment - --lang ko --json\n"
      "  tmkit align a.en.txt a.uk.txt --src en --tgt uk --presegmented\n");
  sub->add_option("FILE", cmd->file, "The text to segment ('-' reads standard input)")
      ->required();
  sub->add_option("--lang", cmd->lang, "The text's language (BCP 47: en, uk, ru, ko, de ...)")
      ->required();
  sub->add_option("--format", cmd->format, "auto, text, markdown or html")
      ->check(CLI::IsMember({"auto", "text", "markdown", "html"}))
      ->capture_default_str();
  sub->add_flag("--json", cmd->json, "Print JSON with paragraph numbers and byte offsets");
  sub->callback([cmd] { CommandResult() = RunSegment(*cmd); });
}

}  // namespace tmkit::cli
