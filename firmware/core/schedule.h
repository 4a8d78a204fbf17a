// Parsed schedule payload: fixed-size, no heap. Limits are part of the wire
// protocol (PROTOCOL.md) and shared by the server.
#pragma once
#include <cstddef>
#include <cstdint>

namespace rd {

constexpr int kProtocolVersion = 1;
constexpr size_t kMaxPayloadBytes = 1024;  // server MUST stay within this
constexpr size_t kBodyBufferBytes = 2048;  // device reads at most this much
constexpr size_t kRoomMax = 64;            // bytes of UTF-8, excluding NUL
constexpr size_t kTitleMax = 64;
constexpr size_t kQrMax = 96;              // longer qr= values are ignored
constexpr size_t kEtagMax = 32;            // longer etag= values are ignored
constexpr size_t kFlagsMax = 8;            // extra flag letters are ignored
constexpr int kMaxMeetings = 8;            // extra m= lines are dropped
constexpr uint32_t kRefreshDefault = 300;  // when refresh= is absent/invalid
constexpr int kEndOfDay = 24 * 60;         // "24:00", allowed as an end time

enum class Lang : uint8_t { Unknown, En, Ru };
enum class StatusKind : uint8_t { Unknown, Free, Busy };

// Free: `until` = next meeting start, or -1 for "rest of the day".
// Busy: `until` = end of the current (chained) meeting.
struct Status {
  StatusKind kind = StatusKind::Unknown;
  int16_t until = -1;  // minutes since local midnight, 0..1440, or -1
};

struct LocalTime {
  int16_t year = 0;
  uint8_t month = 0, day = 0, hour = 0, minute = 0, second = 0;
  uint8_t weekday = 0;       // 0 = Monday .. 6 = Sunday, derived from date
  int16_t utc_offset = 0;    // minutes east of UTC
  int minute_of_day() const { return hour * 60 + minute; }
};

enum MeetingFlag : uint8_t {
  kFlagHidden = 1,     // 'h': title replaced for privacy
  kFlagCheckedIn = 2,  // 'c': someone already checked in
};

enum TruncatedField : uint8_t {
  kTruncRoom = 1,   // room= was longer than kRoomMax
  kTruncTitle = 2,  // at least one title was longer than kTitleMax
};

struct Meeting {
  int16_t start = 0;  // minutes since local midnight
  int16_t end = 0;    // exclusive; 1440 allowed
  uint8_t flags = 0;
  char title[kTitleMax + 1] = {};  // empty = show the "Busy" placeholder
};

struct Schedule {
  int version = 0;
  char room[kRoomMax + 1] = {};
  LocalTime now;
  Status status;             // as sent by the server (Unknown if absent)
  bool checkin_due = false;
  char qr[kQrMax + 1] = {};  // check-in target; empty if absent/too long
  Meeting meetings[kMaxMeetings];
  uint8_t meeting_count = 0;      // valid meetings kept, sorted by start
  uint8_t meetings_dropped = 0;   // invalid or beyond kMaxMeetings
  uint8_t truncated = 0;          // TruncatedField bits
  uint32_t refresh_sec = kRefreshDefault;
  char etag[kEtagMax + 1] = {};
  Lang lang = Lang::Unknown;
};

}  // namespace rd
