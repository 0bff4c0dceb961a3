#pragma once
// A rectangular grid of per-pixel values, e.g. one tile's accumulator.
//
// Representation: width × height values in one std::vector, row-major (index = y·width + x),
// pixel (0, 0) top left like the tiles themselves. Invariant: values().size() == width·height.
// Preconditions of at(): 0 ≤ x < width, 0 ≤ y < height (checked by assert in debug builds);
// the rasteriser only ever emits window-relative coordinates that satisfy them.

#include <cassert>
#include <cstddef>
#include <vector>

namespace th {

template <class T>
class TileGrid {
 public:
  TileGrid() = default;
  // Negative sizes count as 0 (an empty grid), never as a huge allocation.
  TileGrid(int width, int height, T fill = T{})
      : width_(width > 0 && height > 0 ? width : 0),
        height_(width > 0 && height > 0 ? height : 0),
        values_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), fill) {}

  int width() const { return width_; }
  int height() const { return height_; }

  T& at(int x, int y) {
    assert(x >= 0 && x < width_ && y >= 0 && y < height_);
    return values_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                   static_cast<std::size_t>(x)];
  }
  const T& at(int x, int y) const {
    assert(x >= 0 && x < width_ && y >= 0 && y < height_);
    return values_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                   static_cast<std::size_t>(x)];
  }

  std::vector<T>& values() { return values_; }
  const std::vector<T>& values() const { return values_; }

  void fill(T value) { values_.assign(values_.size(), value); }

  friend bool operator==(const TileGrid&, const TileGrid&) = default;

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<T> values_;
};

}  // namespace th
