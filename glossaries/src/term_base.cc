#include "tmkit/glossaries/term_base.h"

#include <algorithm>

#include "tmkit/core/language.h"

namespace tmkit {

Result<const TermEntry*> StoreTermSource::Cached(uint64_t id) const {
  if (auto it = cache_.find(id); it != cache_.end()) return &it->second;
  Result<TermEntry> entry = store_.GetEntry(id);
  if (!entry) return std::unexpected(entry.error());
  return &cache_.emplace(id, std::move(*entry)).first->second;
}

Status StoreTermSource::AddRefs(const TermKeyHit& hit, std::string_view lang,
                                const std::function<bool(const TermRef&)>& keep,
                                std::vector<TermRef>* out) const {
  Result<const TermEntry*> entry = Cached(hit.entry_id);
  if (!entry) return std::unexpected(entry.error());
  if (hit.term >= (*entry)->terms.size()) return {};
  std::string primary = PrimaryLanguage(lang);
  for (TermRef& ref : TermRefsOf(**entry, hit.term)) {
    if (PrimaryLanguage(ref.lang) != primary || !keep(ref)) continue;
    if (std::find(out->begin(), out->end(), ref) == out->end()) out->push_back(std::move(ref));
  }
  return {};
}

Status StoreTermSource::Candidates(std::string_view lang, std::string_view first_key,
                                   std::vector<TermRef>* out) const {
  // Every term starting with the key: the whole ones and those going on.
  std::vector<TermKeyHit> hits;
  if (Status s = store_.FindTermKeys(lang, first_key, &hits, nullptr, /*and_longer=*/true); !s) {
    return s;
  }
  for (const TermKeyHit& hit : hits) {
    Status s = AddRefs(hit, lang, [&](const TermRef& r) { return r.keys.front() == first_key; }, out);
    if (!s) return s;
  }
  return {};
}

Status StoreTermSource::Walk(std::string_view lang, std::span<const std::string> keys,
                             std::vector<TermRef>* out, bool* longer) const {
  *longer = false;
  if (keys.empty()) return {};
  std::vector<TermKeyHit> hits;
  if (Status s = store_.FindTermKeys(lang, JoinTermKeys(keys), &hits, longer); !s) return s;
  for (const TermKeyHit& hit : hits) {
    Status s = AddRefs(hit, lang, [&](const TermRef& r) {
      return r.keys.size() == keys.size() && std::equal(keys.begin(), keys.end(), r.keys.begin());
    }, out);
    if (!s) return s;
  }
  return {};
}

Result<TermEntry> StoreTermSource::Entry(uint64_t id) const {
  Result<const TermEntry*> entry = Cached(id);
  if (!entry) return std::unexpected(entry.error());
  return **entry;
}

}  // namespace tmkit
