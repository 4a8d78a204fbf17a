// Parser for the line-oriented schedule payload (PROTOCOL.md). Works on an
// untrusted byte range of any length; only writes into the fixed Schedule.
#pragma once
#include <cstddef>

#include "schedule.h"

namespace rd {

enum class ParseError : unsigned char {
  None,
  Empty,               // no non-blank line at all
  NoVersion,           // first non-blank line is not v=...
  BadVersion,          // v= is not a decimal number
  UnsupportedVersion,  // v= is a number other than kProtocolVersion
  MissingRoom,
  MissingNow,
  BadNow,
};

const char* parse_error_name(ParseError e);

// body_complete = false means the reader stopped at its buffer limit: the
// final line is then ignored unless it ends with '\n' (it may be cut).
ParseError parse_payload(const char* data, size_t len, Schedule& out,
                         bool body_complete = true);

// "HH:MM" -> minutes; allow_24 admits "24:00". Returns -1 if invalid.
int parse_hhmm(const char* s, size_t n, bool allow_24);

// Canonical text dump used by the test vectors ("--- expect" sections).
// Writes at most cap bytes (NUL-terminated); returns the full length.
size_t dump_schedule(const Schedule& s, ParseError e, char* out, size_t cap);

}  // namespace rd
