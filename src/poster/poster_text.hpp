#pragma once
// Text for posters (title, legend, credit line), drawn with FreeType from the DejaVu fonts
// (Debian's fonts-dejavu-core): anti-aliased, any size, and every character a title may hold
// (UTF-8; a character the font lacks shows as its missing-glyph box).

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace th::poster {

// One line of text as coverage: width × height values 0..255, row-major; the baseline is
// `baseline` rows from the top.
struct TextMask {
  int width = 0, height = 0, baseline = 0;
  std::vector<std::uint8_t> coverage;
};

class TextRenderer {
 public:
  // Opens DejaVu Sans and DejaVu Sans Bold from the usual Debian paths. Throws IoError naming
  // the font it looked for when a font cannot be opened (install fonts-dejavu-core).
  TextRenderer();
  ~TextRenderer();
  TextRenderer(const TextRenderer&) = delete;
  TextRenderer& operator=(const TextRenderer&) = delete;

  // `text` (UTF-8; invalid bytes show as U+FFFD) at `pixel_size` px (em height), one line.
  TextMask render(std::string_view text, int pixel_size, bool bold = false);

 private:
  struct Fonts;
  std::unique_ptr<Fonts> fonts_;
};

}  // namespace th::poster
