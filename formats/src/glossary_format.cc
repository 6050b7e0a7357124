// The glossary format factory: names, detection, and dispatch to the readers
// and writers of tbx_glossary.h and delimited_glossary.h.
#include "tmkit/formats/glossary_format.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "delimited_glossary.h"
#include "pipeline.h"
#include "tbx_glossary.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

struct Named {
  GlossaryFormat format;
  std::string_view name;
};
constexpr Named kNames[] = {{GlossaryFormat::kAuto, "auto"},       {GlossaryFormat::kTbx, "tbx"},
                            {GlossaryFormat::kTbx2008, "tbx2008"}, {GlossaryFormat::kOmegaTsv, "tsv"},
                            {GlossaryFormat::kCsv, "csv"},         {GlossaryFormat::kMateCat, "matecat"}};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The first bytes of the file, a UTF-8 BOM dropped; UTF-16 (by BOM) is
// narrowed crudely (ASCII only), enough to see a root element or a header.
std::string Head(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (head.starts_with("\xEF\xBB\xBF")) return head.substr(3);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
    bool le = head[0] == '\xFF';
    std::string narrow;
    for (size_t i = 2; i + 1 < head.size(); i += 2) {
      char lo = le ? head[i] : head[i + 1], hi = le ? head[i + 1] : head[i];
      narrow.push_back(hi == 0 ? lo : '?');
    }
    return narrow;
  }
  return head;
}

}  // namespace

Result<GlossaryFormat> ParseGlossaryFormat(std::string_view name) {
  std::string lower = Lower(std::string(name));
  for (const Named& n : kNames) {
    if (n.name == lower) return n.format;
  }
  return InvalidArgument("--format: expected auto, tbx, tbx2008, tsv, csv or matecat, found '" +
                         std::string(name) + "'");
}

std::string_view GlossaryFormatName(GlossaryFormat format) {
  for (const Named& n : kNames) {
    if (n.format == format) return n.name;
  }
  return "auto";
}

Result<GlossaryFormat> DetectGlossaryFormat(const std::string& path, GlossaryFormat requested) {
  if (requested != GlossaryFormat::kAuto) return requested;
  std::string head = Head(path);
  // XML: the root element decides (v3 <tbx>, v2 <martif>).
  if (size_t lt = head.find('<'); lt != std::string::npos && head.find_first_not_of(" \t\r\n") == lt) {
    for (size_t at = lt; (at = head.find('<', at)) != std::string::npos; ++at) {
      std::string_view rest(head.data() + at + 1, head.size() - at - 1);
      if (rest.starts_with("?") || rest.starts_with("!")) continue;
      if (rest.starts_with("tbx") || rest.find(":tbx") < rest.find_first_of(" >")) {
        return GlossaryFormat::kTbx;
      }
      if (rest.starts_with("martif")) return GlossaryFormat::kTbx2008;
      return InvalidInput(path + ": expected a TBX file (root element <tbx> or <martif>), found <" +
                          ForMessage(rest.substr(0, rest.find_first_of(" >/"))) + ">");
    }
  }
  std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".tbx") return GlossaryFormat::kTbx;  // the reader tells v3 from v2 itself
  if (ext == ".csv") return LooksLikeMateCat(head) ? GlossaryFormat::kMateCat : GlossaryFormat::kCsv;
  if (ext == ".tsv" || ext == ".tab" || ext == ".txt" || ext == ".utf8") return GlossaryFormat::kOmegaTsv;
  return InvalidInput(path + ": cannot tell the glossary format (expected .tbx, .csv, .tsv, .tab, "
                      ".txt or .utf8, or TBX content); name it with --format");
}

Result<std::unique_ptr<EntryReader>> OpenEntryReader(const std::string& path, GlossaryFormat format,
                                                     const GlossaryReadOptions& options) {
  Result<GlossaryFormat> f = DetectGlossaryFormat(path, format);
  if (!f) return std::unexpected(f.error());
  switch (*f) {
    case GlossaryFormat::kTbx:
    case GlossaryFormat::kTbx2008:
      return OpenTbxReader(path, options);
    case GlossaryFormat::kOmegaTsv:
    case GlossaryFormat::kCsv:
    case GlossaryFormat::kMateCat:
      return OpenDelimitedReader(path, *f, options);
    case GlossaryFormat::kAuto:
      break;
  }
  return InvalidInput(path + ": cannot tell the glossary format");
}

Result<std::unique_ptr<EntryWriter>> OpenEntryWriter(const std::string& path, GlossaryFormat format,
                                                     const GlossaryWriteOptions& options) {
  switch (format) {
    case GlossaryFormat::kTbx:
    case GlossaryFormat::kTbx2008:
      return OpenTbxWriter(path, format, options);
    case GlossaryFormat::kOmegaTsv:
    case GlossaryFormat::kCsv:
    case GlossaryFormat::kMateCat:
      return OpenDelimitedWriter(path, format, options);
    case GlossaryFormat::kAuto:
      break;
  }
  return InvalidArgument("name the glossary format to write (tbx, tbx2008, tsv, csv or matecat)");
}

Status ReadEntriesInto(const std::string& path, GlossaryFormat format,
                       const GlossaryReadOptions& options,
                       const std::function<PreparedEntry(TermEntry)>& prepare, TermSink& sink,
                       const std::function<void(uint64_t entries)>& progress) {
  Result<std::unique_ptr<EntryReader>> opened = OpenEntryReader(path, format, options);
  if (!opened) return std::unexpected(opened.error());
  EntryReader& reader = **opened;
  struct Batch {
    std::vector<TermEntry> entries;
    std::vector<PreparedEntry> prepared;
    uint64_t first = 0;  // entries read before this batch
    Status status;       // an error ends the stream
  };
  constexpr size_t kBatchEntries = 256;
  uint64_t read_count = 0, added = 0;
  // Preparing (word keys, sort keys) is the costly stage: it gets the cores.
  const int preparers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
  Status result;
  internal::RunPipeline<Batch>(
      [&](Batch* batch) {
        batch->entries.resize(kBatchEntries);
        size_t n = 0;
        bool more = true;
        while (n < kBatchEntries) {
          Result<bool> next = reader.Next(&batch->entries[n]);
          if (!next) batch->status = std::unexpected(next.error());
          if (!next || !*next) {
            more = false;
            break;
          }
          ++n;
        }
        batch->entries.resize(n);
        batch->first = read_count;
        read_count += n;
        return more;
      },
      [&](Batch* batch) {
        batch->prepared.reserve(batch->entries.size());
        for (size_t i = 0; i < batch->entries.size(); ++i) {
          PreparedEntry p = prepare(std::move(batch->entries[i]));
          if (Status s = FinishPreparing(&p); !s) {
            batch->status = std::unexpected(
                s.error().WithContext(path + ": entry " + std::to_string(batch->first + i + 1)));
            return false;
          }
          batch->prepared.push_back(std::move(p));
        }
        batch->entries.clear();
        return true;
      },
      [&](Batch& batch) {
        for (PreparedEntry& entry : batch.prepared) {
          if (Status s = sink.Add(std::move(entry)); !s) {
            result = s;
            return false;
          }
          ++added;
        }
        if (!batch.status) {
          result = batch.status;
          return false;
        }
        if (progress) progress(added);
        return true;
      },
      preparers);
  return result;
}

}  // namespace tmkit
