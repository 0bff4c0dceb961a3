#pragma once
// Mounts the admin UI on a SiteServer: GET /admin/… (the embedded page, with the server's token)
// and GET/POST /api/… (AdminApi). The translation is all that lives here: what each route does
// is th_admin's (unit tested without a socket). Requests whose Host header is not a loopback
// name never get here: SiteServer refuses them (403) before routing, so a DNS-rebinding page
// cannot use them.
// Responses carry Cache-Control: no-store and nosniff; the page also a Content-Security-Policy
// that allows only its own scripts and styles and no framing.

namespace th {
class AdminApi;
}

namespace th::serve {

class SiteServer;

// `api` must outlive the server's run(). Call before run().
void mount_admin(SiteServer& server, AdminApi& api);

}  // namespace th::serve
