#pragma once
// Keys of keyed base-map providers, for the viewer's base-map picker (viewer/src/js/basemaps.js
// lists a keyed provider only when its key is here).
//
// Read from the environment, else from `.env` in the working directory (the real environment
// wins, as for every trackheat setting):
//   TRACKHEAT_STADIA_API_KEY         Stadia Maps (Alidade Smooth Dark)
//   TRACKHEAT_THUNDERFOREST_API_KEY  Thunderforest (Outdoors)
// A key must be 4 to 200 characters of [A-Za-z0-9_.-]; anything else is ignored (it would be
// pasted into a tile URL). Keys end up in site/data/basemaps.js in plain text: a browser must
// send them with each tile request, so they are never secret from whoever opens the site.

#include <filesystem>
#include <map>
#include <string>

namespace th {

// provider name ("stadia", "thunderforest") -> key, only for configured, valid keys.
// `dotenv` is the .env file to fall back to (missing or unreadable: no fallback).
std::map<std::string, std::string> basemap_keys(const std::filesystem::path& dotenv = ".env");

// data/basemaps.js: window.TRACKHEAT_BASEMAP_KEYS = {"stadia":"..."};
std::string basemaps_js(const std::map<std::string, std::string>& keys);

}  // namespace th
