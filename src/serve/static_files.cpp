#include "serve/static_files.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

#include "core/errors.hpp"
#include "core/relative_path.hpp"
#include "core/text.hpp"

namespace th::serve {

namespace {

constexpr std::size_t kMaxPathBytes = 1024;
constexpr std::size_t kMaxSegmentBytes = 255;

bool inside(const std::filesystem::path& root, const std::filesystem::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *r != *q) return false;
  }
  return true;
}

}  // namespace

ResolvedFile resolve_site_path(const std::filesystem::path& site_root, std::string_view url_path) {
  ResolvedFile out;
  if (url_path.empty() || url_path.front() != '/' || url_path.size() > kMaxPathBytes) {
    out.status = Resolution::Forbidden;
    return out;
  }
  static constexpr RelativePathRules kUrlPaths{
      .skip_empty = true, .hidden = false, .max_part_bytes = kMaxSegmentBytes};
  std::filesystem::path relative;
  const std::string_view rest =
      url_path.substr(std::min(url_path.find_first_not_of('/'), url_path.size()));
  if (!rest.empty()) {
    const std::optional<std::string> safe = safe_relative_path(rest, kUrlPaths);
    if (!safe) {
      out.status = Resolution::Forbidden;
      return out;
    }
    relative = *safe;
  }
  if (url_path.back() == '/') relative /= "index.html";

  std::error_code ec;
  const std::filesystem::path candidate = site_root / relative;
  const std::filesystem::path real = std::filesystem::canonical(candidate, ec);
  if (ec) return out;  // missing (or a dangling link): NotFound
  if (!inside(site_root, real)) {
    out.status = Resolution::Forbidden;
    return out;
  }
  if (!std::filesystem::is_regular_file(real, ec)) return out;
  out.status = Resolution::Ok;
  out.path = real;
  return out;
}

FileValidators file_validators(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) throw IoError("cannot stat " + file.string());
  return file_validators(st);
}

FileValidators file_validators(const struct stat& st) {
  FileValidators v;
  v.size = static_cast<std::uintmax_t>(st.st_size);
  const auto mtime_ns = static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                        static_cast<unsigned long long>(st.st_mtim.tv_nsec);
  char buf[96];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx-%llx\"", static_cast<unsigned long long>(v.size),
                mtime_ns, static_cast<unsigned long long>(st.st_ino));
  v.etag = buf;
  std::tm tm{};
  const std::time_t t = st.st_mtim.tv_sec;
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  v.last_modified = buf;
  return v;
}

bool not_modified(const FileValidators& v, std::string_view if_none_match,
                  std::string_view if_modified_since) {
  if (!if_none_match.empty()) {
    if (if_none_match == "*") return true;
    // A comma-separated list of (possibly weak) tags.
    std::size_t i = 0;
    while (i < if_none_match.size()) {
      std::size_t end = if_none_match.find(',', i);
      if (end == std::string_view::npos) end = if_none_match.size();
      std::string_view tag = trim(if_none_match.substr(i, end - i), " ");
      if (tag.starts_with("W/")) tag.remove_prefix(2);
      if (tag == v.etag) return true;
      i = end + 1;
    }
    return false;
  }
  return !if_modified_since.empty() && if_modified_since == v.last_modified;
}

}  // namespace th::serve
