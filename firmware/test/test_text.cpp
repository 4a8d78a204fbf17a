// UTF-8 sanitizing/truncation, text fitting and wrapping with Cyrillic.
#include "../core/font.h"
#include "../core/text.h"
#include "../core/utf8.h"
#include "harness.h"

using namespace rd;

static std::string sanitized(const std::string& in, size_t cap, bool* cut = nullptr) {
  char buf[256];
  const bool t = utf8_copy_sanitized(buf, cap, in.data(), in.size());
  if (cut) *cut = t;
  return buf;
}

TEST(utf8_decode_valid_and_invalid) {
  uint32_t cp;
  CHECK_EQ(utf8_decode("A", 1, cp), 1u);
  CHECK_EQ(cp, 0x41u);
  CHECK_EQ(utf8_decode("\xD0\x96", 2, cp), 2u);  // Ж
  CHECK_EQ(cp, 0x416u);
  CHECK_EQ(utf8_decode("\xE2\x80\xA6", 3, cp), 3u);  // …
  CHECK_EQ(cp, 0x2026u);
  CHECK_EQ(utf8_decode("\xF0\x9F\x98\x80", 4, cp), 4u);  // emoji
  CHECK_EQ(cp, 0x1F600u);
  const char* bad[] = {"\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80",
                       "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF", "\xD0"};
  for (const char* b : bad) {
    CHECK_EQ(utf8_decode(b, std::strlen(b), cp), 1u);
    CHECK_EQ(cp, kInvalidCodepoint);
  }
  CHECK_EQ(utf8_decode("\xD0\x41", 2, cp), 1u);  // bad continuation: resync
  CHECK_EQ(cp, kInvalidCodepoint);
  CHECK_EQ(utf8_decode("", 0, cp), 0u);
}

TEST(utf8_sanitize_replaces_invalid_and_controls) {
  CHECK_STR(sanitized("Нева", 65), "Нева");
  CHECK_STR(sanitized("a\xFF" "b\xD0", 65), "a?b?");
  CHECK_STR(sanitized("a\tb\x01" "c\x7F", 65), "a b c ");
  CHECK_STR(sanitized(std::string("a\0b", 3), 65), "a b");
  CHECK_STR(sanitized("\xC2\x85x", 65), " x");  // C1 control NEL
  CHECK_STR(sanitized("\xED\xA0\x80", 65), "???");  // CESU surrogate: one '?' per byte
}

TEST(utf8_truncation_keeps_codepoints_and_adds_ellipsis) {
  bool cut = false;
  // 10 bytes of room (cap 11): "Переговорная" is 24 bytes.
  const std::string s = sanitized("Переговорная", 11, &cut);
  CHECK(cut);
  CHECK_STR(s, "Пер…");  // 3 letters (6 bytes) + "…" (3 bytes) <= 10
  CHECK(s.size() <= 10);
  // Never splits a 2-byte letter, for every capacity.
  for (size_t cap = 4; cap < 40; ++cap) {
    const std::string t = sanitized("Ёжик в тумане, «Нева»", cap, &cut);
    CHECK(t.size() <= cap - 1);
    size_t i = 0;
    while (i < t.size()) {
      uint32_t cp;
      i += utf8_decode(t.data() + i, t.size() - i, cp);
      CHECK(cp != kInvalidCodepoint);
    }
  }
  CHECK_STR(sanitized("ab cd ef", 8, &cut), "ab c…");
  CHECK(cut);
  CHECK_STR(sanitized("ab  cdef", 8, &cut), "ab…");  // trailing spaces dropped before …
  CHECK(cut);
  CHECK_STR(sanitized("abcdefg", 8, &cut), "abcdefg");  // exactly fits
  CHECK(!cut);
}

TEST(utf8_count_and_offset) {
  CHECK_EQ(utf8_count("Нева 42"), 7u);
  CHECK_EQ(utf8_offset("Нева 42", 2), 4u);
  CHECK_EQ(utf8_offset("Нева", 10), 8u);
  char out[8];
  CHECK_EQ(utf8_encode(0x416, out, sizeof out), 2u);
  CHECK_EQ(utf8_encode(0x1F600, out, 3), 0u);  // no room
}

