#include "tmkit/core/lookup.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

#include "tmkit/core/fuzzy.h"
#include "tmkit/core/language.h"
#include "tmkit/core/placeables.h"
#include "tmkit/core/text.h"

namespace tmkit {
namespace {

// Fuzzy hits read beyond max_results (several may lack the target language,
// or tie), and the most read at all.
constexpr size_t kHitsPerResult = 10;
constexpr size_t kMinHits = 50;
constexpr size_t kMaxHits = 1000;
// Hits read at most, with or without the target language.
constexpr size_t kMaxHitsRead = 100000;
// Larger token grids are not aligned (no diff, no placeable pairing).
constexpr size_t kMaxAlignCells = 4'000'000;

// Codes compared by what a translator sees: kind, type and position.
bool SameCodes(const Segment& a, const Segment& b) {
  if (a.codes.size() != b.codes.size()) return false;
  for (size_t i = 0; i < a.codes.size(); ++i) {
    const InlineCode& x = a.codes[i];
    const InlineCode& y = b.codes[i];
    if (x.kind != y.kind || x.offset != y.offset || x.data != y.data) return false;
  }
  return true;
}

// A token alignment step: query token qi and/or source token sj (-1: none).
struct Step {
  int qi;
  int sj;
};

bool SameToken(const Token& a, const Token& b) { return a.key == b.key; }

// An optimal edit script between query and source tokens (substitutions
// preferred over insert + delete), or empty when too large to compute.
std::vector<Step> Align(const std::vector<Token>& q, const std::vector<Token>& s) {
  const size_t n = q.size(), m = s.size();
  std::vector<Step> steps;
  if ((n + 1) * (m + 1) > kMaxAlignCells) return steps;
  std::vector<int> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> int& { return d[i * (m + 1) + j]; };
  for (size_t i = 0; i <= n; ++i) at(i, 0) = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) at(0, j) = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      at(i, j) = std::min({at(i - 1, j - 1) + (SameToken(q[i - 1], s[j - 1]) ? 0 : 1),
                           at(i - 1, j) + 1, at(i, j - 1) + 1});
    }
  }
  size_t i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + (SameToken(q[i - 1], s[j - 1]) ? 0 : 1)) {
      steps.push_back({static_cast<int>(i - 1), static_cast<int>(j - 1)});
      --i;
      --j;
    } else if (j > 0 && at(i, j) == at(i, j - 1) + 1) {
      steps.push_back({-1, static_cast<int>(j - 1)});
      --j;
    } else {
      steps.push_back({static_cast<int>(i - 1), -1});
      --i;
    }
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

void AddPart(std::vector<DiffPart>* parts, char op, std::string_view text, bool spaced) {
  if (text.empty()) return;
  if (!parts->empty() && parts->back().op == op) {
    if (op == '+' && spaced) parts->back().text += ' ';
    parts->back().text += text;
    return;
  }
  parts->push_back({op, std::string(text)});
}

// Runs of changed tokens become one '-' part (the stored words, with the
// text between them) and one '+' part (the query's words).
std::vector<DiffPart> BuildDiff(std::string_view query, const std::vector<Token>& qt,
                                const std::vector<Placeable>& qp, std::string_view source,
                                const std::vector<Token>& st, const std::vector<Placeable>& sp,
                                const std::vector<Step>& steps, bool spaced) {
  std::vector<DiffPart> parts;
  auto text = [](std::string_view s, const Token& t) { return s.substr(t.begin, t.end - t.begin); };
  size_t pos = 0;
  std::string minus, plus;
  auto flush = [&] {
    AddPart(&parts, '-', minus, spaced);
    AddPart(&parts, '+', plus, spaced);
    minus.clear();
    plus.clear();
  };
  for (const Step& step : steps) {
    const Token* q = step.qi >= 0 ? &qt[step.qi] : nullptr;
    const Token* s = step.sj >= 0 ? &st[step.sj] : nullptr;
    // Placeables compare by value; a token that is a placeable on one side
    // only (the two texts' languages read it differently) compares by key.
    bool same = q && s && SameToken(*q, *s) &&
                (q->placeable < 0 || s->placeable < 0 ||
                 qp[q->placeable].SameValue(sp[s->placeable]));
    if (same) {
      flush();
      AddPart(&parts, '=', source.substr(pos, s->begin - pos), spaced);
      AddPart(&parts, '=', text(source, *s), spaced);
      pos = s->end;
      continue;
    }
    if (s) {
      std::string_view gap = source.substr(pos, s->begin - pos);
      if (minus.empty()) {
        AddPart(&parts, '=', gap, spaced);  // the block starts after the gap
      } else {
        minus += gap;
      }
      minus += text(source, *s);
      pos = s->end;
    }
    if (q) {
      if (!plus.empty() && spaced) plus += ' ';
      plus += text(query, *q);
    }
  }
  flush();
  AddPart(&parts, '=', source.substr(std::min(pos, source.size())), spaced);
  return parts;
}

