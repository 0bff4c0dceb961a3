#include <algorithm>
#include <cstring>
#include <string_view>

#include "parse/parse.hpp"

namespace th {

namespace {

std::string_view as_text(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '_' || c == '-' || c == '.';
}

// The local name (after any namespace prefix) of the first element in an XML prefix, skipping
// the BOM, blanks, the declaration, comments, processing instructions and a DOCTYPE.
std::string_view first_element_name(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t lt = text.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= text.size()) return {};
    const char next = text[lt + 1];
    if (next == '?' || next == '!') {
      const std::string_view close = text.compare(lt, 4, "<!--") == 0 ? "-->" : ">";
      const std::size_t end = text.find(close, lt + 2);
      if (end == std::string_view::npos) return {};
      pos = end + close.size();
      continue;
    }
    std::size_t end = lt + 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    std::string_view name = text.substr(lt + 1, end - lt - 1);
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) {
      name.remove_prefix(colon + 1);
    }
    return name;
  }
  return {};
}

// UTF-16 text (with BOM) is sniffed on a crude ASCII projection: drop the zero bytes.
std::string ascii_projection(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() / 2);
  for (auto b : bytes) {
    if (b != 0) out.push_back(static_cast<char>(b));
  }
  return out;
}

}  // namespace

FileFormat sniff_format(ByteView bytes) {
  // FIT: header size byte (12 or 14, some writers use other sizes >= 12), ".FIT" at offset 8.
  if (bytes.size() >= 12 && bytes[0] >= 12 && std::memcmp(bytes.data() + 8, ".FIT", 4) == 0) {
    return FileFormat::Fit;
  }
  // XML: look at the first few KiB only; the root element decides.
  const ByteView head = bytes.first(std::min<std::size_t>(bytes.size(), 4096));
  std::string projected;
  std::string_view text = as_text(head);
  if (head.size() >= 2 &&
      ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff))) {
    projected = ascii_projection(head.subspan(2));
    text = projected;
  }
  const std::string_view root = first_element_name(text);
  if (root == "gpx") return FileFormat::Gpx;
  if (root == "TrainingCenterDatabase") return FileFormat::Tcx;
  return FileFormat::Unknown;
}

}  // namespace th
