// SortedRuns: collects many records and hands them back sorted, sorting
// chunks on helper threads while more arrive, so that little sorting is left
// for the end (a k-way merge). Used by a term import to write its index keys
// in key order.
//
// Thread-safety: one thread adds and takes; the helpers only touch chunks
// they were given.
#ifndef TMKIT_CORE_SORTED_RUNS_H_
#define TMKIT_CORE_SORTED_RUNS_H_

#include <algorithm>
#include <cstddef>
#include <future>
#include <queue>
#include <utility>
#include <vector>

namespace tmkit::internal {

template <typename T>
class SortedRuns {
 public:
  static constexpr size_t kChunk = 1 << 16;

  SortedRuns() = default;
  SortedRuns(const SortedRuns&) = delete;
  SortedRuns& operator=(const SortedRuns&) = delete;
  ~SortedRuns() {
    for (auto& f : pending_) f.wait();
  }

  void Add(T item) {
    current_.push_back(std::move(item));
    if (current_.size() >= kChunk) Flush();
  }
  size_t size() const { return total_ + current_.size(); }

  // Every record added, sorted by operator<; empties the collection.
  std::vector<T> Take() {
    Flush();
    std::vector<std::vector<T>> runs;
    for (auto& f : pending_) runs.push_back(f.get());
    pending_.clear();
    total_ = 0;
    if (runs.empty()) return {};
    if (runs.size() == 1) return std::move(runs[0]);
    size_t n = 0;
    for (const auto& r : runs) n += r.size();
    std::vector<T> out;
    out.reserve(n);
    // A k-way merge: the heap holds each run's next record (lowest first).
    using Head = std::pair<size_t, size_t>;  // run, position
    auto greater = [&](const Head& a, const Head& b) {
      return runs[b.first][b.second] < runs[a.first][a.second];
    };
    std::priority_queue<Head, std::vector<Head>, decltype(greater)> heap(greater);
    for (size_t r = 0; r < runs.size(); ++r) {
      if (!runs[r].empty()) heap.push({r, 0});
    }
    while (!heap.empty()) {
      auto [r, i] = heap.top();
      heap.pop();
      out.push_back(std::move(runs[r][i]));
      if (i + 1 < runs[r].size()) heap.push({r, i + 1});
    }
    return out;
  }

 private:
  void Flush() {
    if (current_.empty()) return;
    total_ += current_.size();
    pending_.push_back(std::async(std::launch::async, [chunk = std::move(current_)]() mutable {
      std::sort(chunk.begin(), chunk.end());
      return std::move(chunk);
    }));
    current_ = {};
    current_.reserve(kChunk);
  }

  std::vector<T> current_;
  std::vector<std::future<std::vector<T>>> pending_;
  size_t total_ = 0;
};

}  // namespace tmkit::internal

#endif  // TMKIT_CORE_SORTED_RUNS_H_
