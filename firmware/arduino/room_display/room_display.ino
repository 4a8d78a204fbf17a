// Meeting-room door display (ESP32 + 3-colour e-ink, GxEPD2).
// Each wake: measure battery, WiFi, one GET, radio off, let the core decide
// (parse, layout, redraw?, sleep), maybe refresh the panel, deep sleep.
// All logic lives in the host-tested core; this file only does I/O.
#include <Arduino.h>
#include <HTTPClient.h>
#include <WiFi.h>
#include <WiFiClientSecure.h>
#include <esp_sleep.h>
#include <room_display_core.h>

#include "board.h"
#include "body_sink.h"
#include "config.h"

using namespace rd;

RTC_DATA_ATTR static PersistedState g_state;  // survives deep sleep only

static char g_body[kBodyBufferBytes];
static uint8_t g_black[Frame::plane_bytes(kPanelWidth, kPanelHeight)];
static uint8_t g_red[Frame::plane_bytes(kPanelWidth, kPanelHeight)];
static Schedule g_schedule;
static char g_device_id[16];

static GxEPD2_3C<PanelDriver, kPanelHeight> display(
    PanelDriver(PIN_EPD_CS, PIN_EPD_DC, PIN_EPD_RST, PIN_EPD_BUSY));

static uint16_t read_battery_mv() {
  analogSetPinAttenuation(PIN_BATTERY, ADC_11db);
  uint32_t sum = 0;
  for (int i = 0; i < 8; ++i) sum += analogReadMilliVolts(PIN_BATTERY);
  return static_cast<uint16_t>(sum / 8 * kBatteryDividerRatio);
}

static bool wifi_connect() {
  WiFi.persistent(false);  // no flash writes on every wake
  WiFi.mode(WIFI_STA);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);
  const uint32_t start = millis();
  while (WiFi.status() != WL_CONNECTED) {
    if (millis() - start > kWifiTimeoutMs) return false;
    delay(50);
  }
  return true;
}

static void wifi_off() {
  WiFi.disconnect(true);
  WiFi.mode(WIFI_OFF);
}

// One GET of the schedule. Fills g_body on 200.
static FetchResult fetch(uint16_t battery_mv, size_t& body_len, bool& complete) {
  FetchResult r;
  body_len = 0;
  complete = true;

  Telemetry t;
  t.battery_mv = battery_mv;
  t.rssi_dbm = WiFi.RSSI();
  t.fw_version = FW_VERSION;
  t.failures = g_state.failures;
  char target[160];
  build_request_target(target, sizeof target, t);
  const String url = String(SERVER_BASE_URL) + target;

  WiFiClientSecure tls;
  WiFiClient plain;
  HTTPClient http;
  http.setReuse(false);
  http.setConnectTimeout(kHttpTimeoutMs);
  http.setTimeout(kHttpTimeoutMs);
  bool begun;
  if (url.startsWith("https://")) {
    tls.setCACert(SERVER_ROOT_CA);
    begun = http.begin(tls, url);
  } else {
    begun = http.begin(plain, url);
  }
  if (!begun) {
    r.outcome = Outcome::NetworkError;
    r.http_status = -1;
    return r;
  }
  http.setUserAgent("room-display/" FW_VERSION);
  http.addHeader("Authorization", "Bearer " DISPLAY_TOKEN);
  char inm[kEtagMax + 3];
  if (format_if_none_match(etag_to_send(g_state), inm, sizeof inm)) http.addHeader("If-None-Match", inm);
  const char* keys[] = {"Retry-After", "X-Refresh-Sec"};
  http.collectHeaders(keys, 2);

  const int code = http.GET();
  r.http_status = code;
  r.outcome = classify_status(code);
  r.retry_after_sec = parse_seconds_header(http.header("Retry-After").c_str());
  r.refresh_header_sec = parse_seconds_header(http.header("X-Refresh-Sec").c_str());
  if (r.outcome == Outcome::Ok) {
    BodySink sink(g_body, sizeof g_body);
    const int got = http.writeToStream(&sink);
    if (got < 0) {  // transfer broke off: do not trust a partial body
      r.outcome = Outcome::NetworkError;
      r.http_status = got;
    }
    body_len = sink.length();
    complete = !sink.overflow();
  }
  http.end();
  return r;
}

// Copies the core's two bit planes into GxEPD2 and runs one full refresh.
static void draw(const Frame& f) {
  display.init(0);  // no serial diagnostics
  display.setRotation(0);
  display.setFullWindow();
  display.firstPage();
  do {
    display.fillScreen(GxEPD_WHITE);
    display.drawBitmap(0, 0, f.black_plane(), f.width(), f.height(), GxEPD_BLACK);
    display.drawBitmap(0, 0, f.red_plane(), f.width(), f.height(), GxEPD_RED);
  } while (display.nextPage());
  display.hibernate();
}

static void deep_sleep(uint32_t seconds) {
  state_seal(g_state);
  esp_sleep_enable_timer_wakeup(static_cast<uint64_t>(seconds) * 1000000ULL);
  esp_deep_sleep_start();
}

void setup() {
  if (!state_valid(g_state)) state_reset(g_state);  // power-on or reset: RTC RAM is garbage
  const uint64_t mac = ESP.getEfuseMac();
  snprintf(g_device_id, sizeof g_device_id, "%012llX", static_cast<unsigned long long>(mac));

  const uint16_t battery_mv = read_battery_mv();
  if (battery_mv != 0 && battery_mv < kBatteryCriticalMv) deep_sleep(kCriticalSleepSec);

  CycleInput in;
  size_t body_len = 0;
  bool complete = true;
  if (wifi_connect()) {
    in.fetch = fetch(battery_mv, body_len, complete);
  } else {
    in.fetch.outcome = Outcome::NetworkError;
    in.fetch.http_status = 0;  // never reached HTTP: shown as "wifi"
  }
  wifi_off();  // the radio must be off during the long panel refresh

  in.body = g_body;
  in.body_len = body_len;
  in.body_complete = complete;
  in.device.lang = DEFAULT_LANG;
  in.device.device_id = g_device_id;
  in.device.fw_version = "fw " FW_VERSION;
  in.battery_mv = battery_mv;
  in.battery_low_mv = kBatteryLowMv;
  in.jitter_seed = static_cast<uint32_t>(mac ^ (mac >> 32));

  Frame frame(g_black, g_red, kPanelWidth, kPanelHeight);
  const CycleResult result = run_cycle(g_state, frame, g_schedule, in);
  if (result.redraw) draw(frame);
  deep_sleep(result.sleep_sec);
}

void loop() {}  // never reached: every wake ends in deep sleep
