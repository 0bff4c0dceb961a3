#include "core/bytes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "core/errors.hpp"

namespace th {

Bytes read_file(const std::filesystem::path& path, std::size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string() + ": cannot open: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::streamoff>(in.tellg());
  if (size < 0) throw IoError(path.string() + ": cannot read size");
  if (static_cast<std::size_t>(size) > cap) {
    throw IoError(path.string() + ": file is larger than the " + std::to_string(cap) +
                  "-byte limit, refusing to read it");
  }
  in.seekg(0);
  Bytes bytes(static_cast<std::size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
    throw IoError(path.string() + ": read failed");
  }
  return bytes;
}

std::optional<std::string> file_identity(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  const long long mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL +
                             st.st_mtim.tv_nsec;
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
