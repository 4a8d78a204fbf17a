#include "frame.h"

#include <cstring>

#include "utf8.h"

namespace rd {

Frame::Frame(uint8_t* black, uint8_t* red, int width, int height)
    : black_(black), red_(red), w_(width > 0 ? width : 0), h_(height > 0 ? height : 0),
      stride_(static_cast<size_t>((w_ + 7) / 8)) {}

void Frame::clear() {
  const size_t n = plane_bytes(w_, h_);
  std::memset(black_, 0, n);
  std::memset(red_, 0, n);
}

void Frame::set(int x, int y, Color c) {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return;
  const size_t i = static_cast<size_t>(y) * stride_ + static_cast<size_t>(x >> 3);
  const uint8_t bit = static_cast<uint8_t>(0x80u >> (x & 7));
  black_[i] = static_cast<uint8_t>(c == Color::Black ? black_[i] | bit : black_[i] & ~bit);
  red_[i] = static_cast<uint8_t>(c == Color::Red ? red_[i] | bit : red_[i] & ~bit);
}

Color Frame::get(int x, int y) const {
  if (x < 0 || y < 0 || x >= w_ || y >= h_) return Color::White;
  const size_t i = static_cast<size_t>(y) * stride_ + static_cast<size_t>(x >> 3);
  const uint8_t bit = static_cast<uint8_t>(0x80u >> (x & 7));
  if (red_[i] & bit) return Color::Red;
  return (black_[i] & bit) ? Color::Black : Color::White;
}

void Frame::fill_rect(int x, int y, int w, int h, Color c) {
  const int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
  const long x1l = static_cast<long>(x) + w, y1l = static_cast<long>(y) + h;
  const int x1 = x1l > w_ ? w_ : static_cast<int>(x1l);
  const int y1 = y1l > h_ ? h_ : static_cast<int>(y1l);
  for (int yy = y0; yy < y1; ++yy)
    for (int xx = x0; xx < x1; ++xx) set(xx, yy, c);
}

size_t Frame::count(Color c) const {
  size_t n = 0;
  for (int y = 0; y < h_; ++y)
    for (int x = 0; x < w_; ++x) n += get(x, y) == c;
  return n;
}

uint32_t Frame::hash() const {
  uint32_t h = 2166136261u;
  auto mix = [&h](uint8_t b) { h = (h ^ b) * 16777619u; };
  for (int shift = 0; shift < 32; shift += 8) {
    mix(static_cast<uint8_t>(static_cast<uint32_t>(w_) >> shift));
    mix(static_cast<uint8_t>(static_cast<uint32_t>(h_) >> shift));
  }
  const size_t n = plane_bytes(w_, h_);
  for (size_t i = 0; i < n; ++i) mix(black_[i]);
  for (size_t i = 0; i < n; ++i) mix(red_[i]);
  return h;
}

void draw_text(Frame& f, int x, int y, const char* s, const Font& font, int scale, Color c) {
  const size_t n = std::strlen(s);
  const size_t row_bytes = font.bytes_per_row();
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    i += utf8_decode(s + i, n - i, cp);
    const uint8_t* g = font_glyph(font, cp);
    for (int gy = 0; gy < font.height; ++gy) {
      for (int gx = 0; gx < font.width; ++gx) {
        const uint8_t byte = g[static_cast<size_t>(gy) * row_bytes + static_cast<size_t>(gx >> 3)];
        if (byte & (0x80u >> (gx & 7))) f.fill_rect(x + gx * scale, y + gy * scale, scale, scale, c);
      }
    }
    x += font.width * scale;
  }
}

}  // namespace rd
