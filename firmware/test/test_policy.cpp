// Refresh decision, sleep policy, backoff and persisted state; plus whole
// wake cycles through run_cycle() as the device would run them.
#include <string>

#include "../core/cycle.h"
#include "../core/policy.h"
#include "../core/request.h"
#include "harness.h"

using namespace rd;

namespace {

FetchResult result(Outcome o, int http = 0, uint32_t retry_after = 0, uint32_t refresh_hdr = 0) {
  FetchResult r;
  r.outcome = o;
  r.http_status = http;
  r.retry_after_sec = retry_after;
  r.refresh_header_sec = refresh_hdr;
  return r;
}

struct Device {
  PersistedState st;
  uint8_t black[400 / 8 * 300], red[400 / 8 * 300];
  Frame frame{black, red, 400, 300};
  Schedule scratch;
  int redraws = 0;
  Device() { state_reset(st); }

  CycleResult wake(Outcome o, int http, const std::string& body = "", uint32_t retry_after = 0) {
    CycleInput in;
    in.fetch = result(o, http, retry_after);
    in.body = body.data();
    in.body_len = body.size();
    in.device.device_id = "3C71BF";
    in.jitter_seed = 42;
    const CycleResult r = run_cycle(st, frame, scratch, in);
    redraws += r.redraw;
    state_seal(st);
    if (!state_valid(st)) rd_test::fail(__FILE__, __LINE__, "state invalid after a cycle");
    return r;
  }
};

std::string payload(const char* now, const char* st, const char* etag, const char* refresh = "600") {
  return std::string("v=1\netag=") + etag + "\nnow=" + now + "\nroom=Нева\nlang=ru\nst=" + st +
         "\nm=10:00|11:00||Планёрка\nm=13:00|14:00||Синк\nrefresh=" + refresh + "\n";
}

}  // namespace

TEST(policy_sleep_clamp) {
  CHECK_EQ(clamp_sleep(0), kSleepMinSec);
  CHECK_EQ(clamp_sleep(59), 60u);
  CHECK_EQ(clamp_sleep(300), 300u);
  CHECK_EQ(clamp_sleep(72 * 3600), 72u * 3600);
  CHECK_EQ(clamp_sleep(999999999), kSleepMaxSec);
}

TEST(policy_backoff_doubles_with_jitter_and_caps) {
  const uint32_t bases[] = {60, 120, 240, 480, 960, 1800, 1800, 1800};
  for (uint16_t f = 1; f <= 8; ++f) {
    const uint32_t b = bases[f - 1];
    for (uint32_t seed = 0; seed < 50; ++seed) {
      const uint32_t s = backoff_sec(f, seed);
      CHECK(s >= b - b / 10 && s <= b + b / 10);
    }
  }
  CHECK(backoff_sec(65535, 1) <= kBackoffMaxSec + kBackoffMaxSec / 10);
  int distinct = 0;
  for (uint32_t seed = 1; seed < 20; ++seed) distinct += backoff_sec(3, seed) != backoff_sec(3, 0);
  CHECK(distinct > 10);  // displays spread their retries
}

TEST(policy_plan_for_each_outcome) {
  PersistedState st;
  state_reset(st);
  Schedule s;
  std::snprintf(s.etag, sizeof s.etag, "abc");
  std::snprintf(s.room, sizeof s.room, "Нева");
  s.refresh_sec = 10;  // too short: clamped
  Plan p = plan_wake(st, result(Outcome::Ok, 200), &s, 1);
  CHECK(p.screen == Screen::Schedule);
  CHECK_EQ(p.sleep_sec, 60u);
  CHECK_STR(st.etag, "abc");
  CHECK_STR(st.room, "Нева");
  CHECK(etag_to_send(st) == nullptr);  // nothing on the glass yet
  CHECK(needs_redraw(st, Screen::Schedule, 1234));
  CHECK_STR(etag_to_send(st), "abc");

  p = plan_wake(st, result(Outcome::NotModified, 304, 0, 900), nullptr, 1);
  CHECK(p.screen == Screen::None);
  CHECK_EQ(p.sleep_sec, 900u);  // X-Refresh-Sec
  p = plan_wake(st, result(Outcome::NotModified, 304), nullptr, 1);
  CHECK_EQ(p.sleep_sec, 60u);  // last refresh= (clamped)

  p = plan_wake(st, result(Outcome::RateLimited, 429, 120), nullptr, 1);
  CHECK(p.screen == Screen::None);  // keep the schedule for a while
  CHECK_EQ(p.sleep_sec, 120u);
  p = plan_wake(st, result(Outcome::ServerError, 503, 999999), nullptr, 1);
  CHECK_EQ(p.sleep_sec, kRetryAfterMaxSec);
  p = plan_wake(st, result(Outcome::ServerError, 500), nullptr, 1);
  CHECK(p.screen == Screen::NoNetwork);  // third failure in a row
  CHECK_STR(p.reason, "http-500");
  CHECK_EQ(static_cast<int>(st.failures), 3);

  p = plan_wake(st, result(Outcome::Unauthorized, 401), nullptr, 1);
  CHECK(p.screen == Screen::Unregistered);
  CHECK_EQ(p.sleep_sec, kUnregisteredSleepSec);
  CHECK_EQ(static_cast<int>(st.failures), 0);
  CHECK_STR(st.etag, "");
}

