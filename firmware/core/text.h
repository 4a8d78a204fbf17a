// Pixel-width text fitting for the monospaced fonts. Widths are exact:
// code points x glyph width x scale (every code point has one cell).
#pragma once
#include <cstddef>

#include "font.h"

namespace rd {

int text_width(const char* s, const Font& font, int scale);

// How many glyph cells fit into max_width pixels.
int cells_fitting(const Font& font, int scale, int max_width);

// Copies s into out so it fits max_width; if not, keeps as many code points
// as fit together with a trailing "…" (trailing spaces dropped). Never
// writes more than cap bytes and never splits a code point. Returns true if
// the text was shortened.
bool fit_text(const char* s, const Font& font, int scale, int max_width, char* out, size_t cap);

// Greedy word wrap into at most max_lines lines stored at lines + i*line_cap.
// Breaks at spaces, hard-breaks words longer than a line, and ellipsizes
// the last line if text remains. Returns the number of lines written.
int wrap_text(const char* s, const Font& font, int scale, int max_width, char* lines,
              size_t line_cap, int max_lines);

}  // namespace rd
