#include "sync/activity_file.hpp"

#include <cctype>
#include <cstring>
#include <random>
#include <string_view>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "parse/parse.hpp"
#include "sources/zip_archive.hpp"

namespace th {

namespace {

constexpr const char* kUnrecognised = "not a FIT, GPX or TCX file";

class UnrecognisedFile : public ParseError {
 public:
  UnrecognisedFile() : ParseError(kUnrecognised) {}
};

bool is_zip(ByteView b) {
  return b.size() >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

bool activity_name(const std::string& name) {
  std::string n = ascii_lower(name);
  if (n.ends_with(".gz")) n.resize(n.size() - 3);
  return n.ends_with(".fit") || n.ends_with(".gpx") || n.ends_with(".tcx");
}

Bytes unzip_single(const Bytes& zip_bytes, const std::filesystem::path& scratch_dir) {
  std::random_device rd;
  const auto tmp = scratch_dir / (".unzip-" + std::to_string(rd()) + ".zip.tmp-0");
  write_file_atomic(tmp, ByteView(zip_bytes), Durability::NoSync);
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  } remove_tmp{tmp};
  try {
    ZipArchive zip(tmp, 1);
    std::vector<std::size_t> files;
    std::vector<std::size_t> activity_files;
    for (std::size_t i = 0; i < zip.names().size(); ++i) {
      const std::string& n = zip.names()[i];
      if (n.empty() || n.back() == '/') continue;
      files.push_back(i);
      if (activity_name(n)) activity_files.push_back(i);
    }
    const auto& pick = activity_files.empty() ? files : activity_files;
    if (pick.size() != 1) {
      throw ParseError("zip holds " + std::to_string(pick.size()) +
                       " activity files, expected one");
    }
    return zip.read(pick.front(), kMaxInputFileBytes);
  } catch (const UsageError& e) {
    throw ParseError(std::string("corrupt zip: ") + e.what());
  } catch (const IoError& e) {
    throw ParseError(std::string("corrupt zip: ") + e.what());
  }
}

constexpr const char* kKept = "; kept, the import reads what it holds";

// The closing tag of the root element must come last (blanks after it allowed).
std::string xml_incomplete(ByteView b, const char* close_tag, const char* format) {
  std::size_t end = b.size();
  while (end > 0 && std::isspace(b[end - 1])) --end;
  const std::size_t n = std::strlen(close_tag);
  const std::string_view text(reinterpret_cast<const char*>(b.data()), end);
  const auto tag = text.rfind(close_tag);
  if (tag == std::string_view::npos || text.find('>', tag + n - 1) != end - 1) {
    return std::string(format) + " file ends early (no closing " + close_tag + ">)" + kKept;
  }
  return {};
}

// Empty when the file ends where its format says, else what is missing (a warning).
std::string incomplete(ByteView b, FileFormat format) {
  switch (format) {
    case FileFormat::Fit: {
      const std::size_t header = b[0];
      const std::size_t data = std::size_t{b[4]} | std::size_t{b[5]} << 8 |
                               std::size_t{b[6]} << 16 | std::size_t{b[7]} << 24;
      const std::size_t expected = header + data + 2;  // + file CRC
      if (b.size() >= expected) return {};
      return "FIT file shorter than its header says: " + std::to_string(b.size()) + " of " +
             std::to_string(expected) + " bytes" + kKept;
    }
    case FileFormat::Gpx: return xml_incomplete(b, "</gpx", "GPX");
    case FileFormat::Tcx: return xml_incomplete(b, "</TrainingCenterDatabase", "TCX");
    case FileFormat::Unknown: throw UnrecognisedFile();
  }
  return {};
}

}  // namespace

CacheableFile prepare_activity_file(Bytes bytes, const std::filesystem::path& scratch_dir) {
  if (is_zip(bytes)) bytes = unzip_single(bytes, scratch_dir);
  CacheableFile out;
  FileFormat format = FileFormat::Unknown;
  if (is_gzip(bytes)) {
    bool truncated = false;
    const Bytes inner = gunzip(bytes, kMaxDecompressedBytes, &truncated);
    format = sniff_format(inner);
    out.warning = incomplete(inner, format);
    if (truncated) out.warning = std::string("gzip stream ends early") + kKept;
    out.extension = std::string(".") + format_name(format) + ".gz";
  } else {
    format = sniff_format(bytes);
    out.warning = incomplete(bytes, format);
    out.extension = std::string(".") + format_name(format);
  }
  out.bytes = std::move(bytes);
  return out;
}

bool unrecognised_activity_file(const std::exception& e) {
  return dynamic_cast<const UnrecognisedFile*>(&e) != nullptr;
}

}  // namespace th
