#include "tmkit/formats/format.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "tmkit/core/language.h"
#include "tmkit/formats/xliff.h"
#include "pipeline.h"
#include "tmx_reader.h"
#include "tmx_writer.h"
#include "tsv_reader.h"
#include "tsv_writer.h"
#include "xliff_format.h"
#include "xml_pull_parser.h"

namespace tmkit {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<std::unique_ptr<xml::XmlPullParser>> OpenParser(const std::string& path) {
  try {
    return std::make_unique<xml::XmlPullParser>(std::make_unique<xml::FileSource>(path), path);
  } catch (const xml::XmlError& e) {
    return IOError(e.message());
  }
}

// The local name of the root element, or "" if the file is not XML.
std::string RootElement(const std::string& path) {
  Result<std::unique_ptr<xml::XmlPullParser>> parser = OpenParser(path);
  if (!parser) return "";
  try {
    xml::XmlEvent ev;
    while ((*parser)->Next(&ev)) {
      if (ev.type == xml::XmlEventType::kStartElement) return ev.local_name;
    }
  } catch (const xml::XmlError&) {
  }
  return "";
}

}  // namespace

Result<Format> ParseFormat(std::string_view name) {
  std::string n = Lower(std::string(name));
  if (n == "auto") return Format::kAuto;
  if (n == "tmx") return Format::kTmx;
  if (n == "tsv") return Format::kTsv;
  if (n == "xliff" || n == "xliff12" || n == "xlf") return Format::kXliff12;  // the file decides
  if (n == "xliff2" || n == "xliff20" || n == "xliff21") return Format::kXliff2;
  return InvalidArgument("unknown format '" + std::string(name) +
                         "'; expected auto, tmx, tsv, xliff, xliff12 or xliff2");
}

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kAuto:
      return "auto";
    case Format::kTmx:
      return "tmx";
    case Format::kTsv:
      return "tsv";
    case Format::kXliff12:
      return "xliff12";
    case Format::kXliff2:
      return "xliff2";
  }
  return "?";
}

Result<Format> DetectFormat(const std::string& path, Format requested) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return NotFound("'" + path + "' does not exist");
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidInput("'" + path + "' is a folder; give the files in it");
  }
  // XLIFF: the version is the file's (namespace and version attribute),
  // whichever --format named it, so that 2.x is never read as 1.2.
  auto xliff = [&]() -> Result<Format> {
    Result<XliffVersion> v = DetectXliffVersion(path);
    if (!v) return std::unexpected(v.error());
    return *v == XliffVersion::k1_2 ? Format::kXliff12 : Format::kXliff2;
  };
  if (requested == Format::kXliff12 || requested == Format::kXliff2) return xliff();
  if (requested != Format::kAuto) return requested;
  std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".tsv") return Format::kTsv;  // plain text: no root element to read
  std::string root = RootElement(path);
  if (root == "tmx") return Format::kTmx;
  if (root.empty() && ext == ".tmx") return Format::kTmx;  // the reader will say what is wrong
  if (root == "xliff") return xliff();
  if (root.empty() && (ext == ".xlf" || ext == ".xliff")) return xliff();  // it says what is wrong
  if (root == "martif" || root == "tbx") {
    return NotSupported("'" + path + "' is a TBX glossary, not a translation memory");
  }
  if (!root.empty()) {
    return InvalidInput("'" + path + "' is XML with root <" + root +
                        ">, not a format tmkit imports (TMX has root <tmx>, XLIFF <xliff>)");
  }
  return InvalidInput("cannot tell the format of '" + path +
                      "' (not XML with a known root element, nor named .tsv); give --format "
                      "tmx or --format tsv");
}

Result<std::unique_ptr<UnitReader>> OpenReader(const std::string& path, Format format,
                                               const ReadOptions& options) {
  Result<Format> f = DetectFormat(path, format);
  if (!f) return std::unexpected(f.error());
  if (*f == Format::kTsv) {
    Result<std::unique_ptr<TsvReader>> tsv = TsvReader::Open(path, options);
    if (!tsv) return std::unexpected(tsv.error());
    return std::unique_ptr<UnitReader>(std::move(*tsv));
  }
  if (*f == Format::kXliff12) return internal::OpenXliff12Reader(path, options);
  if (*f == Format::kXliff2) return internal::OpenXliff2Reader(path, options);
  Result<std::unique_ptr<xml::XmlPullParser>> parser = OpenParser(path);
  if (!parser) return std::unexpected(parser.error());
  return std::make_unique<TmxReader>(std::move(*parser), path, options);
}

Result<std::unique_ptr<UnitWriter>> OpenWriter(const std::string& path, Format format,
                                               const WriteOptions& options) {
  if (format == Format::kTsv) {
    Result<std::unique_ptr<TsvWriter>> w = TsvWriter::Create(path, options);
    if (!w) return std::unexpected(w.error());
    return std::unique_ptr<UnitWriter>(std::move(*w));
  }
  if (format == Format::kXliff12) return internal::OpenXliff12Writer(path, options);
  if (format == Format::kXliff2) return internal::OpenXliff2Writer(path, options);
  if (format != Format::kTmx && format != Format::kAuto) {
    return InvalidArgument("cannot write format " + std::string(FormatName(format)));
  }
  Result<std::unique_ptr<TmxWriter>> w = TmxWriter::Create(path, options);
  if (!w) return std::unexpected(w.error());
  return std::unique_ptr<UnitWriter>(std::move(*w));
}

