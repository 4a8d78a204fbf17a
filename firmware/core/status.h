// Now-status: what the big band on the door says.
#pragma once
#include "schedule.h"

namespace rd {

// Busy if a meeting covers now_min (start <= now < end); "until" follows
// back-to-back or overlapping meetings to the end of the chain. Otherwise
// free until the next start, or -1 (rest of the day).
Status compute_status(const Meeting* meetings, int count, int now_min);

// The server's st= wins (it knows about early releases and no-shows); the
// device computes the status only when st= is absent or invalid.
Status effective_status(const Schedule& s, bool* from_server = nullptr);

// Writes "HH:MM" (6 bytes with NUL). 1440 becomes "24:00" when keep_24,
// else "00:00" (the door shows the clock time).
void format_hhmm(int minutes, char out[6], bool keep_24);

}  // namespace rd
