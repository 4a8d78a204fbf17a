#include "utf8.h"

#include <cstring>

namespace rd {

size_t utf8_decode(const char* s, size_t n, uint32_t& cp) {
  if (n == 0) { cp = kInvalidCodepoint; return 0; }
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  const unsigned b0 = u[0];
  if (b0 < 0x80) { cp = b0; return 1; }
  size_t len;
  uint32_t v, min;
  if ((b0 & 0xE0) == 0xC0) { len = 2; v = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; v = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; v = b0 & 0x07; min = 0x10000; }
  else { cp = kInvalidCodepoint; return 1; }
  if (n < len) { cp = kInvalidCodepoint; return 1; }
  for (size_t i = 1; i < len; ++i) {
    if ((u[i] & 0xC0) != 0x80) { cp = kInvalidCodepoint; return 1; }
    v = (v << 6) | (u[i] & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    cp = kInvalidCodepoint;
    return 1;
  }
  cp = v;
  return len;
}

size_t utf8_encode(uint32_t cp, char* out, size_t room) {
  unsigned char b[4];
  size_t len;
  if (cp < 0x80) { b[0] = static_cast<unsigned char>(cp); len = 1; }
  else if (cp < 0x800) {
    b[0] = static_cast<unsigned char>(0xC0 | (cp >> 6));
    b[1] = static_cast<unsigned char>(0x80 | (cp & 0x3F)); len = 2;
  } else if (cp < 0x10000) {
    b[0] = static_cast<unsigned char>(0xE0 | (cp >> 12));
    b[1] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
    b[2] = static_cast<unsigned char>(0x80 | (cp & 0x3F)); len = 3;
  } else {
    b[0] = static_cast<unsigned char>(0xF0 | (cp >> 18));
    b[1] = static_cast<unsigned char>(0x80 | ((cp >> 12) & 0x3F));
    b[2] = static_cast<unsigned char>(0x80 | ((cp >> 6) & 0x3F));
    b[3] = static_cast<unsigned char>(0x80 | (cp & 0x3F)); len = 4;
  }
  if (len > room) return 0;
  std::memcpy(out, b, len);
  return len;
}

static bool is_control(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

bool utf8_copy_sanitized(char* dst, size_t cap, const char* src, size_t n) {
  static const char kEllipsis[] = "\xE2\x80\xA6";  // U+2026, 3 bytes
  const size_t limit = cap - 1;                   // bytes of content
  const size_t safe_limit = limit >= 3 ? limit - 3 : 0;
  size_t out = 0, safe_cut = 0, i = 0;
  while (i < n) {
    uint32_t cp;
    const size_t used = utf8_decode(src + i, n - i, cp);
    char enc[4];
    size_t len;
    if (cp == kInvalidCodepoint) { enc[0] = '?'; len = 1; }
    else if (is_control(cp)) { enc[0] = ' '; len = 1; }
    else { std::memcpy(enc, src + i, used); len = used; }
    if (out + len > limit) {
      // Does not fit: fall back to the last cut that leaves room for "…",
      // minus trailing spaces so the ellipsis hugs the last word.
      out = safe_cut;
      while (out > 0 && dst[out - 1] == ' ') --out;
      std::memcpy(dst + out, kEllipsis, 3);
      dst[out + 3] = '\0';
      return true;
    }
    std::memcpy(dst + out, enc, len);
    out += len;
    if (out <= safe_limit) safe_cut = out;
    i += used;
  }
  dst[out] = '\0';
  return false;
}

size_t utf8_count(const char* s) {
  const size_t n = std::strlen(s);
  size_t count = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    i += utf8_decode(s + i, n - i, cp);
    ++count;
  }
  return count;
}

size_t utf8_offset(const char* s, size_t index) {
  const size_t n = std::strlen(s);
  size_t i = 0;
  for (size_t k = 0; k < index && i < n; ++k) {
    uint32_t cp;
    i += utf8_decode(s + i, n - i, cp);
  }
  return i;
}

}  // namespace rd
