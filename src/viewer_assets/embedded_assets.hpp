#pragma once
// The viewer's files compiled into the binary: a table generated at build time by
// cmake/embed_files.cmake from viewer/src/ and Leaflet's dist files (viewer/node_modules), so
// `trackheat build` writes the page without npm or the source tree at run time.
//
// Invariants: paths are site-relative ("index.html", "assets/js/main.js"), unique, in the
// table's order; `data` points at `size` bytes that live for the whole program. Content-Types
// come from the one table, core/mime.hpp's mime_type(path).

#include <cstddef>
#include <span>
#include <string_view>

namespace th {

struct EmbeddedAsset {
  std::string_view path;
  const unsigned char* data;
  std::size_t size;
};

std::span<const EmbeddedAsset> embedded_assets();

}  // namespace th
