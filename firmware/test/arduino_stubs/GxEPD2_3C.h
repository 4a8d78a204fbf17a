#pragma once
#include "Arduino.h"

enum : uint16_t { GxEPD_BLACK = 0x0000, GxEPD_WHITE = 0xFFFF, GxEPD_RED = 0xF800 };

class GxEPD2_420c_GDEY042Z98 {
 public:
  static const int16_t WIDTH = 400;
  static const int16_t HEIGHT = 300;
  GxEPD2_420c_GDEY042Z98(int16_t, int16_t, int16_t, int16_t) {}
};

template <typename Driver, int page_height>
class GxEPD2_3C {
 public:
  explicit GxEPD2_3C(Driver) {}
  void init(uint32_t = 0) {}
  void setRotation(uint8_t) {}
  void setFullWindow() {}
  void firstPage() {}
  bool nextPage() { return false; }
  void fillScreen(uint16_t) {}
  void drawBitmap(int16_t, int16_t, const uint8_t[], int16_t, int16_t, uint16_t) {}
  void hibernate() {}
};
