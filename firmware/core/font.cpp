#include "font.h"

namespace rd {

static int find_index(const Font& font, uint32_t cp) {
  int lo = 0, hi = static_cast<int>(font.count) - 1;
  while (lo <= hi) {
    const int mid = lo + (hi - lo) / 2;
    const uint32_t v = font.codepoints[mid];
    if (v == cp) return mid;
    if (v < cp) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

bool font_has(const Font& font, uint32_t cp) { return find_index(font, cp) >= 0; }

const uint8_t* font_glyph(const Font& font, uint32_t cp) {
  int i = find_index(font, cp);
  if (i < 0) i = find_index(font, '?');
  return font.bits + static_cast<size_t>(i) * font.bytes_per_glyph();
}

}  // namespace rd
