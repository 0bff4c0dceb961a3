// StravaExport: the export as a read-only view over a folder or a zip read in place.

#include "sources/strava_export.hpp"

#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "sources/export_path.hpp"
#include "sources/zip_archive.hpp"

namespace th {

namespace fs = std::filesystem;

namespace {

// Where the export's files are: a folder or a zip.
class ExportFiles {
 public:
  ExportFiles() = default;
  ExportFiles(const ExportFiles&) = delete;
  ExportFiles& operator=(const ExportFiles&) = delete;
  virtual ~ExportFiles() = default;

  // Reads the file at `path`, already normalised (normalize_export_path), relative to the folder
  // that holds activities.csv. Thread-safe.
  virtual Bytes read_normalized(const std::string& path, std::size_t cap) const = 0;
  // A cheap fingerprint of the file without reading it; nullopt when it cannot be had.
  virtual std::optional<std::string> identity_normalized(const std::string& path) const = 0;
};

constexpr std::string_view kCsvName = "activities.csv";

// Picks activities.csv among `paths` (normalised, relative to the root): at the top level, or
// inside exactly one top folder; exact case first, then any case. Returns its path, nullopt if
// there is none; throws ParseError when several are equally good (which export is meant?).
std::optional<std::string> choose_csv(const std::vector<std::string>& paths,
                                      const std::string& where) {
  for (const bool exact_case : {true, false}) {
    std::vector<std::string> top, nested;
    for (const auto& p : paths) {
      const std::size_t slash = p.find('/');
      const std::string_view base =
          slash == std::string::npos ? std::string_view(p) : std::string_view(p).substr(slash + 1);
      if (base.find('/') != std::string_view::npos) continue;  // deeper than one folder
      if (exact_case ? base != kCsvName : ascii_lower(base) != kCsvName) continue;
      (slash == std::string::npos ? top : nested).push_back(p);
    }
    for (const auto* found : {&top, &nested}) {
      if (found->size() == 1) return found->front();
      if (found->size() > 1) {
        throw ParseError(where + ": several activities.csv (" + (*found)[0] + ", " + (*found)[1] +
                         "); point at one export");
      }
    }
  }
  return std::nullopt;
}

// "folder/activities.csv" → "folder/"; "activities.csv" → "".
std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

class FolderFiles final : public ExportFiles {
 public:
  explicit FolderFiles(fs::path base) : base_(std::move(base)), base_prefix_(base_.string()) {
    if (!base_prefix_.ends_with('/')) base_prefix_.push_back('/');
  }

  Bytes read_normalized(const std::string& path, std::size_t cap) const override {
    const fs::path full = base_ / path;
    std::error_code ec;
    // Resolve symlinks: an unzipped hostile archive may hold one pointing anywhere.
    const fs::path real = fs::canonical(full, ec);
    if (ec) {
      throw IoError(full.string() + ": " +
                    (ec == std::errc::no_such_file_or_directory
                         ? std::string("no such file (named by activities.csv)")
                         : ec.message()));
    }
    if (!real.native().starts_with(base_prefix_)) {
      throw IoError(full.string() + ": resolves to " + real.string() +
                    ", outside the export; refusing to read it");
    }
    if (!fs::is_regular_file(real, ec)) throw IoError(full.string() + ": not a regular file");
    return read_file(real, cap);
  }

  std::optional<std::string> identity_normalized(const std::string& path) const override {
    return file_identity(base_ / path);
  }

 private:
  fs::path base_;            // canonical folder holding activities.csv
  std::string base_prefix_;  // base_ with a trailing '/'
};

// Paths of the folder's files, and of the files of its subfolders, relative to it.
std::vector<std::string> list_two_levels(const fs::path& root) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      std::error_code sub_ec;
      for (fs::directory_iterator sub(it->path(), sub_ec); !sub_ec && sub != end;
           sub.increment(sub_ec)) {
        paths.push_back(name + "/" + sub->path().filename().string());
      }
    } else {
      paths.push_back(name);
    }
  }
  return paths;
}

class ZipFiles final : public ExportFiles {
 public:
  ZipFiles(std::unique_ptr<ZipArchive> archive, std::string prefix, std::string description)
      : archive_(std::move(archive)),
        prefix_(std::move(prefix)),
        description_(std::move(description)) {
    const auto& names = archive_->names();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].ends_with('/')) continue;  // a folder entry
      const auto path = normalize_export_path(names[i]);
      if (!path || !path->starts_with(prefix_)) continue;
      const std::string relative = path->substr(prefix_.size());
      exact_.emplace(relative, i);  // on duplicate names the first entry wins
      folded_.emplace(ascii_lower(relative), i);
    }
  }

  std::optional<std::string> identity_normalized(const std::string& path) const override {
    if (const auto exact = exact_.find(path); exact != exact_.end()) {
      return archive_->identity(exact->second);
    }
    if (const auto folded = folded_.find(ascii_lower(path)); folded != folded_.end()) {
      return archive_->identity(folded->second);
    }
    return std::nullopt;
  }

  Bytes read_normalized(const std::string& path, std::size_t cap) const override {
    if (const auto exact = exact_.find(path); exact != exact_.end()) {
      return archive_->read(exact->second, cap);
    }
    if (const auto folded = folded_.find(ascii_lower(path)); folded != folded_.end()) {
      return archive_->read(folded->second, cap);
    }
    throw IoError(description_ + ": no entry '" + prefix_ + path +
                  "' in the zip (named by activities.csv)");
  }

 private:
  std::unique_ptr<ZipArchive> archive_;
  std::string prefix_;  // "" or "<top folder>/"
  std::string description_;
  std::unordered_map<std::string, std::size_t> exact_;   // relative path → entry index
  std::unordered_map<std::string, std::size_t> folded_;  // same, ASCII lower-cased
};

