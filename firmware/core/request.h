// The HTTP side of the protocol that does not need a network stack:
// request target with telemetry, header values, status classification.
#pragma once
#include <cstddef>
#include <cstdint>

#include "policy.h"

namespace rd {

constexpr const char* kSchedulePath = "/displays/schedule";

struct Telemetry {
  uint16_t battery_mv = 0;   // 0 = unknown
  int rssi_dbm = 0;          // 0 = unknown
  const char* fw_version = "";
  uint16_t failures = 0;     // consecutive failed wakes before this one
};

// "/displays/schedule?proto=1&fw=1.2.0&bat_mv=3712&rssi=-67&fails=0".
// fw is reduced to [A-Za-z0-9._-]. Returns false if cap is too small.
bool build_request_target(char* out, size_t cap, const Telemetry& t);

// If-None-Match value: the ETag in double quotes. False if etag is empty.
bool format_if_none_match(const char* etag, char* out, size_t cap);

// Maps an HTTP status (or a negative client error) to an Outcome. A 200
// still needs parse_payload(); BadPayload is decided by the caller.
Outcome classify_status(int http_status);

// Retry-After / X-Refresh-Sec as delta-seconds; 0 if absent or not a plain
// number (HTTP-date forms are ignored: the device has no clock).
uint32_t parse_seconds_header(const char* value);

}  // namespace rd
