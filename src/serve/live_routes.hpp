#pragma once
// Mounts the live map on a SiteServer: GET /live/…, /api/here, /api/track/… and /api/poster.png
// (LiveMap, live/live_map.hpp, unit tested without a socket; only the translation lives here).
// Mount it before the admin routes: those answer every other /api/ path. Like the admin routes
// these answer only loopback Host names (SiteServer's check before routing). Tiles carry their
// strong ETag and Cache-Control: no-cache (a browser revalidates, 304 when unchanged); JSON replies
// no-store.

namespace th::live {
class LiveMap;
}
namespace th::poster {
class PosterRoute;
}

namespace th::serve {

class SiteServer;

// `map` must outlive the server's run(). Call before run().
void mount_live(SiteServer& server, live::LiveMap& map);
// GET /api/poster.png (poster/poster_route.hpp), the viewer's "Save image"; before the admin
// routes too. `route` must outlive the server's run().
void mount_poster(SiteServer& server, poster::PosterRoute& route);

}  // namespace th::serve
