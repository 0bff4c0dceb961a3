#pragma once
// What intervals.icu's `/activity/{id}/file` returns — the original upload, "gzip compressed"
// per the API docs, but in practice whatever wrapper was uploaded: plain FIT/GPX/TCX, gzip, or
// a zip holding the file — turned into bytes parse_activity() reads.
//
// Whether the *download* is complete is the HTTP client's business (it refuses a body shorter
// than its Content-Length or a chunked body without its last chunk). Whether the *file* is
// complete is the parser's: a watch that lost power mid-activity leaves a FIT file whose header
// promises more bytes than it holds, and intervals.icu serves it as it is. Such a file is kept
// (the parser recovers what it holds) with a warning, never refused: refusing it would fail it
// and download it again on every sync.
//
// Formats are recognised by content (parse/sniff), never by name or Content-Type.

#include <exception>
#include <filesystem>
#include <string>

#include "core/bytes.hpp"

namespace th {

struct CacheableFile {
  Bytes bytes;            // FIT/GPX/TCX, possibly still gzip'd (the parser inflates it)
  std::string extension;  // ".fit", ".gpx", ".tcx", each optionally + ".gz"
  // Non-empty when the file itself ends early ("FIT file shorter than its header says: 1200 of
  // 5400 bytes; kept, the import reads what it holds"): a gzip stream without its end, a FIT
  // file shorter than its header says, a GPX/TCX document without its root's closing tag.
  std::string warning;
};

// Unwraps a zip holding exactly one activity file (written to a temporary file in
// `scratch_dir`, opened with libzip, removed again), keeps gzip as it is, and looks whether the
// result ends where its format says (see `warning`). Throws ParseError only for bytes that
// cannot be an activity file at all ("not a FIT, GPX or TCX file", "corrupt zip: …", a zip
// holding several files).
CacheableFile prepare_activity_file(Bytes bytes, const std::filesystem::path& scratch_dir);

// True when the bytes are a format prepare_activity_file() does not recognise at all (as
// opposed to a recognised but damaged file): the sync then asks for `/fit-file` instead.
bool unrecognised_activity_file(const std::exception& e);

}  // namespace th
