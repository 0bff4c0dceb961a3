#pragma once
// Reading whole files into memory, with a size cap: every input is treated as hostile.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace th {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline constexpr std::size_t kMaxInputFileBytes = std::size_t{512} << 20;  // 512 MiB

// Reads a whole file. Throws IoError (naming the file) if it cannot be read or exceeds `cap`.
Bytes read_file(const std::filesystem::path& path, std::size_t cap = kMaxInputFileBytes);

// Writes a file atomically: to a temporary sibling, fsync'd, then renamed over the target.
// A crash leaves either the old or the new file, never a half-written one.
void write_file_atomic(const std::filesystem::path& path, ByteView data);
void write_file_atomic(const std::filesystem::path& path, std::string_view text);

}  // namespace th
