#pragma once
// The commit journal of a site build, and its replay.
//
// A build stages every changed file under site/.trackheat/staging/site/, mirroring the live
// site's layout (staged tiles/<layer>/<z>/<x>/<y>.png, manifest.json, data/activities.js,
// .trackheat/tile-index). Writing the journal (atomically: temporary file, then rename) is the
// commit point: from then on the build is applied, by this process or, after a crash, by whoever
// comes next (site_publish.hpp: the next TileWriter, `trackheat serve`, the next build's
// up-to-date check), in this order:
//   1. data/manifest.js, the page's first script, is replaced by kSiteUpdatingScript (staged as
//      staging/updating.js when the build changes anything a page shows);
//   2. the listed folders (layers or zooms no longer built) and tiles (became empty) are deleted;
//   3. every staged file is moved to the same place in the live site: tiles/ first, then the
//      rest (activities.js, tiles.js, basemaps.js, the page and its assets, manifest.json, the
//      index);
//   4. the new data/manifest.js is moved into place, the very last step.
// Moves are renames inside one file system. A staged folder whose live counterpart does not exist
// yet is moved whole (one rename for a new zoom or a whole first build). Every step is idempotent
// (a moved file is no longer staged; deleting what is gone is a no-op), so a replay interrupted at
// any point is simply replayed again.
//
// Why this order. Readers that take the site's publish lock (`trackheat serve`) never see an
// apply in progress. A browser opening site/index.html from disk cannot take a lock, nor replay a
// journal; it loads data/manifest.js, activities.js, tiles.js and basemaps.js (in parallel, run in
// that order), then the viewer, then tiles as the map needs them. Between steps 1 and 4,
// data/manifest.js is the marker, and the viewer shows "being updated" instead of a map; a build
// killed in between leaves the marker until the journal is finished. A page can still have read
// the old manifest just before step 1 and a new tiles.js just after step 3 (an incremental
// apply takes milliseconds), and no order of renames prevents that: after its data scripts ran,
// the viewer loads data/manifest.js once more and shows the notice unless it is the very manifest
// it started with. Data files change only while data/manifest.js is the marker, so two equal
// reads of a manifest (not the marker) bracket data scripts of one build; the manifest itself
// differs between any two builds that differ (its fingerprint names the inputs, its build time
// the second). Tiles a page loads later, while panning, may come from the next build; a reload
// shows the new map (served tiles revalidate). manifest.json follows the same order for tools
// and the next build's up-to-date check, which read it only with no journal pending.
// Journal text, version 1 (paths relative to the site, '/'-separated):
//   trackheat-site-journal 1
//   rmtree tiles/<layer>[/<z>]
//   rm tiles/<layer>/<z>/<x>/<y>.png
//   end <16 hex digits: tile_content_hash of every byte before this line>
// The journal is read back from disk, so it is hostile input: a path that is not a plain
// relative path under tiles/ (no "..", no hidden or empty parts) makes the whole journal invalid.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace th {

// What a page loads first, and what it says while a journal is applied.
inline constexpr std::string_view kSiteFrontFile = "data/manifest.js";
inline constexpr std::string_view kSiteUpdatingScript = "window.TRACKHEAT_SITE_UPDATING = true;\n";

struct SiteJournal {
  std::vector<std::string> remove_trees;  // folders under tiles/
  std::vector<std::string> remove_tiles;  // tile files under tiles/
};

std::string encode_site_journal(const SiteJournal& journal);

// nullopt when the text is incomplete, corrupt, of another version, or names an unsafe path.
std::optional<SiteJournal> decode_site_journal(std::string_view text);

// A relative, '/'-separated path of 1 to `max_parts` parts of [A-Za-z0-9._-] (at most 255
// characters each), none empty or starting with '.': nothing can climb out of the site or land
// in its hidden .trackheat folder (core/relative_path.hpp's safe_relative_path() with these rules).
bool safe_site_path(std::string_view path, int max_parts = 8);

// A safe_site_path() of 2 to 5 parts whose first part is "tiles".
bool safe_journal_path(std::string_view path);

// Applies `journal` to `site`, moving the files staged under `staging` (staging/site/ and
// staging/updating.js, which may be missing or partly moved already). `after_step`, when set,
// runs after every deletion and every rename (tests use it to interrupt the commit at each step).
// Throws IoError when a step fails.
void apply_site_journal(const std::filesystem::path& site, const std::filesystem::path& staging,
                        const SiteJournal& journal, const std::function<void()>& after_step);

// staging/updating.js: the marker moved over data/manifest.js as the apply's first step.
std::filesystem::path staged_updating_marker(const std::filesystem::path& staging);

}  // namespace th
