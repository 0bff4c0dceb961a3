#include "ingest/work_items.hpp"

#include <algorithm>
#include <cctype>

#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace th {

bool looks_like_activity_file(const std::filesystem::path& path) {
  std::string name = ascii_lower(path.filename().string());
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  return name.ends_with(".fit") || name.ends_with(".gpx") || name.ends_with(".tcx");
}

namespace {

std::string stem_of(const std::filesystem::path& p) {
  std::filesystem::path name = p.filename();
  if (name.extension() == ".gz") name = name.stem();
  return name.stem().string();
}

WorkItem file_item(const std::filesystem::path& path) {
  WorkItem item;
  item.source = Source::File;
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  item.source_id = ec ? path.string() : canonical.string();
  item.location = "file:" + item.source_id;
  item.file = path.string();
  item.display_path = path.string();
  item.fallback_name = stem_of(path);
  return item;
}

}  // namespace

std::vector<WorkItem> collect_work_items(const StravaExport* strava,
                                         const std::filesystem::path& strava_root,
                                         const std::vector<std::filesystem::path>& paths,
                                         std::vector<std::string>* skipped) {
  std::vector<WorkItem> items;
  if (strava != nullptr) {
    std::error_code ec;
    const auto canonical_root = std::filesystem::weakly_canonical(strava_root, ec);
    const std::string root_key = "strava:" + (ec ? strava_root : canonical_root).string() + "|";
    for (const StravaRow& row : strava->rows()) {
      WorkItem item;
      item.source = Source::Strava;
      item.source_id = row.activity_id;
      item.file = row.filename;
      item.in_export = !row.filename.empty();
      item.location = root_key + row.filename;
      std::string root = strava->describe();
      if (!root.empty() && root.back() == '/') root.pop_back();
      item.display_path = row.filename.empty() ? root + " (activity " + row.activity_id + ")"
                                               : root + "/" + row.filename;
      item.fallback_name = "Activity " + row.activity_id;
      item.row = row;
      items.push_back(std::move(item));
    }
  }
  std::vector<std::filesystem::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto status = std::filesystem::status(p, ec);
    if (ec || !std::filesystem::exists(status)) {
      throw UsageError(p.string() + ": no such file or folder");
    }
    if (std::filesystem::is_directory(status)) {
      for (auto it = std::filesystem::recursive_directory_iterator(
               p, std::filesystem::directory_options::skip_permission_denied, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::filesystem::file_type type = it->status(ec).type();
        if (type == std::filesystem::file_type::regular) {
          if (looks_like_activity_file(it->path())) files.push_back(it->path());
        } else if (type != std::filesystem::file_type::directory &&
                   type != std::filesystem::file_type::not_found && skipped != nullptr) {
          // A FIFO or a device would block or never end: say so instead of reading it.
          skipped->push_back("skipped " + it->path().string() + ": " + file_kind(type) +
                             ", not a regular file");
        }
        ec.clear();
      }
      if (ec) throw IoError(p.string() + ": cannot list folder: " + ec.message());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (const auto& f : files) items.push_back(file_item(f));
  return items;
}

std::vector<WorkItem> intervals_work_items(const std::map<std::string, IntervalsEntry>& index,
                                           const std::filesystem::path& dir) {
  std::vector<WorkItem> items;
  for (const auto& [id, e] : index) {
    if (e.state == IntervalsState::Stub) continue;
    WorkItem item;
    item.source = Source::Intervals;
    item.source_id = id;
    if (!e.file_name.empty()) {
      item.file = (dir / e.file_name).string();
      item.location = "intervals:" + item.file;
      item.display_path = item.file;
    } else {
      item.display_path = "intervals.icu activity " + id;
    }
    item.fallback_name = "Activity " + id;
    StravaRow row;
    row.activity_id = id;
    row.start_utc = e.start_utc;
    row.name = e.name;
    row.type = e.type;
    row.sport = sport_from_text(e.type);
    row.filename = e.file_name;
    row.distance_m = e.distance_m;
    row.elapsed_s = has(e.elapsed_s) ? e.elapsed_s : e.moving_s;
    row.moving_s = e.moving_s;
    row.elevation_gain_m = e.elevation_gain_m;
    item.row = std::move(row);
    if (e.state == IntervalsState::Deleted) item.flags |= kFlagDeleted;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace th
