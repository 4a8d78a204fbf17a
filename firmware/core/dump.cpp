// Canonical dump of a parse result; the "--- expect" format of the test
// vectors (PROTOCOL.md, "Test vectors").
#include <cstdio>
#include <cstring>

#include "payload.h"
#include "status.h"

namespace rd {
namespace {

class Writer {
 public:
  Writer(char* out, size_t cap) : out_(out), cap_(cap) {
    if (cap_) out_[0] = '\0';
  }
  void put(const char* s) {
    const size_t n = std::strlen(s);
    if (cap_ && len_ + 1 < cap_) {
      const size_t room = cap_ - 1 - len_;
      const size_t k = n < room ? n : room;
      std::memcpy(out_ + len_, s, k);
      out_[len_ + k] = '\0';
    }
    len_ += n;
  }
  void kv(const char* key, const char* value) {
    put(key);
    put("=");
    put(value);
    put("\n");
  }
  void kv(const char* key, unsigned long value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%lu", value);
    kv(key, buf);
  }
  size_t length() const { return len_; }

 private:
  char* out_;
  size_t cap_;
  size_t len_ = 0;
};

}  // namespace

size_t dump_schedule(const Schedule& s, ParseError e, char* out, size_t cap) {
  Writer w(out, cap);
  if (e != ParseError::None) {
    w.kv("result", "error");
    w.kv("error", parse_error_name(e));
    return w.length();
  }
  static const char* const kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  char buf[48];
  w.kv("result", "ok");
  w.kv("version", static_cast<unsigned long>(s.version));
  w.kv("room", s.room);
  const int off = s.now.utc_offset < 0 ? -s.now.utc_offset : s.now.utc_offset;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", s.now.year,
                s.now.month, s.now.day, s.now.hour, s.now.minute, s.now.second,
                s.now.utc_offset < 0 ? '-' : '+', off / 60, off % 60);
  w.kv("now", buf);
  w.kv("weekday", kDays[s.now.weekday % 7]);
  w.kv("lang", s.lang == Lang::Ru ? "ru" : s.lang == Lang::En ? "en" : "");
  bool from_server = false;
  const Status st = effective_status(s, &from_server);
  char t[6] = "";
  if (st.until >= 0) format_hhmm(st.until, t, true);
  std::snprintf(buf, sizeof buf, "%s|%s", st.kind == StatusKind::Busy ? "busy" : "free", t);
  w.kv("status", buf);
  w.kv("status_source", from_server ? "server" : "device");
  w.kv("checkin", s.checkin_due ? "1" : "0");
  w.kv("qr", s.qr);
  w.kv("refresh", static_cast<unsigned long>(s.refresh_sec));
  w.kv("etag", s.etag);
  w.kv("meetings", static_cast<unsigned long>(s.meeting_count));
  for (int i = 0; i < s.meeting_count; ++i) {
    const Meeting& m = s.meetings[i];
    char a[6], b[6];
    format_hhmm(m.start, a, true);
    format_hhmm(m.end, b, true);
    std::snprintf(buf, sizeof buf, "%s|%s|%s%s|", a, b, (m.flags & kFlagHidden) ? "h" : "",
                  (m.flags & kFlagCheckedIn) ? "c" : "");
    w.put("m=");
    w.put(buf);
    w.put(m.title);
    w.put("\n");
  }
  w.kv("dropped", static_cast<unsigned long>(s.meetings_dropped));
  const char* trunc = s.truncated == (kTruncRoom | kTruncTitle) ? "room,title"
                      : s.truncated == kTruncRoom              ? "room"
                      : s.truncated == kTruncTitle             ? "title"
                                                               : "none";
  w.kv("truncated", trunc);
  return w.length();
}

}  // namespace rd
