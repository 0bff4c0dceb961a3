#include "sources/export_path.hpp"

#include "core/relative_path.hpp"

namespace th {

std::optional<std::string> normalize_export_path(std::string_view path, std::string* why) {
  static constexpr RelativePathRules kExportPaths{.windows = true, .skip_empty = true};
  return safe_relative_path(path, kExportPaths, why);
}

}  // namespace th
