#pragma once
// The commit journal of a site build, and its replay.
//
// A build stages every changed file under site/.trackheat/staging/site/, mirroring the live
// site's layout (staged tiles/<layer>/<z>/<x>/<y>.png, manifest.json, data/activities.js,
// .trackheat/tile-index). Writing the journal (atomically: temporary file, then rename) is the
// commit point: from then on the build is applied, by this process or, after a crash, by the next
// TileWriter, as
//   1. delete the listed folders (layers or zooms no longer built) and tiles (became empty),
//   2. move every staged file to the same place in the live site: tiles/ first, then the rest
//      (manifest, data, index), so the viewer's scripts change after the tiles they describe.
// Moves are renames inside one file system. A staged folder whose live counterpart does not exist
// yet is moved whole (one rename for a new zoom or a whole first build). Every step is idempotent
// (a moved file is no longer staged; deleting what is gone is a no-op), so a replay interrupted at
// any point is simply replayed again.
//
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

struct SiteJournal {
  std::vector<std::string> remove_trees;  // folders under tiles/
  std::vector<std::string> remove_tiles;  // tile files under tiles/
};

std::string encode_site_journal(const SiteJournal& journal);

// nullopt when the text is incomplete, corrupt, of another version, or names an unsafe path.
std::optional<SiteJournal> decode_site_journal(std::string_view text);

// A relative, '/'-separated path of 1 to `max_parts` parts of [A-Za-z0-9._-] (at most 255
// characters each), none empty or starting with '.': nothing can climb out of the site or land
// in its hidden .trackheat folder.
bool safe_site_path(std::string_view path, int max_parts = 8);

// A safe_site_path() of 2 to 5 parts whose first part is "tiles".
bool safe_journal_path(std::string_view path);

// Applies `journal` to `site`, moving the files staged under `staged_site` (which may be missing
// or partly moved already). `after_step`, when set, runs after every deletion and every rename
// (tests use it to interrupt the commit at each step). Throws IoError when a step fails.
void apply_site_journal(const std::filesystem::path& site, const std::filesystem::path& staged_site,
                        const SiteJournal& journal, const std::function<void()>& after_step);

}  // namespace th
