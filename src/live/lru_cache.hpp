#pragma once
// A least-recently-used cache bounded by the bytes its values hold. Thread-safe.
//
//   LruCache<std::string, Bytes> pngs(64 << 20);
//   pngs.put(key, value, value.size());
//   if (auto hit = pngs.get(key)) ...

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace th::live {

template <class Key, class Value>
class LruCache {
 public:
  explicit LruCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The value, which becomes the most recently used.
  std::optional<Value> get(const Key& key) {
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->value;
  }

  // Adds or replaces; drops the least recently used entries beyond the bound. A value larger
  // than the whole bound is not kept.
  void put(const Key& key, Value value, std::size_t bytes) {
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
      bytes_ -= it->second->bytes;
      entries_.erase(it->second);
      index_.erase(it);
    }
    if (bytes > max_bytes_) return;
    entries_.push_front(Entry{key, std::move(value), bytes});
    index_.emplace(key, entries_.begin());
    bytes_ += bytes;
    while (bytes_ > max_bytes_) {
      const Entry& last = entries_.back();
      bytes_ -= last.bytes;
      index_.erase(last.key);
      entries_.pop_back();
    }
  }

  void clear() {
    const std::lock_guard lock(mutex_);
    entries_.clear();
    index_.clear();
    bytes_ = 0;
  }

  std::size_t bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
  }

 private:
  struct Entry {
    Key key;
    Value value;
    std::size_t bytes;
  };
  mutable std::mutex mutex_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator> index_;
};

}  // namespace th::live
