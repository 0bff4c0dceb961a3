#include "core/mime.hpp"

#include <array>
#include <utility>

#include "core/text.hpp"

namespace th {

std::string_view mime_type(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
  }};
  const std::size_t slash = file_name.rfind('/');
  const std::string_view base =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const std::size_t dot = base.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    const std::string_view ext = base.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (equals_ignoring_case(ext, e)) return type;
    }
  }
  if (base == "LICENSE") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace th
