#include "poster/poster_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "core/parallel.hpp"
#include "core/time_util.hpp"
#include "encode/color_ramp.hpp"
#include "encode/palette_index.hpp"
#include "encode/png_writer.hpp"
#include "poster/poster_text.hpp"
#include "render/projection.hpp"

namespace th::poster {

namespace {

constexpr Rgba kDarkBackground{17, 19, 23, 255};  // close to the dark base map's land
constexpr Rgba kLightBackground{242, 241, 237, 255};

// Straight-alpha "source over destination".
Rgba over(const Rgba& dst, const Rgba& src) {
  if (src.a == 0) return dst;
  if (src.a == 255 || dst.a == 0) return src;
  const float sa = src.a / 255.0f;
  const float da = dst.a / 255.0f * (1 - sa);
  const float oa = sa + da;
  const auto mix = [&](std::uint8_t s, std::uint8_t d) {
    return static_cast<std::uint8_t>(std::lround((s * sa + d * da) / oa));
  };
  return {mix(src.r, dst.r), mix(src.g, dst.g), mix(src.b, dst.b),
          static_cast<std::uint8_t>(std::lround(oa * 255))};
}

// A rectangle of straight-alpha pixels laid over the poster at (x, y).
struct Overlay {
  int x = 0, y = 0, width = 0, height = 0;
  std::vector<Rgba> pixels;
};

Overlay filled(int x, int y, int width, int height, Rgba colour) {
  return {x, y, width, height, std::vector<Rgba>(static_cast<std::size_t>(width) * height, colour)};
}

Overlay text_overlay(const TextMask& mask, int x, int y, Rgba colour) {
  Overlay o{x, y, mask.width, mask.height, {}};
  o.pixels.resize(mask.coverage.size());
  for (std::size_t i = 0; i < mask.coverage.size(); ++i) {
    o.pixels[i] = {colour.r, colour.g, colour.b,
                   static_cast<std::uint8_t>(mask.coverage[i] * colour.a / 255)};
  }
  return o;
}

struct Theme {
  Rgba background;
  Rgba panel;
  Rgba text;
};

Theme theme_of(Background b) {
  if (b == Background::Light) return {kLightBackground, {255, 255, 255, 210}, {28, 30, 34, 255}};
  return {b == Background::Dark ? kDarkBackground : Rgba{0, 0, 0, 0},
          {0, 0, 0, 170},
          {236, 236, 236, 255}};
}

std::string number_text(double v) {
  char buf[48];
  if (!std::isfinite(v)) return "–";
  if (std::fabs(v) >= 1000) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

// Title at the top, legend at the bottom left, credit line at the bottom right, in the order
// they are drawn.
std::vector<Overlay> overlays(const PosterScene& scene, const PosterStyle& style) {
  const PosterView& v = scene.view;
  const Theme theme = theme_of(style.background);
  const int u = std::clamp(std::min(v.width, v.height) / 50, 9, 80);  // text size, px
  const int margin = u;
  TextRenderer text;
  std::vector<Overlay> out;
  if (!style.title.empty()) {
    const TextMask t = text.render(style.title, u * 9 / 5, true);
    const int pad = u / 2;
    const int x = (v.width - t.width) / 2;
    out.push_back(filled(x - pad, margin, t.width + 2 * pad, t.height + pad, theme.panel));
    out.push_back(text_overlay(t, x, margin + pad / 2, theme.text));
  }
  if (style.legend) {
    const LayerSpec& spec = layer_spec(scene.layer);
    const TextMask label = text.render(spec.label, u, true);
    const TextMask lo = text.render(legend_value(scene.layer, scene.scale.lo), u * 4 / 5);
    const TextMask hi = text.render(legend_value(scene.layer, scene.scale.hi), u * 4 / 5);
    const int pad = u / 2;
    const int bar_w = std::max({label.width, lo.width + hi.width + u, 10 * u});
    const int bar_h = std::max(u * 7 / 10, 4);
    const int w = bar_w + 2 * pad;
    const int h = pad + label.height + pad / 2 + bar_h + pad / 3 + lo.height + pad;
    const int x = margin, y = v.height - margin - h;
    out.push_back(filled(x, y, w, h, theme.panel));
    out.push_back(text_overlay(label, x + pad, y + pad, theme.text));
    const int bar_y = y + pad + label.height + pad / 2;
    Overlay bar{x + pad, bar_y, bar_w, bar_h, {}};
    const RampId ramp_id = ramp_from_name(spec.ramp);
    const Palette& palette = ramp(ramp_id);
    for (int r = 0; r < bar_h; ++r) {
      for (int c = 0; c < bar_w; ++c) {
        const double t = bar_w > 1 ? static_cast<double>(c) / (bar_w - 1) : 1.0;
        bar.pixels.push_back(palette[1 + static_cast<int>(std::lround(254 * t))]);
      }
    }
    out.push_back(std::move(bar));
    const int values_y = bar_y + bar_h + pad / 3;
    out.push_back(text_overlay(lo, x + pad, values_y, theme.text));
    out.push_back(text_overlay(hi, x + pad + bar_w - hi.width, values_y, theme.text));
  }
  const std::string credit = "trackheat · " + std::to_string(scene.activities) +
                             (scene.activities == 1 ? " activity" : " activities");
  const TextMask c = text.render(credit, std::max(u * 7 / 10, 8));
  const int pad = std::max(u / 4, 2);
  const int x = v.width - margin / 2 - c.width - 2 * pad;
  const int y = v.height - margin / 2 - c.height - 2 * pad;
  out.push_back(filled(x, y, c.width + 2 * pad, c.height + 2 * pad, theme.panel));
  out.push_back(text_overlay(c, x + pad, y + pad, theme.text));
  return out;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

}  // namespace

std::string legend_value(LayerId layer, double internal_value) {
  const LayerSpec& spec = layer_spec(layer);
  const double v = to_user_units(layer, internal_value);
  if (spec.scale == ScaleKind::Age) {
    // Day numbers count days since 1970 plus one; the legend shows the month.
    if (!std::isfinite(v)) return "–";
    return format_iso_day(static_cast<std::int64_t>(std::lround(v)) - 1).substr(0, 7);
  }
  return number_text(v) + " " + std::string(spec.units);
}

Poster render_poster(const PosterScene& scene, const PosterStyle& style, unsigned jobs,
                     Progress* progress) {
  const PosterView& v = scene.view;
  const ZoomGeometry& g = *scene.geometry;
  const std::vector<Overlay> laid = overlays(scene, style);
  const Rgba background = theme_of(style.background).background;
  const Palette& palette = ramp(ramp_from_name(layer_spec(scene.layer).ramp));
  const IndexTable table = index_table(scene.layer, scene.scale);
  const std::int64_t world_tiles = std::int64_t{1} << v.zoom;
  const std::int64_t first_col = floor_div(v.left, kTileSizePx);
  const std::int64_t last_col = floor_div(v.left + v.width - 1, kTileSizePx);
  const std::int64_t first_row = floor_div(v.top, kTileSizePx);
  const std::int64_t last_row = floor_div(v.top + v.height - 1, kTileSizePx);
  const auto cols = static_cast<std::size_t>(last_col - first_col + 1);
  jobs = std::max(1u, std::min<unsigned>(resolve_jobs(jobs), static_cast<unsigned>(cols)));
  std::vector<std::unique_ptr<TileRenderer>> scratch;
  for (unsigned i = 0; i < jobs; ++i) scratch.push_back(std::make_unique<TileRenderer>());

  if (progress != nullptr)
    progress->set_total(static_cast<std::uint64_t>(last_row - first_row + 1));
  Poster poster;
  RgbaPngRowEncoder encoder(v.width, v.height);
  std::vector<std::vector<std::uint8_t>> indices(cols);  // per tile of the band; empty: none
  std::vector<Rgba> row(static_cast<std::size_t>(v.width));
  for (std::int64_t ty = first_row; ty <= last_row; ++ty) {
    parallel_for(cols, jobs, [&](unsigned worker, std::size_t i) {
      const std::int64_t tx = first_col + static_cast<std::int64_t>(i);
      indices[i].clear();
      if (tx < 0 || ty < 0 || tx >= world_tiles || ty >= world_tiles) return;
      const auto k = g.find_tile(static_cast<std::uint32_t>(tx), static_cast<std::uint32_t>(ty));
      if (!k) return;
      const TileCodes codes = render_tile(g, *k, scene.keep, *scratch[worker]);
      if (codes.pixels.empty() || !tile_indices(codes, scene.layer, table, indices[i])) {
        indices[i].clear();
      }
    });
    const std::int64_t y_begin = std::max(v.top, ty * kTileSizePx);
    const std::int64_t y_end = std::min(v.top + v.height, (ty + 1) * kTileSizePx);
    for (std::int64_t wy = y_begin; wy < y_end; ++wy) {
      const int py = static_cast<int>(wy - v.top);
      const auto ry = static_cast<std::size_t>(wy - ty * kTileSizePx) * kTileSizePx;
      for (int px = 0; px < v.width; ++px) {
        const std::int64_t wx = v.left + px;
        const auto col = static_cast<std::size_t>(floor_div(wx, kTileSizePx) - first_col);
        const std::vector<std::uint8_t>& tile = indices[col];
        const std::uint8_t index =
            tile.empty() ? 0
                         : tile[ry + static_cast<std::size_t>(wx - floor_div(wx, kTileSizePx) *
                                                                       kTileSizePx)];
        if (index != 0) ++poster.heat_pixels;
        row[static_cast<std::size_t>(px)] = over(background, palette[index]);
      }
      for (const Overlay& o : laid) {
        if (py < o.y || py >= o.y + o.height) continue;
        const int x0 = std::max(o.x, 0), x1 = std::min(o.x + o.width, v.width);
        const Rgba* src = o.pixels.data() + static_cast<std::size_t>(py - o.y) * o.width;
        for (int x = x0; x < x1; ++x) {
          row[static_cast<std::size_t>(x)] = over(row[static_cast<std::size_t>(x)], src[x - o.x]);
        }
      }
      encoder.write_row(row);
    }
    if (progress != nullptr) progress->advance();
  }
  poster.png = encoder.finish();
  return poster;
}

}  // namespace th::poster
