#include "admin/admin_page.hpp"

#include <string>

#include "core/mime.hpp"

namespace th {

AdminResponse admin_page_response(std::string_view path, std::string_view token) {
  std::string_view name = path;
  if (name.starts_with("/")) name.remove_prefix(1);
  if (name == "admin" || name == "admin/") name = "admin/index.html";
  for (const EmbeddedAsset& a : admin_page_assets()) {
    if (a.path != name) continue;
    AdminResponse r;
    r.content_type = std::string(mime_type(a.path));
    const std::string_view bytes(reinterpret_cast<const char*>(a.data), a.size);
    r.body = name == "admin/index.html" ? admin_page_with_token(bytes, token) : std::string(bytes);
    return r;
  }
  AdminResponse r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "not found\n";
  return r;
}

bool loopback_host(std::string_view host) {
  std::string_view name = host;
  if (name.starts_with("[")) {
    const auto end = name.find(']');
    if (end == std::string_view::npos) return false;
    const std::string_view rest = name.substr(end + 1);
    if (!rest.empty() && !rest.starts_with(":")) return false;
    name = name.substr(1, end - 1);
    return name == "::1";
  }
  if (const auto colon = name.find(':'); colon != std::string_view::npos) {
    const std::string_view port = name.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    name = name.substr(0, colon);
  }
  return name == "127.0.0.1" || name == "localhost";
}

}  // namespace th
