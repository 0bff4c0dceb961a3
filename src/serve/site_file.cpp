#include "serve/site_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/errors.hpp"
#include "site/site_publish.hpp"

namespace th::serve {

OpenedSiteFile::~OpenedSiteFile() {
  if (fd_ >= 0) ::close(fd_);
}

OpenedSiteFile::OpenedSiteFile(OpenedSiteFile&& other) noexcept
    : status(other.status),
      path(std::move(other.path)),
      validators(std::move(other.validators)),
      fd_(std::exchange(other.fd_, -1)) {}

OpenedSiteFile& OpenedSiteFile::operator=(OpenedSiteFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    status = other.status;
    path = std::move(other.path);
    validators = std::move(other.validators);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Bytes OpenedSiteFile::read() const {
  Bytes bytes(validators.size);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pread(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw IoError(path.string() + ": read failed: " + std::strerror(errno));
    if (n == 0) break;  // shortened since the fstat: serve what is there
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

OpenedSiteFile open_site_file(const std::filesystem::path& site_root, std::string_view url_path) {
  OpenedSiteFile file;
  const SiteReadLock reading(site_root);
  const ResolvedFile resolved = resolve_site_path(site_root, url_path);
  file.status = resolved.status;
  if (resolved.status != Resolution::Ok) return file;
  file.fd_ = ::open(resolved.path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (file.fd_ < 0 || ::fstat(file.fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    file.status = Resolution::NotFound;
    return file;
  }
  file.path = resolved.path;
  file.validators = file_validators(st);
  return file;
}

}  // namespace th::serve
