// Host stubs with the signatures the sketch uses, so `make test` can at
// least type-check room_display.ino against the core API. Not an emulator.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#define RTC_DATA_ATTR

class String {
 public:
  String(const char* s = "") : s_(s) {}
  String operator+(const char* o) const { return String((s_ + o).c_str()); }
  bool startsWith(const char* p) const { return s_.rfind(p, 0) == 0; }
  const char* c_str() const { return s_.c_str(); }

 private:
  std::string s_;
};

enum { ADC_11db = 3 };
inline uint32_t millis() { return 0; }
inline void delay(uint32_t) {}
inline uint32_t analogReadMilliVolts(int) { return 1850; }
inline void analogSetPinAttenuation(int, int) {}

struct EspClass {
  uint64_t getEfuseMac() { return 0x3C71BF4A92C4ull; }
};
static EspClass ESP;
