// One wake cycle after the HTTP exchange, as a pure function: parse, plan,
// render, decide on the refresh. The Arduino sketch only does I/O around it.
#pragma once
#include <cstddef>

#include "frame.h"
#include "layout.h"
#include "policy.h"
#include "schedule.h"

namespace rd {

struct CycleInput {
  FetchResult fetch;
  const char* body = nullptr;  // 200 body (may be cut at the buffer size)
  size_t body_len = 0;
  bool body_complete = true;
  DeviceInfo device;           // lang = configured default; battery_low is computed here
  uint16_t battery_mv = 0;     // 0 = not measured
  uint16_t battery_low_mv = 0; // footer note below this (with hysteresis)
  uint32_t jitter_seed = 0;
};

struct CycleResult {
  Screen screen = Screen::None;  // rendered into the frame (None = untouched)
  bool redraw = false;           // push the frame to the panel
  uint32_t sleep_sec = 0;
};

// `scratch` holds the parsed payload (kept by the caller so it can live in
// static memory). The frame is only written when screen != None.
CycleResult run_cycle(PersistedState& st, Frame& frame, Schedule& scratch, const CycleInput& in);

}  // namespace rd