Status ReadInto(const std::string& path, Format format, const ReadOptions& options, UnitSink& sink,
                const std::function<void(uint64_t bytes)>& progress,
                std::vector<std::pair<std::string, uint64_t>>* not_imported) {
  Result<std::unique_ptr<UnitReader>> opened = OpenReader(path, format, options);
  if (!opened) return std::unexpected(opened.error());
  UnitReader& reader = **opened;

  // Parsing, preparing (NFC, match keys: PrepareUnit) and storing run on
  // three threads.
  struct Batch {
    std::vector<TranslationUnit> units;
    std::vector<PreparedUnit> prepared;
    uint64_t bytes = 0;
    Status status;  // an error ends the stream
  };
  constexpr size_t kBatchUnits = 256;
  uint64_t units = 0;  // the preparer's count
  Status result;
  bool header_sent = false;
  internal::RunPipeline<Batch>(
      [&](Batch* batch) {
        batch->units.resize(kBatchUnits);
        size_t n = 0;
        bool more = true;
        while (n < kBatchUnits) {
          Result<bool> next = reader.Next(&batch->units[n]);
          if (!next) batch->status = std::unexpected(next.error());
          if (!next || !*next) {
            more = false;
            break;
          }
          ++n;
        }
        batch->units.resize(n);
        batch->bytes = reader.bytes_read();
        return more;
      },
      [&](Batch* batch) {
        batch->prepared.reserve(batch->units.size());
        for (TranslationUnit& unit : batch->units) {
          Result<PreparedUnit> p = PrepareUnit(std::move(unit));
          if (!p) {
            batch->status =
                std::unexpected(p.error().WithContext(path + ": unit " + std::to_string(units + 1)));
            return false;
          }
          ++units;
          batch->prepared.push_back(std::move(*p));
        }
        batch->units.clear();
        return true;
      },
      [&](Batch& batch) {
        if (!header_sent) {  // complete once the first Next() has returned
          const FileHeader& h = reader.header();
          sink.SetHeader(h.attrs, h.props, h.notes);
          header_sent = true;
        }
        for (PreparedUnit& unit : batch.prepared) {
          if (Status s = sink.AddPrepared(std::move(unit)); !s) {
            result = std::unexpected(s.error().WithContext(path));
            return false;
          }
        }
        if (!batch.status) {
          result = batch.status;
          return false;
        }
        if (progress) progress(batch.bytes);
        return true;
      });
  if (not_imported) *not_imported = reader.NotImported();
  return result;
}

Result<ExportStats> ExportStore(const Store& store, const std::string& path,
                                const ExportOptions& options,
                                const std::function<void(uint64_t units)>& progress) {
  std::string src, tgt;
  if (options.source_lang.empty() != options.target_lang.empty()) {
    return InvalidArgument("give both --src and --tgt to export one language pair, or neither");
  }
  if (!options.source_lang.empty()) {
    Result<std::string> s = NormalizeLanguageTag(options.source_lang);
    if (!s) return std::unexpected(Error{ErrorCode::kInvalidArgument, s.error().message});
    Result<std::string> t = NormalizeLanguageTag(options.target_lang);
    if (!t) return std::unexpected(Error{ErrorCode::kInvalidArgument, t.error().message});
    src = *s;
    tgt = *t;
  }
  if (options.format == Format::kTsv && src.empty()) {
    return InvalidArgument("a TSV file holds one language pair: give --src and --tgt");
  }
  WriteOptions wo;
  wo.creation_tool_version = TMKIT_VERSION;
  wo.source_lang = src;
  wo.target_lang = tgt;
  if (src.empty()) {
    Result<StoreStats> stats = store.Stats();
    if (!stats) return std::unexpected(stats.error());
    std::set<std::string> sources;
    for (const LanguagePairCount& p : stats->pairs) sources.insert(p.source);
    if (sources.size() == 1) wo.source_lang = *sources.begin();
  }
  Result<std::vector<OriginInfo>> origins = store.Origins();
  if (!origins) return std::unexpected(origins.error());
  for (const OriginInfo& o : *origins) {
    for (const Prop& p : o.props) {
      if (std::find(wo.header.props.begin(), wo.header.props.end(), p) == wo.header.props.end()) {
        wo.header.props.push_back(p);
      }
    }
    for (const Note& n : o.notes) {
      if (std::find(wo.header.notes.begin(), wo.header.notes.end(), n) == wo.header.notes.end()) {
        wo.header.notes.push_back(n);
      }
    }
  }
  Result<std::unique_ptr<UnitWriter>> writer = OpenWriter(path, options.format, wo);
  if (!writer) return std::unexpected(writer.error());
  ExportStats stats;
  TranslationUnit filtered;
  Status s = store.ForEach([&](const TranslationUnit& unit) -> Status {
    const TranslationUnit* out = &unit;
    if (!src.empty()) {
      if (!unit.FindVariant(src) || !unit.FindVariant(tgt)) return {};
      filtered = unit;
      filtered.variants.clear();
      for (const Variant& v : unit.variants) {
        if (LanguageMatches(src, v.lang) || LanguageMatches(tgt, v.lang)) {
          filtered.variants.push_back(v);
        }
      }
      out = &filtered;
    }
    if (Status w = (*writer)->Add(*out); !w) return w;
    ++stats.units;
    if (progress && (stats.units & 1023) == 0) progress(stats.units);
    return {};
  });
  if (!s) return std::unexpected(s.error());
  if (Status f = (*writer)->Finish(); !f) return std::unexpected(f.error());
  if (progress) progress(stats.units);
  return stats;
}

}  // namespace tmkit
