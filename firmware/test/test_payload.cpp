// Parser robustness: malformed, oversized and odd payloads.
#include <string>

#include "../core/payload.h"
#include "../core/status.h"
#include "harness.h"

using namespace rd;

namespace {

const char* kHead =
    "v=1\n"
    "now=2025-03-14T10:04:00+03:00\n"
    "room=Нева\n";

ParseError parse(const std::string& body, Schedule& s, bool complete = true) {
  return parse_payload(body.data(), body.size(), s, complete);
}

}  // namespace

TEST(parse_minimal_payload_with_defaults) {
  static Schedule s;
  CHECK(parse(kHead, s) == ParseError::None);
  CHECK_EQ(s.version, 1);
  CHECK_STR(s.room, "Нева");
  CHECK_EQ(static_cast<int>(s.now.hour), 10);
  CHECK_EQ(static_cast<int>(s.now.weekday), 4);  // 2025-03-14 is a Friday
  CHECK_EQ(static_cast<int>(s.now.utc_offset), 180);
  CHECK(s.status.kind == StatusKind::Unknown);
  CHECK_EQ(s.refresh_sec, kRefreshDefault);
  CHECK(s.lang == Lang::Unknown);
  CHECK_EQ(static_cast<int>(s.meeting_count), 0);
  CHECK(!s.checkin_due);
  CHECK_STR(s.etag, "");
}

TEST(parse_rejects_missing_required_fields) {
  static Schedule s;
  CHECK(parse("", s) == ParseError::Empty);
  CHECK(parse("\n\r\n\n", s) == ParseError::Empty);
  CHECK(parse("room=x\nv=1\n", s) == ParseError::NoVersion);  // version must come first
  CHECK(parse("garbage", s) == ParseError::NoVersion);
  CHECK(parse("v=one\n", s) == ParseError::BadVersion);
  CHECK(parse("v=\n", s) == ParseError::BadVersion);
  CHECK(parse("v=2\nroom=x\nnow=2025-03-14T10:04+03:00\n", s) == ParseError::UnsupportedVersion);
  CHECK(parse("v=1\nnow=2025-03-14T10:04+03:00\n", s) == ParseError::MissingRoom);
  CHECK(parse("v=1\nroom=\nnow=2025-03-14T10:04+03:00\n", s) == ParseError::MissingRoom);
  CHECK(parse("v=1\nroom=x\n", s) == ParseError::MissingNow);
  CHECK(parse("v=1\nroom=x\nnow=yesterday\n", s) == ParseError::BadNow);
}

TEST(parse_now_formats_and_ranges) {
  static Schedule s;
  struct Case { const char* now; bool ok; int offset; };
  const Case cases[] = {
      {"2025-03-14T10:04+03:00", true, 180},     {"2025-03-14T10:04:59Z", true, 0},
      {"2025-03-14T10:04:00-05:30", true, -330}, {"2024-02-29T00:00+00:00", true, 0},
      {"2025-02-29T00:00+00:00", false, 0},      {"2025-13-01T00:00Z", false, 0},
      {"2025-03-14T24:00Z", false, 0},           {"2025-03-14T10:60Z", false, 0},
      {"2025-03-14T10:04", false, 0},            {"2025-03-14 10:04Z", false, 0},
      {"2025-03-14T10:04+15:00", false, 0},      {"2025-03-14T10:04+03:00 ", false, 0},
      {"2025-03-14T10:04:6Z", false, 0},         {"2025-3-14T10:04Z", false, 0},
  };
  for (const Case& c : cases) {
    const std::string body = std::string("v=1\nroom=x\nnow=") + c.now + "\n";
    const ParseError e = parse(body, s);
    if ((e == ParseError::None) != c.ok) rd_test::fail(__FILE__, __LINE__, c.now);
    if (c.ok) CHECK_EQ(static_cast<int>(s.now.utc_offset), c.offset);
  }
}

TEST(parse_crlf_bom_and_unknown_keys) {
  static Schedule s;
  const std::string body =
      "\xEF\xBB\xBFv=1\r\nroom=Нева\r\nnow=2025-03-14T10:04+03:00\r\n"
      "future_key=whatever\r\nnot a key value line\r\n=\r\nv=7\r\n"
      "m=10:00|11:00||Планёрка\r\nst=busy|11:00\r\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK_STR(s.room, "Нева");
  CHECK_STR(s.meetings[0].title, "Планёрка");  // no stray '\r'
  CHECK(s.status.kind == StatusKind::Busy);
  CHECK_EQ(static_cast<int>(s.status.until), 660);
}

