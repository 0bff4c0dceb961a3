#include "sources/export_path.hpp"

#include "core/relative_path.hpp"

namespace th {

std::optional<std::string> normalize_export_path(std::string_view path, std::string* why) {
  static constexpr RelativePathRules kExportPaths{.windows = true, .skip_empty = true};
  return safe_relative_path(path, kExportPaths, why);
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace th
