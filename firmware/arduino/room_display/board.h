// Hardware description: panel type, pins, battery divider. Edit for your
// board; everything else is in config.h (secrets) or the core (logic).
#pragma once
#include <GxEPD2_3C.h>

// Good Display GDEY042Z98: 4.2", 400x300, black/white/red, SSD1683.
using PanelDriver = GxEPD2_420c_GDEY042Z98;
constexpr int kPanelWidth = PanelDriver::WIDTH;    // 400
constexpr int kPanelHeight = PanelDriver::HEIGHT;  // 300

// E-paper SPI on the ESP32 VSPI defaults (SCK 18, MOSI 23).
constexpr int PIN_EPD_CS = 5;
constexpr int PIN_EPD_DC = 17;
constexpr int PIN_EPD_RST = 16;
constexpr int PIN_EPD_BUSY = 4;

// Battery sense: cell+ -> 1 MOhm -> GPIO35 -> 1 MOhm -> GND, 100 nF from
// GPIO35 to GND. ADC1 only (ADC2 is unusable while WiFi is on); the high
// resistances keep the divider's own drain at ~2 uA.
constexpr int PIN_BATTERY = 35;
constexpr float kBatteryDividerRatio = 2.0f;

// Li-ion (18650) thresholds, measured before WiFi starts (resting voltage).
constexpr uint16_t kBatteryLowMv = 3450;       // footer note "battery low"
constexpr uint16_t kBatteryCriticalMv = 3300;  // skip WiFi/refresh: avoid brown-out loops
constexpr uint32_t kCriticalSleepSec = 6 * 3600;

constexpr uint32_t kWifiTimeoutMs = 10000;
constexpr uint32_t kHttpTimeoutMs = 8000;
