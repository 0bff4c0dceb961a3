#pragma once
// Parse stage entry point: one file's bytes in, one Activity out.
//
//   bytes ─► gunzip if 1f 8b (multi-member, capped) ─► sniff ─► FIT / GPX / TCX reader
//         ─► derive_summary() (the same derived values whatever the format)
//
// Formats are recognised by content, never by file name.

#include <cstddef>

#include "core/activity.hpp"
#include "core/bytes.hpp"

namespace th {

// Bumped whenever any reader or derive_summary() changes what it produces: the parse cache is
// keyed by (content hash, kParserVersion), so a bump re-parses every file once.
inline constexpr int kParserVersion = 2;  // 2: route-only GPX flagged as not an activity

// Decompressed size cap: a gzip bomb stops here with a ParseError. The same budget as a file
// read from disk (kMaxInputFileBytes, core/bytes.hpp, which says why 256 MiB): what one file may
// cost one import worker.
inline constexpr std::size_t kMaxDecompressedBytes = kMaxInputFileBytes;

bool is_gzip(ByteView bytes);

// Inflates every gzip member in turn. Throws ParseError on corrupt data or when the output
// would exceed `cap`. A truncated last member yields what was inflated plus `truncated = true`.
// Memory: the result, allocated at its final size (no geometric growth, never `cap` up front),
// plus 64 KiB; a bomb is refused after inflating `cap` bytes into that scratch space.
Bytes gunzip(ByteView bytes, std::size_t cap, bool* truncated = nullptr);

// FIT if ".FIT" at offset 8 (after a 12- or 14-byte header size byte), else GPX or TCX by the
// XML root element (after an optional BOM, blanks and the XML declaration). Unknown otherwise.
FileFormat sniff_format(ByteView bytes);

// Full pipeline for one file. Throws ParseError when nothing usable can be read (unknown
// format, not XML, no FIT header); recoverable damage becomes a warning in the Activity.
Activity parse_activity(ByteView bytes);

}  // namespace th
