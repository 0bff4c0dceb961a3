#pragma once
// File-system primitives of the site writer (POSIX). Every failure that matters throws IoError
// naming the path; "already gone" is never an error, because journal replay must be idempotent.

#include <filesystem>
#include <string>
#include <vector>

#include "core/bytes.hpp"

namespace th::site_fs {

// Creates or truncates `path` and writes `data`, not atomically: for files under the staging
// folder, which is discarded as a whole unless a journal commits it. A missing parent folder is
// created on the first ENOENT, so the kernel's own lookup is the cache of folders that exist (no
// extra syscall per tile, no lock shared between writer threads).
void write_new_file(const std::string& path, ByteView data);

// Makes `path` a second name of the file `existing` (a hard link), creating a missing parent
// folder like write_new_file. False, with nothing created, when the file system cannot (no hard
// links, the file has the most links it may have, another device): the caller writes a copy.
bool link_new_file(const std::string& existing, const std::string& path);

// True when `path` is a regular file holding exactly `data` (the size is compared first, so a
// different-size file is not read).
bool file_has_content(const std::string& path, ByteView data);

// Names in `dir` (not "." or ".."); directories only when `dirs_only`. Empty when `dir` does not
// exist.
std::vector<std::string> list_names(const std::filesystem::path& dir, bool dirs_only);

bool is_directory(const std::filesystem::path& path);
bool exists(const std::filesystem::path& path);

void rename_path(const std::filesystem::path& from, const std::filesystem::path& to);
// A second name `to` for the file `from` (a hard link; a copy where the file system has none),
// creating `to`'s folder if needed.
void link_or_copy(const std::filesystem::path& from, const std::filesystem::path& to);
void remove_file_if_exists(const std::filesystem::path& path);
void remove_tree_if_exists(const std::filesystem::path& path);
// rmdir, ignoring every error (not empty, already gone): tidying up only.
void remove_dir_if_empty(const std::filesystem::path& path);

// Flushes every dirty page of the file system holding `path` (syncfs): one syscall makes a whole
// staging folder durable, where an fsync per tile would cost thousands.
void sync_file_system(const std::filesystem::path& path);

// An exclusive advisory lock (flock) on `file`, created if needed, held for the object's life.
// The kernel drops it when the process dies, even by kill -9, so a stale lock cannot block.
class FileLock {
 public:
  // Throws IoError when another process holds the lock: `what` names the thing being locked.
  FileLock(const std::filesystem::path& file, const std::string& what);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

// A lock file (flock) opened for the object's life, locked shared or exclusively on demand,
// blocking until granted. flock locks belong to the open file description, so two LockFile
// objects on one file exclude each other exactly like two processes do, also between threads of
// one process; an exclusive lock is released by the kernel when its process dies.
class LockFile {
 public:
  // Opens `file`, creating it when its folder is writable. IoError when it can be neither
  // created nor opened.
  explicit LockFile(const std::filesystem::path& file);
  ~LockFile();
  LockFile(const LockFile&) = delete;
  LockFile& operator=(const LockFile&) = delete;

  void lock_shared();
  void lock_exclusive();
  void unlock();

 private:
  void lock(int operation);

  std::string path_;
  int fd_ = -1;
};

}  // namespace th::site_fs
