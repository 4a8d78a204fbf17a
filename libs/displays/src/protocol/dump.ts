import type { ParseResult } from './payload-parser';
import { effectiveStatus, formatHhmm } from './status';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The canonical dump of a parse (the `--- expect` blocks of firmware/test/vectors; firmware/core/dump.cpp). */
export function dumpParse(r: ParseResult): string {
  if (!r.ok) return `result=error\nerror=${r.error}\n`;
  const s = r.schedule;
  const off = Math.abs(s.now.utcOffset);
  const now = `${pad(s.now.year, 4)}-${pad(s.now.month)}-${pad(s.now.day)}T${pad(s.now.hour)}:${pad(s.now.minute)}:${pad(s.now.second)}${s.now.utcOffset < 0 ? '-' : '+'}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
  const { status, fromServer } = effectiveStatus(s);
  const lines = [
    'result=ok',
    `version=${s.version}`,
    `room=${s.room}`,
    `now=${now}`,
    `weekday=${DAYS[s.now.weekday % 7]}`,
    `lang=${s.lang ?? ''}`,
    `status=${status.kind === 'busy' ? 'busy' : 'free'}|${status.until >= 0 ? formatHhmm(status.until) : ''}`,
    `status_source=${fromServer ? 'server' : 'device'}`,
    `checkin=${s.checkinDue ? 1 : 0}`,
    `qr=${s.qr}`,
    `refresh=${s.refreshSec}`,
    `etag=${s.etag}`,
    `meetings=${s.meetings.length}`,
    ...s.meetings.map((m) => `m=${formatHhmm(m.start)}|${formatHhmm(m.end)}|${m.hidden ? 'h' : ''}${m.checkedIn ? 'c' : ''}|${m.title}`),
    `dropped=${s.meetingsDropped}`,
    `truncated=${s.truncatedRoom && s.truncatedTitle ? 'room,title' : s.truncatedRoom ? 'room' : s.truncatedTitle ? 'title' : 'none'}`,
  ];
  return `${lines.join('\n')}\n`;
}
