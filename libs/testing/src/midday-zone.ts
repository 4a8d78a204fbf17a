/**
 * A fixed-offset IANA zone (`Etc/GMT±N`, whose sign is inverted: Etc/GMT-3 is UTC+3) where the local time at `nowMs`
 * is between 12:00 and 13:00. Tests that book a room "from now" run in it, so their outcome does not depend on the
 * hour they run at (a booking from 23:45 is cut at the room-day's midnight and refused below the minimum duration).
 */
export function middayZone(nowMs = Date.now()): string {
  const offset = 12 - new Date(nowMs).getUTCHours(); // -11 … +12, all of them Etc zones
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
