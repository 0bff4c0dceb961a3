#pragma once
// Mapping request paths to files of a built site, safely. Every request is hostile: a path may
// try to climb out of the site ("..", "%2e%2e" — httplib has decoded it by now — absolute paths,
// backslashes, NUL) or follow a symlink out of it; none of that reaches a file outside the site.
//
// Rules for a decoded URL path:
//   - it starts with '/'; empty segments are ignored ("//a" is "/a"); a trailing '/' means the
//     folder's index.html;
//   - a segment "." or "..", or one starting with '.' (the site's .trackheat/ bookkeeping,
//     dotfiles), or holding '\\' or NUL, is Forbidden; so is a path over 1024 bytes or a segment
//     over 255;
//   - the file's canonical path (symlinks resolved) must lie inside the site's canonical path,
//     else Forbidden; a missing file or one that is not a regular file is NotFound.

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/mime.hpp"  // mime_type(), for the files resolved here

namespace th::serve {

enum class Resolution { Ok, NotFound, Forbidden };

struct ResolvedFile {
  Resolution status = Resolution::NotFound;
  std::filesystem::path path;  // canonical, set when status == Ok
};

// `site_root` must be canonical (std::filesystem::canonical of the site folder).
ResolvedFile resolve_site_path(const std::filesystem::path& site_root, std::string_view url_path);

// Validators of one file version, from one stat(): the ETag changes when size, modification time
// or inode change (TileWriter replaces files by rename, so a rebuilt file has a new inode).
struct FileValidators {
  std::string etag;           // strong ETag, quoted: "\"<size>-<mtime ns>-<inode>\"" in hex
  std::string last_modified;  // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT"
  std::uintmax_t size = 0;
};
// Throws IoError when the file cannot be stat'ed.
FileValidators file_validators(const std::filesystem::path& file);
// The same from a stat() already made (of an open file: its validators match its bytes).
FileValidators file_validators(const struct stat& st);

// Whether a conditional GET may answer 304: If-None-Match lists the ETag (or is "*"); without
// If-None-Match, If-Modified-Since equals Last-Modified (what browsers send back).
bool not_modified(const FileValidators& v, std::string_view if_none_match,
                  std::string_view if_modified_since);

}  // namespace th::serve
