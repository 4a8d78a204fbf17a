#include "payload.h"

#include <cstring>

#include "utf8.h"

namespace rd {
namespace {

struct Span {
  const char* p;
  size_t n;
  bool equals(const char* lit) const {
    const size_t len = std::strlen(lit);
    return n == len && std::memcmp(p, lit, len) == 0;
  }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Fixed-width decimal field; false on any non-digit.
bool digits(const char* s, size_t count, int& value) {
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!is_digit(s[i])) return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// 0 = Monday .. 6 = Sunday (Sakamoto's method, which yields 0 = Sunday).
uint8_t weekday_of(int y, int m, int d) {
  static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3) y -= 1;
  const int sunday0 = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
  return static_cast<uint8_t>((sunday0 + 6) % 7);
}

// YYYY-MM-DDTHH:MM[:SS](Z|+HH:MM|-HH:MM)
bool parse_now(Span v, LocalTime& t) {
  const char* s = v.p;
  if (v.n < 17) return false;
  int y, mo, d, h, mi, sec = 0;
  if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, mo) || s[7] != '-' ||
      !digits(s + 8, 2, d) || s[10] != 'T' || !digits(s + 11, 2, h) || s[13] != ':' ||
      !digits(s + 14, 2, mi))
    return false;
  size_t i = 16;
  if (i < v.n && s[i] == ':') {
    if (v.n < i + 3 || !digits(s + i + 1, 2, sec)) return false;
    i += 3;
  }
  int offset;
  if (v.n == i + 1 && s[i] == 'Z') {
    offset = 0;
  } else if (v.n == i + 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
    int oh, om;
    if (!digits(s + i + 1, 2, oh) || !digits(s + i + 4, 2, om) || om > 59) return false;
    offset = oh * 60 + om;
    if (offset > 14 * 60) return false;
    if (s[i] == '-') offset = -offset;
  } else {
    return false;
  }
  if (y < 2000 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
      h > 23 || mi > 59 || sec > 59)
    return false;
  t.year = static_cast<int16_t>(y);
  t.month = static_cast<uint8_t>(mo);
  t.day = static_cast<uint8_t>(d);
  t.hour = static_cast<uint8_t>(h);
  t.minute = static_cast<uint8_t>(mi);
  t.second = static_cast<uint8_t>(sec);
  t.utc_offset = static_cast<int16_t>(offset);
  t.weekday = weekday_of(y, mo, d);
  return true;
}

// Splits at the first '|' (rest = after it). Returns false if there is none.
bool split_bar(Span v, Span& head, Span& rest) {
  const void* bar = std::memchr(v.p, '|', v.n);
  if (!bar) return false;
  const size_t k = static_cast<size_t>(static_cast<const char*>(bar) - v.p);
  head = {v.p, k};
  rest = {v.p + k + 1, v.n - k - 1};
  return true;
}

bool parse_status(Span v, Status& st) {
  Span word = v, time = {v.p + v.n, 0};
  Span rest;
  if (split_bar(v, word, rest)) time = rest;
  Status out;
  if (word.equals("free")) {
    out.kind = StatusKind::Free;
    if (time.n != 0) {
      const int t = parse_hhmm(time.p, time.n, false);
      if (t < 0) return false;
      out.until = static_cast<int16_t>(t);
    }
  } else if (word.equals("busy")) {
    out.kind = StatusKind::Busy;
    if (time.n != 0) {
      const int t = parse_hhmm(time.p, time.n, true);
      if (t < 0) return false;
      out.until = static_cast<int16_t>(t);
    }
  } else {
    return false;
  }
  st = out;
  return true;
}

// start|end|flags|title; the title is everything after the third '|'.
bool parse_meeting(Span v, Meeting& m, bool& truncated) {
  Span start, end, flags, rest;
  if (!split_bar(v, start, rest) || !split_bar(rest, end, rest) || !split_bar(rest, flags, rest))
    return false;
  const int s = parse_hhmm(start.p, start.n, false);
  const int e = parse_hhmm(end.p, end.n, true);
  if (s < 0 || e < 0 || s >= e) return false;
  m.start = static_cast<int16_t>(s);
  m.end = static_cast<int16_t>(e);
  m.flags = 0;
  for (size_t i = 0; i < flags.n && i < kFlagsMax; ++i) {
    if (flags.p[i] == 'h') m.flags |= kFlagHidden;
    if (flags.p[i] == 'c') m.flags |= kFlagCheckedIn;
  }
  truncated = utf8_copy_sanitized(m.title, sizeof m.title, rest.p, rest.n);
  return true;
}

// Opaque ASCII token; anything else is ignored rather than truncated.
bool valid_token(Span v, size_t max, bool allow_quote) {
  if (v.n == 0 || v.n > max) return false;
  for (size_t i = 0; i < v.n; ++i) {
    const char c = v.p[i];
    if (c < 0x21 || c > 0x7E || (!allow_quote && c == '"')) return false;
  }
  return true;
}

