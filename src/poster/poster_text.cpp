#include "poster/poster_text.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <array>
#include <string>

#include "core/errors.hpp"

namespace th::poster {

namespace {

constexpr std::array<const char*, 2> kRegular = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
};
constexpr std::array<const char*, 2> kBold = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
};

// Code points of UTF-8 text; a byte that does not start a valid sequence becomes U+FFFD.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
    char32_t c = extra == 0 ? b : extra == 1 ? (b & 0x1f) : extra == 2 ? (b & 0x0f) : (b & 0x07);
    bool ok = extra >= 0 && i + static_cast<std::size_t>(extra) < s.size() + (extra == 0 ? 1 : 0);
    for (int k = 1; ok && k <= extra; ++k) {
      const auto n = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      ok = (n & 0xc0) == 0x80;
      c = (c << 6) | (n & 0x3f);
    }
    if (!ok || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(c);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

}  // namespace

struct TextRenderer::Fonts {
  FT_Library library = nullptr;
  FT_Face regular = nullptr;
  FT_Face bold = nullptr;

  ~Fonts() {
    if (bold) FT_Done_Face(bold);
    if (regular) FT_Done_Face(regular);
    if (library) FT_Done_FreeType(library);
  }

  FT_Face open(const std::array<const char*, 2>& paths) const {
    for (const char* path : paths) {
      FT_Face face = nullptr;
      if (FT_New_Face(library, path, 0, &face) == 0) return face;
    }
    throw IoError(std::string("poster: cannot open the font ") + paths[0] +
                  " (install fonts-dejavu-core)");
  }
};

TextRenderer::TextRenderer() : fonts_(std::make_unique<Fonts>()) {
  if (FT_Init_FreeType(&fonts_->library) != 0) throw IoError("poster: FreeType failed to start");
  fonts_->regular = fonts_->open(kRegular);
  fonts_->bold = fonts_->open(kBold);
}

TextRenderer::~TextRenderer() = default;

TextMask TextRenderer::render(std::string_view text, int pixel_size, bool bold) {
  FT_Face face = bold ? fonts_->bold : fonts_->regular;
  if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(std::max(pixel_size, 1))) != 0) {
    throw IoError("poster: the font cannot be drawn at " + std::to_string(pixel_size) + " px");
  }
  const int ascender = static_cast<int>((face->size->metrics.ascender + 63) >> 6);
  const int descender = static_cast<int>((-face->size->metrics.descender + 63) >> 6);
  const std::vector<char32_t> chars = code_points(text);
  // First the width: advances and kerning.
  const auto advance_of = [&](char32_t c, FT_UInt previous, FT_UInt& index) -> long {
    index = FT_Get_Char_Index(face, c);
    long kern = 0;
    if (previous != 0 && index != 0 && FT_HAS_KERNING(face)) {
      FT_Vector k{};
      FT_Get_Kerning(face, previous, index, FT_KERNING_DEFAULT, &k);
      kern = k.x;
    }
    if (FT_Load_Glyph(face, index, FT_LOAD_DEFAULT) != 0) return kern;
    return kern + face->glyph->advance.x;
  };
  long width26 = 0;
  FT_UInt previous = 0;
  for (const char32_t c : chars) {
    FT_UInt index = 0;
    width26 += advance_of(c, previous, index);
    previous = index;
  }
  TextMask mask;
  mask.width = static_cast<int>((width26 + 63) >> 6) + 2;
  mask.height = ascender + descender;
  mask.baseline = ascender;
  mask.coverage.assign(static_cast<std::size_t>(mask.width) * mask.height, 0);
  long pen26 = 0;
  previous = 0;
  for (const char32_t c : chars) {
    FT_UInt index = FT_Get_Char_Index(face, c);
    if (previous != 0 && index != 0 && FT_HAS_KERNING(face)) {
      FT_Vector k{};
      FT_Get_Kerning(face, previous, index, FT_KERNING_DEFAULT, &k);
      pen26 += k.x;
    }
    previous = index;
    if (FT_Load_Glyph(face, index, FT_LOAD_RENDER) != 0) continue;
    const FT_GlyphSlot g = face->glyph;
    const FT_Bitmap& bm = g->bitmap;
    const int x0 = static_cast<int>(pen26 >> 6) + g->bitmap_left + 1;
    const int y0 = mask.baseline - g->bitmap_top;
    for (int r = 0; r < static_cast<int>(bm.rows); ++r) {
      const int y = y0 + r;
      if (y < 0 || y >= mask.height) continue;
      for (int col = 0; col < static_cast<int>(bm.width); ++col) {
        const int x = x0 + col;
        if (x < 0 || x >= mask.width) continue;
        const std::uint8_t v = bm.buffer[r * bm.pitch + col];
        std::uint8_t& out = mask.coverage[static_cast<std::size_t>(y) * mask.width + x];
        out = std::max(out, v);
      }
    }
    pen26 += g->advance.x;
  }
  return mask;
}

}  // namespace th::poster
