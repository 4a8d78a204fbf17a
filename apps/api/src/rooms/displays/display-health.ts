import { DEVICE_MAX_SLEEP_SEC, DEVICE_MIN_SLEEP_SEC } from '@megabot/displays';

/**
 * Below this the door sign draws its own "battery low" note
 * (firmware/arduino/room_display/board.h kBatteryLowMv = 3450 mV for a
 * 1S Li-ion cell); admins see the same flag at the same threshold, some
 * weeks before the firmware stops fetching at 3300 mV.
 */
export const LOW_BATTERY_MV = 3450;
/** The ESP32's RC sleep clock drifts by several % (PROTOCOL.md §4): allow 10 %. */
export const STALE_DRIFT = 0.1;
/** One failed wake retries after 60 s ± 10 % plus WiFi/TLS time: two blips in a row fit into 3 minutes. */
export const STALE_GRACE_SEC = 180;
/** A registered display that never polled is flagged after an hour (time to flash the token and mount it). */
export const NEVER_SEEN_GRACE_SEC = 3600;

/** When a display that was told to sleep `refreshSec` at `lastSeenMs` should have been back at the latest. */
export function expectedByMs(lastSeenMs: number, refreshSec: number): number {
  const sleep = Math.min(Math.max(refreshSec, DEVICE_MIN_SLEEP_SEC), DEVICE_MAX_SLEEP_SEC);
  return lastSeenMs + Math.ceil(sleep * (1 + STALE_DRIFT) + STALE_GRACE_SEC) * 1000;
}

export function isStale(nowMs: number, t: { lastSeenMs: number; refreshSec: number } | null, registeredMs: number): boolean {
  if (!t) return nowMs > registeredMs + NEVER_SEEN_GRACE_SEC * 1000;
  return nowMs > expectedByMs(t.lastSeenMs, t.refreshSec);
}

export const isLowBattery = (batteryMv: number | null | undefined) => typeof batteryMv === 'number' && batteryMv > 0 && batteryMv < LOW_BATTERY_MV;
