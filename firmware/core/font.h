// Built-in monospaced bitmap fonts (ASCII + Cyrillic + common punctuation).
// Monospace keeps text width = code points x glyph width, so the server
// preview can reproduce line fitting exactly (see LAYOUT.md).
#pragma once
#include <cstddef>
#include <cstdint>

namespace rd {

struct Font {
  uint8_t width;              // pixels per glyph cell
  uint8_t height;
  uint16_t count;             // glyphs in the table
  const uint16_t* codepoints; // sorted ascending, shared by all sizes
  const uint8_t* bits;        // count glyphs, each bytes_per_glyph() bytes
  size_t bytes_per_row() const { return (width + 7u) / 8u; }
  size_t bytes_per_glyph() const { return bytes_per_row() * height; }
};

extern const Font kFont16;  // 8x16
extern const Font kFont24;  // 12x24
extern const Font kFont32;  // 16x32

// Glyph bitmap for a code point. NBSP renders as space; anything missing
// renders as '?', so every code point has a visible, fixed-width cell.
const uint8_t* font_glyph(const Font& font, uint32_t cp);
bool font_has(const Font& font, uint32_t cp);

}  // namespace rd
