#include "poster/poster_route.hpp"

#include "live/live_index.hpp"
#include "poster/poster.hpp"

namespace th::poster {

namespace {

live::LiveResponse text_reply(int status, std::string body) {
  live::LiveResponse r;
  r.status = status;
  r.body = std::move(body) + "\n";
  return r;
}

}  // namespace

live::LiveResponse PosterRoute::handle(const live::LiveRequest& request) {
  try {
    if (!routes(request.path)) return text_reply(404, "not found");
    const PosterRequest wanted = parse_poster_request(request.query, kMaxServedSide);
    if (std::int64_t{wanted.width} * wanted.height > kMaxServedPixels) {
      throw live::BadRequest("size: at most " + std::to_string(kMaxServedPixels) +
                             " pixels are drawn here (trackheat poster draws larger)");
    }
    const std::shared_ptr<const live::LiveIndex> index = map_.index();
    if (!index) return map_.unavailable();
    const PosterView view = resolve_view(wanted, index->min_zoom(), index->max_zoom());
    const std::lock_guard lock(drawing_);
    const Poster made =
        make_poster(*index, map_.options().cache_dir, wanted, view, map_.options().jobs, nullptr);
    live::LiveResponse r;
    r.content_type = "image/png";
    r.body.assign(made.png.begin(), made.png.end());
    return r;
  } catch (const live::BadRequest& e) {
    return text_reply(400, e.what());
  } catch (const std::exception& e) {
    return text_reply(500, std::string("poster: ") + e.what());
  }
}

}  // namespace th::poster
