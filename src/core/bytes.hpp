#pragma once
// Reading whole files into memory, with a size cap: every input is treated as hostile.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <vector>

namespace th {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::size_t kMaxInputFileBytes = std::size_t{512} << 20;  // 512 MiB

// Reads a whole file. Throws IoError (naming the file) if it cannot be read or exceeds `cap`.
Bytes read_file(const std::filesystem::path& path, std::size_t cap = kMaxInputFileBytes);

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
