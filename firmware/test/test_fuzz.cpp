// Bounded fuzz loop: random and mutated payloads through the parser, the
// dump and (every few iterations) the whole layout, under ASan/UBSan.
// Deterministic (fixed seed), about two seconds.
#include <string>
#include <vector>

#include "../core/cycle.h"
#include "../core/payload.h"
#include "harness.h"

using namespace rd;

namespace {

struct Rng {  // xorshift32: reproducible across platforms
  uint32_t s;
  uint32_t next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
  uint32_t below(uint32_t n) { return n ? next() % n : 0; }
};

const char* kSeed =
    "v=1\netag=7f3a9c21\nnow=2025-03-14T10:04:00+03:00\nroom=Переговорная «Нева»\nlang=ru\n"
    "st=busy|11:00\nci=1\nqr=https://t.me/MegaCorpRoomsBot?start=checkin_neva\n"
    "m=10:00|11:00||Планёрка отдела продаж\nm=11:30|12:00|h|Занято\nrefresh=360\n";

const char* kTokens[] = {"\n", "\r\n", "=", "|", "m=", "st=", "busy|", "free|", "24:00", "23:59",
                         "\xD0", "\xE2\x80", "\xFF", "…", "v=1\n", "ci=1\n", "qr=", "room=",
                         "now=2025-02-29T10:00Z\n", "0", "9", ":", "\0", "\xEF\xBB\xBF"};

std::string mutate(Rng& r, std::string s) {
  const int edits = 1 + static_cast<int>(r.below(8));
  for (int i = 0; i < edits; ++i) {
    const size_t pos = s.empty() ? 0 : r.below(static_cast<uint32_t>(s.size()));
    switch (r.below(6)) {
      case 0: if (!s.empty()) s[pos] = static_cast<char>(r.next()); break;
      case 1: if (!s.empty()) s.erase(pos, 1 + r.below(16)); break;
      case 2: {
        const char* t = kTokens[r.below(sizeof kTokens / sizeof *kTokens)];
        s.insert(pos, t, t[0] ? std::strlen(t) : 1);
        break;
      }
      case 3: s.insert(pos, std::string(r.below(400), static_cast<char>('a' + r.below(26)))); break;
      case 4: {  // duplicate a slice
        const size_t len = r.below(64);
        s.insert(pos, s.substr(pos, len));
        break;
      }
      default: if (s.size() > 1) s.resize(r.below(static_cast<uint32_t>(s.size()))); break;
    }
  }
  return s;
}

}  // namespace

TEST(fuzz_parser_and_layout_never_crash) {
  Rng r{0xC0FFEEu};
  static Schedule s;
  static uint8_t black[400 / 8 * 300], red[400 / 8 * 300];
  Frame f(black, red, 400, 300);
  static PersistedState st;
  state_reset(st);
  char dump[4096];
  int ok = 0, rendered = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string body;
    if (r.below(10) == 0) {
      body.resize(r.below(3000));
      for (char& c : body) c = static_cast<char>(r.next());
    } else {
      body = mutate(r, kSeed);
    }
    // Exact-size heap copy so ASan sees any read past the end.
    std::vector<char> exact(body.begin(), body.end());
    const bool complete = r.below(4) != 0;
    const ParseError e = parse_payload(exact.data(), exact.size(), s, complete);
    dump_schedule(s, e, dump, sizeof dump);
    if (e == ParseError::None) {
      ++ok;
      CHECK(s.meeting_count <= kMaxMeetings);
      CHECK(std::strlen(s.room) <= kRoomMax && std::strlen(s.qr) <= kQrMax);
      for (int k = 0; k < s.meeting_count; ++k)
        CHECK(s.meetings[k].start < s.meetings[k].end && s.meetings[k].end <= kEndOfDay);
    }
    if (i % 20 == 0) {  // full wake cycles are slower: sample them
      CycleInput in;
      in.fetch.outcome = static_cast<Outcome>(r.below(7));
      in.fetch.http_status = static_cast<int>(r.below(600)) - 50;
      in.body = exact.data();
      in.body_len = exact.size();
      in.body_complete = complete;
      run_cycle(st, f, s, in);
      state_seal(st);
      CHECK(state_valid(st));
      ++rendered;
    }
  }
  CHECK(ok > 3000);  // the mutations still reach the deep parts
  CHECK(rendered > 1000);
}
