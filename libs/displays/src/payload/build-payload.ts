import type { RoomSettings } from '@megabot/contracts';
import { ROOM_ID_PATTERN } from '@megabot/contracts';
import {
  checkInDeadlineMs,
  formatLocalIso,
  isActive,
  isCheckInDue,
  toLocal,
  type Booking,
  type RoomDayState,
  type ZoneOffsets,
} from '../../../domain/src/rooms';
import { MAX_MEETINGS, MAX_PAYLOAD_BYTES, QR_MAX_BYTES, ROOM_MAX_BYTES, TITLE_MAX_BYTES } from '../protocol/limits';
import type { Lang } from '../protocol/payload-parser';
import { computeStatus, formatHhmm } from '../protocol/status';
import { payloadEtag } from './etag';
import { chooseRefresh, type RefreshReason } from './refresh';
import { byteLength, cleanText, shortenToBytes } from './text';

/** The placeholder a hidden (private) title is replaced with, in the display's language. */
export const HIDDEN_TITLE: Readonly<Record<Lang, string>> = Object.freeze({ ru: 'Занято', en: 'Busy' });

export interface DisplayPayloadInput {
  room: RoomSettings;
  /** Offsets of room.timeZone around `now`. */
  zone: ZoneOffsets;
  /** The room-day of now's local date (folded roomday-<roomId>-<date> stream); null = nothing booked. */
  day: RoomDayState | null;
  now: Date;
  lang: Lang;
  /** Telegram bot username (without @) for the check-in QR; without it no qr= is sent (the sign still asks to check in). */
  botUsername?: string | null;
}

export interface DisplayPayload {
  /** The response body: `text/plain; charset=utf-8`, at most 1024 bytes. */
  body: string;
  bytes: number;
  /** Also to be sent as the `ETag: "<etag>"` header. */
  etag: string;
  /** Also to be sent as `X-Refresh-Sec` (the only sleep hint a 304 can carry). */
  refreshSec: number;
  wakeAt: string;
  refreshReason: RefreshReason;
  status: { kind: 'free' | 'busy'; until: string | null };
  checkInDue: boolean;
  qr: string | null;
  /** Meetings sent / left out (more than 8 not yet ended today). */
  meetingsSent: number;
  meetingsOmitted: number;
}

const BOT_USERNAME_RE = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

/** The check-in deep link the door's QR code encodes, or null if it cannot be formed within the limits. */
export function checkInTarget(botUsername: string | null | undefined, roomId: string): string | null {
  if (!botUsername || !BOT_USERNAME_RE.test(botUsername) || !ROOM_ID_PATTERN.test(roomId)) return null;
  const url = `https://t.me/${botUsername}?start=checkin_${roomId}`;
  return url.length <= QR_MAX_BYTES ? url : null;
}

function titleOf(b: Booking, room: RoomSettings, lang: Lang): { title: string; hidden: boolean } {
  if (room.privacy || b.private) return { title: HIDDEN_TITLE[lang], hidden: true };
  return { title: shortenToBytes(cleanText(b.title), TITLE_MAX_BYTES).text, hidden: false };
}

/**
 * The payload of PROTOCOL.md §2 for a room's door display at `now`:
 *
 *   v=1, etag=, now= (room time with offset), room= (≤ 64 bytes), lang=,
 *   st= (busy until the end of the back-to-back chain / free until the next
 *   start / free for the rest of the day - released and cancelled bookings
 *   do not count), ci= (1 while the current booking awaits its check-in and
 *   the room auto-releases), qr= (with ci=1), m= for each booking of today
 *   that has not ended (at most 8, by start; private titles as "Занято"/
 *   "Busy" with flag h; flag c once checked in), refresh=.
 *
 * Pure apart from hashing; the same content gives the same ETag at any
 * second of the day.
 */
export function buildDisplayPayload(input: DisplayPayloadInput): DisplayPayload {
  const { room, zone, now, lang } = input;
  const nowMs = now.getTime();
  const local = toLocal(zone, nowMs);
  const day = input.day;
  if (day && day.date !== null && day.date !== local.date) {
    throw new Error(`buildDisplayPayload: room-day ${day.date} given, but it is ${local.date} in ${zone.zone}`);
  }
  if (day && day.roomId !== null && day.roomId !== room.roomId) throw new Error(`buildDisplayPayload: room-day of ${day.roomId} given for ${room.roomId}`);
  const nowMin = local.minute;
  const upcoming = (day?.bookings ?? [])
    .filter((b) => isActive(b) && b.endMinute > nowMin)
    .sort((a, b) => a.startMinute - b.startMinute || a.endMinute - b.endMinute);

  const st = computeStatus(
    upcoming.map((b) => ({ start: b.startMinute, end: b.endMinute })),
    nowMin,
  );
  const status = { kind: st.kind as 'free' | 'busy', until: st.until >= 0 ? formatHhmm(st.until) : null };
  const due = upcoming.find((b) => isCheckInDue(b, room, nowMs));
  const qr = due ? checkInTarget(input.botUsername, room.roomId) : null;
  const roomName = shortenToBytes(cleanText(room.name) || room.roomId, ROOM_MAX_BYTES).text;

  const head = [`now=${formatLocalIso(zone, nowMs)}`, `room=${roomName}`, `lang=${lang}`, `st=${status.kind}|${status.until ?? ''}`, `ci=${due ? 1 : 0}`];
  if (qr) head.push(`qr=${qr}`);
  const meetingLines = upcoming.slice(0, MAX_MEETINGS).map((b) => {
    const { title, hidden } = titleOf(b, room, lang);
    return `m=${formatHhmm(b.startMinute)}|${formatHhmm(b.endMinute)}|${hidden ? 'h' : ''}${b.status === 'checked_in' ? 'c' : ''}|${title}`;
  });

  const boundaries = upcoming.flatMap((b) => [b.startMs, b.endMs, ...(room.autoRelease && b.status === 'booked' ? [checkInDeadlineMs(b, room)] : [])]);
  const refresh = chooseRefresh(room, zone, nowMs, boundaries);

  // Within the field limits a payload cannot exceed 940 bytes; dropping the last meetings is the safety net.
  for (;;) {
    const content = [...head, ...meetingLines];
    const etag = payloadEtag(content);
    const lines = ['v=1', `etag=${etag}`, ...content, `refresh=${refresh.refreshSec}`];
    const body = `${lines.join('\n')}\n`;
    const bytes = byteLength(body);
    if (bytes <= MAX_PAYLOAD_BYTES || meetingLines.length === 0) {
      if (bytes > MAX_PAYLOAD_BYTES) throw new Error(`display payload of ${bytes} bytes for room ${room.roomId}`);
      return {
        body,
        bytes,
        etag,
        refreshSec: refresh.refreshSec,
        wakeAt: refresh.wakeAt,
        refreshReason: refresh.reason,
        status,
        checkInDue: due !== undefined,
        qr,
        meetingsSent: meetingLines.length,
        meetingsOmitted: upcoming.length - meetingLines.length,
      };
    }
    meetingLines.pop();
  }
}
