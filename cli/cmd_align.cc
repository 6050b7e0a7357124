// tmkit align SRC TGT --src L --tgt L [--presegmented] [--format F] [--links F]
//                    [--out F.tsv|F.tmx] [--report F.html] [--import] [--json]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "align_report.h"
#include "common.h"
#include "tmkit/core/align.h"
#include "tmkit/core/language.h"
#include "tmkit/core/segment.h"
#include "tmkit/formats/format.h"
#include "tmkit/glossaries/recognize.h"
#include "tmkit/glossaries/term_base.h"

namespace tmkit::cli {
namespace {

struct AlignCommand {
  std::string src_path, tgt_path;
  std::string src, tgt;
  bool presegmented = false;
  std::string format = "auto";
  std::string links;
  std::string out;
  std::string report;
  bool import = false;
  bool json = false;
};

Result<std::vector<Sentence>> ReadSide(const std::string& path, const std::string& lang,
                                       bool presegmented, TextFormat format) {
  Result<std::string> text = LoadTextFile(path);
  if (!text) return std::unexpected(text.error());
  Result<std::vector<Sentence>> sentences =
      presegmented ? ReadPresegmented(*text) : SegmentDocument(*text, lang, format);
  if (!sentences) return std::unexpected(sentences.error().WithContext(path));
  return sentences;
}

std::string Join(const std::vector<Sentence>& side, const std::vector<uint32_t>& ids) {
  std::string out;
  for (uint32_t id : ids) {
    if (!out.empty()) out += ' ';
    out += side[id].text;
  }
  return out;
}

std::string Confidence(double c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

std::string LinkType(const AlignLink& link) {
  return std::to_string(link.src.size()) + "-" + std::to_string(link.tgt.size());
}

// The links that have both sides, as units: the source and target text,
// the link's confidence (x-align-confidence) and the source sentence before
// it (x-context-pre, for 101 context matches).
std::vector<TranslationUnit> ToUnits(const std::string& src_lang,
                                     const std::string& tgt_lang, const std::vector<Sentence>& src,
                                     const std::vector<Sentence>& tgt, const Alignment& alignment) {
  std::vector<TranslationUnit> units;
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  for (const AlignLink& link : alignment.links) {
    if (link.src.empty() || link.tgt.empty()) continue;
    TranslationUnit tu;
    tu.source_lang = src_lang;
    tu.provenance.creation_date = now;
    tu.provenance.creation_id = "tmkit align";
    Variant s, t;
    s.lang = src_lang;
    s.segment.text = Join(src, link.src);
    t.lang = tgt_lang;
    t.segment.text = Join(tgt, link.tgt);
    tu.variants = {std::move(s), std::move(t)};
    tu.props.push_back(Prop{"x-align-confidence", Confidence(link.confidence), "", ""});
    if (link.src.front() > 0) {
      tu.props.push_back(Prop{"x-context-pre", src[link.src.front() - 1].text, "", ""});
    }
    units.push_back(std::move(tu));
  }
  return units;
}

// Writes `content` under a temporary name renamed when complete: a failed
// write never leaves half a file under the final name.
Status WriteFile(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return IOError("cannot write '" + path + "'");
    out << content;
    if (!out.flush()) return IOError("cannot write '" + path + "' (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return IOError("cannot write '" + path + "': " + ec.message());
  return {};
}

// The links in vecalign format, one a line.
Status WriteLinks(const std::string& path, const Alignment& alignment) {
  std::string text;
  for (const AlignLink& link : alignment.links) text += FormatVecalignLink(link) + "\n";
  return WriteFile(path, text);
}

Status WriteUnits(const std::string& path, const std::string& src_lang,
                  const std::string& tgt_lang, const std::vector<TranslationUnit>& units) {
  std::string ext = std::filesystem::path(path).extension().string();
  Format format = ext == ".tsv" ? Format::kTsv : Format::kTmx;
  WriteOptions options;
  options.source_lang = src_lang;
  options.target_lang = tgt_lang;
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, format, options);
  if (!writer) return std::unexpected(writer.error());
  for (const TranslationUnit& tu : units) {
    if (Status s = (*writer)->Add(tu); !s) return s;
  }
  return (*writer)->Finish();
}

void PrintHuman(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt,
                const Alignment& alignment) {
  for (const AlignLink& link : alignment.links) {
    std::cout << FormatVecalignLink(link) << "  " << LinkType(link) << "  "
              << Confidence(link.confidence);
    for (const std::string& flag : link.flags) std::cout << "  !" << flag;
    std::cout << "\n";
    if (!link.src.empty()) std::cout << "  < " << Join(src, link.src) << "\n";
    if (!link.tgt.empty()) std::cout << "  > " << Join(tgt, link.tgt) << "\n";
  }
}

std::string Summary(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt,
                    const Alignment& alignment, size_t* flagged) {
  std::map<std::string, size_t> types;
  *flagged = 0;
  for (const AlignLink& link : alignment.links) {
    ++types[LinkType(link)];
    if (!link.flags.empty()) ++*flagged;
  }
  std::string out = Thousands(src.size()) + " + " + Thousands(tgt.size()) + " sentences, " +
                    Thousands(alignment.links.size()) + " links (";
  // Commonest first: "19 1-1, 2 1-2, 1 1-0".
  std::vector<std::pair<std::string, size_t>> by_count(types.begin(), types.end());
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (size_t k = 0; k < by_count.size(); ++k) {
    out += (k ? ", " : "") + Thousands(by_count[k].second) + " " + by_count[k].first;
  }
  out += "), " + Thousands(*flagged) + " to check; length ratio " +
         Confidence(alignment.length_ratio);
  return out;
}

std::string Json(const AlignCommand& cmd, const std::vector<Sentence>& src,
                 const std::vector<Sentence>& tgt, const Alignment& alignment) {
  auto ids = [](const std::vector<uint32_t>& v) {
    std::string out = "[";
    for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + std::to_string(v[k]);
    return out + "]";
  };
  auto strings = [](const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + JsonString(v[k]);
    return out + "]";
  };
  std::string out = "{\"src\": " + JsonString(cmd.src) + ", \"tgt\": " + JsonString(cmd.tgt) +
                    ", \"src_sentences\": " + std::to_string(src.size()) +
                    ", \"tgt_sentences\": " + std::to_string(tgt.size()) +
                    ", \"length_ratio\": " + Confidence(alignment.length_ratio) +
                    ", \"links\": [";
  for (size_t k = 0; k < alignment.links.size(); ++k) {
    const AlignLink& link = alignment.links[k];
    out += std::string(k ? ",\n  " : "\n  ") + "{\"src\": " + ids(link.src) +
           ", \"tgt\": " + ids(link.tgt) + ", \"confidence\": " + Confidence(link.confidence) +
           ", \"flags\": " + strings(link.flags) + ", \"evidence\": " + strings(link.evidence) +
           ", \"source\": " + JsonString(Join(src, link.src)) +
           ", \"target\": " + JsonString(Join(tgt, link.tgt)) + "}";
  }
  return out + "]}";
}

int RunAlign(const AlignCommand& cmd) {
  Result<TextFormat> format = ParseTextFormat(cmd.format);
  if (!format) return Fail(format.error());
  Result<std::string> src_lang = NormalizeLanguageTag(cmd.src);
  if (!src_lang) return Fail("--src: " + src_lang.error().message, kExitUsage);
  Result<std::string> tgt_lang = NormalizeLanguageTag(cmd.tgt);
  if (!tgt_lang) return Fail("--tgt: " + tgt_lang.error().message, kExitUsage);
  if (!cmd.out.empty()) {
    std::string ext = std::filesystem::path(cmd.out).extension().string();
    if (ext != ".tsv" && ext != ".tmx") {
      return Fail("--out '" + cmd.out + "': expected a .tsv or .tmx file name", kExitUsage);
    }
  }

  auto start = std::chrono::steady_clock::now();
  // Phases on a terminal: reading, aligning, writing (import shows its own).
  Progress progress("align", 4);
  progress.Update(0, "reading " + std::filesystem::path(cmd.src_path).filename().string());
  Result<std::vector<Sentence>> src = ReadSide(cmd.src_path, *src_lang, cmd.presegmented, *format);
  if (!src) return Fail(src.error());
  progress.Update(1, "reading " + std::filesystem::path(cmd.tgt_path).filename().string());
  Result<std::vector<Sentence>> tgt = ReadSide(cmd.tgt_path, *tgt_lang, cmd.presegmented, *format);
  if (!tgt) return Fail(tgt.error());
  progress.Update(2, "aligning " + Thousands(src->size()) + " + " + Thousands(tgt->size()) +
                         " sentences");

  // The store's units are a dictionary when there is a store; --import makes one.
  std::optional<Store> store;
  std::error_code ec;
  if (cmd.import) {
    Result<Store> opened = OpenStore(/*create=*/true);
    if (!opened) return Fail(opened.error());
    store.emplace(std::move(*opened));
  } else {
    Result<Store> opened = OpenStore(/*create=*/false, /*read_only=*/true);
    if (opened) store.emplace(std::move(*opened));
  }

  AlignOptions options;
  options.src_lang = *src_lang;
  options.tgt_lang = *tgt_lang;
  options.store = store ? &*store : nullptr;
  // The term base's concepts, when the store has a term base.
  std::optional<StoreTermSource> terms;
  if (Result<StoreStats> st = store ? store->Stats() : Result<StoreStats>(std::unexpected(Error{}));
      st && st->term_entries > 0) {
    terms.emplace(*store);
    options.concepts = [&terms](std::string_view text, std::string_view lang) {
      std::vector<AlignOptions::Concept> found;
      Result<std::vector<TermHit>> hits = FindTerms(text, lang, lang, *terms);
      if (!hits) return found;  // a damaged term base: no glossary clue (verify reports it)
      for (const TermHit& h : *hits) found.push_back({h.entry_id, h.source});
      return found;
    };
  }
  Result<Alignment> alignment = AlignSentences(*src, *tgt, options);
  if (!alignment) return Fail(alignment.error());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  progress.Update(3, "writing");
  if (!cmd.links.empty()) {
    if (Status s = WriteLinks(cmd.links, *alignment); !s) return Fail(s.error());
  }
  std::vector<TranslationUnit> units = ToUnits(*src_lang, *tgt_lang, *src, *tgt, *alignment);
  if (!cmd.out.empty()) {
    if (Status s = WriteUnits(cmd.out, *src_lang, *tgt_lang, units); !s) return Fail(s.error());
  }
  if (!cmd.report.empty()) {
    AlignReportInput input{.src_path = cmd.src_path,
                           .tgt_path = cmd.tgt_path,
                           .src_lang = *src_lang,
                           .tgt_lang = *tgt_lang,
                           .src = &*src,
                           .tgt = &*tgt,
                           .alignment = &*alignment,
                           .seconds = seconds};
    if (Status s = WriteFile(cmd.report, RenderAlignReport(input)); !s) return Fail(s.error());
  }
  progress.Done();
  std::optional<ImportStats> imported;
  if (cmd.import) {
    ImportOptions io{.origin_path = cmd.src_path + " + " + cmd.tgt_path, .origin_format = "align"};
    Result<ImportStats> stats = store->Import(io, [&](UnitSink& sink) -> Status {
      for (const TranslationUnit& tu : units) {
        if (Status s = sink.Add(tu); !s) return s;
      }
      return {};
    });
    if (!stats) return Fail(stats.error());
    imported = *stats;
  }

  size_t flagged = 0;
  std::string summary = Summary(*src, *tgt, *alignment, &flagged);
  if (cmd.json) {
    std::cout << Json(cmd, *src, *tgt, *alignment) << "\n";
    return kExitOk;
  }
  bool wrote = !cmd.links.empty() || !cmd.out.empty() || !cmd.report.empty() || cmd.import;
  if (!wrote) PrintHuman(*src, *tgt, *alignment);
  std::cout << summary << "\n";
  if (imported) {
    std::cout << "imported " << Thousands(imported->added) << " units ("
              << Thousands(imported->merged) << " already stored), origin \"align\"\n";
  }
  return kExitOk;
}

}  // namespace

void SetupAlign(CLI::App& app) {
  auto cmd = std::make_shared<AlignCommand>();
  CLI::App* sub = app.add_subcommand(
      "align", "Align an article with its translation into sentence pairs (translation units)");
  sub->footer(
      "Both files are split into sentences (as 'tmkit segment' does; paragraphs\n"
      "are kept as anchors), then aligned with every clue a translator uses:\n"
      "sentence lengths (the ratio is learned from the pair), numbers and dates by\n"
      "value, names across scripts (Budanov = Буданов, Pyongyang = 평양), and the\n"
      "store's own translations. Links may join sentences (1-2, 2-1, 2-2, 1-3,\n"
      "3-1) or leave one out (1-0, 0-1). Each link has a confidence (0-1); links\n"
      "worth checking are flagged: unaligned, uncertain, numbers, length.\n\n"
      "Without an output option the links are printed for reading.\n\n"
      "Examples:\n"
      "  tmkit align article.en.txt article.uk.txt --src en --tgt uk --report check.html\n"
      "  tmkit align en.txt uk.txt --src en --tgt uk --out pairs.tsv   # fix in a spreadsheet,\n"
      "  tmkit import pairs.tsv --src en --tgt uk                      # then import\n"
      "  tmkit align en.txt ko.txt --src en --tgt ko --import           # straight into the store\n"
      "  tmkit align a.en a.de --src en --tgt de --presegmented --links a.links\n");
  sub->add_option("SRC", cmd->src_path, "The source text (UTF-8 or UTF-16 with BOM)")->required();
  sub->add_option("TGT", cmd->tgt_path, "Its translation")->required();
  sub->add_option("--src", cmd->src, "Language of SRC (BCP 47, e.g. en)")->required();
  sub->add_option("--tgt", cmd->tgt, "Language of TGT (e.g. uk, ko)")->required();
  sub->add_flag("--presegmented", cmd->presegmented,
                "The files hold one sentence a line (a blank line ends a paragraph)");
  sub->add_option("--format", cmd->format,
                  "Input: auto, text, markdown or html (ignored with --presegmented)")
      ->capture_default_str();
  sub->add_option("--links", cmd->links,
                  "Write the links in vecalign format: [0]:[0, 1], 0-based sentence numbers");
  sub->add_option("--out", cmd->out,
                  "Write the pairs as F.tsv (source TAB target TAB confidence) or F.tmx");
  sub->add_option("--report", cmd->report,
                  "Write an HTML page with both texts side by side, links coloured by confidence");
  sub->add_flag("--import", cmd->import,
                "Import the pairs into the store (origin \"align\", confidence and previous\n"
                "sentence kept on each unit)");
  sub->add_flag("--json", cmd->json, "Print the links as JSON on stdout");
  sub->callback([cmd] { CommandResult() = RunAlign(*cmd); });
}

}  // namespace tmkit::cli
