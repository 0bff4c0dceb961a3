#pragma once
// Reading whole files into memory, with a size cap: every input is treated as hostile.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace th {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Appends `v` most significant byte first (the byte order of PNG and zlib).
inline void append_be32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// What one input file may cost in memory, read from disk, from a zip or inflated from gzip.
// The largest real activity files are tens of MB: a day at one sample a second is ~5 MB of FIT,
// ~25 MB of GPX, 25–60 MB of TCX (150–700 bytes a point). 256 MiB leaves room for several such
// days in one XML file, while one import worker never holds more than that per file buffer
// (a GPX/TCX DOM adds 3–5x the text while it is parsed).
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{256} << 20;  // 256 MiB

// Reads a whole regular file. Throws IoError (naming the file) if it cannot be read, exceeds
// `cap`, or is not a regular file: a directory, a FIFO or a device is refused without blocking
// (a FIFO is never opened for reading in blocking mode, a device never opened at all).
Bytes read_file(const std::filesystem::path& path, std::size_t cap = kMaxInputFileBytes);

// What a file that is not a regular file is, for messages: "a directory", "a FIFO (named pipe)",
// "a character device", "a block device", "a socket", else "an unknown kind of file".
const char* file_kind(std::filesystem::file_type type);

// A cheap fingerprint of a file on disk: "file:<size>:<mtime in ns>:<inode>", from one stat();
// nullopt when it cannot be stat'ed. Used to skip re-reading files that have not changed.
std::optional<std::string> file_identity(const std::filesystem::path& path);

// Writes a file atomically: to a temporary sibling, then renamed over the target, so readers
// never see a half-written file. With Durability::Sync the data is fsync'd before the rename, so
// a power cut also leaves the old or the new file; Durability::NoSync skips that for bulk output
// that a later step commits as a whole (thousands of fsyncs would dominate the run time).
enum class Durability { Sync, NoSync };
void write_file_atomic(const std::filesystem::path& path, ByteView data,
                       Durability durability = Durability::Sync);
void write_file_atomic(const std::filesystem::path& path, std::string_view text,
                       Durability durability = Durability::Sync);

}  // namespace th
