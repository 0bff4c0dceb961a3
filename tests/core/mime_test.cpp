#include "core/mime.hpp"

#include <gtest/gtest.h>

namespace th {
namespace {

TEST(Mime, ByTheLastPartsExtensionIgnoringCase) {
  EXPECT_EQ(mime_type("admin/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("assets/js/MAIN.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("admin/admin.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("assets/leaflet/images/marker-icon.png"), "image/png");
  EXPECT_EQ(mime_type("a.b/noext"),
            "application/octet-stream");  // a dot in a folder is no extension
  EXPECT_EQ(mime_type("assets/.css"), "application/octet-stream");
}

TEST(Mime, LicenseFilesArePlainText) {
  EXPECT_EQ(mime_type("assets/leaflet/LICENSE"), "text/plain; charset=utf-8");
  EXPECT_EQ(mime_type("LICENSE"), "text/plain; charset=utf-8");
  EXPECT_EQ(mime_type("LICENSE.md"), "application/octet-stream");
}

}  // namespace
}  // namespace th
