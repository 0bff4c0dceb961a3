#include "sources/export_path.hpp"

namespace th {

std::optional<std::string> normalize_export_path(std::string_view path, std::string* why) {
  const auto refuse = [why](const char* reason) -> std::optional<std::string> {
    if (why != nullptr) *why = reason;
    return std::nullopt;
  };
  if (path.empty()) return refuse("empty path");
  if (path.find('\0') != std::string_view::npos) return refuse("path holds a NUL byte");
  if (path.front() == '/' || path.front() == '\\') return refuse("absolute path");
  if (path.size() >= 2 && path[1] == ':' &&
      ((path[0] >= 'a' && path[0] <= 'z') || (path[0] >= 'A' && path[0] <= 'Z'))) {
    return refuse("absolute path (drive letter)");
  }
  std::string out;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find_first_of("/\\", begin);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(begin, end - begin);
    if (part == "..") return refuse("path leaves the export ('..')");
    if (!part.empty() && part != ".") {
      if (!out.empty()) out.push_back('/');
      out.append(part);
    }
    begin = end + 1;
  }
  if (out.empty()) return refuse("path names no file");
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace th
