#include "site/site_journal.hpp"

#include <algorithm>
#include "core/bytes.hpp"
#include "core/errors.hpp"
#include "core/relative_path.hpp"
#include "site/site_fs.hpp"
#include "site/tile_index.hpp"

namespace th {

namespace {

constexpr std::string_view kHeader = "trackheat-site-journal 1\n";
constexpr std::string_view kEnd = "end ";

std::uint64_t text_hash(std::string_view text) {
  return tile_content_hash(
      ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::string hex16(std::uint64_t v) {
  char buf[17];
  for (int i = 15; i >= 0; --i) {
    buf[i] = "0123456789abcdef"[v & 0xf];
    v >>= 4;
  }
  buf[16] = '\0';
  return buf;
}

void step_done(const std::function<void()>& after_step) {
  if (after_step) after_step();
}

void create_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(dir.string() + ": cannot create: " + ec.message());
}

// Moves everything under `staged` to the same relative place under `live`, then removes the
// (now empty) staged folder. A missing `staged` means it was moved already. `hold_back` (a staged
// file) stays where it is, and no folder holding it is moved whole.
void merge_tree(const std::filesystem::path& staged, const std::filesystem::path& live,
                const std::filesystem::path& hold_back, const std::function<void()>& after_step) {
  if (!site_fs::is_directory(staged)) return;
  if (!site_fs::exists(live)) {
    if (!hold_back.native().starts_with(staged.native() + "/")) {
      site_fs::rename_path(staged, live);
      step_done(after_step);
      return;
    }
    create_folder(live);
  }
  for (const std::string& name : site_fs::list_names(staged, false)) {
    const std::filesystem::path from = staged / name;
    if (from == hold_back) continue;
    if (site_fs::is_directory(from)) {
      merge_tree(from, live / name, hold_back, after_step);
    } else {
      site_fs::rename_path(from, live / name);
      step_done(after_step);
    }
  }
  site_fs::remove_dir_if_empty(staged);
}

// Moves one staged file (if still staged) over its live counterpart.
void move_file(const std::filesystem::path& from, const std::filesystem::path& to,
               const std::function<void()>& after_step) {
  if (!site_fs::exists(from)) return;
  create_folder(to.parent_path());
  site_fs::rename_path(from, to);
  step_done(after_step);
}

}  // namespace

bool safe_site_path(std::string_view path, int max_parts) {
  const RelativePathRules rules{.hidden = false,
                                .portable = true,
                                .max_part_bytes = 255,
                                .max_parts = static_cast<std::size_t>(std::max(max_parts, 0))};
  return safe_relative_path(path, rules).has_value();
}

bool safe_journal_path(std::string_view path) {
  return path.starts_with("tiles/") && safe_site_path(path, 5);
}

std::string encode_site_journal(const SiteJournal& journal) {
  std::string text(kHeader);
  for (const std::string& p : journal.remove_trees) text.append("rmtree ").append(p) += '\n';
  for (const std::string& p : journal.remove_tiles) text.append("rm ").append(p) += '\n';
  const std::uint64_t check = text_hash(text);
  text.append(kEnd).append(hex16(check)) += '\n';
  return text;
}

std::optional<SiteJournal> decode_site_journal(std::string_view text) {
  if (!text.starts_with(kHeader) || !text.ends_with('\n')) return std::nullopt;
  const std::size_t last = text.rfind('\n', text.size() - 2);
  if (last == std::string_view::npos) return std::nullopt;
  const std::string_view body = text.substr(0, last + 1);
  const std::string_view end_line = text.substr(last + 1, text.size() - last - 2);
  // Compared as text: exactly the lower-case digits encode_site_journal wrote.
  if (end_line != std::string(kEnd) + hex16(text_hash(body))) return std::nullopt;
  SiteJournal journal;
  std::size_t pos = kHeader.size();
  while (pos < body.size()) {
    const std::size_t nl = body.find('\n', pos);
    const std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.starts_with("rmtree ") && safe_journal_path(line.substr(7))) {
      journal.remove_trees.emplace_back(line.substr(7));
    } else if (line.starts_with("rm ") && safe_journal_path(line.substr(3))) {
      journal.remove_tiles.emplace_back(line.substr(3));
    } else {
      return std::nullopt;
    }
  }
  return journal;
}

std::filesystem::path staged_updating_marker(const std::filesystem::path& staging) {
  return staging / "updating.js";
}

void apply_site_journal(const std::filesystem::path& site, const std::filesystem::path& staging,
                        const SiteJournal& journal, const std::function<void()>& after_step) {
  const std::filesystem::path staged_site = staging / "site";
  const std::filesystem::path staged_front = staged_site / kSiteFrontFile;
  move_file(staged_updating_marker(staging), site / kSiteFrontFile, after_step);
  for (const std::string& p : journal.remove_trees) {
    site_fs::remove_tree_if_exists(site / p);
    step_done(after_step);
  }
  for (const std::string& p : journal.remove_tiles) {
    const std::filesystem::path tile = site / p;
    site_fs::remove_file_if_exists(tile);
    // Tidy the x and z folders the deletion may have emptied (never tiles/<layer> itself).
    site_fs::remove_dir_if_empty(tile.parent_path());
    site_fs::remove_dir_if_empty(tile.parent_path().parent_path());
    step_done(after_step);
  }
  merge_tree(staged_site / "tiles", site / "tiles", staged_front, after_step);
  merge_tree(staged_site, site, staged_front, after_step);
  move_file(staged_front, site / kSiteFrontFile, after_step);
  site_fs::remove_dir_if_empty(staged_front.parent_path());
  site_fs::remove_dir_if_empty(staged_site);
}

}  // namespace th
