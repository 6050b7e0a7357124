#include "align_report.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>

namespace tmkit::cli {
namespace {

// Appends `text` escaped for element content and double- or single-quoted
// attributes. Bytes that are not UTF-8, and characters XML 1.0 cannot carry
// (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF), become U+FFFD.
void Escape(std::string_view text, std::string* out) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  auto cont = [&](size_t at) { return at < n && (p[at] & 0xC0) == 0x80; };
  for (size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      switch (c) {
        case '&':
          *out += "&amp;";
          break;
        case '<':
          *out += "&lt;";
          break;
        case '>':
          *out += "&gt;";
          break;
        case '"':
          *out += "&quot;";
          break;
        case '\'':
          *out += "&#39;";
          break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            *out += kReplacement;
          } else {
            *out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t len = 0;
    if (c >= 0xC2 && c < 0xE0 && cont(i + 1)) {
      len = 2;
    } else if (c >= 0xE0 && c < 0xF0 && cont(i + 1) && cont(i + 2) &&
               !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] >= 0xA0) &&
               !(c == 0xEF && p[i + 1] == 0xBF && p[i + 2] >= 0xBE)) {
      len = 3;
    } else if (c >= 0xF0 && c < 0xF5 && cont(i + 1) && cont(i + 2) && cont(i + 3) &&
               !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90)) {
      len = 4;
    }
    if (len == 0) {
      *out += kReplacement;
      ++i;
    } else {
      out->append(text.substr(i, len));
      i += len;
    }
  }
}

std::string Esc(std::string_view text) {
  std::string out;
  Escape(text, &out);
  return out;
}

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Whole percent, rounded down so that the number never contradicts the band
// (0.899 is "89%", amber; 0.9 is "90%", green).
std::string Percent(double confidence) {
  if (!std::isfinite(confidence)) return "?";
  double c = std::clamp(confidence, 0.0, 1.0);
  return std::to_string(static_cast<int>(std::floor(c * 100 + 1e-9))) + "%";
}

