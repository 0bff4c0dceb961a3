#pragma once
// gpsbabel as an independent oracle: how many track (or route) points with a position does it
// read from a file? Debian's gpsbabel is installed by `scripts/setup.sh --test`.

#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

namespace th::test {

inline bool gpsbabel_available() {
  return std::system("command -v gpsbabel >/dev/null 2>&1") == 0;
}

// `kind` is "t" (tracks) or "r" (routes); `gpsbabel_format` e.g. "garmin_fit", "gpx", "gtrnctr".
// The file must not be gzip'd (decompress it first). Returns nullopt when gpsbabel fails.
inline std::optional<std::size_t> gpsbabel_points(const std::filesystem::path& file,
                                                  const std::string& gpsbabel_format,
                                                  const std::string& kind = "t") {
  const std::string cmd = "gpsbabel -" + kind + " -i " + gpsbabel_format + " -f '" + file.string() +
                          "' -o unicsv -F - 2>/dev/null";
  std::FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  if (status != 0) return std::nullopt;
  // unicsv: a header naming the columns, then one row per point.
  std::istringstream lines(out);
  std::string line;
  if (!std::getline(lines, line)) return std::size_t{0};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  int lat_col = -1, lon_col = -1, col = 0;
  {
    std::istringstream header(line);
    std::string name;
    while (std::getline(header, name, ',')) {
      if (name == "Latitude") lat_col = col;
      if (name == "Longitude") lon_col = col;
      ++col;
    }
  }
  if (lat_col < 0 || lon_col < 0) return std::size_t{0};
  std::size_t count = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // unicsv writes CRLF
    std::istringstream row(line);
    std::string cell;
    bool lat_ok = false, lon_ok = false;
    for (int c = 0; std::getline(row, cell, ','); ++c) {
      if (c == lat_col) lat_ok = !cell.empty();
      if (c == lon_col) lon_ok = !cell.empty();
    }
    if (lat_ok && lon_ok) ++count;
  }
  return count;
}

}  // namespace th::test
