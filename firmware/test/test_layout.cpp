// Layout smoke tests: colours per state, static regions, margins, other
// panel sizes, and that only rendered content feeds the redraw hash.
#include <string>
#include <vector>

#include "../core/i18n.h"
#include "../core/layout.h"
#include "../core/payload.h"
#include "../core/utf8.h"
#include "harness.h"

using namespace rd;

namespace {

struct Panel {
  std::vector<uint8_t> black, red;
  Frame frame;
  Panel(int w, int h)
      : black(Frame::plane_bytes(w, h)), red(Frame::plane_bytes(w, h)),
        frame(black.data(), red.data(), w, h) {}
};

const Schedule& sched(const std::string& extra, const char* now = "2025-03-14T10:04+03:00") {
  static Schedule s;
  const std::string body = std::string("v=1\nroom=Переговорная «Нева»\nlang=ru\nnow=") + now + "\n" + extra;
  if (parse_payload(body.data(), body.size(), s) != ParseError::None)
    rd_test::fail(__FILE__, __LINE__, "fixture did not parse");
  return s;
}

const char* kMeetings =
    "m=10:00|11:00||Планёрка отдела продаж\nm=11:30|12:00||Синк\nm=13:00|14:00|h|Занято\n";

bool row_all(const Frame& f, int y, Color c) {
  for (int x = 0; x < f.width(); ++x)
    if (f.get(x, y) != c) return false;
  return true;
}

}  // namespace

TEST(layout_free_has_no_red_busy_has_red_band) {
  Panel p(400, 300);
  layout_schedule(p.frame, sched(std::string("st=free|10:30\n") + "m=10:30|11:00||Синк\n"), DeviceInfo());
  CHECK_EQ(p.frame.count(Color::Red), 0u);
  CHECK(p.frame.count(Color::Black) > 1000);
  layout_schedule(p.frame, sched(std::string("st=busy|11:00\n") + kMeetings), DeviceInfo());
  const Metrics m = metrics_for(400, 300);
  // The band background is red from edge to edge (glyphs are white on it).
  CHECK(p.frame.get(0, m.header_h) == Color::Red);
  CHECK(p.frame.get(399, m.header_h + m.band_h - 1) == Color::Red);
  CHECK(p.frame.count(Color::Red) > 20000);
}

TEST(layout_checkin_due_shows_red_attention_and_qr) {
  Panel p(400, 300);
  const std::string extra = std::string("st=busy|11:00\nci=1\nqr=https://t.me/MegaCorpRoomsBot?start=checkin_neva\n") + kMeetings;
  layout_schedule(p.frame, sched(extra), DeviceInfo());
  const Metrics m = metrics_for(400, 300);
  const int list_y = m.header_h + m.band_h + 2;
  size_t red_below_band = 0, dark_qr = 0;
  for (int y = list_y; y < 300; ++y)
    for (int x = 0; x < 400; ++x) {
      red_below_band += p.frame.get(x, y) == Color::Red;
      dark_qr += x >= 300 && p.frame.get(x, y) == Color::Black && y < 300 - m.footer_h;
    }
  CHECK(red_below_band > 100);  // the red "check in" line
  CHECK(dark_qr > 1000);        // QR modules at the right
  // Free with a pending check-in (no status change) still gets attention red.
  layout_schedule(p.frame, sched("st=free|\nci=1\n"), DeviceInfo());
  CHECK(p.frame.count(Color::Red) > 0);
}

TEST(layout_error_screens_are_black_and_white) {
  Panel p(400, 300);
  DeviceInfo dev;
  dev.device_id = "3C71BF4A92";
  dev.fw_version = "fw 1.0.0";
  layout_no_network(p.frame, dev, "wifi");
  CHECK_EQ(p.frame.count(Color::Red), 0u);
  CHECK(p.frame.count(Color::Black) > 1000);
  const uint32_t offline = p.frame.hash();
  layout_no_network(p.frame, dev, "http-503");
  CHECK(p.frame.hash() != offline);  // the reason code is visible
  layout_unregistered(p.frame, dev);
  CHECK_EQ(p.frame.count(Color::Red), 0u);
  dev.lang = Lang::En;
  layout_unregistered(p.frame, dev);
  CHECK_EQ(p.frame.count(Color::Red), 0u);
}

TEST(layout_static_regions_and_margins) {
  Panel p(400, 300);
  const Metrics m = metrics_for(400, 300);
  const int rule_y = m.header_h - m.rule_h;
  DeviceInfo dev;
  for (int screen = 0; screen < 4; ++screen) {
    switch (screen) {
      case 0: layout_schedule(p.frame, sched(std::string("st=free|11:30\n") + kMeetings), dev); break;
      case 1: layout_schedule(p.frame, sched(std::string("st=busy|11:00\n") + kMeetings), dev); break;
      case 2: layout_no_network(p.frame, dev, "wifi"); break;
      default: layout_unregistered(p.frame, dev); break;
    }
    for (int y = rule_y; y < m.header_h; ++y) CHECK(row_all(p.frame, y, Color::Black));
    CHECK(row_all(p.frame, 300 - m.footer_h, Color::Black));  // footer rule
    // Nothing but rules and the band inside the left/right margins.
    for (int y = 0; y < 300; ++y) {
      if (y >= rule_y && y < m.header_h + m.band_h + 2) continue;
      if (y == 300 - m.footer_h) continue;
      for (int x = 0; x < m.margin; ++x) CHECK(p.frame.get(x, y) == Color::White);
    }
  }
}

