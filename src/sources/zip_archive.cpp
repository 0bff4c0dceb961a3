#include "sources/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "core/errors.hpp"
#include "core/parallel.hpp"

namespace th {

namespace {

std::string libzip_message(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string message = zip_error_strerror(&error);
  zip_error_fini(&error);
  return message;
}

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// "512 MiB" for whole mebibytes, else "65000 bytes".
std::string size_text(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) {
    return std::to_string(bytes >> 20) + " MiB";
  }
  return std::to_string(bytes) + " bytes";
}

}  // namespace

ZipArchive::ZipArchive(std::filesystem::path path, std::size_t max_handles)
    : path_(std::move(path)), max_handles_(max_handles > 0 ? max_handles : resolve_jobs(0)) {
  zip_t* first = open_handle();
  open_ = 1;
  const zip_int64_t count = zip_get_num_entries(first, 0);
  names_.reserve(static_cast<std::size_t>(std::max<zip_int64_t>(count, 0)));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(first, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    names_.emplace_back(name != nullptr ? name : "");
  }
  idle_.push_back(first);
}

ZipArchive::~ZipArchive() {
  // Every lease has ended (reads are synchronous), so every handle is idle.
  for (zip_t* handle : idle_) zip_discard(handle);
}

zip_t* ZipArchive::open_handle() const {
  int code = 0;
  zip_t* handle = zip_open(path_.c_str(), ZIP_RDONLY, &code);
  if (handle != nullptr) return handle;
  const std::string what = path_.string() + ": " + libzip_message(code);
  switch (code) {
    case ZIP_ER_NOZIP: throw UsageError(what + " (expected a Strava export folder or zip)");
    case ZIP_ER_INCONS:
    case ZIP_ER_MULTIDISK: throw ParseError(what);
    default: throw IoError(what);
  }
}

zip_t* ZipArchive::acquire() const {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      zip_t* handle = idle_.back();
      idle_.pop_back();
      return handle;
    }
    if (open_ < max_handles_) {
      ++open_;
      lock.unlock();  // opening reads the central directory: do it outside the lock
      try {
        return open_handle();
      } catch (...) {
        lock.lock();
        --open_;
        handle_returned_.notify_one();
        throw;
      }
    }
    handle_returned_.wait(lock);
  }
}

void ZipArchive::release(zip_t* handle) const {
  {
    const std::lock_guard lock(mutex_);
    idle_.push_back(handle);
  }
  handle_returned_.notify_one();
}

Bytes ZipArchive::read(std::size_t index, std::size_t cap) const {
  const std::string& name = names_.at(index);
  const std::string where = path_.string() + ": " + name;

  struct Lease {  // returns the handle to the pool however the read ends
    const ZipArchive* archive;
    zip_t* handle;
    ~Lease() { archive->release(handle); }
  };
  const Lease lease{this, acquire()};
  zip_t* const handle = lease.handle;
  const auto zindex = static_cast<zip_uint64_t>(index);

  // Handles opened later see the file as it is then: make sure it is still the same archive.
  const char* current = zip_get_name(handle, zindex, ZIP_FL_ENC_GUESS);
  if (current == nullptr || name != current) {
    throw IoError(path_.string() + ": the archive changed on disk while being read");
  }

  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(handle, zindex, 0, &stat) != 0) {
    throw IoError(where + ": " + zip_strerror(handle));
  }
  const bool size_known = (stat.valid & ZIP_STAT_SIZE) != 0;
  if (size_known && stat.size > cap) {
    throw IoError(where + ": " + std::to_string(stat.size) +
                  " bytes uncompressed, larger than the " + size_text(cap) +
                  " limit; refusing to read it");
  }
  const std::size_t limit = size_known ? static_cast<std::size_t>(stat.size) : cap;

  const std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(handle, zindex, 0));
  if (!file) throw IoError(where + ": " + zip_strerror(handle));

  // A declared size is only a claim. Believed when the entry's compressed size makes it
  // plausible (activity files and CSVs deflate 2–15x): the buffer then has its final size at
  // once. Otherwise grow with the data actually inflated, so a liar costs what it holds.
  constexpr std::size_t kFirstChunk = std::size_t{1} << 20;
  constexpr std::uint64_t kMaxTrustedRatio = 64;
  const bool plausible = size_known && (stat.valid & ZIP_STAT_COMP_SIZE) != 0 &&
                         stat.size / kMaxTrustedRatio <= stat.comp_size;
  Bytes out(plausible ? limit : std::min(limit, kFirstChunk));
  std::size_t have = 0;
  for (;;) {
    if (have == out.size()) {
      if (have == limit) {
        // Full: one more byte means the entry lies about its size (or exceeds the cap). This
        // read also lets libzip reach the end of the entry and check its CRC.
        std::uint8_t extra = 0;
        const zip_int64_t n = zip_fread(file.get(), &extra, 1);
        if (n < 0) throw IoError(where + ": " + zip_file_strerror(file.get()));
        if (n > 0) {
          throw IoError(where +
                        (size_known ? ": holds more data than its declared size"
                                    : ": larger than the " + size_text(cap) + " limit") +
                        "; refusing to read it");
        }
        break;
      }
      const std::size_t next = std::min(limit, std::max(have * 2, kFirstChunk));
      out.reserve(next);  // exactly: resize() alone may allocate past `limit`
      out.resize(next);
    }
    const zip_int64_t n = zip_fread(file.get(), out.data() + have, out.size() - have);
    if (n < 0) throw IoError(where + ": " + zip_file_strerror(file.get()));
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  if (size_known && have != limit) {
    throw IoError(where + ": ends after " + std::to_string(have) + " of its " +
                  std::to_string(limit) + " declared bytes");
  }
  out.resize(have);
  return out;
}

std::string ZipArchive::identity(std::size_t index) const {
  struct Lease {
    const ZipArchive* archive;
    zip_t* handle;
    ~Lease() { archive->release(handle); }
  };
  const Lease lease{this, acquire()};
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(lease.handle, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    throw IoError(path_.string() + ": " + zip_strerror(lease.handle));
  }
  return "zip:" + std::to_string(stat.size) + ":" + std::to_string(stat.crc) + ":" +
         std::to_string(static_cast<long long>(stat.mtime));
}

}  // namespace th
