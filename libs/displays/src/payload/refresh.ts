import type { RoomSettings } from '@megabot/contracts';
import { addDays, fromLocal, toLocal, workingWindow, type ZoneOffsets } from '../../../domain/src/rooms';
import { DEVICE_MAX_SLEEP_SEC, DEVICE_MIN_SLEEP_SEC } from '../protocol/limits';

/** Wake this long after a change, so the minute has turned on the device's side too. */
export const REFRESH_MARGIN_SEC = 30;
/** During working hours sleep at most this long (new bookings show up; RC clock drift stays small). */
export const MAX_SLEEP_IN_HOURS_SEC = 15 * 60;
/** Outside working hours wake this long before the room opens (Friday 19:00 -> Monday 07:55). */
export const WAKE_BEFORE_OPENING_SEC = 5 * 60;

export type RefreshReason = 'boundary' | 'working_hours_cap' | 'next_opening' | 'max';

export interface RefreshDecision {
  refreshSec: number;
  /** When the display will wake (UTC ISO). */
  wakeAt: string;
  reason: RefreshReason;
}

/** The first opening of the room strictly after nowMs (up to 8 days on), or null. */
export function nextOpeningMs(settings: Pick<RoomSettings, 'workingHours'>, zone: ZoneOffsets, nowMs: number): number | null {
  const today = toLocal(zone, nowMs).date;
  for (let d = 0; d <= 8; d++) {
    const date = addDays(today, d);
    const w = workingWindow(settings as RoomSettings, date);
    if (!w) continue;
    const open = fromLocal(zone, date, w.from);
    if (open > nowMs) return open;
  }
  return null;
}

/**
 * refresh= per PROTOCOL.md §4:
 * - in working hours: the next boundary (a meeting start or end, a check-in
 *   deadline, local midnight) + 30 s, but at most 15 min;
 * - outside working hours and on non-working days: until 5 min before the
 *   next opening (just after the opening if that is sooner), or an earlier
 *   boundary + 30 s (a meeting booked outside the hours before they changed);
 * - always within the device's 60 s ... 72 h.
 * `boundariesMs` are the instants the picture changes at (past ones are ignored).
 */
export function chooseRefresh(
  settings: Pick<RoomSettings, 'workingHours'>,
  zone: ZoneOffsets,
  nowMs: number,
  boundariesMs: readonly number[],
): RefreshDecision {
  const local = toLocal(zone, nowMs);
  const window = workingWindow(settings as RoomSettings, local.date);
  const inHours = window !== null && local.minute >= window.from && local.minute < window.to;
  const future = boundariesMs.filter((b) => b > nowMs);
  const margin = REFRESH_MARGIN_SEC * 1000;
  let target: number;
  let reason: RefreshReason;
  if (inHours) {
    const midnight = fromLocal(zone, addDays(local.date, 1), 0);
    const next = Math.min(...future, midnight) + margin;
    const cap = nowMs + MAX_SLEEP_IN_HOURS_SEC * 1000;
    [target, reason] = next <= cap ? [next, 'boundary'] : [cap, 'working_hours_cap'];
  } else {
    const opening = nextOpeningMs(settings, zone, nowMs);
    let wake = opening === null ? nowMs + DEVICE_MAX_SLEEP_SEC * 1000 : opening - WAKE_BEFORE_OPENING_SEC * 1000;
    if (wake <= nowMs) wake = opening! + margin;
    const boundary = future.length ? Math.min(...future) + margin : Infinity;
    [target, reason] = boundary < wake ? [boundary, 'boundary'] : [wake, opening === null ? 'max' : 'next_opening'];
  }
  let refreshSec = Math.ceil((target - nowMs) / 1000);
  if (refreshSec > DEVICE_MAX_SLEEP_SEC) [refreshSec, reason] = [DEVICE_MAX_SLEEP_SEC, 'max'];
  refreshSec = Math.max(refreshSec, DEVICE_MIN_SLEEP_SEC);
  return { refreshSec, wakeAt: new Date(nowMs + refreshSec * 1000).toISOString(), reason };
}
