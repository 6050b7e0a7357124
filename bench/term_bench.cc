// term_bench: `term find` speed on a large term base.
//
// Builds a MemoryTermSource of N generated entries (default 100,000) shaped
// like a news glossary — settlements, oblasts and districts, rivers, persons,
// banks and universities, each in en, uk and ko, most of several words — and
// runs FindTerms on 40-word sentences in each language (uk with case endings,
// ko with particles) that hold five or six of its terms. Prints the median
// and p95 per sentence, and, as the baseline, a naive scan that looks for
// every term's match key in the sentence's match key (no inflection, no word
// boundaries) on a sample of the same sentences, with the ratio.
//
// With --store DIR (a folder that must not exist yet), the entries are also
// imported into a term base there (Store::ImportTerms: entries/s printed) and
// the sentences are searched through the store (StoreTermSource, a new one a
// sentence, as `term find` and `lookup` do) instead of the in-memory index.
//
// With --write FILE, the generated entries are written to FILE (TBX v3,
// TBX 2008, CSV or OmegaT TSV by its extension: .tbx, .tbx2008, .csv, .txt)
// and nothing is measured: bench/term_import_bench.sh imports that file.
//
//   build/bench/term_bench [--entries N] [--sentences M] [--seed S] [--store DIR]
//                          [--write FILE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tmkit/core/store.h"
#include "tmkit/core/text.h"
#include "tmkit/formats/glossary_format.h"
#include "tmkit/glossaries/recognize.h"
#include "tmkit/glossaries/term_base.h"

