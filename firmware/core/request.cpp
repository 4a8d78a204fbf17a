#include "request.h"

#include <cstdio>
#include <cstring>

#include "schedule.h"

namespace rd {

bool build_request_target(char* out, size_t cap, const Telemetry& t) {
  char fw[24];
  size_t k = 0;
  for (const char* p = t.fw_version ? t.fw_version : ""; *p && k + 1 < sizeof fw; ++p) {
    const char c = *p;
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    fw[k++] = safe ? c : '_';
  }
  fw[k] = '\0';
  const int n = std::snprintf(out, cap, "%s?proto=%d&fw=%s&bat_mv=%u&rssi=%d&fails=%u",
                              kSchedulePath, kProtocolVersion, fw,
                              static_cast<unsigned>(t.battery_mv), t.rssi_dbm,
                              static_cast<unsigned>(t.failures));
  return n > 0 && static_cast<size_t>(n) < cap;
}

bool format_if_none_match(const char* etag, char* out, size_t cap) {
  if (!etag || !etag[0]) return false;
  const int n = std::snprintf(out, cap, "\"%s\"", etag);
  return n > 0 && static_cast<size_t>(n) < cap;
}

Outcome classify_status(int http_status) {
  if (http_status <= 0) return Outcome::NetworkError;
  if (http_status == 200) return Outcome::Ok;
  if (http_status == 304) return Outcome::NotModified;
  if (http_status == 401 || http_status == 403) return Outcome::Unauthorized;
  if (http_status == 429) return Outcome::RateLimited;
  return Outcome::ServerError;
}

uint32_t parse_seconds_header(const char* value) {
  if (!value) return 0;
  while (*value == ' ') ++value;
  uint32_t v = 0;
  size_t digits = 0;
  for (; *value >= '0' && *value <= '9'; ++value) {
    if (++digits > 9) return 0;
    v = v * 10 + static_cast<uint32_t>(*value - '0');
  }
  while (*value == ' ') ++value;
  return digits && *value == '\0' ? v : 0;
}

}  // namespace rd