std::string as_text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

class StravaExport::Impl {
 public:
  std::unique_ptr<ExportFiles> files;
  std::string description;
  std::size_t max_file_bytes = kMaxInputFileBytes;
  std::vector<StravaRow> rows;
  std::vector<std::string> warnings;
  std::vector<std::string> skipped_ids;
};

StravaExport StravaExport::open(const fs::path& root) {
  return open(root, StravaExportOptions{});
}

StravaExport StravaExport::open(const fs::path& root, const StravaExportOptions& options) {
  std::error_code ec;
  const fs::file_status status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    throw UsageError(root.string() +
                     ": no such file or folder (expected a Strava export folder or zip)");
  }
  auto impl = std::make_unique<Impl>();
  std::string csv_text;
  std::string csv_where;  // the csv's location, for messages
  if (fs::is_directory(status)) {
    std::string description = root.string();
    if (!description.ends_with('/')) description.push_back('/');
    std::optional<std::string> csv;
    if (fs::is_regular_file(root / kCsvName, ec)) {
      csv = std::string(kCsvName);  // the common case, without listing anything
    } else {
      csv = choose_csv(list_two_levels(root), description);
    }
    if (!csv) {
      throw ParseError(description +
                       ": no activities.csv (neither at the top nor in one "
                       "subfolder); is this a Strava bulk export?");
    }
    const fs::path csv_path = root / *csv;
    csv_text = as_text(read_file(csv_path, options.max_file_bytes));
    csv_where = csv_path.string();
    const fs::path base = fs::canonical(root / folder_of(*csv), ec);
    if (ec) throw IoError(description + ": " + ec.message());
    impl->files = std::make_unique<FolderFiles>(base);
    impl->description = std::move(description);
  } else if (fs::is_regular_file(status)) {
    auto archive = std::make_unique<ZipArchive>(root, options.zip_handles);
    std::vector<std::string> paths;
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < archive->names().size(); ++i) {
      if (archive->names()[i].ends_with('/')) continue;  // a folder entry
      if (const auto path = normalize_export_path(archive->names()[i])) {
        paths.push_back(*path);
        indices.push_back(i);
      }
    }
    const std::string description = root.string();
    const auto csv = choose_csv(paths, description);
    if (!csv) {
      throw ParseError(description +
                       ": no activities.csv in the zip (neither at the top nor in "
                       "one folder); is this a Strava bulk export?");
    }
    // The first entry of that name, as ZipFiles resolves duplicate names.
    std::size_t csv_index = 0;
    for (std::size_t k = paths.size(); k-- > 0;) {
      if (paths[k] == *csv) csv_index = indices[k];
    }
    csv_text = as_text(archive->read(csv_index, options.max_file_bytes));
    csv_where = description + ": " + *csv;
    impl->files = std::make_unique<ZipFiles>(std::move(archive), folder_of(*csv), description);
    impl->description = description;
  } else {
    throw UsageError(root.string() +
                     ": neither a folder nor a zip archive (expected a Strava "
                     "export folder or zip)");
  }
  impl->max_file_bytes = options.max_file_bytes;
  try {
    impl->rows = read_strava_csv(csv_text, &impl->warnings, &impl->skipped_ids);
  } catch (const ParseError& e) {
    // read_strava_csv names "activities.csv"; name the real file instead.
    std::string_view message = e.what();
    if (message.starts_with(kCsvName)) message.remove_prefix(kCsvName.size());
    throw ParseError(csv_where + std::string(message));
  }
  return StravaExport(std::move(impl));
}

StravaExport::StravaExport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StravaExport::StravaExport(StravaExport&&) noexcept = default;
StravaExport& StravaExport::operator=(StravaExport&&) noexcept = default;
StravaExport::~StravaExport() = default;

const std::vector<StravaRow>& StravaExport::rows() const {
  return impl_->rows;
}
const std::vector<std::string>& StravaExport::warnings() const {
  return impl_->warnings;
}
const std::vector<std::string>& StravaExport::skipped_ids() const {
  return impl_->skipped_ids;
}
std::string StravaExport::describe() const {
  return impl_->description;
}

std::optional<std::string> StravaExport::identity(const std::string& relative_path) const {
  const auto path = normalize_export_path(relative_path);
  if (!path) return std::nullopt;
  try {
    return impl_->files->identity_normalized(*path);
  } catch (const Error&) {
    return std::nullopt;  // read() will report the problem
  }
}

Bytes StravaExport::read(const std::string& relative_path) const {
  std::string why;
  const auto path = normalize_export_path(relative_path, &why);
  if (!path) {
    throw IoError(impl_->description + ": refusing to read '" + relative_path + "': " + why);
  }
  return impl_->files->read_normalized(*path, impl_->max_file_bytes);
}

}  // namespace th
