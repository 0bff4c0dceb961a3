#pragma once
// Publishing a committed build to the site's readers: the publish lock, and the one way to finish
// a journal that a killed build left (shared by TileWriter, `trackheat serve` and the build's
// up-to-date check).
//
// Layout under site/.trackheat/: lock (one writer at a time, held for a whole build),
// publish-lock, tile-index, staging/ (staging/site/ mirrors the site, staging/updating.js,
// staging/journal).
//
// Protocol (site_journal.hpp says what applying a journal does):
//   - publish-lock is an flock. A writer takes it exclusively before it writes the journal and
//     keeps it until the journal and the staging folder are deleted; readers hold it shared while
//     they open files. An open file keeps its inode, so a reader gets the old file or the new one,
//     and never opens a file of a half-applied site.
//   - So whoever holds publish-lock (either mode) and sees a journal knows that no process is
//     applying it: the build that wrote it was killed (the kernel drops a dead process's flock).
//     A reader that finds one takes the lock exclusively and finishes the journal as the next
//     TileWriter would; a staging folder without a journal belongs to a build in progress (or
//     one that never committed) and is left to the next TileWriter.
//   - Readers never wait for writers' builds, only for an apply (renames: milliseconds for an
//     incremental build, about a second for a whole site of 100 000 changed tiles). flock gives a
//     waiting exclusive lock no priority over new shared ones; readers hold theirs for an open().
// flock locks belong to the open file description: an in-process rebuild (serve's admin page)
// opens its own descriptor, so its writer excludes the server's readers like another process.

#include <filesystem>
#include <functional>
#include <optional>

#include "core/bytes.hpp"
#include "site/site_fs.hpp"

namespace th {

// The bookkeeping paths of one site folder.
struct SitePaths {
  explicit SitePaths(std::filesystem::path site_dir);
  std::filesystem::path site;          // the site folder
  std::filesystem::path meta;          // site/.trackheat
  std::filesystem::path writer_lock;   // site/.trackheat/lock
  std::filesystem::path publish_lock;  // site/.trackheat/publish-lock
  std::filesystem::path index;         // site/.trackheat/tile-index
  std::filesystem::path staging;       // site/.trackheat/staging
  std::filesystem::path staged_site;   // site/.trackheat/staging/site
  std::filesystem::path journal;       // site/.trackheat/staging/journal
};

// What an earlier, interrupted build left, and what was done about it.
enum class SiteRecovery {
  None,              // no staging folder (or, for readers, no journal)
  DiscardedStaging,  // staging without a journal: an uncommitted build, deleted
  ReplayedJournal,   // a committed build interrupted while applying: finished now
  DiscardedCorrupt,  // a journal failing its checksum: staging and index deleted
};

// Finishes the journal a killed build left; the caller holds publish-lock exclusively. A valid
// journal is applied (`after_step` after each deletion and rename), synced with
// Durability::Sync, and deleted with the staging folder: ReplayedJournal. A journal that fails its
// checksum was damaged on disk (it is written atomically): its build may be half applied and the
// index cannot be trusted, so staging and index are deleted and the next build compares every
// tile's content: DiscardedCorrupt. No journal: None, nothing touched. IoError when a step fails.
SiteRecovery finish_site_journal(const SitePaths& paths, Durability durability,
                                 const std::function<void()>& after_step = {});

// publish-lock held exclusively for the object's life (writers).
class SitePublishLock {
 public:
  explicit SitePublishLock(const SitePaths& paths);

 private:
  site_fs::LockFile lock_;
};

// A reader's consistent view of the site for the object's life: publish-lock held shared, taken
// after any pending journal was finished (under the exclusive lock). A site without .trackheat/
// has never been written by a TileWriter and is read without a lock. IoError when a pending
// journal cannot be finished (or the lock file cannot be opened).
class SiteReadLock {
 public:
  explicit SiteReadLock(const std::filesystem::path& site);
  // ReplayedJournal or DiscardedCorrupt when this reader finished a journal.
  SiteRecovery recovery() const { return recovery_; }

 private:
  std::optional<site_fs::LockFile> lock_;
  SiteRecovery recovery_ = SiteRecovery::None;
};

}  // namespace th