namespace {

using tmkit::Term;
using tmkit::TermEntry;

struct Syllable {
  const char* en;
  const char* uk;
  const char* ko;
};

constexpr Syllable kSyllables[] = {
    {"ka", "ка", "카"},   {"ro", "ро", "로"},   {"vi", "ві", "비"},    {"ne", "не", "네"},
    {"to", "то", "토"},   {"lu", "лу", "루"},   {"sha", "ша", "샤"},   {"mi", "мі", "미"},
    {"da", "да", "다"},   {"bo", "бо", "보"},   {"za", "за", "자"},    {"pi", "пі", "피"},
    {"re", "ре", "레"},   {"go", "го", "고"},   {"ki", "кі", "키"},    {"nu", "ну", "누"},
    {"ste", "сте", "스테"}, {"hor", "хор", "호르"}, {"len", "лен", "렌"}, {"dov", "дов", "도프"},
    {"myr", "мир", "미르"}, {"yan", "ян", "얀"},  {"tsi", "ці", "치"},   {"ber", "бер", "베르"},
    {"chu", "чу", "추"},  {"pol", "пол", "폴"}, {"sy", "си", "시"},    {"ma", "ма", "마"},
};

struct Name {
  std::string en, uk, ko;
};

std::string Capital(std::string s, bool cyrillic) {
  if (s.empty()) return s;
  if (!cyrillic) {
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }
  // The first letter is a two-byte Cyrillic lower-case letter а..я or і.
  unsigned char b0 = s[0], b1 = s[1];
  char32_t c = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
  if (c >= 0x0430 && c <= 0x044F) {
    c -= 0x20;
  } else if (c == 0x0456) {
    c = 0x0406;
  }
  s[0] = static_cast<char>(0xC0 | (c >> 6));
  s[1] = static_cast<char>(0x80 | (c & 0x3F));
  return s;
}

Name RandomName(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> len(2, 4);
  std::uniform_int_distribution<size_t> pick(0, std::size(kSyllables) - 1);
  Name n;
  int k = len(rng);
  for (int i = 0; i < k; ++i) {
    const Syllable& s = kSyllables[pick(rng)];
    n.en += s.en;
    n.uk += s.uk;
    n.ko += s.ko;
  }
  n.en = Capital(n.en, false);
  n.uk = Capital(n.uk, true);
  return n;
}

Term MakeTerm(const char* lang, std::string text) {
  Term t;
  t.lang = lang;
  t.text = std::move(text);
  return t;
}

// One generated entry and how each language's text inflects it in a sentence.
struct Generated {
  TermEntry entry;
  std::string en_use, uk_use, ko_use;
};

Generated MakeEntry(std::mt19937_64& rng, int kind) {
  Name a = RandomName(rng);
  Generated g;
  std::vector<Term>& t = g.entry.terms;
  switch (kind) {
    case 0: case 1: case 2: case 3:  // settlement: Xsk / Xськ / X스크
      t = {MakeTerm("en", a.en + "sk"), MakeTerm("uk", a.uk + "ськ"), MakeTerm("ko", a.ko + "스크")};
      g.en_use = a.en + "sk's";
      g.uk_use = a.uk + "ську";  // locative
      g.ko_use = a.ko + "스크에서";
      break;
    case 4:  // oblast
      t = {MakeTerm("en", a.en + " Oblast"), MakeTerm("uk", a.uk + "ська область"),
           MakeTerm("ko", a.ko + " 주")};
      g.en_use = a.en + " Oblast";
      g.uk_use = a.uk + "ської області";
      g.ko_use = a.ko + "주의";
      break;
    case 5:  // district
      t = {MakeTerm("en", a.en + " District"), MakeTerm("uk", a.uk + "ський район"),
           MakeTerm("ko", a.ko + " 구")};
      g.en_use = a.en + " District";
      g.uk_use = a.uk + "ському районі";
      g.ko_use = a.ko + " 구는";
      break;
    case 6: {  // person
      Name b = RandomName(rng);
      t = {MakeTerm("en", a.en + " " + b.en), MakeTerm("uk", a.uk + " " + b.uk),
           MakeTerm("ko", a.ko + " " + b.ko)};
      g.en_use = a.en + " " + b.en;
      g.uk_use = a.uk + " " + b.uk;
      g.ko_use = a.ko + " " + b.ko + "는";
      break;
    }
    case 7:  // bank
      t = {MakeTerm("en", "National Bank of " + a.en), MakeTerm("uk", "Національний банк " + a.uk),
           MakeTerm("ko", a.ko + " 국립은행")};
      g.en_use = "National Bank of " + a.en;
      g.uk_use = "Національного банку " + a.uk;
      g.ko_use = a.ko + " 국립은행이";
      break;
    case 8:  // river
      t = {MakeTerm("en", a.en + " River"), MakeTerm("uk", "річка " + a.uk),
           MakeTerm("ko", a.ko + " 강")};
      g.en_use = a.en + " River";
      g.uk_use = "річку " + a.uk;
      g.ko_use = a.ko + "강을";
      break;
    default:  // university
      t = {MakeTerm("en", a.en + " State University"),
           MakeTerm("uk", a.uk + "ський державний університет"),
           MakeTerm("ko", a.ko + " 국립대학교")};
      g.en_use = a.en + " State University";
      g.uk_use = a.uk + "ського державного університету";
      g.ko_use = a.ko + " 국립대학교에서";
      break;
  }
  return g;
}

constexpr const char* kFillerEn[] = {"the", "said", "on", "officials", "forces", "attack", "in",
                                     "after", "region", "near", "reported", "overnight",
                                     "drones", "were", "shot", "down", "a", "statement",
                                     "according", "to", "residents", "power", "was", "restored"};
constexpr const char* kFillerUk[] = {"як", "повідомили", "у", "ворожі", "сили", "атакували",
                                     "після", "вночі", "дрони", "були", "збиті", "за",
                                     "словами", "мешканців", "світло", "відновили", "біля",
                                     "заявив", "також", "тривають"};
constexpr const char* kFillerKo[] = {"당국은", "밤사이", "공격을", "받았다고", "밝혔다", "주민들은",
                                     "전력이", "복구됐다", "드론", "여러", "대가", "격추됐다",
                                     "성명에", "따르면", "인근", "지역", "피해가", "발생했다"};

int CountWords(const std::string& s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    if (c == ' ') {
      in = false;
    } else if (!in) {
      in = true;
      ++n;
    }
  }
  return n;
}

template <size_t N>
std::string Sentence(std::mt19937_64& rng, const std::vector<Generated>& entries,
                     const char* const (&filler)[N], std::string Generated::*use,
                     size_t* planted) {
  std::uniform_int_distribution<size_t> pick_entry(0, entries.size() - 1);
  std::uniform_int_distribution<size_t> pick_filler(0, N - 1);
  std::uniform_int_distribution<int> term_every(5, 8);
  std::string s;
  int next_term = term_every(rng);
  while (CountWords(s) < 40) {
    if (!s.empty()) s += ' ';
    if (--next_term == 0) {
      s += entries[pick_entry(rng)].*use;
      ++*planted;
      next_term = term_every(rng);
    } else {
      s += filler[pick_filler(rng)];
    }
  }
  s += '.';
  return s;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[i];
}

long RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

using Clock = std::chrono::steady_clock;
double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

}  // namespace

// Writes the generated entries to `path` in the format its extension names.
int WriteEntries(const std::vector<Generated>& generated, const std::string& path) {
  tmkit::GlossaryFormat format = tmkit::GlossaryFormat::kTbx;
  tmkit::GlossaryWriteOptions options;
  options.source_lang = "en";
  if (path.ends_with(".tbx2008")) {
    format = tmkit::GlossaryFormat::kTbx2008;
  } else if (path.ends_with(".csv")) {
    format = tmkit::GlossaryFormat::kCsv;
  } else if (path.ends_with(".txt")) {
    format = tmkit::GlossaryFormat::kOmegaTsv;
    options.languages = {"en", "uk"};
  }
  tmkit::Result<std::unique_ptr<tmkit::EntryWriter>> writer =
      tmkit::OpenEntryWriter(path, format, options);
  tmkit::Status status = writer ? tmkit::Status{} : tmkit::Status(std::unexpected(writer.error()));
  for (size_t i = 0; status && i < generated.size(); ++i) status = (*writer)->Add(generated[i].entry);
  if (status) status = (*writer)->Finish();
  if (!status) {
    std::fprintf(stderr, "term_bench: %s\n", status.error().ToString().c_str());
    return 1;
  }
  std::printf("wrote %zu entries to %s\n", generated.size(), path.c_str());
  return 0;
}

