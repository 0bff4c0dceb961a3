#pragma once
// The admin page's own files (viewer/admin/), compiled into the binary at build time like the
// viewer's (cmake/embed_files.cmake), and served only by `trackheat serve`, never written into
// the site: index.html carries the per-run token, which must not sit in a folder on disk.

#include <span>
#include <string_view>

#include "admin/admin_api.hpp"
#include "viewer_assets/embedded_assets.hpp"

namespace th {

// The embedded page: "admin/index.html", "admin/admin.js", "admin/admin.css".
std::span<const EmbeddedAsset> admin_page_assets();

// GET of `path` under /admin/: "/admin/" is index.html with `token` in place; other files by
// name; 404 for anything else. Responses are never cached (the token changes every run).
AdminResponse admin_page_response(std::string_view path, std::string_view token);

// True when a request's Host header names this machine's loopback (127.0.0.1, localhost, [::1],
// with or without a port). The admin routes refuse other names: a web page that rebinds its own
// host name to 127.0.0.1 must not read the token or the data.
bool loopback_host(std::string_view host_header);

}  // namespace th
