// Fixed door-sign texts in Russian and English. Keep every string within
// the widths given in LAYOUT.md (monospace cells) so nothing is cut.
#pragma once
#include "schedule.h"

namespace rd {

struct Strings {
  const char* free_word;       // status band, large
  const char* busy_word;
  const char* until_fmt;       // "%s" = HH:MM
  const char* rest_of_day;
  const char* no_more;         // empty meeting list
  const char* more_fmt;        // "%d" = hidden meetings
  const char* busy_title;      // placeholder for an empty (hidden) title
  const char* checkin_title;   // attention line, red
  const char* checkin_hint;
  const char* battery_low;
  const char* generic_room;    // header when no room name is known
  const char* offline_word;
  const char* offline_detail;
  const char* offline_hint;
  const char* code_fmt;        // "%s" = reason code
  const char* inactive_word;
  const char* inactive_detail;
  const char* inactive_hint;
  const char* inactive_header;
  const char* weekdays[7];     // Monday first
  const char* months[12];      // as used after a day number
};

const Strings& strings_for(Lang lang);

}  // namespace rd
