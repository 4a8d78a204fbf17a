import { END_OF_DAY } from './limits';
import { minuteOfDay, type Meeting, type Schedule, type Status } from './payload-parser';

/**
 * PROTOCOL.md §3 (firmware/core/status.cpp): busy if a meeting covers now
 * (start inclusive, end exclusive), until the end of the chain of
 * back-to-back or overlapping meetings; else free until the next start
 * (-1: rest of the day).
 */
export function computeStatus(meetings: readonly Pick<Meeting, 'start' | 'end'>[], nowMin: number): Status {
  let busyUntil = -1;
  for (const m of meetings) if (m.start <= nowMin && nowMin < m.end && m.end > busyUntil) busyUntil = m.end;
  if (busyUntil >= 0) {
    let extended = true;
    while (extended) {
      extended = false;
      for (const m of meetings) {
        if (m.start <= busyUntil && m.end > busyUntil) {
          busyUntil = m.end;
          extended = true;
        }
      }
    }
    return { kind: 'busy', until: busyUntil };
  }
  let next = -1;
  for (const m of meetings) if (m.start > nowMin && (next < 0 || m.start < next)) next = m.start;
  return { kind: 'free', until: next };
}

/** The server's st= wins; the device computes the status only without it. */
export function effectiveStatus(s: Schedule): { status: Status; fromServer: boolean } {
  if (s.status.kind !== 'unknown') return { status: s.status, fromServer: true };
  return { status: computeStatus(s.meetings, minuteOfDay(s.now)), fromServer: false };
}

/** Minutes -> `HH:MM`; 1440 stays `24:00` when keep24, else `00:00`. */
export function formatHhmm(minutes: number, keep24 = true): string {
  let m = Math.min(Math.max(minutes, 0), END_OF_DAY);
  if (m === END_OF_DAY && !keep24) m = 0;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
