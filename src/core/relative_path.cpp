#include "core/relative_path.hpp"

namespace th {

namespace {

bool portable_part(std::string_view part) {
  for (const char c : part) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view path, const RelativePathRules& rules,
                                              std::string* why) {
  const auto refuse = [why](const char* reason) -> std::optional<std::string> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  if (path.empty()) return refuse("empty path");
  if (path.find('\0') != std::string_view::npos) return refuse("path holds a NUL byte");
  if (path.front() == '/' || (rules.windows && path.front() == '\\')) {
    return refuse("absolute path");
  }
  if (rules.windows && path.size() >= 2 && path[1] == ':' &&
      ((path[0] >= 'a' && path[0] <= 'z') || (path[0] >= 'A' && path[0] <= 'Z'))) {
    return refuse("absolute path (drive letter)");
  }
  const char* separators = rules.windows ? "/\\" : "/";
  std::string out;
  std::size_t parts = 0;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find_first_of(separators, begin);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(begin, end - begin);
    begin = end + 1;
    if (part == "..") return refuse("path leaves its folder ('..')");
    if (part.empty()) {
      if (rules.skip_empty) continue;
      return refuse("path has an empty part");
    }
    if (part.front() == '.') {
      if (!rules.hidden) return refuse("path has a part starting with '.'");
      if (part == ".") continue;
    }
    if (part.find('\\') != std::string_view::npos) return refuse("path has a part holding '\\'");
    if (rules.portable && !portable_part(part)) {
      return refuse("path has a character outside [A-Za-z0-9._-]");
    }
    if (part.size() > rules.max_part_bytes) return refuse("path has a part that is too long");
    if (++parts > rules.max_parts) return refuse("path has too many parts");
    if (!out.empty()) out.push_back('/');
    out.append(part);
  }
  if (out.empty()) return refuse("path names no file");
  return out;
}

}  // namespace th
