// Wake-cycle decisions: which screen to show, whether the panel must be
// refreshed (a full 3-colour refresh is the dominant battery cost), and how
// long to deep-sleep. Pure functions over a small state kept in RTC memory.
#pragma once
#include <cstdint>

#include "schedule.h"

namespace rd {

constexpr uint32_t kSleepMinSec = 60;                // never wake more often
constexpr uint32_t kSleepMaxSec = 72 * 3600;         // a long weekend at most
constexpr uint32_t kBackoffBaseSec = 60;             // first retry after an error
constexpr uint32_t kBackoffMaxSec = 30 * 60;
constexpr uint32_t kRetryAfterMaxSec = 60 * 60;
constexpr uint32_t kUnregisteredSleepSec = 30 * 60;  // re-check registration
constexpr uint16_t kFailuresBeforeOffline = 3;       // ~7 min of errors

enum class Screen : uint8_t { None, Schedule, NoNetwork, Unregistered };

enum class Outcome : uint8_t {
  Ok,            // 200 and the payload parsed
  NotModified,   // 304
  Unauthorized,  // 401 or 403: token unknown / display not registered
  RateLimited,   // 429
  ServerError,   // 5xx or any other unexpected status
  NetworkError,  // WiFi, DNS, TCP, TLS, timeout, short body
  BadPayload,    // 200 but parse_payload() failed
};

struct FetchResult {
  Outcome outcome = Outcome::NetworkError;
  int http_status = 0;              // 0 when no HTTP response
  uint32_t retry_after_sec = 0;     // Retry-After delta-seconds, 0 = absent
  uint32_t refresh_header_sec = 0;  // X-Refresh-Sec on 304, 0 = absent
};

// Lives in RTC slow memory across deep sleep; lost on power-up/reset, which
// the checksum detects (then everything is fetched and drawn afresh).
struct PersistedState {
  uint32_t magic;
  uint32_t content_hash;  // Frame::hash() of the picture on the glass; 0 = unknown
  uint32_t last_refresh_sec;
  uint16_t failures;      // consecutive failed wakes
  uint8_t screen;         // Screen on the glass
  uint8_t lang;           // last known Lang, for error screens
  uint8_t battery_low;    // 1 while the low-battery note is shown
  char etag[kEtagMax + 1];  // ETag of the schedule on the glass
  char room[kRoomMax + 1];  // last known room name, for error screens
  uint8_t reserved;         // keeps the layout free of padding bytes
  uint32_t checksum;        // FNV-1a of all bytes before it
};
static_assert(sizeof(PersistedState) ==
                  3 * 4 + 2 + 3 + (kEtagMax + 1) + (kRoomMax + 1) + 1 + 4,
              "no padding: the checksum covers every byte");

void state_reset(PersistedState& st);
bool state_valid(const PersistedState& st);
void state_seal(PersistedState& st);  // call before deep sleep

// The ETag to send as If-None-Match, or nullptr. Only sent while the glass
// shows that schedule: a 304 must never leave an error screen in place.
const char* etag_to_send(const PersistedState& st);

struct Plan {
  Screen screen;       // what to render now; None = leave the glass alone
  uint32_t sleep_sec;
  char reason[16];     // NoNetwork footer code: "wifi", "http-503", ...
};

// Decides after the fetch. `schedule` must be the parsed payload when
// outcome == Ok (else it is ignored). jitter_seed spreads retries of many
// displays (e.g. derived from the MAC address).
Plan plan_wake(PersistedState& st, const FetchResult& r, const Schedule* schedule,
               uint32_t jitter_seed);

// After rendering `screen` into a frame: true if the panel must be
// refreshed. Records what is now on the glass.
bool needs_redraw(PersistedState& st, Screen screen, uint32_t frame_hash);

// Low-battery note with hysteresis: on below low_mv, off only above
// low_mv + kBatteryHysteresisMv, so a voltage hovering at the threshold
// does not toggle the footer (= a full refresh) on every wake. 0 = unknown.
constexpr uint16_t kBatteryHysteresisMv = 100;
bool update_battery_low(PersistedState& st, uint16_t battery_mv, uint16_t low_mv);

uint32_t clamp_sleep(uint32_t sec);
uint32_t backoff_sec(uint16_t failures, uint32_t jitter_seed);

}  // namespace rd