// The origin files' formats ("tmx", "align", ...), by path; read once per store.
class OriginFormats {
 public:
  std::string Get(const Store& store, const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    auto& formats = by_store_[store.path().string()];
    auto it = formats.find(path);
    if (it != formats.end()) return it->second;
    if (Result<std::vector<OriginInfo>> origins = store.Origins()) {
      for (const OriginInfo& o : *origins) formats[o.path] = o.format;
    }
    return formats[path];
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> by_store_;
};

OriginFormats& Formats() {
  static OriginFormats formats;
  return formats;
}

// `text` with each placeable replaced by its kind (whitespace folded): equal
// for two texts that differ in nothing but placeable values.
std::string PlaceableText(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  size_t pos = 0;
  for (const Token& t : tokens) {
    if (t.placeable < 0) continue;
    out += text.substr(pos, t.begin - pos);
    out += t.key;
    pos = t.end;
  }
  out += text.substr(std::min(pos, text.size()));
  return FoldWhitespace(out);
}

// True if the unit records `previous` as the segment before it (memoQ's
// x-context-pre, OmegaT's prev).
bool ContextMatches(const TranslationUnit& unit, const std::string& previous_key) {
  for (const Prop& p : unit.props) {
    if ((p.type == "x-context-pre" || p.type == "prev") && MatchKey(ToNfc(p.text)) == previous_key)
      return true;
  }
  return false;
}

struct Candidate {
  TranslationUnit unit;
  size_t source = 0;    // index of the source variant
  int token_score = 0;  // from the fuzzy index (100 for an exact key)
  int distance = 0;
};

}  // namespace

int ScoreExact(const Segment& query, const Segment& candidate,
               std::vector<std::string>* penalties) {
  std::string q = FoldWhitespace(query.text);
  std::string c = FoldWhitespace(candidate.text);
  if (q != c) {
    // Same match key: the difference is case or a compatibility form (width, ligature).
    if (ToNfc(q) != ToNfc(c)) {
      bool case_only = MatchKey(q) == MatchKey(c);
      penalties->push_back(case_only ? "case" : "text");
    }
  }
  if (!query.codes.empty() || !candidate.codes.empty()) {
    // Compare code positions relative to the whitespace-folded texts only when
    // the texts are identical; otherwise the count and kinds are what matter.
    bool same = q == c && query.text == candidate.text
                    ? SameCodes(query, candidate)
                    : query.codes.size() == candidate.codes.size();
    if (!same) penalties->push_back("codes");
  }
  return penalties->empty() ? 100 : 99;
}

std::vector<DiffPart> DiffToQuery(std::string_view query, std::string_view source,
                                  std::string_view lang) {
  std::vector<Placeable> qp, sp;
  std::vector<Token> qt = Tokenize(query, lang, &qp), st = Tokenize(source, lang, &sp);
  std::vector<Step> steps = Align(qt, st);
  if (steps.empty() && !(qt.empty() && st.empty())) return {{'=', std::string(source)}};
  return BuildDiff(query, qt, qp, source, st, sp, steps, TokenUnitFor(lang) == TokenUnit::kWord);
}

