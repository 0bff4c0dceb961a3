#include "core/bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "core/errors.hpp"

namespace th {

const char* file_kind(std::filesystem::file_type type) {
  using std::filesystem::file_type;
  switch (type) {
    case file_type::directory: return "a directory";
    case file_type::fifo: return "a FIFO (named pipe)";
    case file_type::character: return "a character device";
    case file_type::block: return "a block device";
    case file_type::socket: return "a socket";
    default: return "an unknown kind of file";
  }
}

namespace {

std::filesystem::file_type type_of(mode_t mode) {
  using std::filesystem::file_type;
  if (S_ISREG(mode)) return file_type::regular;
  if (S_ISDIR(mode)) return file_type::directory;
  if (S_ISFIFO(mode)) return file_type::fifo;
  if (S_ISCHR(mode)) return file_type::character;
  if (S_ISBLK(mode)) return file_type::block;
  if (S_ISSOCK(mode)) return file_type::socket;
  return file_type::unknown;
}

void require_regular(const std::filesystem::path& path, mode_t mode) {
  if (!S_ISREG(mode)) {
    throw IoError(path.string() + ": is " + file_kind(type_of(mode)) +
                  ", not a regular file; refusing to read it");
  }
}

class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

}  // namespace

Bytes read_file(const std::filesystem::path& path, std::size_t cap) {
  // A FIFO would block open() until a writer comes, /dev/zero would never end: only regular
  // files are opened. stat() first, so a device is never opened at all; O_NONBLOCK and fstat()
  // on the descriptor, so a file swapped for a FIFO in between cannot block either.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw IoError(path.string() + ": cannot open: " + std::strerror(errno));
  }
  require_regular(path, st.st_mode);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw IoError(path.string() + ": cannot open: " + std::strerror(errno));
  const FdCloser closer(fd);
  if (::fstat(fd, &st) != 0)
    throw IoError(path.string() + ": cannot stat: " + std::strerror(errno));
  require_regular(path, st.st_mode);
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > cap) {
    throw IoError(path.string() + ": file is larger than the " + std::to_string(cap) +
                  "-byte limit, refusing to read it");
  }
  Bytes bytes(size);
  std::size_t have = 0;
  while (have < size) {
    const ssize_t n = ::read(fd, bytes.data() + have, size - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(path.string() + ": read failed: " + std::strerror(errno));
    }
    if (n == 0) throw IoError(path.string() + ": read failed: the file shrank while being read");
    have += static_cast<std::size_t>(n);
  }
  return bytes;
}

std::optional<std::string> file_identity(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const long long mtime_ns =
      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  return "file:" + std::to_string(st.st_size) + ":" + std::to_string(mtime_ns) + ":" +
         std::to_string(st.st_ino);
}

namespace {

void write_all(int fd, const std::uint8_t* data, std::size_t size, const std::string& name) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(name + ": write failed: " + std::strerror(errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, ByteView data, Durability durability) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto tmp = path;
  tmp += ".tmp-" + std::to_string(rng() & 0xffffffffu);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(path.string() + ": cannot create: " + std::strerror(errno));
  try {
    write_all(fd, data.data(), data.size(), path.string());
    if (durability == Durability::Sync && ::fsync(fd) != 0) {
      throw IoError(path.string() + ": fsync failed: " + std::strerror(errno));
    }
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw IoError(path.string() + ": cannot replace: " + std::strerror(err));
  }
}

void write_file_atomic(const std::filesystem::path& path, std::string_view text,
                       Durability durability) {
  write_file_atomic(path, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                    durability);
}

}  // namespace th
