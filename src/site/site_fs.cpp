#include "site/site_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/errors.hpp"

namespace th::site_fs {

namespace {

[[noreturn]] void fail(const std::string& path, const char* what, int err) {
  throw IoError(path + ": " + what + ": " + std::strerror(err));
}

// Closes a descriptor on every path out of a scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports close()'s error (NFS and full disks can report write errors here).
  int close_now() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

}  // namespace

void write_new_file(const std::string& path, ByteView data) {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  int fd = ::open(path.c_str(), kFlags, 0644);
  if (fd < 0 && errno == ENOENT) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) throw IoError(path + ": cannot create its folder: " + ec.message());
    fd = ::open(path.c_str(), kFlags, 0644);
  }
  if (fd < 0) fail(path, "cannot create", errno);
  Fd file(fd);
  const std::uint8_t* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t n = ::write(file.get(), p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write failed", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (file.close_now() != 0) fail(path, "write failed", errno);
}

bool link_new_file(const std::string& existing, const std::string& path) {
  int status = ::link(existing.c_str(), path.c_str());
  if (status != 0 && errno == ENOENT) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) throw IoError(path + ": cannot create its folder: " + ec.message());
    status = ::link(existing.c_str(), path.c_str());
  }
  if (status == 0) return true;
  if (errno == EMLINK || errno == EPERM || errno == EXDEV || errno == ENOTSUP ||
      errno == EOPNOTSUPP) {
    return false;
  }
  fail(path, "cannot create", errno);
}

bool file_has_content(const std::string& path, ByteView data) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  if (static_cast<std::uint64_t>(st.st_size) != data.size()) return false;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  Fd file(fd);
  std::uint8_t buffer[16384];
  std::size_t pos = 0;
  for (;;) {
    const ssize_t n = ::read(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    const auto got = static_cast<std::size_t>(n);
    if (got > data.size() - pos || std::memcmp(buffer, data.data() + pos, got) != 0) return false;
    pos += got;
  }
  return pos == data.size();
}

std::vector<std::string> list_names(const std::filesystem::path& dir, bool dirs_only) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT || errno == ENOTDIR) return names;
    fail(dir.string(), "cannot list", errno);
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (dirs_only) {
      bool is_dir = e->d_type == DT_DIR;
      if (e->d_type == DT_UNKNOWN) is_dir = site_fs::is_directory(dir / std::string(name));
      if (!is_dir) continue;
    }
    names.emplace_back(name);
  }
  ::closedir(d);
  return names;
}

bool is_directory(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists(const std::filesystem::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void rename_path(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    throw IoError(to.string() + ": cannot move " + from.string() +
                  " here: " + std::strerror(errno));
  }
}

void link_or_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
  int rc = ::link(from.c_str(), to.c_str());
  if (rc != 0 && errno == ENOENT) {
    std::error_code ec;
    std::filesystem::create_directories(to.parent_path(), ec);
    rc = ::link(from.c_str(), to.c_str());
  }
  if (rc == 0) return;
  if (errno != EPERM && errno != EXDEV && errno != EMLINK && errno != ENOTSUP) {
    throw IoError(to.string() + ": cannot link " + from.string() +
                  " here: " + std::strerror(errno));
  }
  write_new_file(to.string(), read_file(from));
}

void remove_file_if_exists(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail(path.string(), "cannot delete", errno);
}

void remove_tree_if_exists(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw IoError(path.string() + ": cannot delete: " + ec.message());
  }
}

void remove_dir_if_empty(const std::filesystem::path& path) {
  ::rmdir(path.c_str());
}

void sync_file_system(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(path.string(), "cannot open to sync", errno);
  Fd dir(fd);
  if (::syncfs(dir.get()) != 0) fail(path.string(), "cannot sync to disk", errno);
}

FileLock::FileLock(const std::filesystem::path& file, const std::string& what) {
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(file.string(), "cannot create lock file", errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) {
      throw IoError(what + " is being written by another trackheat process (lock " + file.string() +
                    ")");
    }
    fail(file.string(), "cannot lock", err);
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

LockFile::LockFile(const std::filesystem::path& file) : path_(file.string()) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);  // a read-only folder
  if (fd_ < 0) fail(path_, "cannot open lock file", errno);
}

LockFile::~LockFile() {
  ::close(fd_);
}

void LockFile::lock(int operation) {
  while (::flock(fd_, operation) != 0) {
    if (errno != EINTR) fail(path_, "cannot lock", errno);
  }
}

void LockFile::lock_shared() {
  lock(LOCK_SH);
}
void LockFile::lock_exclusive() {
  lock(LOCK_EX);
}
void LockFile::unlock() {
  lock(LOCK_UN);
}

}  // namespace th::site_fs
