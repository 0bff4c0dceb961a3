#include "serve/live_routes.hpp"

#include "live/live_map.hpp"
#include "poster/poster_route.hpp"
#include "serve/site_server.hpp"

namespace th::serve {

namespace {

live::LiveRequest live_request(const httplib::Request& req) {
  live::LiveRequest r;
  r.path = req.path;
  for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
  r.if_none_match = req.get_header_value("If-None-Match");
  return r;
}

void reply(const live::LiveResponse& out, httplib::Response& res) {
  res.status = out.status;
  res.set_header("X-Content-Type-Options", "nosniff");
  if (!out.etag.empty()) {
    res.set_header("ETag", out.etag);
    res.set_header("Cache-Control", "no-cache");
  } else {
    res.set_header("Cache-Control", "no-store");
  }
  if (out.retry_after > 0) res.set_header("Retry-After", std::to_string(out.retry_after));
  if (!out.content_type.empty()) res.set_content(out.body, out.content_type);
}

}  // namespace

void mount_live(SiteServer& server, live::LiveMap& map) {
  const auto handle = [&map](const httplib::Request& req, httplib::Response& res) {
    reply(map.handle(live_request(req)), res);
  };
  server.http().Get("/live/.*", handle);
  server.http().Get("/api/here", handle);
  server.http().Get("/api/track/.*", handle);
}

void mount_poster(SiteServer& server, poster::PosterRoute& route) {
  server.http().Get("/api/poster.png",
                    [&route](const httplib::Request& req, httplib::Response& res) {
                      reply(route.handle(live_request(req)), res);
                    });
}

}  // namespace th::serve
