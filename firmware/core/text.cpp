#include "text.h"

#include <cstring>

#include "utf8.h"

namespace rd {
namespace {

const char kEllipsis[] = "\xE2\x80\xA6";

// Copies at most max_cps code points of s[0..n) into out (cap bytes incl.
// NUL), reserving `reserve` bytes; returns bytes written.
size_t copy_cps(const char* s, size_t n, size_t max_cps, char* out, size_t cap, size_t reserve) {
  if (cap == 0) return 0;
  size_t i = 0, cps = 0;
  while (i < n && cps < max_cps) {
    uint32_t cp;
    const size_t used = utf8_decode(s + i, n - i, cp);
    if (i + used + reserve + 1 > cap) break;
    i += used;
    ++cps;
  }
  std::memcpy(out, s, i);
  out[i] = '\0';
  return i;
}

}  // namespace

int text_width(const char* s, const Font& font, int scale) {
  return static_cast<int>(utf8_count(s)) * font.width * scale;
}

int cells_fitting(const Font& font, int scale, int max_width) {
  const int cell = font.width * scale;
  return cell > 0 && max_width > 0 ? max_width / cell : 0;
}

bool fit_text(const char* s, const Font& font, int scale, int max_width, char* out, size_t cap) {
  if (cap == 0) return true;
  const size_t n = std::strlen(s);
  const int cells = cells_fitting(font, scale, max_width);
  const size_t count = utf8_count(s);
  if (count <= static_cast<size_t>(cells)) {
    const size_t written = copy_cps(s, n, count, out, cap, 0);
    return written < n;  // only if out is too small for the whole text
  }
  if (cells < 1 || cap < 4) {
    out[0] = '\0';
    return true;
  }
  size_t len = copy_cps(s, n, static_cast<size_t>(cells - 1), out, cap, 3);
  while (len > 0 && out[len - 1] == ' ') --len;
  std::memcpy(out + len, kEllipsis, 4);  // includes the NUL
  return true;
}

int wrap_text(const char* s, const Font& font, int scale, int max_width, char* lines,
              size_t line_cap, int max_lines) {
  const int cells = cells_fitting(font, scale, max_width);
  if (cells < 1 || line_cap == 0) return 0;
  const size_t n = std::strlen(s);
  size_t pos = 0;
  int used = 0;
  while (used < max_lines && pos < n) {
    while (pos < n && s[pos] == ' ') ++pos;
    if (pos >= n) break;
    char* line = lines + static_cast<size_t>(used) * line_cap;
    const char* rest = s + pos;
    if (utf8_count(rest) <= static_cast<size_t>(cells) || used == max_lines - 1) {
      fit_text(rest, font, scale, max_width, line, line_cap);
      ++used;
      break;
    }
    // Find the last space within the first `cells` + 1 code points.
    size_t i = 0, break_at = 0;
    for (int k = 0; k <= cells && pos + i < n; ++k) {
      if (k > 0 && rest[i] == ' ') break_at = i;
      uint32_t cp;
      i += utf8_decode(rest + i, n - pos - i, cp);
    }
    size_t take = break_at;
    if (take == 0) take = utf8_offset(rest, static_cast<size_t>(cells));  // hard break
    const size_t written = copy_cps(rest, take, static_cast<size_t>(cells), line, line_cap, 0);
    size_t end = written;
    while (end > 0 && line[end - 1] == ' ') --end;
    line[end] = '\0';
    pos += written > 0 ? written : take;
    ++used;
  }
  return used;
}

}  // namespace rd
