import type { DisplayEvent, RoomDayEvent, RoomEvent, RoomSettings } from '@megabot/contracts';
import { evolveRoomDay, initialRoomDayState, type RoomDayState } from '@megabot/domain';
import type { RecordedEvent } from '@megabot/event-store';
import type { DisplayRoomDayRow, DisplayRoomRow, DisplayRow } from '@megabot/read-model';

/*
 * The door displays' read model as pure functions of the recorded events.
 * Every row keeps its stream's last applied revision (an event at or below
 * it returns the row unchanged, the same object) and the global position of
 * the event that last changed it, which the API's cache reloads by.
 */

const stamp = (event: RecordedEvent) => ({
  revision: event.revision.toString(),
  pos_commit: event.position.commit.toString(),
  pos_prepare: event.position.prepare.toString(),
});

const applied = (row: { revision: string } | undefined, event: RecordedEvent) => row !== undefined && BigInt(row.revision) >= event.revision;

/**
 * What of a room's settings the door sign depends on: name (room=), zone
 * (now=, the local day), working hours (refresh=), privacy (titles), the
 * check-in rules (ci=, qr=). Capacity, equipment, floor, buffer and the
 * booking policy are not on the glass.
 */
export function roomSignFingerprint(s: RoomSettings, retired: boolean): string {
  return JSON.stringify([s.name, s.timeZone, s.workingHours, s.privacy, s.checkInWindowMinutes, s.autoRelease, retired]);
}

/** What of a room-day the sign depends on: each booking's times, status (checked in, released, cancelled, ended), title and privacy - not attendees. */
export function daySignFingerprint(state: RoomDayState): string {
  return JSON.stringify(state.bookings.map((b) => [b.bookingId, b.start, b.end, b.status, b.title, b.private]));
}

/** A registered display: its room, language and token hash. */
export function evolveDisplayRow(row: DisplayRow | undefined, event: RecordedEvent): DisplayRow | undefined {
  if (applied(row, event)) return row;
  const e = { type: event.type, data: event.data } as DisplayEvent;
  switch (e.type) {
    case 'DisplayRegistered': {
      const d = e.data;
      return {
        display_id: d.displayId,
        room_id: d.roomId,
        label: d.label,
        lang: d.lang,
        status: 'active',
        token_hash: d.tokenHash,
        token_hint: d.tokenHint,
        registered_at: d.registeredAt,
        registered_by: d.registeredBy,
        token_rotated_at: null,
        retired_at: null,
        ...stamp(event),
      };
    }
    case 'DisplayTokenRotated':
      return row && { ...row, token_hash: e.data.tokenHash, token_hint: e.data.tokenHint, token_rotated_at: e.data.rotatedAt, ...stamp(event) };
    case 'DisplayRetired':
      return row && { ...row, status: 'retired', retired_at: e.data.retiredAt, ...stamp(event) };
  }
}

/** The room's settings as its door needs them; `version` moves only when the sign changes. */
export function evolveDisplayRoom(row: DisplayRoomRow | undefined, event: RecordedEvent): DisplayRoomRow | undefined {
  if (applied(row, event)) return row;
  const e = { type: event.type, data: event.data } as RoomEvent;
  let settings: RoomSettings;
  let retired: boolean;
  if (e.type === 'RoomCreated') [settings, retired] = [e.data.settings, false];
  else if (!row)
    return row; // a RoomUpdated without its RoomCreated cannot happen in one stream
  else if (e.type === 'RoomUpdated') [settings, retired] = [e.data.settings, row.retired];
  else [settings, retired] = [row.settings, true];
  const before = row ? roomSignFingerprint(row.settings, row.retired) : null;
  const version = (row?.version ?? 0) + (before === roomSignFingerprint(settings, retired) ? 0 : 1);
  return { room_id: e.type === 'RoomCreated' ? e.data.settings.roomId : e.data.roomId, settings, retired, version, ...stamp(event) };
}

/** One room-day folded with the domain's evolveRoomDay; `version` moves only when the sign changes. */
export function evolveDisplayDay(row: DisplayRoomDayRow | undefined, event: RecordedEvent): DisplayRoomDayRow | undefined {
  if (applied(row, event)) return row;
  const e = { type: event.type, data: event.data } as RoomDayEvent;
  const before = row?.state ?? initialRoomDayState;
  const state = evolveRoomDay(before, e);
  const version = (row?.version ?? 0) + (row && daySignFingerprint(before) === daySignFingerprint(state) ? 0 : 1);
  return { room_id: e.data.roomId, date: e.data.date, state, version, ...stamp(event) };
}
