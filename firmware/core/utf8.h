// Strict UTF-8 handling for untrusted payload text (RFC 3629).
#pragma once
#include <cstddef>
#include <cstdint>

namespace rd {

constexpr uint32_t kInvalidCodepoint = 0xFFFFFFFFu;

// Decodes one code point from s[0..n). Returns bytes consumed (1..4; 0 only
// when n == 0). Malformed, overlong, surrogate or > U+10FFFF sequences give
// cp = kInvalidCodepoint and consume exactly one byte, so callers resync.
size_t utf8_decode(const char* s, size_t n, uint32_t& cp);

// Copies src[0..n) into dst (cap bytes including the NUL, cap >= 4):
// invalid bytes become '?', control characters become ' '. If the result
// does not fit it is cut at a code point boundary and ends with "…".
// Returns true when truncated. dst is always NUL-terminated.
bool utf8_copy_sanitized(char* dst, size_t cap, const char* src, size_t n);

// Number of code points in a NUL-terminated string (invalid bytes count 1).
size_t utf8_count(const char* s);

// Byte offset of the code point with index `index` (or strlen if past end).
size_t utf8_offset(const char* s, size_t index);

// Appends the UTF-8 encoding of cp; returns bytes written (0 if no room).
size_t utf8_encode(uint32_t cp, char* out, size_t room);

}  // namespace rd
