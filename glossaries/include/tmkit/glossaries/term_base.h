// The store's term base as a TermSource (recognize.h): candidates come from
// the store's term_keys index, entries are read as they are needed (and kept
// for the life of the source), so recognising terms in a sentence costs a
// few LMDB reads whatever the size of the term base.
//
//   StoreTermSource source(store);
//   Result<std::vector<TermHit>> hits = FindTerms(text, "en", "uk", source);
//
// Thread-safety: one StoreTermSource per thread (its entry cache is not
// locked); the Store may be shared.
#ifndef TMKIT_GLOSSARIES_TERM_BASE_H_
#define TMKIT_GLOSSARIES_TERM_BASE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>

#include "tmkit/core/store.h"
#include "tmkit/glossaries/recognize.h"

namespace tmkit {

class StoreTermSource final : public TermSource {
 public:
  explicit StoreTermSource(const Store& store) : store_(store) {}

  Status Candidates(std::string_view lang, std::string_view first_key,
                    std::vector<TermRef>* out) const override;
  // One index read a word: the terms whose keys are exactly `keys`, and
  // whether a longer one goes on (the index files every prefix).
  Status Walk(std::string_view lang, std::span<const std::string> keys, std::vector<TermRef>* out,
              bool* longer) const override;
  Result<TermEntry> Entry(uint64_t id) const override;

 private:
  // Appends the shapes of hit `hit` whose keys satisfy `keep`.
  Status AddRefs(const TermKeyHit& hit, std::string_view lang,
                 const std::function<bool(const TermRef&)>& keep, std::vector<TermRef>* out) const;
  // The entry, read once.
  Result<const TermEntry*> Cached(uint64_t id) const;

  const Store& store_;
  mutable std::unordered_map<uint64_t, TermEntry> cache_;
};

}  // namespace tmkit

#endif  // TMKIT_GLOSSARIES_TERM_BASE_H_
