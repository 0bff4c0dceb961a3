#pragma once
// Comparing two built sites file by file (incremental build vs full build).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "core/bytes.hpp"

namespace th {

// Every file of a site but the manifest's build time, which differs between any two builds.
inline std::map<std::string, std::string> site_files(const std::filesystem::path& site) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(site)) {
    const auto rel = std::filesystem::relative(e.path(), site).string();
    if (!e.is_regular_file() || rel.starts_with(".trackheat")) continue;
    const Bytes b = read_file(e.path());
    std::string text(b.begin(), b.end());
    if (rel == "manifest.json" || rel == "data/manifest.js") {
      const auto at = text.find("\"build_time\"");
      if (at != std::string::npos) text.erase(at, text.find(',', at) - at);
    }
    out[rel] = std::move(text);
  }
  return out;
}

inline void expect_same_site(const std::filesystem::path& a, const std::filesystem::path& b) {
  const auto fa = site_files(a), fb = site_files(b);
  EXPECT_EQ(fa.size(), fb.size());
  std::size_t differing = 0;
  for (const auto& [name, content] : fa) {
    const auto it = fb.find(name);
    if (it == fb.end()) {
      ADD_FAILURE() << name << " is only in " << a;
      continue;
    }
    if (it->second != content && ++differing <= 5) ADD_FAILURE() << name << " differs";
  }
  EXPECT_EQ(differing, 0u);
}

}  // namespace th
