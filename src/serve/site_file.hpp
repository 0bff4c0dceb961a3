#pragma once
// One static response's file, opened consistently with the site's publication (site_publish.hpp):
// under the site's shared publish lock, after any journal a killed build left was finished, so no
// response comes from a half-applied site. The lock is held only while the path is resolved and
// the file opened and stat'ed; the open descriptor keeps that version of the file (old or new)
// whatever the site does next, and the validators come from it, so they always match the bytes.

#include <cstddef>
#include <filesystem>
#include <string_view>

#include "core/bytes.hpp"
#include "serve/static_files.hpp"

namespace th::serve {

class OpenedSiteFile {
 public:
  OpenedSiteFile() = default;
  ~OpenedSiteFile();
  OpenedSiteFile(OpenedSiteFile&& other) noexcept;
  OpenedSiteFile& operator=(OpenedSiteFile&& other) noexcept;
  OpenedSiteFile(const OpenedSiteFile&) = delete;
  OpenedSiteFile& operator=(const OpenedSiteFile&) = delete;

  Resolution status = Resolution::NotFound;
  std::filesystem::path path;  // canonical, set when status == Ok
  FileValidators validators;   // set when status == Ok

  // The file's bytes (status Ok). IoError when reading fails.
  Bytes read() const;

 private:
  friend OpenedSiteFile open_site_file(const std::filesystem::path&, std::string_view);
  int fd_ = -1;
};

// resolve_site_path() under the publish lock, then open + fstat. NotFound also for a file that
// vanished between the two. IoError when a pending journal cannot be finished.
OpenedSiteFile open_site_file(const std::filesystem::path& site_root, std::string_view url_path);

}  // namespace th::serve