TEST(layout_hash_ignores_time_of_day_but_not_date_or_content) {
  Panel p(400, 300);
  const std::string extra = std::string("st=free|13:00\n") + "m=13:00|14:00||Синк\n";
  layout_schedule(p.frame, sched(extra, "2025-03-14T10:04+03:00"), DeviceInfo());
  const uint32_t a = p.frame.hash();
  layout_schedule(p.frame, sched(extra, "2025-03-14T11:47:13+03:00"), DeviceInfo());
  CHECK_EQ(p.frame.hash(), a);  // nothing visible changed: no refresh
  layout_schedule(p.frame, sched(extra, "2025-03-15T10:04+03:00"), DeviceInfo());
  CHECK(p.frame.hash() != a);  // the date in the footer changed
  layout_schedule(p.frame, sched(std::string("st=free|13:00\n") + "m=13:00|14:00||Синк!\n"), DeviceInfo());
  CHECK(p.frame.hash() != a);
}

TEST(layout_long_texts_are_cut_not_overflowing) {
  Panel p(400, 300);
  std::string room = "room=";
  for (int i = 0; i < 40; ++i) room += "Ш";
  std::string extra = room + "\nst=busy|11:00\n";
  for (int i = 0; i < 8; ++i) extra += "m=1" + std::to_string(i) + ":00|1" + std::to_string(i) + ":30||" + std::string(60, 'W') + "\n";
  layout_schedule(p.frame, sched(extra), DeviceInfo());
  const Metrics m = metrics_for(400, 300);
  for (int y = 0; y < 300; ++y)
    for (int x = 400 - m.margin; x < 400; ++x)
      if (p.frame.get(x, y) == Color::Black && !row_all(p.frame, y, Color::Black) &&
          !(y >= m.header_h + m.band_h && y < m.header_h + m.band_h + 2))
        rd_test::fail(__FILE__, __LINE__, "ink in right margin at y=" + std::to_string(y));
}

TEST(layout_other_panel_sizes) {
  const int sizes[][2] = {{296, 128}, {250, 122}, {400, 300}, {640, 384}, {800, 480}, {16, 16}};
  for (const auto& sz : sizes) {
    Panel p(sz[0], sz[1]);
    const std::string extra = std::string("st=busy|11:00\nci=1\nqr=https://t.me/x?start=checkin_1\n") + kMeetings;
    layout_schedule(p.frame, sched(extra), DeviceInfo());
    if (sz[1] > 64) CHECK(p.frame.count(Color::Red) > 0);  // 16x16 only must not crash
    layout_schedule(p.frame, sched("st=free|\n"), DeviceInfo());
    CHECK_EQ(p.frame.count(Color::Red), 0u);
    layout_no_network(p.frame, DeviceInfo(), "wifi");
    layout_unregistered(p.frame, DeviceInfo());
    CHECK_EQ(p.frame.count(Color::Red), 0u);
  }
}

TEST(frame_planes_and_clipping) {
  Panel p(13, 3);  // width not a multiple of 8
  p.frame.clear();
  p.frame.set(12, 2, Color::Black);
  p.frame.set(0, 0, Color::Red);
  p.frame.set(-1, 0, Color::Black);
  p.frame.set(13, 0, Color::Black);
  p.frame.fill_rect(-5, -5, 3, 3, Color::Black);
  CHECK_EQ(p.black.size(), 6u);
  CHECK_EQ(static_cast<int>(p.black[5]), 0x08);  // x=12 -> byte 1 of row 2, bit 3
  CHECK_EQ(static_cast<int>(p.red[0]), 0x80);
  CHECK(p.frame.get(0, 0) == Color::Red);
  CHECK_EQ(p.frame.count(Color::Black), 1u);
  p.frame.set(0, 0, Color::White);
  CHECK(p.frame.get(0, 0) == Color::White);
  CHECK_EQ(static_cast<int>(p.red[0]), 0);
}

TEST(layout_fixed_strings_fit_their_slots) {
  // Fixed texts must never be cut on the reference panel (LAYOUT.md widths).
  const Lang langs[] = {Lang::Ru, Lang::En};
  for (Lang lang : langs) {
    const Strings& s = strings_for(lang);
    const int band_cells = (400 - 24) / 32, detail_cells = (400 - 24) / 16;
    CHECK(static_cast<int>(utf8_count(s.free_word)) <= band_cells);
    CHECK(static_cast<int>(utf8_count(s.busy_word)) <= band_cells);
    CHECK(static_cast<int>(utf8_count(s.offline_word)) <= band_cells);
    CHECK(static_cast<int>(utf8_count(s.inactive_word)) <= band_cells);
    CHECK(static_cast<int>(utf8_count(s.rest_of_day)) <= detail_cells);
    CHECK(static_cast<int>(utf8_count(s.offline_detail)) <= detail_cells);
    CHECK(static_cast<int>(utf8_count(s.inactive_detail)) <= detail_cells);
    CHECK(static_cast<int>(utf8_count(s.inactive_header)) <= detail_cells);
    CHECK(static_cast<int>(utf8_count(s.checkin_title)) <= (276 - 12) / 12);
    CHECK(static_cast<int>(utf8_count(s.no_more)) <= (400 - 24) / 8);
    CHECK(static_cast<int>(utf8_count(s.battery_low)) <= (400 - 24) / 2 / 8);
    const char* all[] = {s.checkin_hint, s.offline_hint, s.inactive_hint, s.generic_room};
    for (const char* t : all) CHECK(std::strlen(t) < 200);
  }
}
