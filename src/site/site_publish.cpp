#include "site/site_publish.hpp"

#include "core/errors.hpp"
#include "site/site_journal.hpp"

namespace th {

SitePaths::SitePaths(std::filesystem::path site_dir)
    : site(std::move(site_dir)),
      meta(site / ".trackheat"),
      writer_lock(meta / "lock"),
      publish_lock(meta / "publish-lock"),
      index(meta / "tile-index"),
      staging(meta / "staging"),
      staged_site(staging / "site"),
      journal(staging / "journal") {}

SiteRecovery finish_site_journal(const SitePaths& paths, Durability durability,
                                 const std::function<void()>& after_step) {
  if (!site_fs::exists(paths.journal)) return SiteRecovery::None;
  const Bytes bytes = read_file(paths.journal);
  const auto journal = decode_site_journal(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  if (!journal) {
    site_fs::remove_tree_if_exists(paths.staging);
    site_fs::remove_file_if_exists(paths.index);
    return SiteRecovery::DiscardedCorrupt;
  }
  apply_site_journal(paths.site, paths.staging, *journal, after_step);
  if (durability == Durability::Sync) site_fs::sync_file_system(paths.site);
  site_fs::remove_file_if_exists(paths.journal);
  site_fs::remove_tree_if_exists(paths.staging);
  return SiteRecovery::ReplayedJournal;
}

SitePublishLock::SitePublishLock(const SitePaths& paths) : lock_(paths.publish_lock) {
  lock_.lock_exclusive();
}

SiteReadLock::SiteReadLock(const std::filesystem::path& site) {
  const SitePaths paths(site);
  if (!site_fs::is_directory(paths.meta)) return;
  lock_.emplace(paths.publish_lock);
  lock_->lock_shared();
  // The journal is looked at under the lock: seen there, its writer is gone.
  while (site_fs::exists(paths.journal)) {
    lock_->unlock();
    lock_->lock_exclusive();
    const SiteRecovery done = finish_site_journal(paths, Durability::Sync);
    if (done != SiteRecovery::None) recovery_ = done;
    lock_->lock_shared();  // not atomic: another build may commit in between, hence the loop
  }
}

}  // namespace th
