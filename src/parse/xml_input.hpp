#pragma once
// Shared XML input handling of the GPX and TCX readers (internal to the parse stage).
//
//   bytes ─► skip UTF-8 BOM / blanks before "<?xml" ─► read the declared encoding
//         ─► UTF-8 as is, latin1 and UTF-16 converted by pugixml, Windows-1252 converted here
//         ─► pugixml DOM (in place, without PIs, comments or whitespace-only text)
//
// Element names are matched by local name (the part after any namespace prefix): real files use
// the default namespace, "gpx:", "ns3:", "gpxtpx:" and others for the same elements.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/bytes.hpp"

namespace th::xml {

enum class Charset : std::uint8_t { Utf8, Latin1, Windows1252, Utf16Le, Utf16Be };

// What the first bytes say about the encoding. `skip` bytes (BOM and blanks before the first
// '<') are not part of the document.
struct Prologue {
  Charset charset = Charset::Utf8;
  std::size_t skip = 0;
  std::string declared;  // the declaration's encoding="…" value, empty when absent
  bool known = true;     // false when `declared` names an encoding read here as UTF-8
};

// Never fails: anything it does not recognise is taken as UTF-8.
Prologue sniff_prologue(ByteView bytes);

// Windows-1252 to UTF-8, with 0x80–0x9F mapped to the characters Windows puts there (€, ‘, ’…);
// the five unassigned bytes become the C1 controls of the same value, as the WHATWG table says.
std::string windows1252_to_utf8(std::string_view text);

// A parsed document. Holds the (possibly converted) text that the DOM points into.
class Document {
 public:
  // Parses `bytes`. `format` names the expected format in messages ("GPX", "TCX").
  // Throws ParseError "XML error at offset N: …" when no root element could be read.
  // A document damaged after its root element started (truncated, a flipped byte) is kept:
  // the tree holds what came before the damage and damage() describes it.
  Document(ByteView bytes, const char* format);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  pugi::xml_node root() const { return doc_.document_element(); }

  // Throws ParseError "not a <format> file: root element is <foo>" unless the root's local
  // name is `root_name`.
  void require_root(std::string_view root_name) const;

  // Empty for a well-formed document, else "XML error at offset N: …". Offsets count bytes of
  // the input (for converted encodings, of the converted text).
  const std::string& damage() const { return damage_; }
  // Non-fatal notes about the input itself (an unsupported declared encoding).
  const std::string& note() const { return note_; }

 private:
  std::string converted_;  // owned text for Windows-1252 input (parsed in place)
  pugi::xml_document doc_;
  std::string format_;
  std::string damage_;
  std::string note_;
};

// The part of a qualified name after the last ':' ("gpxtpx:hr" → "hr").
inline std::string_view local_name(const char* qualified) {
  const char* colon = std::strrchr(qualified, ':');
  return colon != nullptr ? std::string_view(colon + 1) : std::string_view(qualified);
}
inline std::string_view local_name(pugi::xml_node node) { return local_name(node.name()); }
inline std::string_view local_name(pugi::xml_attribute attr) { return local_name(attr.name()); }

// First child element with that local name (any prefix), or an empty node.
pugi::xml_node child_named(pugi::xml_node parent, std::string_view local);
// Attribute with that local name, or an empty attribute.
pugi::xml_attribute attribute_named(pugi::xml_node node, std::string_view local);

// The element's text (first text or CDATA child), without surrounding blanks.
std::string_view text_of(pugi::xml_node node);
std::string_view trim(std::string_view text);

// A finite decimal number ("12", "-3.5", "+7", "1e3"), blanks around it allowed; locale-free.
// nullopt for anything else (empty, "NaN", "12abc", "inf").
inline std::optional<double> parse_number(std::string_view text) {
  // Fast path: numbers written by devices carry no blanks; trim only when needed.
  if (!text.empty() && (static_cast<unsigned char>(text.front()) <= ' ' ||
                        static_cast<unsigned char>(text.back()) <= ' ')) {
    text = trim(text);
  }
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

// The UTC offset written in an ISO 8601 time ("…T16:43:11+02:00" → 7200), when the time has
// one other than "Z". Says nothing about validity: parse_iso8601 decides that.
std::optional<std::int32_t> iso8601_offset(std::string_view text);

}  // namespace th::xml
