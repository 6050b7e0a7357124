// A three-stage pipeline for imports: one thread reads, one or more prepare,
// and the calling thread stores (an LMDB write transaction belongs to the thread
// that began it). Batches keep hand-overs cheap; the queues are bounded so
// memory stays flat whatever the file size.
//
// Thread-safety: `read` runs on one thread, `prepare` on another, `store` on
// the caller's; each must only touch what its stage owns.
#ifndef TMKIT_FORMATS_PIPELINE_H_
#define TMKIT_FORMATS_PIPELINE_H_

#include <condition_variable>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace tmkit::internal {

// A bounded queue between pipeline stages. Close() wakes everyone: Push then
// fails, Pop drains what is left and then fails.
template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}
  bool Push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }
  bool Pop(T* item) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<T> items_;
  bool closed_ = false;
};

// Runs the stages until `read` says the batch it filled is the last (returns
// false) or `prepare` or `store` says stop (returns false). `preparers`
// threads prepare batches side by side (`prepare` must then be thread-safe);
// batches reach `store` in the order `read` made them.
template <typename Batch>
void RunPipeline(const std::function<bool(Batch*)>& read,
                 const std::function<bool(Batch*)>& prepare,
                 const std::function<bool(Batch&)>& store, int preparers = 1) {
  struct Item {
    Batch batch;
    uint64_t seq = 0;
    bool last = false;
  };
  BoundedQueue<Item> read_q(8);
  // Prepared batches wait here until every earlier one has been stored.
  std::mutex mu;
  std::condition_variable changed;
  std::map<uint64_t, Item> done;
  uint64_t next = 0;  // the sequence number `store` wants
  bool closed = false;
  const uint64_t window = 8 + static_cast<uint64_t>(preparers);

  std::thread reader([&] {
    for (uint64_t seq = 0;; ++seq) {
      Item item;
      item.seq = seq;
      const bool more = read(&item.batch);
      item.last = !more;
      if (!read_q.Push(std::move(item)) || !more) return;
    }
  });
  std::vector<std::thread> workers;
  for (int w = 0; w < std::max(1, preparers); ++w) {
    workers.emplace_back([&] {
      Item item;
      while (read_q.Pop(&item)) {
        if (!prepare(&item.batch)) item.last = true;
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return closed || item.seq < next + window; });
        if (closed) return;
        done.emplace(item.seq, std::move(item));
        changed.notify_all();
      }
    });
  }
  while (true) {
    Item item;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return done.contains(next); });
      auto it = done.find(next);
      item = std::move(it->second);
      done.erase(it);
      ++next;
      changed.notify_all();
    }
    if (!store(item.batch) || item.last) break;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    closed = true;
    changed.notify_all();
  }
  read_q.Close();
  reader.join();
  for (std::thread& t : workers) t.join();
}

}  // namespace tmkit::internal

#endif  // TMKIT_FORMATS_PIPELINE_H_
