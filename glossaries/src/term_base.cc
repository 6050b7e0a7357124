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

Status StoreTermSource::Candidates(std::string_view lang, std::string_view first_key,
                                   std::vector<TermRef>* out) const {
  std::vector<TermKeyHit> hits;
  if (Status s = store_.FindTermKeys(lang, first_key, &hits); !s) return s;
  std::string primary = PrimaryLanguage(lang);
  for (const TermKeyHit& hit : hits) {
    Result<const TermEntry*> entry = Cached(hit.entry_id);
    if (!entry) return std::unexpected(entry.error());
    if (hit.term >= (*entry)->terms.size()) continue;
    // The index files a term under the first key of each of its shapes (its
    // text and forms): keep the shapes filed under this key.
    for (TermRef& ref : TermRefsOf(**entry, hit.term)) {
      if (ref.keys.front() != first_key || PrimaryLanguage(ref.lang) != primary) continue;
      if (std::find(out->begin(), out->end(), ref) == out->end()) out->push_back(std::move(ref));
    }
  }
  return {};
}

Result<TermEntry> StoreTermSource::Entry(uint64_t id) const {
  Result<const TermEntry*> entry = Cached(id);
  if (!entry) return std::unexpected(entry.error());
  return **entry;
}

}  // namespace tmkit