Result<std::vector<Match>> Lookup(const Store& store, const Segment& query,
                                  const LookupOptions& options) {
  Result<std::string> src = NormalizeLanguageTag(options.source_lang);
  if (!src) return std::unexpected(Error{ErrorCode::kInvalidArgument, src.error().message});
  Result<std::string> tgt = NormalizeLanguageTag(options.target_lang);
  if (!tgt) return std::unexpected(Error{ErrorCode::kInvalidArgument, tgt.error().message});
  if (!IsValidUtf8(query.text) || !IsValidUtf8(options.previous)) {
    return InvalidArgument("the query is not valid UTF-8");
  }
  Segment q = query;
  NormalizeSegment(&q);
  const std::string key = MatchKey(q.text);
  if (key.empty()) return InvalidArgument("the query is empty");
  const int min_score = std::clamp(options.min_score, 1, 101);
  std::vector<Placeable> q_places;
  const std::vector<Token> q_tokens = Tokenize(q.text, *src, &q_places);
  const std::string q_placeable_text = PlaceableText(q.text, q_tokens);
  const std::string q_placeable_key = MatchKey(q_placeable_text);

  // Candidates by unit id: exact keys first, then the fuzzy index.
  std::map<uint64_t, Candidate> candidates;
  Result<std::vector<TranslationUnit>> exact =
      store.FindByMatchKey(*src, key, std::max<size_t>(options.max_results * 20, 100));
  if (!exact) return std::unexpected(exact.error());
  for (TranslationUnit& unit : *exact) {
    int best = 0;
    size_t index = 0;
    for (size_t i = 0; i < unit.variants.size(); ++i) {
      int quality = LanguageMatchQuality(*src, unit.variants[i].lang);
      if (quality > best && MatchKey(unit.variants[i].segment.text) == key) {
        best = quality;
        index = i;
      }
    }
    if (best == 0) continue;
    uint64_t id = unit.id;
    candidates[id] = {std::move(unit), index, 100, 0};
  }
  if (!q_tokens.empty() && min_score <= 100) {
    std::vector<std::string> keys;
    for (const Token& t : q_tokens) keys.push_back(t.key);
    const size_t wanted = std::clamp(options.max_results * kHitsPerResult, kMinHits, kMaxHits);
    size_t seen = 0, read = 0;
    int last_score = 101;
    Status s = store.FindSimilar(
        *src, keys, min_score,
        [&](const SimilarHit& hit, const TranslationUnit& unit) {
          // Past `wanted` hits with the target language, only ties of the last
          // score still come in.
          if ((seen >= wanted && hit.score < last_score) || seen >= kMaxHits ||
              ++read > kMaxHitsRead) {
            return false;
          }
          bool has_target = false;
          for (const Variant& v : unit.variants) {
            has_target |= v.lang != hit.lang && LanguageMatchQuality(*tgt, v.lang) > 0;
          }
          if (!has_target) return true;  // another language pair: does not count
          ++seen;
          last_score = hit.score;
          if (candidates.count(hit.unit_id)) return true;
          for (size_t i = 0; i < unit.variants.size(); ++i) {
            if (unit.variants[i].lang == hit.lang) {
              candidates[hit.unit_id] = {unit, i, hit.score, hit.distance};
              break;
            }
          }
          return true;
        },
        options.counters);
    if (!s) return std::unexpected(s.error());
  }

  struct Ranked {
    Match match;
    int lang_quality;
    bool same_key;            // the source's match key is the query's
    std::string source_text;  // whitespace folded: the same source, written the same way
    std::string target_key;
    int points = 0;  // penalty points still to take off
    int alignment_points = 0;  // of which for coming from an automatic alignment
  };
  std::vector<Ranked> ranked;
  const std::string previous_key =
      options.previous.empty() ? std::string() : MatchKey(ToNfc(options.previous));
  for (auto& [id, cand] : candidates) {
    const Variant& source = cand.unit.variants[cand.source];
    const std::string source_key = MatchKey(source.segment.text);
    const bool same_key = source_key == key;
    std::vector<std::string> penalties;
    int score, points = 0;
    std::vector<PlaceableChange> changes;
    if (same_key) {
      score = ScoreExact(q, source.segment, &penalties);
    } else {
      score = std::min(cand.token_score, 99);
      if (q.codes.size() != source.segment.codes.size()) {
        penalties.push_back("codes");
        ++points;
      }
      // Placeables paired along the token alignment.
      std::vector<Placeable> s_places;
      std::vector<Token> s_tokens = Tokenize(source.segment.text, source.lang, &s_places);
      // Only placeable values differ: 100 before the placeable penalty.
      if (cand.distance == 0) {
        std::string text = PlaceableText(source.segment.text, s_tokens);
        if (MatchKey(text) == q_placeable_key) {
          score = 100;
          if (text != q_placeable_text) {  // and case or width
            penalties.push_back("case");
            ++points;
          }
        }
      }
      for (const Step& step : Align(q_tokens, s_tokens)) {
        if (step.qi < 0 || step.sj < 0) continue;
        const Token& a = q_tokens[step.qi];
        const Token& b = s_tokens[step.sj];
        if (a.placeable < 0 || b.placeable < 0 || a.key != b.key) continue;
        if (!q_places[a.placeable].SameValue(s_places[b.placeable])) {
          changes.push_back({s_places[b.placeable], q_places[a.placeable]});
        }
      }
    }
    const bool from_alignment =
        options.alignment_penalty > 0 && Formats().Get(store, cand.unit.origin) == "align";
    for (const Variant& v : cand.unit.variants) {
      if (&v == &source) continue;
      int tq = LanguageMatchQuality(*tgt, v.lang);
      if (tq == 0) continue;
      Match m;
      m.score = score;
      m.penalties = penalties;
      int match_points = points;
      m.target = v.segment;
      m.stored_target = v.segment;
      if (!changes.empty()) {
        std::optional<Segment> adapted;
        if (options.adapt) adapted = AdaptTarget(v.segment, v.lang, changes);
        if (adapted) {
          m.target = std::move(*adapted);
          m.adapted = true;
          m.penalties.push_back("placeables");
          ++match_points;
        } else {
          // The target keeps the stored numbers: each differing one is a word changed.
          const int n = static_cast<int>(q_tokens.size());
          const int len = static_cast<int>(ScoringTokens(source.segment.text, source.lang).size());
          m.score = std::min(
              ScoreFromDistance(cand.distance + static_cast<int>(changes.size()), n, len), 99);
          m.penalties.push_back("placeables-not-adapted");
        }
      }
      if (from_alignment) {
        m.penalties.push_back("alignment");
        match_points += options.alignment_penalty;
      }
      m.unit_id = cand.unit.id;
      m.source = source.segment;
      m.source_lang = source.lang;
      m.target_lang = v.lang;
      m.origin = cand.unit.origin;
      const Provenance& p =
          v.provenance.change_date != kNoDate ? v.provenance : cand.unit.provenance;
      m.date = p.change_date != kNoDate ? p.change_date : p.creation_date;
      ranked.push_back({std::move(m), LanguageMatchQuality(*src, source.lang) + tq, same_key,
                        FoldWhitespace(source.segment.text), MatchKey(v.segment.text),
                        match_points, from_alignment ? options.alignment_penalty : 0});
    }
  }
  // Several different translations of one source: each is shown, each marked.
  std::map<std::string, std::vector<size_t>> by_source;
  for (size_t i = 0; i < ranked.size(); ++i) by_source[ranked[i].source_text].push_back(i);
  for (const auto& [source_text, indices] : by_source) {
    std::vector<std::string_view> targets;
    for (size_t i : indices) targets.push_back(ranked[i].target_key);
    std::sort(targets.begin(), targets.end());
    if (std::unique(targets.begin(), targets.end()) - targets.begin() > 1) {
      for (size_t i : indices) {
        ranked[i].match.penalties.push_back("multiple-translations");
        ++ranked[i].points;
      }
    }
  }
  for (Ranked& r : ranked) {
    Match& m = r.match;
    // Context: the same text (no placeable changed) and the same previous
    // segment. An aligned unit's context counts too (101, less its penalty).
    if (m.score == 100 && r.same_key && r.points == r.alignment_points && !previous_key.empty()) {
      if (auto it = candidates.find(m.unit_id);
          it != candidates.end() && ContextMatches(it->second.unit, previous_key)) {
        m.score = 101;
        m.context = true;
      }
    }
    m.score = std::max(0, m.score - r.points);
  }
  std::erase_if(ranked, [&](const Ranked& r) { return r.match.score < min_score; });
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.match.score != b.match.score) return a.match.score > b.match.score;
    if (a.lang_quality != b.lang_quality) return a.lang_quality > b.lang_quality;
    if (a.match.date != b.match.date) return a.match.date > b.match.date;
    return a.match.unit_id > b.match.unit_id;
  });
  std::vector<Match> out;
  for (Ranked& r : ranked) {
    if (out.size() >= options.max_results) break;
    r.match.diff = DiffToQuery(q.text, r.match.source.text, r.match.source_lang);
    out.push_back(std::move(r.match));
  }
  return out;
}

}  // namespace tmkit