std::string Fixed(double value, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string Seconds(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  if (s < 0.01) return "under 0.01 s";
  if (s < 10) return Fixed(s, 2) + " s";
  if (s < 60) return Fixed(s, 1) + " s";
  int whole = static_cast<int>(s + 0.5);
  return std::to_string(whole / 60) + " min " + std::to_string(whole % 60) + " s";
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Plural(uint64_t n, std::string_view one, std::string_view many) {
  return Thousands(n) + " " + std::string(n == 1 ? one : many);
}

std::string LinkType(const AlignLink& link) {
  return std::to_string(link.src.size()) + "-" + std::to_string(link.tgt.size());
}

// "[3]:[3, 4]" (as FormatVecalignLink, kept here so the page does not need
// the aligner's code).
std::string Vecalign(const AlignLink& link) {
  std::string out = "[";
  for (size_t i = 0; i < link.src.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(link.src[i]);
  }
  out += "]:[";
  for (size_t i = 0; i < link.tgt.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(link.tgt[i]);
  }
  return out + "]";
}

struct FlagInfo {
  std::string_view flag, label, css, title;
};
constexpr FlagInfo kFlags[] = {
    {"numbers", "numbers differ", "num",
     "A number or date appears on one side only: check that the sentences match."},
    {"unaligned", "unaligned", "una",
     "No sentence on the other side: an omission, an addition, or a missed link."},
    {"uncertain", "uncertain", "unc", "The aligner is less than 50% sure of this link."},
    {"length", "length", "len",
     "The lengths are far from this document pair's usual ratio: part may be missing."},
};

const FlagInfo* FindFlag(std::string_view flag) {
  for (const FlagInfo& f : kFlags) {
    if (f.flag == flag) return &f;
  }
  return nullptr;
}

struct Summary {
  size_t src_sentences = 0, tgt_sentences = 0;
  size_t links = 0, flagged = 0;
  size_t src_unaligned = 0, tgt_unaligned = 0;
  size_t bands[3] = {0, 0, 0};  // hi, mid, lo
  double mean_confidence = 0;
  std::vector<std::pair<std::string, size_t>> types;  // 1-1 first, then by count
  std::vector<size_t> flagged_rows;                   // link indices
};

int BandIndex(double confidence) {
  std::string_view band = ConfidenceBand(confidence);
  return band == "hi" ? 0 : band == "mid" ? 1 : 2;
}

Summary Summarise(const std::vector<Sentence>& src, const std::vector<Sentence>& tgt,
                  const std::vector<AlignLink>& links) {
  Summary s;
  s.src_sentences = src.size();
  s.tgt_sentences = tgt.size();
  s.links = links.size();
  std::map<std::string, size_t> types;
  double total = 0;
  for (size_t i = 0; i < links.size(); ++i) {
    const AlignLink& link = links[i];
    ++types[LinkType(link)];
    if (link.tgt.empty()) s.src_unaligned += link.src.size();
    if (link.src.empty()) s.tgt_unaligned += link.tgt.size();
    if (!link.flags.empty()) s.flagged_rows.push_back(i);
    ++s.bands[BandIndex(link.confidence)];
    total += std::isfinite(link.confidence) ? std::clamp(link.confidence, 0.0, 1.0) : 0;
  }
  s.flagged = s.flagged_rows.size();
  s.mean_confidence = links.empty() ? 0 : total / static_cast<double>(links.size());
  s.types.assign(types.begin(), types.end());
  std::stable_sort(s.types.begin(), s.types.end(), [](const auto& a, const auto& b) {
    if ((a.first == "1-1") != (b.first == "1-1")) return a.first == "1-1";
    return a.second > b.second;
  });
  return s;
}

constexpr std::string_view kStyle = R"css(
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0969da;
  --hi: #1a7f37; --hi-bg: #dafbe1; --hi-bar: #2da44e;
  --mid: #8a5a00; --mid-bg: #fff1c2; --mid-bar: #d4a72c;
  --lo: #c0212b; --lo-bg: #ffe4e1; --lo-bar: #d1242f;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 "Noto Sans", "Segoe UI", system-ui, "DejaVu Sans", Roboto, Arial, sans-serif;
}
:lang(ko) {
  font-family: "Noto Sans KR", "Noto Sans CJK KR", "Source Han Sans KR", "Malgun Gothic",
    "Apple SD Gothic Neo", "NanumGothic", "NanumBarunGothic", sans-serif;
  word-break: keep-all; overflow-wrap: anywhere;
}
:lang(ja) { font-family: "Noto Sans JP", "Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans", sans-serif; }
:lang(zh) { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; }
:lang(uk), :lang(ru), :lang(be), :lang(bg), :lang(sr) {
  font-family: "Noto Sans", "Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif;
}
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header.top { padding: 20px 28px 12px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 12px; font-weight: 600; }
h1 .sub { color: var(--muted); font-weight: 400; }
.files { display: flex; gap: 12px; align-items: stretch; flex-wrap: wrap; }
.file { flex: 1 1 300px; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px;
  background: var(--soft); min-width: 0; }
.file .side { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.file .side b { color: var(--ink); letter-spacing: 0; text-transform: none; font-size: 13px;
  background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; margin-left: 4px; }
.file .name { font-weight: 600; overflow-wrap: anywhere; }
.file .count { color: var(--muted); font-size: 13px; }
.files .arrow { align-self: center; font-size: 22px; color: var(--muted); }
.stats { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 14px 0 6px; padding: 0; }
.stats div { min-width: 90px; }
.stats dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.stats dd { margin: 0; font-size: 17px; font-weight: 600; }
.stats dd small { font-size: 13px; font-weight: 400; color: var(--muted); }
.chip { display: inline-block; font: 600 13px/1.6 "DejaVu Sans Mono", ui-monospace, monospace;
  border: 1px solid var(--line); border-radius: 10px; padding: 0 7px; margin: 2px 4px 0 0; background: #fff; }
.chip small { font-weight: 400; color: var(--muted); }
.dist { display: flex; height: 8px; border-radius: 4px; overflow: hidden; margin: 10px 0 4px;
  background: var(--line); }
.dist span { display: block; height: 100%; }
.dist .hi, .bar .hi { background: var(--hi-bar); }
.dist .mid, .bar .mid { background: var(--mid-bar); }
.dist .lo, .bar .lo { background: var(--lo-bar); }
.distlabel { font-size: 13px; color: var(--muted); }
.legend { margin: 10px 0 0; font-size: 13px; color: var(--muted); display: flex; flex-wrap: wrap;
  gap: 6px 18px; align-items: center; }
.legend .k { display: inline-flex; gap: 5px; align-items: center; }
.toolbar { position: sticky; top: 0; z-index: 3; height: 46px; display: flex; align-items: center;
  gap: 18px; padding: 0 28px; background: rgba(255,255,255,.96); border-bottom: 1px solid var(--line);
  font-size: 14px; }
.toolbar a { color: var(--accent); text-decoration: none; }
.toolbar a:hover { text-decoration: underline; }
.toggle { cursor: pointer; display: inline-flex; align-items: center; gap: 8px; user-select: none; }
.toggle .box { width: 16px; height: 16px; border: 1.5px solid var(--muted); border-radius: 3px;
  display: inline-flex; align-items: center; justify-content: center; font-size: 12px; line-height: 1;
  color: #fff; background: #fff; }
#only-flagged:checked ~ .toolbar .toggle .box { background: var(--accent); border-color: var(--accent); }
#only-flagged:checked ~ .toolbar .toggle .box::after { content: "\2713"; }
#only-flagged:focus-visible ~ .toolbar .toggle { outline: 2px solid var(--accent); outline-offset: 3px; }
#only-flagged:checked ~ main tr.ok { display: none; }
.toolbar .spacer { flex: 1; }
main { padding: 0 28px 40px; }
table.links { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.c-n { width: 74px; } col.c-m { width: 96px; } col.c-x { width: 17%; }
thead th { position: sticky; top: 46px; z-index: 2; background: var(--soft); text-align: left;
  font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase;
  letter-spacing: .05em; padding: 7px 10px; border-bottom: 1px solid var(--line); }
thead th b { text-transform: none; letter-spacing: 0; color: var(--ink); }
td { vertical-align: top; padding: 8px 10px; border-bottom: 1px solid #e6eaef; overflow-wrap: break-word; }
tr { scroll-margin-top: 96px; }
tr.pstart td { border-top: 2px solid #afb8c1; }
tr:target td { background: #ddf4ff; }
td.n { border-left: 4px solid transparent; font-variant-numeric: tabular-nums; }
tr.hi td.n { border-left-color: var(--hi-bar); }
tr.mid td.n { border-left-color: var(--mid-bar); }
tr.lo td.n { border-left-color: var(--lo-bar); }
tr.flag td.n { background: #fffbeb; }
td.n a.ln { color: var(--ink); font-weight: 600; text-decoration: none; }
td.n .vl { display: block; font: 11px/1.4 "DejaVu Sans Mono", ui-monospace, monospace; color: var(--muted);
  overflow-wrap: anywhere; }
.s { display: flex; gap: 6px; margin: 0 0 5px; }
.s:last-child { margin-bottom: 0; }
.s .i { flex: 0 0 2.4em; text-align: right; padding-top: 4px; font: 11px/1.2 "DejaVu Sans Mono",
  ui-monospace, monospace; color: var(--muted); }
.s .t { flex: 1 1 auto; min-width: 0; }
.pm { color: #8250df; font-weight: 700; margin-right: 4px; }
.none { color: var(--muted); font-style: italic; font-size: 14px; }
td.gap { background: repeating-linear-gradient(135deg, #f6f8fa 0 6px, #fff 6px 12px); }
td.m { text-align: center; }
.type { display: block; font: 600 13px/1.4 "DejaVu Sans Mono", ui-monospace, monospace; color: var(--muted); }
.pill { display: inline-block; min-width: 50px; padding: 1px 8px; border-radius: 11px; font-weight: 700;
  font-size: 13px; font-variant-numeric: tabular-nums; margin-top: 3px; }
.pill.hi { color: var(--hi); background: var(--hi-bg); }
.pill.mid { color: var(--mid); background: var(--mid-bg); }
.pill.lo { color: var(--lo); background: var(--lo-bg); }
.bar { display: block; height: 4px; margin: 5px auto 0; width: 56px; background: #eaeef2; border-radius: 2px;
  overflow: hidden; }
.bar span { display: block; height: 100%; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; line-height: 1.5; padding: 0 7px;
  border-radius: 10px; border: 1px solid; margin: 0 4px 4px 0; white-space: nowrap; }
.badge.num { color: #8250df; background: #fbefff; border-color: #d8b9ff; }
.badge.una { color: #57606a; background: #f1f3f5; border-color: #c3cad2; }
.badge.unc { color: var(--lo); background: var(--lo-bg); border-color: #ffb3ad; }
.badge.len { color: #9a4a00; background: #fff0e0; border-color: #ffc58a; }
.badge.other { color: var(--ink); background: var(--soft); border-color: var(--line); }
ul.ev { list-style: none; margin: 2px 0 0; padding: 0; font-size: 12px; color: var(--muted); }
ul.ev li { overflow-wrap: anywhere; }
ul.ev li::before { content: "\2713\00a0"; color: var(--hi-bar); }
.jump { display: block; margin-top: 6px; font-size: 12px; }
.jump a { color: var(--accent); text-decoration: none; margin-right: 8px; white-space: nowrap; }
.empty { padding: 40px; text-align: center; color: var(--muted); }
footer { padding: 0 28px 24px; font-size: 12px; color: var(--muted); }
@media print {
  body { font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .toolbar, .jump, #only-flagged { display: none !important; }
  header.top { padding: 0 0 8px; }
  main, footer { padding: 0; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr { break-inside: avoid; }
  tr:target td { background: none; }
  a { color: inherit; }
}
)css";

class Page {
 public:
  Page(const AlignReportInput& input, const std::vector<Sentence>& src,
       const std::vector<Sentence>& tgt, const std::vector<AlignLink>& links)
      : in_(input), src_(src), tgt_(tgt), links_(links), sum_(Summarise(src, tgt, links)) {}

  std::string Render() {
    size_t text_bytes = 0;
    for (const Sentence& s : src_) text_bytes += s.text.size();
    for (const Sentence& s : tgt_) text_bytes += s.text.size();
    out_.reserve(16384 + text_bytes * 11 / 10 + links_.size() * 700);
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
    out_ += "<meta name=\"generator\" content=\"tmkit align\"/>\n<title>Alignment: ";
    Escape(BaseName(in_.src_path), &out_);
    out_ += " \xE2\x86\x94 ";  // ↔
    Escape(BaseName(in_.tgt_path), &out_);
    out_ += "</title>\n<style>";
    out_ += kStyle;
    out_ += "</style>\n</head>\n<body id=\"top\">\n";
    out_ += "<input type=\"checkbox\" id=\"only-flagged\" class=\"vh\"/>\n";
    Header();
    Toolbar();
    Table();
    out_ += "<footer>Written by tmkit align. Sentence numbers count from 1; the grey "
            "<code>[i]:[j]</code> under each link number is the same link as <code>--links</code> "
            "writes it (0-based).</footer>\n</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  void File(const char* side, const std::string& path, const std::string& lang, size_t count) {
    out_ += "<div class=\"file\"><div class=\"side\">";
    out_ += side;
    out_ += " <b>";
    Escape(lang.empty() ? "?" : lang, &out_);
    out_ += "</b></div><div class=\"name\" title=\"";
    Escape(path, &out_);
    out_ += "\">";
    Escape(path.empty() ? "(unnamed)" : BaseName(path), &out_);
    out_ += "</div><div class=\"count\">";
    out_ += Plural(count, "sentence", "sentences");
    out_ += "</div></div>\n";
  }

  void Stat(std::string_view label, const std::string& value_html) {
    out_ += "<div><dt>";
    out_ += label;
    out_ += "</dt><dd>";
    out_ += value_html;
    out_ += "</dd></div>\n";
  }

  void Header() {
    out_ += "<header class=\"top\">\n<h1>Alignment report <span class=\"sub\">";
    Escape(in_.src_lang, &out_);
    out_ += " \xE2\x86\x92 ";  // →
    Escape(in_.tgt_lang, &out_);
    out_ += "</span></h1>\n<div class=\"files\">\n";
    File("Source", in_.src_path, in_.src_lang, sum_.src_sentences);
    out_ += "<div class=\"arrow\" aria-hidden=\"true\">\xE2\x87\x84</div>\n";  // ⇄
    File("Target", in_.tgt_path, in_.tgt_lang, sum_.tgt_sentences);
    out_ += "</div>\n<dl class=\"stats\">\n";
    Stat("Links", "<span id=\"n-links\">" + Thousands(sum_.links) + "</span>");
    std::string types;
    for (const auto& [type, count] : sum_.types) {
      types += "<span class=\"chip\" data-type=\"" + type + "\">" + type + " <small>\xC3\x97</small>" +
               Thousands(count) + "</span>";
    }
    Stat("By type", types.empty() ? "\xE2\x80\x94" : types);
    Stat("Unaligned sentences",
         "<span id=\"n-unaligned\">" + Thousands(sum_.src_unaligned + sum_.tgt_unaligned) +
             "</span> <small>" + Thousands(sum_.src_unaligned) + " source \xC2\xB7 " +
             Thousands(sum_.tgt_unaligned) + " target</small>");
    std::string share;
    if (sum_.links) share = " <small>" + Percent(double(sum_.flagged) / double(sum_.links)) + " of links</small>";
    Stat("Flagged", "<span id=\"n-flagged\">" + Thousands(sum_.flagged) + "</span>" + share);
    Stat("Mean confidence",
         sum_.links ? "<span id=\"mean-confidence\">" + Percent(sum_.mean_confidence) + "</span>"
                    : std::string("\xE2\x80\x94"));
    if (in_.alignment) {
      Stat("Length ratio", Fixed(in_.alignment->length_ratio, 2) +
                               " <small>target chars per source char</small>");
    }
    Stat("Time", Esc(Seconds(in_.seconds)));
    out_ += "</dl>\n";
    if (sum_.links) {
      out_ += "<div class=\"dist\" aria-hidden=\"true\">";
      static const char* kBandCss[3] = {"hi", "mid", "lo"};
      for (int b = 0; b < 3; ++b) {
        if (!sum_.bands[b]) continue;
        out_ += "<span class=\"";
        out_ += kBandCss[b];
        out_ += "\" style=\"width:" +
                Fixed(100.0 * double(sum_.bands[b]) / double(sum_.links), 3) + "%\"></span>";
      }
      out_ += "</div>\n<div class=\"distlabel\">Confidence: " + Thousands(sum_.bands[0]) +
              " high \xC2\xB7 " + Thousands(sum_.bands[1]) + " medium \xC2\xB7 " +
              Thousands(sum_.bands[2]) + " low</div>\n";
    }
    out_ += "<div class=\"legend\"><span class=\"k\"><span class=\"pill hi\">\xE2\x89\xA5 90%</span> "
            "confident</span><span class=\"k\"><span class=\"pill mid\">50\xE2\x80\x93" "89%</span> "
            "worth a look</span><span class=\"k\"><span class=\"pill lo\">&lt; 50%</span> "
            "check it</span>";
    for (const FlagInfo& f : kFlags) {
      out_ += "<span class=\"k\" title=\"";
      out_ += f.title;
      out_ += "\"><span class=\"badge ";
      out_ += f.css;
      out_ += "\">";
      out_ += f.label;
      out_ += "</span></span>";
    }
    out_ += "<span class=\"k\"><span class=\"pm\">\xC2\xB6</span>"
            "paragraph starts</span><span class=\"k\">sentence numbers count from 1</span></div>\n";
    out_ += "</header>\n";
  }

  static std::string RowId(size_t link) {
    std::string id = "l";
    id += std::to_string(link + 1);
    return id;
  }

  void Toolbar() {
    out_ += "<nav class=\"toolbar\"><label for=\"only-flagged\" class=\"toggle\"><span "
            "class=\"box\"></span>Show only flagged links (" +
            Thousands(sum_.flagged) + ")</label>";
    if (!sum_.flagged_rows.empty()) {
      out_ += "<a href=\"#" + RowId(sum_.flagged_rows.front()) +
              "\">\xE2\x86\x93 First flagged link</a>";
    }
    out_ += "<span class=\"spacer\"></span><a href=\"#top\">\xE2\x86\x91 Top</a></nav>\n";
  }

  void Table() {
    out_ += "<main>\n";
    if (links_.empty()) {
      out_ += "<p class=\"empty\">No links: the texts hold no sentences to align.</p>\n</main>\n";
      return;
    }
    out_ += "<table class=\"links\">\n<colgroup><col class=\"c-n\"/><col/><col class=\"c-m\"/>"
            "<col/><col class=\"c-x\"/></colgroup>\n<thead><tr><th>Link</th><th>Source <b>";
    Escape(in_.src_lang, &out_);
    out_ += "</b></th><th>Type</th><th>Target <b>";
    Escape(in_.tgt_lang, &out_);
    out_ += "</b></th><th>Flags \xC2\xB7 evidence</th></tr></thead>\n<tbody>\n";
    size_t next_flag = 0;  // index into flagged_rows of the next flagged link
    for (size_t i = 0; i < links_.size(); ++i) {
      const AlignLink& link = links_[i];
      bool flagged = !link.flags.empty();
      bool para = false;
      for (uint32_t index : link.src) para = para || StartsParagraph(src_, index);
      for (uint32_t index : link.tgt) para = para || StartsParagraph(tgt_, index);
      std::string_view band = ConfidenceBand(link.confidence);
      out_ += "<tr id=\"" + RowId(i) + "\" class=\"";
      out_ += band;
      out_ += flagged ? " flag" : " ok";
      if (para && i > 0) out_ += " pstart";
      out_ += "\"><td class=\"n\"><a class=\"ln\" href=\"#" + RowId(i) + "\">" +
              std::to_string(i + 1) + "</a><span class=\"vl\">" + Vecalign(link) + "</span></td>";
      Side(link.src, src_, in_.src_lang, "source");
      out_ += "<td class=\"m\"><span class=\"type\">" + LinkType(link) + "</span><span class=\"pill ";
      out_ += band;
      out_ += "\" title=\"confidence " + Fixed(link.confidence, 4) + "\">" + Percent(link.confidence) +
              "</span><span class=\"bar\"><span class=\"";
      out_ += band;
      out_ += "\" style=\"width:" + Percent(link.confidence) + "\"></span></span></td>";
      Side(link.tgt, tgt_, in_.tgt_lang, "target");
      out_ += "<td class=\"x\">";
      for (const std::string& flag : link.flags) {
        const FlagInfo* f = FindFlag(flag);
        out_ += "<span class=\"badge ";
        out_ += f ? f->css : "other";
        if (f) {
          out_ += "\" title=\"";
          out_ += f->title;
        }
        out_ += "\">";
        Escape(f ? f->label : std::string_view(flag), &out_);
        out_ += "</span>";
      }
      if (!link.evidence.empty()) {
        out_ += "<ul class=\"ev\">";
        for (const std::string& e : link.evidence) {
          out_ += "<li>";
          Escape(e, &out_);
          out_ += "</li>";
        }
        out_ += "</ul>";
      }
      if (flagged) {
        // sum_.flagged_rows[next_flag] == i
        out_ += "<span class=\"jump\">";
        if (next_flag > 0) {
          out_ += "<a href=\"#" + RowId(sum_.flagged_rows[next_flag - 1]) +
                  "\">\xE2\x86\x91 previous flagged</a>";
        }
        if (next_flag + 1 < sum_.flagged_rows.size()) {
          out_ += "<a href=\"#" + RowId(sum_.flagged_rows[next_flag + 1]) +
                  "\">\xE2\x86\x93 next flagged</a>";
        }
        out_ += "</span>";
        ++next_flag;
      }
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</main>\n";
  }

  static bool StartsParagraph(const std::vector<Sentence>& sentences, uint32_t index) {
    return index < sentences.size() &&
           (index == 0 || sentences[index - 1].paragraph != sentences[index].paragraph);
  }

  // One side's cell: each sentence with its number (1-based) and a ¶ where a
  // paragraph starts.
  void Side(const std::vector<uint32_t>& indices, const std::vector<Sentence>& sentences,
            const std::string& lang, const char* css) {
    out_ += "<td class=\"";
    out_ += css;
    if (indices.empty()) out_ += " gap";
    out_ += "\" lang=\"";
    Escape(lang, &out_);
    out_ += "\">";
    if (indices.empty()) {
      out_ += "<div class=\"s\"><span class=\"i\"></span><span class=\"t none\" lang=\"en\">no ";
      out_ += css;
      out_ += " sentence</span></div>";
    }
    for (uint32_t index : indices) {
      out_ += "<div class=\"s\"><span class=\"i\">" + std::to_string(index + 1) + "</span>";
      if (index >= sentences.size()) {
        out_ += "<span class=\"t none\" lang=\"en\">(the text has no sentence " +
                std::to_string(index + 1) + ")</span></div>";
        continue;
      }
      const Sentence& s = sentences[index];
      out_ += "<span class=\"t\" dir=\"auto\">";
      if (StartsParagraph(sentences, index)) {
        out_ += "<span class=\"pm\" title=\"paragraph " + std::to_string(s.paragraph + 1) +
                " starts\">\xC2\xB6</span>";
      }
      Escape(s.text, &out_);
      out_ += "</span></div>";
    }
    out_ += "</td>";
  }

  const AlignReportInput& in_;
  const std::vector<Sentence>& src_;
  const std::vector<Sentence>& tgt_;
  const std::vector<AlignLink>& links_;
  Summary sum_;
  std::string out_;
};

}  // namespace

std::string_view ConfidenceBand(double confidence) {
  if (!std::isfinite(confidence) || confidence < 0.5) return "lo";
  if (confidence < 0.9) return "mid";
  return "hi";
}

std::string RenderAlignReport(const AlignReportInput& input) {
  static const std::vector<Sentence> kNoSentences;
  static const std::vector<AlignLink> kNoLinks;
  Page page(input, input.src ? *input.src : kNoSentences, input.tgt ? *input.tgt : kNoSentences,
            input.alignment ? input.alignment->links : kNoLinks);
  return page.Render();
}

}  // namespace tmkit::cli
