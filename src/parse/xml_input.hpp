#pragma once
// Shared XML input handling of the GPX and TCX readers (internal to the parse stage).
//
//   bytes ─► skip UTF-8 BOM / blanks before "<?xml" ─► read the declared encoding
//         ─► UTF-8 as is, latin1 and UTF-16 converted by pugixml, Windows-1252 converted here
//         ─► pugixml DOM, parsed in place (in a copy, or in the caller's own buffer), without
//            PIs, comments, whitespace-only text; a leaf's text is embedded in its element
//
// Element names are matched by local name (the part after any namespace prefix): real files use
// the default namespace, "gpx:", "ns3:", "gpxtpx:" and others for the same elements.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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
  // The same, parsing UTF-8 input in place in `bytes` (kept until the Document dies) instead of
  // a copy; other encodings are converted as above.
  Document(Bytes&& bytes, const char* format);
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
  void load(ByteView bytes, Bytes* owned);

  Bytes owned_;            // the caller's buffer, parsed in place (UTF-8 input)
  std::string converted_;  // owned text for Windows-1252 input (parsed in place)
  pugi::xml_document doc_;
  std::string format_;
  std::string damage_;
  std::string note_;
};

// The part of a qualified name after the last ':' ("gpxtpx:hr" → "hr"). Inline loop rather than
// strrchr: names are a few bytes long and this runs for every element of a track.
inline const char* local_part(const char* qualified) {
  const char* local = qualified;
  for (const char* p = qualified; *p != '\0'; ++p) {
    if (*p == ':') local = p + 1;
  }
  return local;
}
inline std::string_view local_name(const char* qualified) {
  return local_part(qualified);
}
inline std::string_view local_name(pugi::xml_node node) {
  return local_name(node.name());
}
inline std::string_view local_name(pugi::xml_attribute attr) {
  return local_name(attr.name());
}

namespace detail {
template <std::size_t N, std::size_t... I>
inline bool name_is(const char* name, const char (&literal)[N], std::index_sequence<I...>) {
  return ((name[I] == literal[I]) && ...);
}
}  // namespace detail

// True when the NUL-terminated `name` equals the literal (its NUL included). Unrolled at compile
// time; && stops at the first difference, so it never reads past the end of a shorter name.
template <std::size_t N>
inline bool name_is(const char* name, const char (&literal)[N]) {
  return detail::name_is(name, literal, std::make_index_sequence<N>{});
}

// True when the local part of `name` equals the literal. The unprefixed comparison comes first:
// it is the usual case, and the name is scanned for a ':' only when that fails.
template <std::size_t N>
inline bool local_is(const char* name, const char (&literal)[N]) {
  if (name_is(name, literal)) return true;
  const char* local = local_part(name);
  return local != name && name_is(local, literal);
}

// First child element with that local name (any prefix), or an empty node.
pugi::xml_node child_named(pugi::xml_node parent, std::string_view local);
// Attribute with that local name, or an empty attribute.
pugi::xml_attribute attribute_named(pugi::xml_node node, std::string_view local);

// The element's text (first text or CDATA child), without surrounding blanks.
std::string_view text_of(pugi::xml_node node);
std::string_view trim(std::string_view text);

// The element's raw text (first text or CDATA child), NUL-terminated, blanks kept; "" when it
// has none. For the per-point hot path, where the length is never needed.
inline const char* raw_text(pugi::xml_node node) {
  // A leaf's text is embedded in the element (parse_embed_pcdata); CDATA stays a child.
  const char* embedded = node.value();
  if (*embedded != '\0') return embedded;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    const pugi::xml_node_type t = c.type();
    if (t == pugi::node_pcdata || t == pugi::node_cdata) return c.value();
  }
  return "";
}

// A finite decimal number ("12", "-3.5", "+7", "1e3"), blanks around it allowed; locale-free.
// nullopt for anything else (empty, "NaN", "12abc", "inf").
std::optional<double> parse_number(std::string_view text);

// The same for NUL-terminated text. Plain decimals of up to 19 digits whose mantissa fits in
// 53 bits (what devices write) take a fast exact path: an integer below 2^53 divided by an
// exact power of ten up to 1e22 is one correctly rounded operation, the same double strtod
// gives. Anything else goes through std::from_chars.
inline std::optional<double> parse_number(const char* text) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  std::uint64_t mantissa = 0;
  const char* digits = p;
  while (static_cast<unsigned>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  std::ptrdiff_t count = p - digits;
  std::ptrdiff_t decimals = 0;
  if (*p == '.') {
    const char* fraction = ++p;
    while (static_cast<unsigned>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    decimals = p - fraction;
    count += decimals;
  }
  // Overflowed (more than 19 digits), too many digits for the exact path, an exponent, blanks
  // or anything else: the general path decides.
  if (*p != '\0' || count == 0 || count > 19 || mantissa > (std::uint64_t{1} << 53)) {
    return parse_number(std::string_view(text));
  }
  const double value = static_cast<double>(mantissa) / kPow10[decimals];
  return negative ? -value : value;
}

// The UTC offset written in an ISO 8601 time ("…T16:43:11+02:00" → 7200), when the time has
// one other than "Z". Says nothing about validity: parse_iso8601 decides that.
std::optional<std::int32_t> iso8601_offset(std::string_view text);

}  // namespace th::xml