TEST(parse_meeting_lines) {
  static Schedule s;
  const std::string body = std::string(kHead) +
                           "m=13:00|14:00|hc|Title with | bars|inside\n"
                           "m=09:00|10:00||First\n"
                           "m=23:30|24:00|xyz|Late\n"
                           "m=10:00|10:00||zero length\n"
                           "m=11:00|10:00||reversed\n"
                           "m=24:00|24:00||start at 24\n"
                           "m=9:00|10:00||short hour\n"
                           "m=10:00|11:00|no title bar\n"
                           "m=10:00|11:61||bad minute\n"
                           "m=\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK_EQ(static_cast<int>(s.meeting_count), 3);
  CHECK_EQ(static_cast<int>(s.meetings_dropped), 7);
  CHECK_STR(s.meetings[0].title, "First");  // sorted by start
  CHECK_STR(s.meetings[1].title, "Title with | bars|inside");
  CHECK_EQ(static_cast<int>(s.meetings[1].flags), kFlagHidden | kFlagCheckedIn);
  CHECK_EQ(static_cast<int>(s.meetings[2].end), 1440);
  CHECK_EQ(static_cast<int>(s.meetings[2].flags), 0);  // unknown flags ignored
}

TEST(parse_too_many_meetings_keeps_first_eight) {
  static Schedule s;
  std::string body = kHead;
  for (int i = 0; i < 12; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "m=%02d:00|%02d:30||Meeting %d\n", 8 + i, 8 + i, i);
    body += line;
  }
  CHECK(parse(body, s) == ParseError::None);
  CHECK_EQ(static_cast<int>(s.meeting_count), kMaxMeetings);
  CHECK_EQ(static_cast<int>(s.meetings_dropped), 4);
  CHECK_STR(s.meetings[7].title, "Meeting 7");
}

TEST(parse_long_lines_and_fields_are_truncated_safely) {
  static Schedule s;
  std::string huge_title(100000, 'x');
  std::string room;
  for (int i = 0; i < 50; ++i) room += "Ж";  // 100 bytes
  std::string body = "v=1\nnow=2025-03-14T10:04+03:00\nroom=" + room + "\n" +
                     "m=10:00|11:00||" + huge_title + "\n" +
                     "qr=https://t.me/x?start=" + std::string(200, 'a') + "\n" +
                     "etag=" + std::string(33, 'e') + "\n" +
                     "refresh=99999999999999\n" +
                     std::string(50000, 'z') + "=junk\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK(std::strlen(s.room) <= kRoomMax);
  CHECK_STR(std::string(s.room).substr(std::strlen(s.room) - 3), "…");
  CHECK(std::strlen(s.meetings[0].title) <= kTitleMax);
  CHECK_EQ(static_cast<int>(s.truncated), kTruncRoom | kTruncTitle);
  CHECK_STR(s.qr, "");    // too long: dropped, never cut
  CHECK_STR(s.etag, "");  // too long: dropped
  CHECK_EQ(s.refresh_sec, kRefreshDefault);
}

TEST(parse_scalar_validation) {
  static Schedule s;
  std::string body = std::string(kHead) +
                     "st=maybe|10:00\nci=yes\nlang=de\netag=has\"quote\nqr=has space\n"
                     "refresh=-5\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK(s.status.kind == StatusKind::Unknown);
  CHECK(!s.checkin_due);
  CHECK(s.lang == Lang::Unknown);
  CHECK_STR(s.etag, "");
  CHECK_STR(s.qr, "");
  CHECK_EQ(s.refresh_sec, kRefreshDefault);
  body = std::string(kHead) + "st=free\nci=1\nlang=en\netag=W/abc-1\nrefresh=0\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK(s.status.kind == StatusKind::Free);
  CHECK_EQ(static_cast<int>(s.status.until), -1);
  CHECK(s.checkin_due);
  CHECK(s.lang == Lang::En);
  CHECK_STR(s.etag, "W/abc-1");
  CHECK_EQ(s.refresh_sec, 0u);  // clamped later by the policy, not here
  CHECK(parse(std::string(kHead) + "st=busy|24:00\n", s) == ParseError::None);
  CHECK_EQ(static_cast<int>(s.status.until), 1440);
  CHECK(parse(std::string(kHead) + "st=free|24:00\n", s) == ParseError::None);
  CHECK(s.status.kind == StatusKind::Unknown);  // nothing starts at 24:00
}

