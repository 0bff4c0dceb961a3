// `trackheat build` failing on worker threads (tile writes on a full disk) ends the way the
// README promises: one line on stderr, exit status 1, no abort, and the old site still there.
//
// Tests run as root, where permission bits do not stop a write, so the failures are forced by
// the file-size limit (RLIMIT_FSIZE: writes past it fail with EFBIG, with SIGXFSZ left at its
// default so that the binary must ignore it itself) and by a full tmpfs (ENOSPC; skipped where
// no tmpfs can be mounted). Both bite while the encoder threads stage tiles (--jobs 2).
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "support/run_binary.hpp"
#include "support/testdata.hpp"

namespace th {
namespace {

struct Outcome {
  bool exited = false;
  int code = -1;    // exit status when exited
  int signal = 0;   // terminating signal otherwise
  std::string err;  // stderr
};

// Runs the binary in `cwd` with `args`, stderr captured, in a child whose file-size limit is
// `fsize_limit` bytes (0: unlimited) and whose SIGXFSZ is at its default (it kills).
Outcome run_limited(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                    rlim_t fsize_limit) {
  const std::filesystem::path err_file = cwd / "stderr.txt";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_DFL);
    if (::chdir(cwd.c_str()) != 0) ::_exit(120);
    const int fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::dup2(fd, 2) < 0) ::_exit(121);
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, 1);
    if (fsize_limit > 0) {
      const rlimit rl{fsize_limit, fsize_limit};
      if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) ::_exit(122);
    }
    std::vector<char*> argv;
    std::string binary = TRACKHEAT_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(123);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  Outcome o;
  o.exited = WIFEXITED(status);
  o.code = o.exited ? WEXITSTATUS(status) : -1;
  o.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  const Bytes err = read_file(err_file);
  o.err.assign(err.begin(), err.end());
  std::filesystem::remove(err_file);
  return o;
}

// Every file of a site (path → bytes), the hidden .trackheat folder left out.
std::map<std::string, Bytes> site_files(const std::filesystem::path& site) {
  std::map<std::string, Bytes> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(site)) {
    const std::string rel = std::filesystem::relative(e.path(), site).string();
    if (e.is_regular_file() && !rel.starts_with(".trackheat")) out[rel] = read_file(e.path());
  }
  return out;
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// In `root`: a demo export of 20 activities and a site built from it at zooms 0..8 (the old
// site, returned); the failing build asks for zooms 0..12, so it has many new tiles to write.
std::map<std::string, Bytes> make_old_site(const std::filesystem::path& root) {
  EXPECT_EQ(test::run_trackheat("demo --out export --activities 20 --seed 4", root).status, 0);
  const auto r = test::run_trackheat(
      "build --strava export --cache cache --out site --max-zoom 8 --quiet", root);
  EXPECT_EQ(r.status, 0) << r.out;
  return site_files(root / "site");
}

const std::vector<std::string> kBiggerBuild = {"build", "--strava", "export", "--cache",
                                               "cache", "--out",    "site",   "--max-zoom",
                                               "12",    "--jobs",   "2",      "--quiet"};

void expect_one_line_error_and_old_site(const Outcome& o, const std::filesystem::path& root,
                                        const std::map<std::string, Bytes>& old_site,
                                        const std::string& reason) {
  EXPECT_TRUE(o.exited) << "killed by signal " << o.signal << " (" << strsignal(o.signal) << ")";
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_EQ(line_count(o.err), 1) << o.err;
  EXPECT_TRUE(o.err.starts_with("trackheat: ")) << o.err;
  EXPECT_NE(o.err.find(reason), std::string::npos) << o.err;
  // It names the file that could not be written: one staged inside the site.
  EXPECT_NE(o.err.find("site/.trackheat/staging/site/"), std::string::npos) << o.err;
  EXPECT_EQ(site_files(root / "site"), old_site);
  EXPECT_FALSE(std::filesystem::exists(root / "site/.trackheat/staging"));
}

TEST(BuildFailure, AFileSizeLimitHitWhileTilesAreWrittenIsOneLineAndExitOne) {
  test::ScratchDir dir;
  const auto& root = dir.path();
  const auto old_site = make_old_site(root);
  ASSERT_FALSE(old_site.empty());
  // The store is not written again, but opening it extends its 32 KiB shared-memory file past
  // any limit small enough for tiles (1-6 KB here): a second connection keeps that file in
  // place, as another trackheat process would, so the limit bites where the tiles are staged.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((root / "cache/trackheat.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr),
            SQLITE_OK);
  const Outcome o = run_limited(root, kBiggerBuild, 1000);
  sqlite3_close(db);
  expect_one_line_error_and_old_site(o, root, old_site, "File too large");
  // Without the limit the same build goes through.
  const auto again = test::run_trackheat(
      "build --strava export --cache cache --out site --max-zoom 12 --jobs 2 --quiet", root);
  EXPECT_EQ(again.status, 0) << again.out;
  EXPECT_GT(site_files(root / "site").size(), old_site.size());
}

TEST(BuildFailure, AnErrorNamingAFileWithALineBreakIsStillOneLine) {
  test::ScratchDir dir;
  const Outcome o = run_limited(dir.path(), {"import", "--cache", "c", "no/such\nfile.fit"}, 0);
  EXPECT_TRUE(o.exited);
  EXPECT_NE(o.code, 0);
  EXPECT_EQ(line_count(o.err), 1) << o.err;
  EXPECT_NE(o.err.find("no/such file.fit"), std::string::npos) << o.err;
}

// A full disk: the site folder is a small tmpfs that the bigger build overflows (ENOSPC on the
// encoder threads). Needs a private mount namespace, so root; skipped elsewhere.
TEST(BuildFailure, AFullDiskWhileTilesAreWrittenIsOneLineAndExitOne) {
  test::ScratchDir dir;
  const auto& root = dir.path();
  if (::geteuid() != 0 || ::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    GTEST_SKIP() << "cannot make a private mount namespace: " << std::strerror(errno);
  }
  std::filesystem::create_directories(root / "site");
  // Room for the old site (zooms 0..8: 1.6 MB of files with the explorer layers), not for zooms
  // 9..12 as well.
  if (::mount("tmpfs", (root / "site").c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs: " << std::strerror(errno);
  }
  struct Unmount {
    std::filesystem::path p;
    ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
  } unmount{root / "site"};
  const auto old_site = make_old_site(root);
  ASSERT_FALSE(old_site.empty());
  const Outcome o = run_limited(root, kBiggerBuild, 0);
  expect_one_line_error_and_old_site(o, root, old_site, "No space left on device");
}

}  // namespace
}  // namespace th