TEST(font_covers_ascii_cyrillic_and_punctuation) {
  const Font* fonts[] = {&kFont16, &kFont24, &kFont32};
  for (const Font* f : fonts) {
    for (uint32_t cp = 0x20; cp < 0x7F; ++cp) CHECK(font_has(*f, cp));
    for (uint32_t cp = 0x410; cp <= 0x44F; ++cp) CHECK(font_has(*f, cp));  // А..я
    CHECK(font_has(*f, 0x401) && font_has(*f, 0x451));                    // Ё ё
    const uint32_t punct[] = {0xAB, 0xBB, 0x2013, 0x2014, 0x2026, 0x2116};
    for (uint32_t cp : punct) CHECK(font_has(*f, cp));
    CHECK(!font_has(*f, 0x1F600));
    CHECK(font_glyph(*f, 0x1F600) == font_glyph(*f, '?'));  // fallback cell
    for (uint16_t i = 1; i < f->count; ++i) CHECK(f->codepoints[i - 1] < f->codepoints[i]);
  }
  CHECK_EQ(static_cast<int>(kFont16.width), 8);
  CHECK_EQ(static_cast<int>(kFont32.height), 32);
}

TEST(fit_text_cyrillic_by_pixel_width) {
  char out[128];
  CHECK_EQ(text_width("Нева", kFont16, 1), 32);
  CHECK_EQ(text_width("Нева", kFont32, 2), 128);
  CHECK(!fit_text("Переговорная «Нева»", kFont16, 1, 19 * 8, out, sizeof out));
  CHECK_STR(out, "Переговорная «Нева»");
  CHECK(fit_text("Переговорная «Нева»", kFont16, 1, 18 * 8, out, sizeof out));
  CHECK_STR(out, "Переговорная «Нев…");
  CHECK_EQ(text_width(out, kFont16, 1), 18 * 8);
  CHECK(fit_text("Переговорная «Нева»", kFont16, 1, 13 * 8 + 7, out, sizeof out));
  CHECK_STR(out, "Переговорная…");  // space before the cut is dropped
  CHECK(fit_text("Ab", kFont16, 1, 7, out, sizeof out));  // less than one cell
  CHECK_STR(out, "");
  CHECK(fit_text("Abc", kFont16, 1, 8, out, sizeof out));  // room for the ellipsis only
  CHECK_STR(out, "…");
  // A small output buffer still never overflows or splits a letter.
  char tiny[6];
  CHECK(fit_text("Нева", kFont16, 1, 1000, tiny, sizeof tiny));
  CHECK_STR(tiny, "Не");
}

TEST(wrap_text_breaks_at_spaces_and_ellipsizes_last_line) {
  char lines[3][64];
  int n = wrap_text("Отсканируйте QR-код, иначе бронь скоро снимется", kFont16, 1, 20 * 8,
                    &lines[0][0], 64, 3);
  CHECK_EQ(n, 3);
  CHECK_STR(lines[0], "Отсканируйте QR-код,");
  CHECK_STR(lines[1], "иначе бронь скоро");
  CHECK_STR(lines[2], "снимется");
  n = wrap_text("Отсканируйте QR-код, иначе бронь скоро снимется", kFont16, 1, 20 * 8,
                &lines[0][0], 64, 2);
  CHECK_EQ(n, 2);
  CHECK_STR(lines[1], "иначе бронь скоро с…");
  n = wrap_text("Сверхдлинноесловобезпробелов", kFont16, 1, 10 * 8, &lines[0][0], 64, 3);
  CHECK_EQ(n, 3);
  CHECK_STR(lines[0], "Сверхдлинн");  // hard break inside a long word
  CHECK_STR(lines[1], "оесловобез");
  CHECK_STR(lines[2], "пробелов");
  CHECK_EQ(wrap_text("   ", kFont16, 1, 80, &lines[0][0], 64, 3), 0);
  CHECK_EQ(wrap_text("abc", kFont16, 1, 4, &lines[0][0], 64, 3), 0);  // no cell fits
}
