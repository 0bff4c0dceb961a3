#pragma once
// The one table of Content-Types: what `serve` sends for a site file and the admin page for its
// embedded files.

#include <string_view>

namespace th {

// Content-Type for a file name or path, by the extension of its last part (ASCII case ignored;
// a name that only starts with '.' has none); "LICENSE" is plain text; anything else is
// application/octet-stream.
std::string_view mime_type(std::string_view file_name);

}  // namespace th