TEST(policy_reason_codes) {
  PersistedState st;
  state_reset(st);
  CHECK_STR(plan_wake(st, result(Outcome::NetworkError, 0), nullptr, 0).reason, "wifi");
  CHECK_STR(plan_wake(st, result(Outcome::NetworkError, -11), nullptr, 0).reason, "net-11");
  CHECK_STR(plan_wake(st, result(Outcome::BadPayload, 200), nullptr, 0).reason, "payload");
  CHECK_STR(plan_wake(st, result(Outcome::RateLimited, 429), nullptr, 0).reason, "http-429");
}

TEST(policy_first_boot_error_shows_offline_at_once) {
  PersistedState st;
  state_reset(st);
  const Plan p = plan_wake(st, result(Outcome::NetworkError), nullptr, 0);
  CHECK(p.screen == Screen::NoNetwork);
}

TEST(policy_not_modified_without_schedule_on_glass) {
  PersistedState st;
  state_reset(st);
  std::snprintf(st.etag, sizeof st.etag, "stale");
  st.screen = static_cast<uint8_t>(Screen::NoNetwork);
  const Plan p = plan_wake(st, result(Outcome::NotModified, 304), nullptr, 0);
  CHECK(p.screen == Screen::None);
  CHECK_STR(st.etag, "");
  CHECK_EQ(p.sleep_sec, kBackoffBaseSec);
}

TEST(policy_redraw_only_on_hash_change) {
  PersistedState st;
  state_reset(st);
  CHECK(needs_redraw(st, Screen::Schedule, 77));
  CHECK(!needs_redraw(st, Screen::Schedule, 77));
  CHECK(needs_redraw(st, Screen::Schedule, 78));
  CHECK(!needs_redraw(st, Screen::None, 0));
  std::snprintf(st.etag, sizeof st.etag, "e1");
  CHECK(needs_redraw(st, Screen::NoNetwork, 79));
  CHECK_STR(st.etag, "");  // error screen on the glass: never send If-None-Match
}

TEST(policy_battery_low_hysteresis) {
  PersistedState st;
  state_reset(st);
  CHECK(!update_battery_low(st, 3600, 3450));
  CHECK(update_battery_low(st, 3440, 3450));
  CHECK(update_battery_low(st, 3500, 3450));   // within the hysteresis band
  CHECK(update_battery_low(st, 0, 3450));      // unknown reading: keep
  CHECK(!update_battery_low(st, 3551, 3450));
  CHECK(!update_battery_low(st, 3449 + 1, 3450));
}

TEST(policy_state_validation) {
  PersistedState st;
  state_reset(st);
  CHECK(state_valid(st));
  st.failures = 5;
  CHECK(!state_valid(st));  // modified without sealing
  state_seal(st);
  CHECK(state_valid(st));
  PersistedState garbage;
  std::memset(&garbage, 0xA5, sizeof garbage);
  CHECK(!state_valid(garbage));
  std::memset(&garbage, 0, sizeof garbage);
  CHECK(!state_valid(garbage));
  state_reset(st);
  std::memset(st.etag, 'x', sizeof st.etag);  // unterminated string
  state_seal(st);
  CHECK(!state_valid(st));
}

TEST(cycle_typical_sequence) {
  static Device d;
  const std::string busy = payload("2025-03-14T10:04+03:00", "busy|11:00", "e1");
  CycleResult r = d.wake(Outcome::Ok, 200, busy);
  CHECK(r.screen == Screen::Schedule && r.redraw);
  CHECK_EQ(r.sleep_sec, 600u);
  CHECK_STR(etag_to_send(d.st), "e1");

  r = d.wake(Outcome::NotModified, 304);  // nothing changed
  CHECK(r.screen == Screen::None && !r.redraw);

  // Server sent 200 although nothing visible changed (new etag, later time).
  r = d.wake(Outcome::Ok, 200, payload("2025-03-14T10:31:40+03:00", "busy|11:00", "e2"));
  CHECK(r.screen == Screen::Schedule && !r.redraw);
  CHECK_STR(etag_to_send(d.st), "e2");

  r = d.wake(Outcome::Ok, 200, payload("2025-03-14T11:00+03:00", "free|13:00", "e3"));
  CHECK(r.redraw);  // status changed

  // Short outage: keep the picture for two failures, then the offline screen.
  r = d.wake(Outcome::NetworkError, 0);
  CHECK(!r.redraw && r.screen == Screen::None);
  CHECK(r.sleep_sec >= 54 && r.sleep_sec <= 66);
  r = d.wake(Outcome::ServerError, 502);
  CHECK(!r.redraw);
  r = d.wake(Outcome::NetworkError, 0);
  CHECK(r.screen == Screen::NoNetwork && r.redraw);
  CHECK(etag_to_send(d.st) == nullptr);
  r = d.wake(Outcome::NetworkError, 0);
  CHECK(r.screen == Screen::NoNetwork && !r.redraw);  // same screen: no refresh

  r = d.wake(Outcome::Ok, 200, payload("2025-03-14T11:20+03:00", "free|13:00", "e3"));
  CHECK(r.screen == Screen::Schedule && r.redraw);  // back from offline

  r = d.wake(Outcome::Ok, 200, "v=1\nroom=broken\n");  // 200 but no now=
  CHECK(r.screen == Screen::None && !r.redraw);
  CHECK_EQ(static_cast<int>(d.st.failures), 1);

  r = d.wake(Outcome::Unauthorized, 401);
  CHECK(r.screen == Screen::Unregistered && r.redraw);
  r = d.wake(Outcome::Unauthorized, 401);
  CHECK(!r.redraw);
  CHECK_EQ(d.redraws, 5);
}

