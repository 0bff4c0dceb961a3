#pragma once
// Relative paths inside an export (internal to th_sources). The paths come from activities.csv
// and zip entry names — input, hence hostile — so they are checked before they touch a disk.

#include <optional>
#include <string>
#include <string_view>

namespace th {

// `path` as '/'-joined components, without empty and "." components; '\' counts as a
// separator too. nullopt (with `why` set) when the path is empty, absolute ("/x", "\x", "C:x"),
// holds a NUL byte or a ".." component: such a path could name a file outside the export.
// (core/relative_path.hpp's safe_relative_path() with `windows` and `skip_empty`.)
std::optional<std::string> normalize_export_path(std::string_view path, std::string* why = nullptr);

}  // namespace th