int main(int argc, char** argv) {
  size_t n_entries = 100000, n_sentences = 1000;
  uint64_t seed = 1;
  std::string store_dir, write_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--entries") {
      n_entries = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (a == "--sentences") {
      n_sentences = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (a == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (a == "--store") {
      store_dir = argv[i + 1];
    } else if (a == "--write") {
      write_path = argv[i + 1];
    } else {
      std::fprintf(stderr, "usage: term_bench [--entries N] [--sentences M] [--seed S] [--store DIR] [--write FILE]\n");
      return 2;
    }
  }
  if (n_entries == 0 || n_sentences == 0) {
    std::fprintf(stderr, "term_bench: --entries and --sentences must be at least 1\n");
    return 2;
  }

  std::mt19937_64 rng(seed);
  std::vector<Generated> generated;
  generated.reserve(n_entries);
  if (!write_path.empty()) {
    // A file to import holds N distinct entries, as a real glossary does.
    std::set<std::string> seen;
    for (size_t i = 0; generated.size() < n_entries; ++i) {
      Generated g = MakeEntry(rng, static_cast<int>(i % 10));
      std::string all;
      for (const Term& t : g.entry.terms) all += t.lang + '\t' + t.text + '\n';
      if (seen.insert(all).second) generated.push_back(std::move(g));
    }
    return WriteEntries(generated, write_path);
  }
  for (size_t i = 0; i < n_entries; ++i) generated.push_back(MakeEntry(rng, static_cast<int>(i % 10)));

  const long rss_before = RssKb();
  auto t0 = Clock::now();
  tmkit::MemoryTermSource base;
  for (const Generated& g : generated) base.Add(g.entry);
  const double build_ms = Micros(Clock::now() - t0) / 1000;
  const long rss_after = RssKb();
  std::printf("term base: %zu entries (%zu terms) indexed in %.0f ms, +%.0f MB RSS\n",
              base.size(), base.size() * 3, build_ms, (rss_after - rss_before) / 1024.0);

  std::optional<tmkit::Store> store;
  if (!store_dir.empty()) {
    if (std::filesystem::exists(store_dir)) {
      std::fprintf(stderr, "term_bench: --store %s exists; give a new folder\n", store_dir.c_str());
      return 2;
    }
    tmkit::Result<tmkit::Store> opened = tmkit::Store::Open(store_dir, {});
    if (!opened) {
      std::fprintf(stderr, "term_bench: %s\n", opened.error().ToString().c_str());
      return 1;
    }
    store.emplace(std::move(*opened));
    auto i0 = Clock::now();
    tmkit::Result<tmkit::TermImportStats> imported = store->ImportTerms(
        {.origin_path = "term_bench"}, [&](tmkit::TermSink& sink) -> tmkit::Status {
          for (const Generated& g : generated) {
            if (tmkit::Status st = sink.Add(tmkit::PrepareEntry(g.entry)); !st) return st;
          }
          return {};
        });
    const double import_s = Micros(Clock::now() - i0) / 1e6;
    if (!imported) {
      std::fprintf(stderr, "term_bench: %s\n", imported.error().ToString().c_str());
      return 1;
    }
    std::printf("store: %llu entries imported in %.2f s (%.0f entries/s, PrepareEntry included)\n",
                static_cast<unsigned long long>(imported->added), import_s,
                static_cast<double>(imported->added) / import_s);
  }
  // The source a sentence is searched in: the store (a fresh source each
  // time, as a command would) or the in-memory index.
  auto find = [&](const std::string& s, const char* src, const char* tgt) {
    if (store) return tmkit::FindTerms(s, src, tgt, tmkit::StoreTermSource(*store));
    return tmkit::FindTerms(s, src, tgt, base);
  };

  struct Lang {
    const char* name;
    const char* src;
    const char* tgt;
    std::vector<std::string> sentences;
    size_t planted = 0;
  };
  std::vector<Lang> langs = {{"en → uk", "en", "uk", {}},
                             {"uk → en", "uk", "en", {}},
                             {"ko → en", "ko", "en", {}}};
  for (size_t i = 0; i < n_sentences; ++i) {
    langs[0].sentences.push_back(Sentence(rng, generated, kFillerEn, &Generated::en_use, &langs[0].planted));
    langs[1].sentences.push_back(Sentence(rng, generated, kFillerUk, &Generated::uk_use, &langs[1].planted));
    langs[2].sentences.push_back(Sentence(rng, generated, kFillerKo, &Generated::ko_use, &langs[2].planted));
  }
  std::printf("example (uk): %s\n\n", langs[1].sentences[0].c_str());

  // Baseline: the match key of each term searched in the sentence's match key.
  struct Naive {
    std::string lang, key;
  };
  std::vector<Naive> naive;
  naive.reserve(base.size() * 3);
  for (const Generated& g : generated) {
    for (const Term& t : g.entry.terms) naive.push_back({t.lang, tmkit::MatchKey(t.text)});
  }

  size_t naive_total = 0;  // printed, so the scan is not optimised away
  std::printf("%-8s %8s %10s %10s %8s %8s %12s %8s\n", "", "words", "median µs", "p95 µs",
              "hits", "planted", "naive µs", "ratio");
  for (Lang& l : langs) {
    (void)find(l.sentences[0], l.src, l.tgt);  // warm up (ICU iterators)
    std::vector<double> times;
    size_t hits = 0, words = 0;
    for (int round = 0; round < 3; ++round) {
      for (const std::string& s : l.sentences) {
        auto a = Clock::now();
        auto r = find(s, l.src, l.tgt);
        times.push_back(Micros(Clock::now() - a));
        if (!r) {
          std::fprintf(stderr, "term_bench: %s\n", r.error().ToString().c_str());
          return 1;
        }
        if (round == 0) {
          hits += r->size();
          words += CountWords(s);
        }
      }
    }
    // The baseline runs on the first 50 sentences.
    std::vector<double> naive_times;
    const size_t naive_n = std::min<size_t>(50, l.sentences.size());
    size_t naive_hits = 0;
    for (size_t i = 0; i < naive_n; ++i) {
      auto a = Clock::now();
      std::string key = tmkit::MatchKey(l.sentences[i]);
      for (const Naive& t : naive) {
        if (t.lang == l.src && key.find(t.key) != std::string::npos) ++naive_hits;
      }
      naive_times.push_back(Micros(Clock::now() - a));
    }
    const double median = Percentile(times, 0.5), p95 = Percentile(times, 0.95);
    const double naive_median = Percentile(naive_times, 0.5);
    std::printf("%-8s %8.1f %10.1f %10.1f %8.2f %8.2f %12.0f %7.0fx\n", l.name,
                static_cast<double>(words) / l.sentences.size(), median, p95,
                static_cast<double>(hits) / l.sentences.size(),
                static_cast<double>(l.planted) / l.sentences.size(), naive_median,
                naive_median / median);
    naive_total += naive_hits;
  }
  std::printf("\nmedian and p95: FindTerms per 40-word sentence, %zu sentences × 3 rounds; "
              "hits: terms found per sentence (planted: generated terms put in it);\nnaive: every term's match key searched in the "
              "sentence's (no inflection, no word boundaries), first %d sentences; "
              "ratio = naive / FindTerms median.\n",
              n_sentences, 50);
  std::printf("(naive substring matches in all: %zu)\n", naive_total);
  return 0;
}
