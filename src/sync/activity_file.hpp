#pragma once
// What intervals.icu's `/activity/{id}/file` returns — the original upload, "gzip compressed"
// per the API docs, but in practice whatever wrapper was uploaded: plain FIT/GPX/TCX, gzip, or
// a zip holding the file — turned into bytes parse_activity() reads, and checked for
// completeness before they are cached (a truncated download must never look like a file).
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
};

// Unwraps a zip holding exactly one activity file (written to a temporary file in
// `scratch_dir`, opened with libzip, removed again), keeps gzip as it is, and checks that the
// result is complete: a gzip stream must end properly, a FIT file must be as long as its header
// says, a GPX/TCX document must end with its root's closing tag. Throws ParseError saying what
// is wrong ("truncated FIT file: 1200 of 5400 bytes", "not a FIT, GPX or TCX file", …).
CacheableFile prepare_activity_file(Bytes bytes, const std::filesystem::path& scratch_dir);

// True when the bytes are a format prepare_activity_file() does not recognise at all (as
// opposed to a recognised but damaged file): the sync then asks for `/fit-file` instead.
bool unrecognised_activity_file(const std::exception& e);

}  // namespace th
