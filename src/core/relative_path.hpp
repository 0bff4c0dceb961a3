#pragma once
// The one check for relative paths that come from outside (zip entry names and CSV rows of an
// export, request paths, the site writer's files and journal lines): input, hence hostile, so a
// path is checked before it touches a disk.
//
// safe_relative_path() splits `path` at '/' and returns its parts joined by '/', or nullopt (with
// `why` set) when the path could name something outside the folder it is relative to, or breaks
// the caller's rules. Always refused, whatever the rules:
//   - an empty path, a NUL byte, an absolute path (leading '/'; with `windows` also a leading
//     '\' or a drive letter "C:");
//   - a ".." part;
//   - a path that names no file (no parts left once skipped parts are dropped).
// The rules (RelativePathRules) add the caller's limits; the defaults accept any other part.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace th {

struct RelativePathRules {
  // '\' separates parts like '/', and "C:" starts an absolute path (Windows-made names); else a
  // part holding '\' refuses the path.
  bool windows = false;
  // Empty parts ("a//b", "a/") are skipped; else they refuse the path.
  bool skip_empty = false;
  // Parts starting with '.' are allowed ("." parts are skipped); else every part starting with
  // '.' refuses the path (hidden files, ".", "..").
  bool hidden = true;
  // Parts only of [A-Za-z0-9._-].
  bool portable = false;
  std::size_t max_part_bytes = std::numeric_limits<std::size_t>::max();
  std::size_t max_parts = std::numeric_limits<std::size_t>::max();
};

std::optional<std::string> safe_relative_path(std::string_view path, const RelativePathRules& rules,
                                              std::string* why = nullptr);

}  // namespace th
