// Door-sign screens drawn into a Frame. The exact geometry is specified in
// LAYOUT.md so the server preview can reproduce it pixel for pixel.
#pragma once
#include "frame.h"
#include "schedule.h"

namespace rd {

struct DeviceInfo {
  Lang lang = Lang::Ru;         // used when the payload has no lang=, and for error screens
  const char* room = "";        // last known room name (error screens)
  const char* device_id = "";   // shown on the unregistered screen
  const char* fw_version = "";
  bool battery_low = false;
};

// Geometry derived from the panel size ("large" for height >= 240).
struct Metrics {
  int margin;
  const Font* title_font;       // room name; falls back to title_small if too long
  const Font* title_small;
  int header_h;                 // header band incl. the rule below it
  int rule_h;
  const Font* word_font;        // status word
  int word_scale;
  const Font* detail_font;
  bool detail_beside;           // compact: detail right of the word
  int band_h;
  const Font* row_font;
  int row_pitch;
  const Font* attention_font;   // check-in title
  int footer_h;
};

Metrics metrics_for(int width, int height);

void layout_schedule(Frame& f, const Schedule& s, const DeviceInfo& dev);
// reason: short code shown in the footer, e.g. "wifi", "http-503".
void layout_no_network(Frame& f, const DeviceInfo& dev, const char* reason);
void layout_unregistered(Frame& f, const DeviceInfo& dev);

}  // namespace rd
