#include "serve/admin_routes.hpp"

#include "admin/admin_api.hpp"
#include "admin/admin_page.hpp"
#include "serve/site_server.hpp"

namespace th::serve {
namespace {

void send(httplib::Response& res, const AdminResponse& r) {
  res.status = r.status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(r.body, r.content_type);
}

AdminRequest to_admin(const httplib::Request& req) {
  AdminRequest a;
  a.method = req.method;
  a.path = req.path;
  for (const auto& [k, v] : req.params) a.query.emplace(k, v);  // first value of a repeated key
  a.body = req.body;
  if (req.has_header(kTokenHeader)) a.token = req.get_header_value(kTokenHeader);
  return a;
}

}  // namespace

void mount_admin(SiteServer& server, AdminApi& api) {
  const std::string token = server.token();
  server.http().Get("/admin", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/admin/");
  });
  server.http().Get("/admin/.*", [token](const httplib::Request& req, httplib::Response& res) {
    send(res, admin_page_response(req.path, token));
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    res.set_header("Referrer-Policy", "no-referrer");
  });
  const auto handle = [&api](const httplib::Request& req, httplib::Response& res) {
    send(res, api.handle(to_admin(req)));
  };
  server.http().Get("/api/.*", handle);
  server.http().Post("/api/.*", handle);
}

}  // namespace th::serve
