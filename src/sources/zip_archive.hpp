#pragma once
// A zip archive read in place with libzip (internal to th_sources; StravaExport uses it).
//
// Thread-safety: libzip handles (zip_t) are not thread-safe, so the archive keeps a small pool
// of handles, each opened on the same file; a read borrows one for its duration. Readers thus
// inflate entries in parallel instead of queueing on one mutex (see read()).

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "core/bytes.hpp"

struct zip;  // libzip's zip_t

namespace th {

class ZipArchive {
 public:
  // Opens `path` and lists its entries. Throws UsageError when the file is not a zip archive,
  // ParseError when it is one but inconsistent, IoError when it cannot be read.
  // `max_handles` bounds the libzip handles opened at once (0: one per hardware thread); with 1
  // every read is serialised.
  explicit ZipArchive(std::filesystem::path path, std::size_t max_handles = 0);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Entry names in archive order, as libzip reports them (UTF-8; directories end with '/').
  const std::vector<std::string>& names() const { return names_; }

  // Reads entry `index` (into names()) whole. Refuses (IoError) an entry whose declared
  // uncompressed size exceeds `cap`, and stops reading — with an IoError — as soon as the data
  // runs past its declared size or past `cap`, whichever is smaller: a zip bomb may lie about
  // its size. Memory grows with the data actually read, not with the declared size. Also throws
  // IoError on a CRC mismatch, an unsupported method or encryption. Thread-safe.
  Bytes read(std::size_t index, std::size_t cap) const;

  // A cheap fingerprint of entry `index` from the central directory (uncompressed size, CRC-32,
  // modification time), without inflating it. Thread-safe.
  std::string identity(std::size_t index) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  zip* open_handle() const;
  zip* acquire() const;
  void release(zip* handle) const;

  std::filesystem::path path_;
  std::vector<std::string> names_;
  std::size_t max_handles_;
  mutable std::mutex mutex_;
  mutable std::condition_variable handle_returned_;
  mutable std::vector<zip*> idle_;  // guarded by mutex_
  mutable std::size_t open_ = 0;    // handles alive, idle or lent; guarded by mutex_
};

}  // namespace th
