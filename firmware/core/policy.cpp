#include "policy.h"

#include <cstddef>
#include <cstdio>
#include <cstring>

namespace rd {
namespace {

constexpr uint32_t kMagic = 0x52443032;  // "RD02"; bump when the struct changes

uint32_t checksum_of(const PersistedState& st) {
  const auto* p = reinterpret_cast<const uint8_t*>(&st);
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < offsetof(PersistedState, checksum); ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

uint32_t mix(uint32_t x) {  // small integer hash for jitter
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

void copy_str(char* dst, size_t cap, const char* src) {
  std::snprintf(dst, cap, "%s", src);
}

}  // namespace

void state_reset(PersistedState& st) {
  std::memset(&st, 0, sizeof st);
  st.magic = kMagic;
  st.last_refresh_sec = kRefreshDefault;
  st.screen = static_cast<uint8_t>(Screen::None);
  st.checksum = checksum_of(st);
}

bool state_valid(const PersistedState& st) {
  return st.magic == kMagic && st.checksum == checksum_of(st) &&
         st.screen <= static_cast<uint8_t>(Screen::Unregistered) &&
         st.lang <= static_cast<uint8_t>(Lang::Ru) && st.battery_low <= 1 &&
         std::memchr(st.etag, '\0', sizeof st.etag) && std::memchr(st.room, '\0', sizeof st.room);
}

void state_seal(PersistedState& st) { st.checksum = checksum_of(st); }

const char* etag_to_send(const PersistedState& st) {
  if (st.screen != static_cast<uint8_t>(Screen::Schedule) || st.etag[0] == '\0') return nullptr;
  return st.etag;
}

bool update_battery_low(PersistedState& st, uint16_t battery_mv, uint16_t low_mv) {
  if (battery_mv == 0) return st.battery_low != 0;
  if (battery_mv < low_mv) st.battery_low = 1;
  else if (battery_mv > low_mv + kBatteryHysteresisMv) st.battery_low = 0;
  return st.battery_low != 0;
}

uint32_t clamp_sleep(uint32_t sec) {
  return sec < kSleepMinSec ? kSleepMinSec : sec > kSleepMaxSec ? kSleepMaxSec : sec;
}

uint32_t backoff_sec(uint16_t failures, uint32_t jitter_seed) {
  uint32_t base = kBackoffBaseSec;
  for (uint16_t i = 1; i < failures && base < kBackoffMaxSec; ++i) base *= 2;
  if (base > kBackoffMaxSec) base = kBackoffMaxSec;
  // +-10 % so a building full of displays does not retry in lockstep.
  const uint32_t span = base / 5;
  const uint32_t j = mix(jitter_seed ^ (static_cast<uint32_t>(failures) * 0x9E3779B9u)) % (span + 1);
  return base - base / 10 + j;
}

Plan plan_wake(PersistedState& st, const FetchResult& r, const Schedule* schedule,
               uint32_t jitter_seed) {
  Plan p{Screen::None, kBackoffBaseSec, ""};
  const bool ok = r.outcome == Outcome::Ok && schedule != nullptr;
  if (ok) {
    st.failures = 0;
    st.last_refresh_sec = clamp_sleep(schedule->refresh_sec);
    copy_str(st.etag, sizeof st.etag, schedule->etag);
    copy_str(st.room, sizeof st.room, schedule->room);
    if (schedule->lang != Lang::Unknown) st.lang = static_cast<uint8_t>(schedule->lang);
    p.screen = Screen::Schedule;
    p.sleep_sec = st.last_refresh_sec;
    return p;
  }
  if (r.outcome == Outcome::NotModified) {
    st.failures = 0;
    if (st.screen != static_cast<uint8_t>(Screen::Schedule)) {
      // We never sent an ETag for this screen; get a full answer soon.
      st.etag[0] = '\0';
      return p;
    }
    p.sleep_sec = clamp_sleep(r.refresh_header_sec ? r.refresh_header_sec : st.last_refresh_sec);
    return p;
  }
  if (r.outcome == Outcome::Unauthorized) {
    st.failures = 0;
    st.etag[0] = '\0';
    p.screen = Screen::Unregistered;
    p.sleep_sec = kUnregisteredSleepSec;
    return p;
  }
  // Everything else is a failure: back off, keep the old picture for a few
  // tries (a blip must not cost two full refreshes), then say so.
  if (st.failures < 0xFFFF) ++st.failures;
  p.sleep_sec = backoff_sec(st.failures, jitter_seed);
  if (r.retry_after_sec > 0) {
    p.sleep_sec = r.retry_after_sec < kSleepMinSec       ? kSleepMinSec
                  : r.retry_after_sec > kRetryAfterMaxSec ? kRetryAfterMaxSec
                                                          : r.retry_after_sec;
  }
  switch (r.outcome) {
    case Outcome::NetworkError:
      // 0: never got an HTTP exchange (WiFi/DNS); < 0: HTTPClient error code.
      if (r.http_status == 0) copy_str(p.reason, sizeof p.reason, "wifi");
      else std::snprintf(p.reason, sizeof p.reason, "net%d", r.http_status);
      break;
    case Outcome::BadPayload: copy_str(p.reason, sizeof p.reason, "payload"); break;
    default: std::snprintf(p.reason, sizeof p.reason, "http-%d", r.http_status); break;
  }
  const bool nothing_shown = st.screen == static_cast<uint8_t>(Screen::None);
  if (nothing_shown || st.failures >= kFailuresBeforeOffline) p.screen = Screen::NoNetwork;
  return p;
}

bool needs_redraw(PersistedState& st, Screen screen, uint32_t frame_hash) {
  if (screen == Screen::None) return false;
  const bool changed = st.content_hash == 0 || st.content_hash != frame_hash;
  st.content_hash = frame_hash;
  st.screen = static_cast<uint8_t>(screen);
  if (screen != Screen::Schedule) st.etag[0] = '\0';
  return changed;
}

}  // namespace rd
