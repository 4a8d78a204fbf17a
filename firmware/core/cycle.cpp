#include "cycle.h"

#include "payload.h"

namespace rd {

CycleResult run_cycle(PersistedState& st, Frame& frame, Schedule& scratch, const CycleInput& in) {
  FetchResult fetch = in.fetch;
  const Schedule* parsed = nullptr;
  if (fetch.outcome == Outcome::Ok) {
    const ParseError e = parse_payload(in.body ? in.body : "", in.body ? in.body_len : 0, scratch,
                                       in.body_complete);
    if (e == ParseError::None) parsed = &scratch;
    else fetch.outcome = Outcome::BadPayload;
  }
  const Plan plan = plan_wake(st, fetch, parsed, in.jitter_seed);

  DeviceInfo dev = in.device;
  if (st.lang != static_cast<uint8_t>(Lang::Unknown)) dev.lang = static_cast<Lang>(st.lang);
  dev.room = st.room;
  dev.battery_low = update_battery_low(st, in.battery_mv, in.battery_low_mv);

  CycleResult out;
  out.screen = plan.screen;
  out.sleep_sec = plan.sleep_sec;
  switch (plan.screen) {
    case Screen::Schedule: layout_schedule(frame, scratch, dev); break;
    case Screen::NoNetwork: layout_no_network(frame, dev, plan.reason); break;
    case Screen::Unregistered: layout_unregistered(frame, dev); break;
    case Screen::None: break;
  }
  out.redraw = needs_redraw(st, plan.screen, plan.screen == Screen::None ? 0 : frame.hash());
  return out;
}

}  // namespace rd