bool parse_uint(Span v, uint32_t& out) {
  if (v.n == 0 || v.n > 9) return false;
  uint32_t value = 0;
  for (size_t i = 0; i < v.n; ++i) {
    if (!is_digit(v.p[i])) return false;
    value = value * 10 + static_cast<uint32_t>(v.p[i] - '0');
  }
  out = value;
  return true;
}

void sort_meetings(Meeting* m, int n) {
  for (int i = 1; i < n; ++i) {  // insertion sort: n <= 8, stable
    Meeting key = m[i];
    int j = i - 1;
    while (j >= 0 && (m[j].start > key.start || (m[j].start == key.start && m[j].end > key.end))) {
      m[j + 1] = m[j];
      --j;
    }
    m[j + 1] = key;
  }
}

}  // namespace

int parse_hhmm(const char* s, size_t n, bool allow_24) {
  int h, m;
  if (n != 5 || s[2] != ':' || !digits(s, 2, h) || !digits(s + 3, 2, m)) return -1;
  if (m > 59) return -1;
  if (h == 24 && m == 0 && allow_24) return kEndOfDay;
  if (h > 23) return -1;
  return h * 60 + m;
}

const char* parse_error_name(ParseError e) {
  switch (e) {
    case ParseError::None: return "none";
    case ParseError::Empty: return "empty";
    case ParseError::NoVersion: return "no_version";
    case ParseError::BadVersion: return "bad_version";
    case ParseError::UnsupportedVersion: return "unsupported_version";
    case ParseError::MissingRoom: return "missing_room";
    case ParseError::MissingNow: return "missing_now";
    case ParseError::BadNow: return "bad_now";
  }
  return "unknown";
}

ParseError parse_payload(const char* data, size_t len, Schedule& out, bool body_complete) {
  out = Schedule();
  size_t pos = 0;
  if (len >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;  // BOM
  bool seen_version = false, seen_room = false, seen_now = false, bad_now = false;
  while (pos < len) {
    const void* nl = std::memchr(data + pos, '\n', len - pos);
    size_t line_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data) : len;
    if (!nl && !body_complete) break;  // possibly cut mid-line by the reader
    Span line = {data + pos, line_end - pos};
    pos = line_end + 1;
    if (line.n > 0 && line.p[line.n - 1] == '\r') --line.n;
    if (line.n == 0) continue;

    const void* eq = std::memchr(line.p, '=', line.n);
    Span key = line, val = {line.p + line.n, 0};
    if (eq) {
      key.n = static_cast<size_t>(static_cast<const char*>(eq) - line.p);
      val = {key.p + key.n + 1, line.n - key.n - 1};
    }
    if (!seen_version) {
      if (!eq || !key.equals("v")) return ParseError::NoVersion;
      uint32_t v;
      if (!parse_uint(val, v)) return ParseError::BadVersion;
      if (v != static_cast<uint32_t>(kProtocolVersion)) return ParseError::UnsupportedVersion;
      out.version = kProtocolVersion;
      seen_version = true;
      continue;
    }
    if (!eq) continue;  // not key=value: ignored like an unknown key

    if (key.equals("room")) {
      if (utf8_copy_sanitized(out.room, sizeof out.room, val.p, val.n)) out.truncated |= kTruncRoom;
      seen_room = out.room[0] != '\0';
    } else if (key.equals("now")) {
      seen_now = true;
      bad_now = !parse_now(val, out.now);
    } else if (key.equals("st")) {
      if (!parse_status(val, out.status)) out.status = Status();
    } else if (key.equals("ci")) {
      out.checkin_due = val.equals("1");
    } else if (key.equals("qr")) {
      if (valid_token(val, kQrMax, true)) {
        std::memcpy(out.qr, val.p, val.n);
        out.qr[val.n] = '\0';
      } else {
        out.qr[0] = '\0';
      }
    } else if (key.equals("m")) {
      Meeting m;
      bool cut = false;
      if (out.meeting_count < kMaxMeetings && parse_meeting(val, m, cut)) {
        out.meetings[out.meeting_count++] = m;
        if (cut) out.truncated |= kTruncTitle;
      } else if (out.meetings_dropped < 255) {
        ++out.meetings_dropped;
      }
    } else if (key.equals("refresh")) {
      if (!parse_uint(val, out.refresh_sec)) out.refresh_sec = kRefreshDefault;
    } else if (key.equals("etag")) {
      if (valid_token(val, kEtagMax, false)) {
        std::memcpy(out.etag, val.p, val.n);
        out.etag[val.n] = '\0';
      } else {
        out.etag[0] = '\0';
      }
    } else if (key.equals("lang")) {
      out.lang = val.equals("ru") ? Lang::Ru : val.equals("en") ? Lang::En : Lang::Unknown;
    }
    // Unknown keys (and repeated v=) are ignored for forward compatibility.
  }
  if (!seen_version) return ParseError::Empty;
  if (!seen_room) return ParseError::MissingRoom;
  if (!seen_now) return ParseError::MissingNow;
  if (bad_now) return ParseError::BadNow;
  sort_meetings(out.meetings, out.meeting_count);
  return ParseError::None;
}

}  // namespace rd
