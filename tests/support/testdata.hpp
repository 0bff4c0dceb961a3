#pragma once
// Helpers for tests that read the shared real-file corpus or scratch folders.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace th::test {

// The real corpus folder, or nullopt when it is absent.
inline std::optional<std::filesystem::path> real_testdata() {
  const std::filesystem::path dir = TRACKHEAT_REAL_TESTDATA;
  if (std::filesystem::is_directory(dir)) return dir;
  return std::nullopt;
}

// A fresh empty folder under the system temp dir, removed when the object dies.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag = "th-test");
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline ScratchDir::ScratchDir(const std::string& tag) {
  auto base = std::filesystem::temp_directory_path();
  for (int i = 0;; ++i) {
    path_ = base /
            (tag + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + std::to_string(i));
    if (std::filesystem::create_directories(path_)) break;
  }
}

inline ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace th::test

// Skips the current test with a clear message when the real corpus is absent.
#define TH_REQUIRE_REAL_TESTDATA(var)                                               \
  const auto var##_opt = ::th::test::real_testdata();                               \
  if (!var##_opt) {                                                                 \
    GTEST_SKIP() << "real test data not found at " TRACKHEAT_REAL_TESTDATA          \
                    " (clone with ../shared beside the checkout to run this test)"; \
  }                                                                                 \
  const std::filesystem::path& var = *var##_opt  // NOLINT(bugprone-macro-parentheses): a name
