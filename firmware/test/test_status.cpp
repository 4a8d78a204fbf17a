// Now-status computation: boundaries, chains, overlaps, midnight.
#include "../core/status.h"
#include "harness.h"

using namespace rd;

namespace {

Meeting mk(int start, int end) {
  Meeting m;
  m.start = static_cast<int16_t>(start);
  m.end = static_cast<int16_t>(end);
  return m;
}

void expect(const Meeting* m, int n, int now, StatusKind kind, int until, int line) {
  const Status st = compute_status(m, n, now);
  if (st.kind != kind || st.until != until)
    rd_test::fail(__FILE__, line,
                  "now=" + std::to_string(now) + " got kind=" + std::to_string(static_cast<int>(st.kind)) +
                      " until=" + std::to_string(st.until) + ", expected kind=" +
                      std::to_string(static_cast<int>(kind)) + " until=" + std::to_string(until));
}

constexpr int H = 60;

}  // namespace

TEST(status_meeting_boundaries) {
  const Meeting m[] = {mk(10 * H, 11 * H), mk(13 * H, 14 * H)};
  expect(m, 2, 9 * H + 59, StatusKind::Free, 10 * H, __LINE__);
  expect(m, 2, 10 * H, StatusKind::Busy, 11 * H, __LINE__);        // start is inclusive
  expect(m, 2, 10 * H + 59, StatusKind::Busy, 11 * H, __LINE__);
  expect(m, 2, 11 * H, StatusKind::Free, 13 * H, __LINE__);        // end is exclusive
  expect(m, 2, 14 * H, StatusKind::Free, -1, __LINE__);            // rest of the day
  expect(m, 0, 12 * H, StatusKind::Free, -1, __LINE__);            // no meetings at all
}

TEST(status_back_to_back_and_overlapping_chain) {
  const Meeting m[] = {mk(9 * H, 10 * H), mk(10 * H, 10 * H + 30), mk(10 * H + 15, 11 * H),
                       mk(11 * H + 1, 12 * H)};
  expect(m, 4, 9 * H + 5, StatusKind::Busy, 11 * H, __LINE__);  // 1-min gap ends the chain
  expect(m, 4, 11 * H, StatusKind::Free, 11 * H + 1, __LINE__);
  const Meeting unsorted[] = {mk(10 * H + 15, 11 * H), mk(9 * H, 10 * H), mk(10 * H, 10 * H + 30)};
  expect(unsorted, 3, 9 * H, StatusKind::Busy, 11 * H, __LINE__);
  const Meeting nested[] = {mk(9 * H, 12 * H), mk(10 * H, 11 * H)};
  expect(nested, 2, 10 * H + 30, StatusKind::Busy, 12 * H, __LINE__);
}

TEST(status_around_midnight) {
  const Meeting late[] = {mk(23 * H + 30, 24 * H)};
  expect(late, 1, 23 * H + 59, StatusKind::Busy, 24 * H, __LINE__);
  expect(late, 1, 23 * H, StatusKind::Free, 23 * H + 30, __LINE__);
  const Meeting early[] = {mk(0, 30)};
  expect(early, 1, 0, StatusKind::Busy, 30, __LINE__);
  char t[6];
  format_hhmm(24 * H, t, true);
  CHECK_STR(t, "24:00");
  format_hhmm(24 * H, t, false);
  CHECK_STR(t, "00:00");
  format_hhmm(9 * H + 5, t, true);
  CHECK_STR(t, "09:05");
}

TEST(status_server_value_wins_over_computed) {
  Schedule s;
  s.now.hour = 10;
  s.meetings[0] = mk(10 * H, 11 * H);
  s.meeting_count = 1;
  bool from_server = true;
  Status st = effective_status(s, &from_server);
  CHECK(!from_server);
  CHECK(st.kind == StatusKind::Busy);
  s.status.kind = StatusKind::Free;  // e.g. released early after a no-show
  s.status.until = -1;
  st = effective_status(s, &from_server);
  CHECK(from_server);
  CHECK(st.kind == StatusKind::Free);
}
