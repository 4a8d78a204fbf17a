#include "layout.h"

#include <cstdio>
#include <cstring>

#include "i18n.h"
#include "qr.h"
#include "status.h"
#include "text.h"
#include "utf8.h"

namespace rd {
namespace {

// Bytes for one fitted line: longer than any text we draw (payload fields
// <= 96 bytes, fixed strings < 200) plus the ellipsis, on any panel width.
constexpr size_t kLine = 256;

struct Regions {
  Metrics m;
  int w, h;
  int band_y, list_y, list_h, footer_y;
};

Regions regions_for(const Frame& f) {
  Regions r;
  r.m = metrics_for(f.width(), f.height());
  r.w = f.width();
  r.h = f.height();
  r.band_y = r.m.header_h;
  r.list_y = r.band_y + r.m.band_h + 2;  // 2 px rule under the band
  r.footer_y = r.h - r.m.footer_h;
  r.list_h = r.footer_y - r.list_y;
  return r;
}

void text_fitted(Frame& f, int x, int y, int max_w, const char* s, const Font& font, int scale,
                 Color c) {
  char line[kLine];
  fit_text(s, font, scale, max_w, line, sizeof line);
  draw_text(f, x, y, line, font, scale, c);
}

void text_right(Frame& f, int right, int y, int max_w, const char* s, const Font& font, Color c) {
  char line[kLine];
  fit_text(s, font, 1, max_w, line, sizeof line);
  draw_text(f, right - text_width(line, font, 1), y, line, font, 1, c);
}

// Header: room name, large font if it fits, else the smaller one (then cut).
void draw_header(Frame& f, const Regions& r, const char* room) {
  const Metrics& m = r.m;
  const int max_w = r.w - 2 * m.margin;
  const int text_h = m.header_h - m.rule_h;
  const Font* font = m.title_font;
  if (text_width(room, *font, 1) > max_w) font = m.title_small;
  text_fitted(f, m.margin, (text_h - font->height) / 2, max_w, room, *font, 1, Color::Black);
  f.fill_rect(0, text_h, r.w, m.rule_h, Color::Black);
}

// Status band: one large word plus a detail line; red background when busy.
void draw_band(Frame& f, const Regions& r, const char* word, const char* detail, bool red) {
  const Metrics& m = r.m;
  const Color ink = red ? Color::White : Color::Black;
  if (red) f.fill_rect(0, r.band_y, r.w, m.band_h, Color::Red);
  const int max_w = r.w - 2 * m.margin;
  const int word_y = r.band_y + 4;
  text_fitted(f, m.margin, word_y, max_w, word, *m.word_font, m.word_scale, ink);
  const int word_h = m.word_font->height * m.word_scale;
  if (m.detail_beside) {
    char fitted[kLine];
    fit_text(word, *m.word_font, m.word_scale, max_w, fitted, sizeof fitted);
    const int x = m.margin + text_width(fitted, *m.word_font, m.word_scale) + m.margin;
    text_fitted(f, x, word_y + word_h - m.detail_font->height, r.w - m.margin - x, detail,
                *m.detail_font, 1, ink);
  } else {
    text_fitted(f, m.margin, word_y + word_h, max_w, detail, *m.detail_font, 1, ink);
  }
  f.fill_rect(0, r.band_y + m.band_h, r.w, 2, Color::Black);
}

void draw_footer(Frame& f, const Regions& r, const char* left, const char* right) {
  const Metrics& m = r.m;
  f.fill_rect(0, r.footer_y, r.w, 1, Color::Black);
  const Font& font = *m.row_font;
  const int y = r.footer_y + (m.footer_h - font.height + 1) / 2;
  const int half = (r.w - 2 * m.margin) / 2;
  text_fitted(f, m.margin, y, half, left, font, 1, Color::Black);
  text_right(f, r.w - m.margin, y, half, right, font, Color::Black);
}

// Number of lines (pitch apart, starting at y) whose glyphs end above bottom.
int rows_fitting(int y, int bottom, int pitch, int glyph_h) {
  if (y + glyph_h > bottom) return 0;
  return (bottom - y - glyph_h) / pitch + 1;
}

// Wrapped paragraph of at most max_lines that end above `bottom`; returns
// the y below it.
int draw_paragraph(Frame& f, int x, int y, int max_w, int max_lines, int bottom, const char* s,
                   const Font& font, int pitch, Color c) {
  char lines[4][kLine];
  const int room = rows_fitting(y, bottom, pitch, font.height);
  if (max_lines > room) max_lines = room;
  if (max_lines > 4) max_lines = 4;
  const int n = max_lines > 0 ? wrap_text(s, font, 1, max_w, &lines[0][0], kLine, max_lines) : 0;
  for (int i = 0; i < n; ++i) draw_text(f, x, y + i * pitch, lines[i], font, 1, c);
  return y + n * pitch;
}

// "Пт, 14 марта" / "Fri, 14 Mar": the date only, never the time of day, so
// the picture (and its hash) changes at most once a day by itself.
void format_date(const LocalTime& t, const Strings& str, char* out, size_t cap) {
  std::snprintf(out, cap, "%s, %d %s", str.weekdays[t.weekday % 7], t.day,
                str.months[(t.month + 11) % 12]);
}

void draw_meetings(Frame& f, const Regions& r, const Schedule& s, const Strings& str, int y,
                   int right, bool busy_now) {
  const Metrics& m = r.m;
  const Font& font = *m.row_font;
  const int now = s.now.minute_of_day();
  int visible[kMaxMeetings];
  int count = 0;
  for (int i = 0; i < s.meeting_count; ++i)
    if (s.meetings[i].end > now) visible[count++] = i;
  int rows = rows_fitting(y, r.footer_y - 1, m.row_pitch, font.height);
  if (rows <= 0) return;
  if (count == 0) {
    text_fitted(f, m.margin, y, right - m.margin, str.no_more, font, 1, Color::Black);
    return;
  }
  const bool overflow = count > rows;
  const int shown = overflow ? rows - 1 : count;
  const int title_x = m.margin + 13 * font.width;  // "HH:MM–HH:MM" + 2 cells
  for (int k = 0; k < shown; ++k) {
    const Meeting& mt = s.meetings[visible[k]];
    char a[6], b[6], times[24];
    format_hhmm(mt.start, a, true);
    format_hhmm(mt.end, b, true);
    std::snprintf(times, sizeof times, "%s\xE2\x80\x93%s", a, b);  // en dash
    const bool current = mt.start <= now && now < mt.end;
    const int row_y = y + k * m.row_pitch;
    draw_text(f, m.margin, row_y, times, font, 1, current && busy_now ? Color::Red : Color::Black);
    const char* title = mt.title[0] ? mt.title : str.busy_title;
    text_fitted(f, title_x, row_y, right - title_x, title, font, 1, Color::Black);
  }
  if (overflow) {
    char more[64];
    std::snprintf(more, sizeof more, str.more_fmt, count - shown);
    text_fitted(f, title_x, y + shown * m.row_pitch, right - title_x, more, font, 1, Color::Black);
  }
}

// Check-in QR in a white square at the right end of the list region; the
// square includes the 4-module quiet zone. Returns the square's left edge.
int draw_qr(Frame& f, const Regions& r, const char* target) {
  static QrCode code;  // ~200 bytes; static keeps it off small task stacks
  const int box = r.list_h;
  const int x0 = r.w - box;
  if (!qr_encode(reinterpret_cast<const uint8_t*>(target), std::strlen(target), QrEcc::L, code))
    return r.w;
  const int scale = box / (code.size + 8);
  if (scale < 2) return r.w;  // 1-pixel modules are too small to scan
  const int offset = (box - code.size * scale) / 2;
  for (int y = 0; y < code.size; ++y)
    for (int x = 0; x < code.size; ++x)
      if (code.dark(x, y))
        f.fill_rect(x0 + offset + x * scale, r.list_y + offset + y * scale, scale, scale,
                    Color::Black);
  return x0;
}

}  // namespace

Metrics metrics_for(int width, int height) {
  (void)width;  // width only changes how much text fits
  if (height >= 240) {
    return Metrics{12, &kFont32, &kFont24, 48, 3, &kFont32, 2, &kFont32, false, 108,
                   &kFont16, 24, &kFont24, 22};
  }
  return Metrics{6, &kFont16, &kFont16, 22, 2, &kFont32, 1, &kFont16, true, 40,
                 &kFont16, 18, &kFont16, 18};
}

void layout_schedule(Frame& f, const Schedule& s, const DeviceInfo& dev) {
  const Lang lang = s.lang != Lang::Unknown ? s.lang : dev.lang;
  const Strings& str = strings_for(lang);
  const Regions r = regions_for(f);
  f.clear();
  draw_header(f, r, s.room);

  const Status st = effective_status(s);
  const bool busy = st.kind == StatusKind::Busy;
  char hhmm[6], detail[64];
  detail[0] = '\0';
  if (st.until >= 0) {
    format_hhmm(st.until, hhmm, true);
    std::snprintf(detail, sizeof detail, str.until_fmt, hhmm);
  } else if (!busy) {
    std::snprintf(detail, sizeof detail, "%s", str.rest_of_day);
  }
  draw_band(f, r, busy ? str.busy_word : str.free_word, detail, busy);

  int right = r.w - r.m.margin;
  int y = r.list_y + 4;
  if (s.checkin_due) {
    if (s.qr[0]) {
      const int qr_left = draw_qr(f, r, s.qr);
      if (qr_left < r.w) right = qr_left - 4;
    }
    const Font& af = *r.m.attention_font;
    if (y + af.height < r.footer_y) {
      text_fitted(f, r.m.margin, y, right - r.m.margin, str.checkin_title, af, 1, Color::Red);
      y += af.height + 4;
    }
    const Font& rf = *r.m.row_font;
    y = draw_paragraph(f, r.m.margin, y, right - r.m.margin, 2, r.footer_y - 1, str.checkin_hint,
                       rf, rf.height + 2, Color::Black);
    y += 6;
  }
  draw_meetings(f, r, s, str, y, right, busy);

  char date[48];
  format_date(s.now, str, date, sizeof date);
  draw_footer(f, r, date, dev.battery_low ? str.battery_low : "");
}

void layout_no_network(Frame& f, const DeviceInfo& dev, const char* reason) {
  const Strings& str = strings_for(dev.lang);
  const Regions r = regions_for(f);
  f.clear();
  draw_header(f, r, dev.room && dev.room[0] ? dev.room : str.generic_room);
  draw_band(f, r, str.offline_word, str.offline_detail, false);
  const Font& rf = *r.m.row_font;
  draw_paragraph(f, r.m.margin, r.list_y + 4, r.w - 2 * r.m.margin, 3, r.footer_y - 1,
                 str.offline_hint, rf, rf.height + 4, Color::Black);
  char code[48];
  std::snprintf(code, sizeof code, str.code_fmt, reason ? reason : "?");
  draw_footer(f, r, code, dev.fw_version ? dev.fw_version : "");
}

void layout_unregistered(Frame& f, const DeviceInfo& dev) {
  const Strings& str = strings_for(dev.lang);
  const Regions r = regions_for(f);
  f.clear();
  draw_header(f, r, str.inactive_header);
  draw_band(f, r, str.inactive_word, str.inactive_detail, false);
  const Font& rf = *r.m.row_font;
  const int max_w = r.w - 2 * r.m.margin;
  int y = draw_paragraph(f, r.m.margin, r.list_y + 4, max_w, 2, r.footer_y - 1,
                         str.inactive_hint, rf, rf.height + 4, Color::Black);
  const Font& big = *r.m.title_font;
  if (y + big.height <= r.footer_y)
    text_fitted(f, r.m.margin, y, max_w, dev.device_id ? dev.device_id : "", big, 1, Color::Black);
  draw_footer(f, r, "", dev.fw_version ? dev.fw_version : "");
}

}  // namespace rd
