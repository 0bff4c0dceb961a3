#include "parse/xml_input.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace th::xml {
namespace {

// What a track reader needs: elements, attributes, text with entities and CDATA (OpenTracks
// writes names in CDATA). Whitespace-only text, PIs, comments, DOCTYPE, the declaration and
// end-of-line normalisation are skipped for speed. The text of a leaf element is stored as the
// element's value instead of a child node (parse_embed_pcdata): a third fewer nodes to
// allocate and walk for a track point.
constexpr unsigned kParseOptions =
    pugi::parse_cdata | pugi::parse_escapes | pugi::parse_embed_pcdata;

// The XML declaration is short; a longer one is not one we can read.
constexpr std::size_t kMaxDeclarationBytes = 512;

bool is_blank(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The value of encoding="…" in an XML declaration starting at `decl` ("<?xml …?>").
std::string declared_encoding(std::string_view decl) {
  const std::size_t end = decl.find("?>");
  if (end == std::string_view::npos) return {};
  decl = decl.substr(0, end);
  const std::size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return {};
  std::size_t i = key + 8;
  while (i < decl.size() && is_blank(static_cast<std::uint8_t>(decl[i]))) ++i;
  if (i >= decl.size() || decl[i] != '=') return {};
  ++i;
  while (i < decl.size() && is_blank(static_cast<std::uint8_t>(decl[i]))) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return {};
  const char quote = decl[i];
  const std::size_t close = decl.find(quote, i + 1);
  if (close == std::string_view::npos) return {};
  return std::string(decl.substr(i + 1, close - i - 1));
}

// Maps an encoding label onto what we can read. nullopt: not one we know.
std::optional<Charset> charset_from_label(const std::string& label) {
  const std::string l = ascii_lower(label);
  if (l.empty() || l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii") {
    return Charset::Utf8;
  }
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "iso_8859-1" || l == "latin1" ||
      l == "latin-1" || l == "l1") {
    return Charset::Latin1;
  }
  if (l == "windows-1252" || l == "cp1252" || l == "x-cp1252" || l == "windows1252") {
    return Charset::Windows1252;
  }
  // "UTF-16" declared in a file whose bytes are 8-bit (we found "<?xml" in single bytes): the
  // label is wrong, the bytes are what counts.
  if (l == "utf-16" || l == "utf-16le" || l == "utf-16be") return Charset::Utf8;
  return std::nullopt;
}

// Skips a BOM and blank code units of UTF-16 text; returns the byte offset of the first other
// unit.
std::size_t skip_utf16_blanks(ByteView b, bool little_endian) {
  std::size_t i = 0;
  while (i + 1 < b.size()) {
    const unsigned unit = little_endian ? (b[i] | (b[i + 1] << 8)) : ((b[i] << 8) | b[i + 1]);
    if (unit != 0xFEFF && !(unit < 0x80 && is_blank(static_cast<std::uint8_t>(unit)))) break;
    i += 2;
  }
  return i;
}

// Windows-1252 0x80–0x9F; 0 marks the five unassigned bytes (kept as C1 controls).
constexpr std::array<std::uint16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

Prologue sniff_prologue(ByteView b) {
  Prologue p;
  if (b.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
    p.charset = Charset::Utf16Le;
  } else if (b.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
    p.charset = Charset::Utf16Be;
  } else if (b.size() >= 4 && b[1] == 0 && b[3] == 0 && b[0] != 0 && b[2] != 0) {
    p.charset = Charset::Utf16Le;  // "<?" or blanks as UTF-16 without a BOM
  } else if (b.size() >= 4 && b[0] == 0 && b[2] == 0 && b[1] != 0 && b[3] != 0) {
    p.charset = Charset::Utf16Be;
  }
  if (p.charset == Charset::Utf16Le || p.charset == Charset::Utf16Be) {
    p.skip = skip_utf16_blanks(b, p.charset == Charset::Utf16Le);
    return p;
  }
  std::size_t i = 0;
  if (b.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;
  while (i < b.size() && is_blank(b[i])) ++i;
  p.skip = i;
  const std::size_t n = std::min(b.size() - i, kMaxDeclarationBytes);
  const std::string_view head(reinterpret_cast<const char*>(b.data() + i), n);
  if (head.substr(0, 5) != "<?xml") return p;
  p.declared = declared_encoding(head);
  if (const auto cs = charset_from_label(p.declared)) {
    p.charset = *cs;
  } else {
    p.known = false;
  }
  return p;
}

std::string windows1252_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      const unsigned cp = kCp1252High[c - 0x80];
      append_utf8(out, cp != 0 ? cp : c);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

Document::Document(ByteView bytes, const char* format) : format_(format) {
  load(bytes, nullptr);
}

Document::Document(Bytes&& bytes, const char* format) : format_(format) {
  const ByteView view(bytes);
  load(view, &bytes);
}

void Document::load(ByteView bytes, Bytes* owned) {
  const Prologue p = sniff_prologue(bytes);
  const ByteView body = bytes.subspan(p.skip);
  const void* data = body.data();
  pugi::xml_parse_result result;
  std::size_t offset_base = p.skip;
  switch (p.charset) {
    case Charset::Utf8:
      if (owned != nullptr) {
        owned_ = std::move(*owned);  // same storage: `body` still points into it
        result = doc_.load_buffer_inplace(owned_.data() + p.skip, body.size(), kParseOptions,
                                          pugi::encoding_utf8);
      } else {
        result = doc_.load_buffer(data, body.size(), kParseOptions, pugi::encoding_utf8);
      }
      break;
    case Charset::Latin1:
      result = doc_.load_buffer(data, body.size(), kParseOptions, pugi::encoding_latin1);
      offset_base = 0;
      break;
    case Charset::Utf16Le:
      result = doc_.load_buffer(data, body.size(), kParseOptions, pugi::encoding_utf16_le);
      offset_base = 0;
      break;
    case Charset::Utf16Be:
      result = doc_.load_buffer(data, body.size(), kParseOptions, pugi::encoding_utf16_be);
      offset_base = 0;
      break;
    case Charset::Windows1252:
      converted_ = windows1252_to_utf8(
          std::string_view(reinterpret_cast<const char*>(body.data()), body.size()));
      result = doc_.load_buffer_inplace(converted_.data(), converted_.size(), kParseOptions,
                                        pugi::encoding_utf8);
      offset_base = 0;
      break;
  }
  if (!p.known) {
    note_ = "unsupported XML encoding \"" + p.declared + "\", read as UTF-8";
  }
  if (!result) {
    std::string msg = "XML error at offset " +
                      std::to_string(offset_base + static_cast<std::size_t>(result.offset)) + ": " +
                      result.description();
    // pugixml reports a document cut short at its last byte.
    if (static_cast<std::size_t>(result.offset) + 1 >= body.size() &&
        result.status != pugi::status_no_document_element) {
      msg += " (the file ends early)";
    }
    if (!root()) {
      if (result.status == pugi::status_no_document_element) {
        throw ParseError("not a " + format_ + " file: no XML element found");
      }
      throw ParseError(msg);
    }
    damage_ = std::move(msg);
  }
}

void Document::require_root(std::string_view root_name) const {
  const pugi::xml_node r = root();
  if (local_name(r) != root_name) {
    throw ParseError("not a " + format_ + " file: root element is <" + std::string(r.name()) + ">");
  }
}

pugi::xml_node child_named(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  }
  return {};
}

pugi::xml_attribute attribute_named(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (local_name(a) == local) return a;
  }
  return {};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  // from_chars accepts "nan" and "inf": no device means either.
  if (!(value == value) || value > 1e300 || value < -1e300) return std::nullopt;
  return value;
}

std::string_view text_of(pugi::xml_node node) {
  return trim(raw_text(node));
}

std::optional<std::int32_t> iso8601_offset(std::string_view text) {
  text = trim(text);
  if (text.size() < 16 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) {
    return std::nullopt;
  }
  const std::string_view clock = text.substr(11);
  const std::size_t sign = clock.find_first_of("+-");
  if (sign == std::string_view::npos) return std::nullopt;
  const std::string_view zone = clock.substr(sign + 1);  // "02:00", "0200" or "02"
  const auto two_digits = [](std::string_view d) -> int {
    if (d.size() < 2 || d[0] < '0' || d[0] > '9' || d[1] < '0' || d[1] > '9') return -1;
    return (d[0] - '0') * 10 + (d[1] - '0');
  };
  int minutes = 0;
  if (zone.size() == 5 && zone[2] == ':') {
    minutes = two_digits(zone.substr(3));
  } else if (zone.size() == 4) {
    minutes = two_digits(zone.substr(2));
  } else if (zone.size() != 2) {
    return std::nullopt;
  }
  const int hours = two_digits(zone);
  if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return std::nullopt;
  return (hours * 3600 + minutes * 60) * (clock[sign] == '-' ? -1 : 1);
}

}  // namespace th::xml
