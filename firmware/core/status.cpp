#include "status.h"

namespace rd {

Status compute_status(const Meeting* meetings, int count, int now_min) {
  Status st;
  int busy_until = -1;
  for (int i = 0; i < count; ++i) {
    const Meeting& m = meetings[i];
    if (m.start <= now_min && now_min < m.end && m.end > busy_until) busy_until = m.end;
  }
  if (busy_until >= 0) {
    // Extend through meetings that start before the current chain ends.
    bool extended = true;
    while (extended) {
      extended = false;
      for (int i = 0; i < count; ++i) {
        const Meeting& m = meetings[i];
        if (m.start <= busy_until && m.end > busy_until) {
          busy_until = m.end;
          extended = true;
        }
      }
    }
    st.kind = StatusKind::Busy;
    st.until = static_cast<int16_t>(busy_until);
    return st;
  }
  int next = -1;
  for (int i = 0; i < count; ++i) {
    const int s = meetings[i].start;
    if (s > now_min && (next < 0 || s < next)) next = s;
  }
  st.kind = StatusKind::Free;
  st.until = static_cast<int16_t>(next);
  return st;
}

Status effective_status(const Schedule& s, bool* from_server) {
  const bool server = s.status.kind != StatusKind::Unknown;
  if (from_server) *from_server = server;
  if (server) return s.status;
  return compute_status(s.meetings, s.meeting_count, s.now.minute_of_day());
}

void format_hhmm(int minutes, char out[6], bool keep_24) {
  if (minutes < 0) minutes = 0;
  if (minutes > kEndOfDay) minutes = kEndOfDay;
  if (minutes == kEndOfDay && !keep_24) minutes = 0;
  const int h = minutes / 60, m = minutes % 60;
  out[0] = static_cast<char>('0' + h / 10);
  out[1] = static_cast<char>('0' + h % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + m / 10);
  out[4] = static_cast<char>('0' + m % 10);
  out[5] = '\0';
}

}  // namespace rd
