import type { ZoneOffsets } from '@megabot/domain';

/*
 * A room's local time needs its zone's UTC offsets; the domain takes them as
 * plain data (ZoneOffsets) and has no zone database. This is where they come
 * from: the runtime's Intl data, read at the edge by the API (booking
 * commands, searches, door displays) and the projector (its managers).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** UTC offset (minutes east) of an IANA zone at an instant, from the runtime's time-zone data. */
export function intlOffsetAt(timeZone: string, ms: number): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Whether the runtime knows the zone (Intl refuses an unknown name): RoomSettings.timeZone is checked with it at the edge. */
export const isKnownTimeZone = (timeZone: string) => {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
};

/**
 * The plain-data offsets the domain works with (ZoneOffsets) for
 * [fromMs, toMs], from Intl: the offset at `fromMs` and every change in
 * between, each located to the minute, for the days a command or a display
 * payload looks at.
 */
export function zoneOffsetsFromIntl(timeZone: string, fromMs: number, toMs: number): ZoneOffsets {
  const HOUR = 3_600_000;
  const changes: { at: string; offsetMinutes: number }[] = [];
  const start = intlOffsetAt(timeZone, fromMs);
  let prev = start;
  let t = fromMs;
  while (t < toMs) {
    const next = Math.min(t + 6 * HOUR, toMs);
    const off = intlOffsetAt(timeZone, next);
    if (off !== prev) {
      let lo = t;
      let hi = next; // offset(lo) = prev, offset(hi) = off
      while (hi - lo > 60_000) {
        const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
        if (mid <= lo) break;
        if (intlOffsetAt(timeZone, mid) === prev) lo = mid;
        else hi = mid;
      }
      // Offsets change on whole minutes: the one minute mark in (lo, hi].
      changes.push({ at: new Date(Math.ceil((lo + 1) / 60_000) * 60_000).toISOString(), offsetMinutes: off });
      prev = off;
    }
    t = next;
  }
  return { zone: timeZone, offsetMinutes: start, changes };
}