TEST(parse_last_value_wins_for_scalars) {
  static Schedule s;
  CHECK(parse(std::string(kHead) + "room=Ладога\nrefresh=60\nrefresh=120\n", s) == ParseError::None);
  CHECK_STR(s.room, "Ладога");
  CHECK_EQ(s.refresh_sec, 120u);
}

TEST(parse_cut_body_ignores_partial_last_line) {
  static Schedule s;
  const std::string body = std::string(kHead) + "m=10:00|11:00||Complete\nm=12:00|13:00||Cut tit";
  CHECK(parse(body, s, false) == ParseError::None);
  CHECK_EQ(static_cast<int>(s.meeting_count), 1);
  CHECK(parse(body, s, true) == ParseError::None);  // a complete body may omit the final '\n'
  CHECK_EQ(static_cast<int>(s.meeting_count), 2);
  CHECK(parse("v=1\nroom=x\nnow=2025-03-14T10:04+03:00", s, false) == ParseError::MissingNow);
}

TEST(parse_invalid_utf8_in_text_fields) {
  static Schedule s;
  const std::string body = "v=1\nnow=2025-03-14T10:04+03:00\nroom=Н\xFF" "ва\xD0\n"
                           "m=10:00|11:00||\xC0\xAF\xE2\x82 ok\n";
  CHECK(parse(body, s) == ParseError::None);
  CHECK_STR(s.room, "Н?ва?");
  CHECK_STR(s.meetings[0].title, "???? ok");  // overlong "/" (2 bytes), cut 3-byte sequence (2)
}

TEST(parse_handles_nul_bytes_and_binary_garbage) {
  static Schedule s;
  std::string body = std::string(kHead) + "m=10:00|11:00||a";
  body += '\0';
  body += "b\n";
  body += std::string("\0\0\0=\0\n", 6);
  CHECK(parse(body, s) == ParseError::None);
  CHECK_STR(s.meetings[0].title, "a b");
  std::string bin;
  for (int i = 0; i < 4096; ++i) bin += static_cast<char>((i * 7919) & 0xFF);
  CHECK(parse(bin, s) != ParseError::None);
}

TEST(parse_hhmm_bounds) {
  CHECK_EQ(parse_hhmm("00:00", 5, false), 0);
  CHECK_EQ(parse_hhmm("23:59", 5, false), 1439);
  CHECK_EQ(parse_hhmm("24:00", 5, false), -1);
  CHECK_EQ(parse_hhmm("24:00", 5, true), 1440);
  CHECK_EQ(parse_hhmm("24:01", 5, true), -1);
  CHECK_EQ(parse_hhmm("12:5", 4, false), -1);
  CHECK_EQ(parse_hhmm("1a:00", 5, false), -1);
  CHECK_EQ(parse_hhmm("12-00", 5, false), -1);
}

TEST(worst_case_payload_fits_the_1k_budget) {
  // Every field at its protocol maximum: this is the largest body a
  // conforming server can send, and it must stay within kMaxPayloadBytes.
  std::string room, title;
  while (room.size() + 2 <= kRoomMax) room += "Ж";
  while (title.size() + 2 <= kTitleMax) title += "Ш";
  std::string body = "v=1\netag=" + std::string(kEtagMax, 'e') +
                     "\nnow=2025-03-14T10:04:00+03:00\nroom=" + room +
                     "\nlang=ru\nst=busy|11:00\nci=1\nqr=" + std::string(kQrMax, 'q') +
                     "\nrefresh=259200\n";
  for (int i = 0; i < kMaxMeetings; ++i) body += "m=10:00|11:00|hc|" + title + "\n";
  CHECK(body.size() <= kMaxPayloadBytes);
  static Schedule s;
  CHECK(parse(body, s) == ParseError::None);
  CHECK_EQ(static_cast<int>(s.truncated), 0);
  CHECK_EQ(static_cast<int>(s.meeting_count), kMaxMeetings);
  CHECK_EQ(std::strlen(s.qr), kQrMax);
  CHECK_EQ(std::strlen(s.etag), kEtagMax);
  std::printf("  note: worst-case conforming payload is %zu bytes\n", body.size());
}
