// The zip reader (libzip through ZipArchive) on arbitrary bytes: the archive is opened and every
// entry read under a small cap. ZipArchive reads a path, so the input goes into an anonymous
// in-memory file (memfd) opened through /proc/self/fd. Only th::Error may escape.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/errors.hpp"
#include "sources/zip_archive.hpp"

namespace {

// One memfd for the whole run, rewritten for each input.
int input_file() {
  static const int fd = memfd_create("zip_fuzzer", 0);
  if (fd < 0) std::abort();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = input_file();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::abort();
  }
  constexpr std::size_t kCap = std::size_t{1} << 20;
  try {
    const th::ZipArchive archive("/proc/self/fd/" + std::to_string(fd), 1);
    for (std::size_t i = 0; i < archive.names().size(); ++i) {
      try {
        archive.identity(i);
        if (archive.read(i, kCap).size() > kCap) std::abort();
      } catch (const th::Error&) {
      }
    }
  } catch (const th::Error&) {
  }
  return 0;
}