TEST(cycle_low_battery_note_costs_one_refresh) {
  static Device d;
  const std::string body = payload("2025-03-14T10:04+03:00", "busy|11:00", "e1");
  auto wake = [&](uint16_t mv) {
    CycleInput in;
    in.fetch = result(Outcome::Ok, 200);
    in.body = body.data();
    in.body_len = body.size();
    in.battery_mv = mv;
    in.battery_low_mv = 3450;
    return run_cycle(d.st, d.frame, d.scratch, in).redraw;
  };
  CHECK(wake(3700));
  CHECK(!wake(3690));
  CHECK(wake(3440));   // the note appears
  CHECK(!wake(3460));  // hovering at the threshold: no flapping
  CHECK(!wake(3430));
  CHECK(wake(4100));   // charged: the note goes away
}

TEST(cycle_cold_boot_offline_and_language_memory) {
  static Device d;
  CycleResult r = d.wake(Outcome::NetworkError, 0);
  CHECK(r.screen == Screen::NoNetwork && r.redraw);
  const uint32_t ru_hash = d.frame.hash();
  static Device e;
  e.wake(Outcome::Ok, 200, "v=1\nroom=Boardroom\nnow=2025-03-14T10:00Z\nlang=en\n");
  for (int i = 0; i < 3; ++i) r = e.wake(Outcome::NetworkError, 0);
  CHECK(r.screen == Screen::NoNetwork);
  CHECK_STR(e.st.room, "Boardroom");
  CHECK(e.frame.hash() != ru_hash);  // English texts and the cached room name
}

TEST(request_target_and_headers) {
  char buf[160];
  Telemetry t;
  t.battery_mv = 3712;
  t.rssi_dbm = -67;
  t.fw_version = "1.0.0";
  t.failures = 2;
  CHECK(build_request_target(buf, sizeof buf, t));
  CHECK_STR(buf, "/displays/schedule?proto=1&fw=1.0.0&bat_mv=3712&rssi=-67&fails=2");
  t.fw_version = "1.0 beta/2&x=1";
  CHECK(build_request_target(buf, sizeof buf, t));
  CHECK_STR(buf, "/displays/schedule?proto=1&fw=1.0_beta_2_x_1&bat_mv=3712&rssi=-67&fails=2");
  CHECK(!build_request_target(buf, 20, t));
  CHECK(format_if_none_match("abc", buf, sizeof buf));
  CHECK_STR(buf, "\"abc\"");
  CHECK(!format_if_none_match("", buf, sizeof buf));
  CHECK(!format_if_none_match(nullptr, buf, sizeof buf));
}

TEST(request_status_classification_and_seconds_headers) {
  CHECK(classify_status(200) == Outcome::Ok);
  CHECK(classify_status(304) == Outcome::NotModified);
  CHECK(classify_status(401) == Outcome::Unauthorized);
  CHECK(classify_status(403) == Outcome::Unauthorized);
  CHECK(classify_status(429) == Outcome::RateLimited);
  CHECK(classify_status(500) == Outcome::ServerError);
  CHECK(classify_status(503) == Outcome::ServerError);
  CHECK(classify_status(404) == Outcome::ServerError);
  CHECK(classify_status(-1) == Outcome::NetworkError);
  CHECK(classify_status(0) == Outcome::NetworkError);
  CHECK_EQ(parse_seconds_header("120"), 120u);
  CHECK_EQ(parse_seconds_header(" 60 "), 60u);
  CHECK_EQ(parse_seconds_header("Wed, 21 Oct 2015 07:28:00 GMT"), 0u);
  CHECK_EQ(parse_seconds_header(""), 0u);
  CHECK_EQ(parse_seconds_header("1234567890"), 0u);
  CHECK_EQ(parse_seconds_header("12a"), 0u);
  CHECK_EQ(parse_seconds_header(nullptr), 0u);
}
