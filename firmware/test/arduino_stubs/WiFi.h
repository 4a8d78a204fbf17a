#pragma once
#include "Arduino.h"

enum { WL_CONNECTED = 3 };
enum { WIFI_OFF = 0, WIFI_STA = 1 };

class WiFiClient {};

struct WiFiClass {
  void persistent(bool) {}
  bool mode(int) { return true; }
  int begin(const char*, const char*) { return 0; }
  int status() { return WL_CONNECTED; }
  bool disconnect(bool) { return true; }
  int8_t RSSI() { return -60; }
};
static WiFiClass WiFi;
