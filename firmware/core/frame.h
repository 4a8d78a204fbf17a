// Three-colour frame buffer as two 1-bit planes, the layout GxEPD2 and
// Adafruit_GFX drawBitmap() use: row-major, MSB = leftmost pixel, rows
// padded to whole bytes, bit 1 = ink. A pixel set in the red plane is red
// regardless of the black plane.
#pragma once
#include <cstddef>
#include <cstdint>

#include "font.h"

namespace rd {

enum class Color : uint8_t { White, Black, Red };

class Frame {
 public:
  // The caller owns both planes (plane_bytes() each): no heap in the core.
  Frame(uint8_t* black, uint8_t* red, int width, int height);
  static constexpr size_t plane_bytes(int width, int height) {
    return static_cast<size_t>((width + 7) / 8) * static_cast<size_t>(height);
  }

  int width() const { return w_; }
  int height() const { return h_; }
  const uint8_t* black_plane() const { return black_; }
  const uint8_t* red_plane() const { return red_; }

  void clear();                                      // all white
  void set(int x, int y, Color c);                   // clipped
  Color get(int x, int y) const;                     // White outside
  void fill_rect(int x, int y, int w, int h, Color c);  // clipped
  size_t count(Color c) const;
  // FNV-1a over size and both planes: equal hash => same picture on glass.
  uint32_t hash() const;

 private:
  uint8_t* black_;
  uint8_t* red_;
  int w_, h_;
  size_t stride_;
};

// Draws only the glyph pixels (transparent background). (x, y) is the top
// left of the first cell; each font pixel becomes a scale x scale block.
void draw_text(Frame& f, int x, int y, const char* s, const Font& font, int scale, Color c);

}  // namespace rd
