import {
  DISPLAY_EVENT_TYPES,
  type DisplayEvent,
  type RoomDayEvent,
  type RoomEvent,
  type RoomSettings,
} from '@megabot/contracts';
import { evolveRoomDay, initialRoomDayState, type RoomDayState } from '@megabot/domain';
import type { RecordedEvent } from '@megabot/event-store';
import { DISPLAY_SELECT, DISPLAYS_PROJECTION, DISPLAYS_SCHEMA, type DisplayRoomDayRow, type DisplayRoomRow, type DisplayRow } from '@megabot/read-model';
import type { Projection, Sql } from '../../projection';

const ROOM_TYPES = ['RoomCreated', 'RoomUpdated', 'RoomRetired'];
const ROOM_DAY_TYPES = ['RoomBooked', 'BookingChanged', 'BookingCancelled', 'BookingExtended', 'BookingEndedEarly', 'BookingCheckedIn', 'BookingReleased'];
const HANDLED = new Set<string>([...DISPLAY_EVENT_TYPES, ...ROOM_TYPES, ...ROOM_DAY_TYPES]);

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

/**
 * The data every door display needs, per display and per room (schema
 * `displays`): registered displays with their token hashes, the room
 * settings, and each room-day folded with the domain's evolveRoomDay. The
 * API builds the payload from these at request time (the status depends on
 * the minute), so `version` counts changes of what the sign shows: it stays
 * the same when only attendees, capacity or the booking policy change.
 *
 * A batch loads the rows it touches (one SELECT per table), folds the events
 * in memory, and writes one upsert per table. Each row keeps its stream's
 * last applied revision: a replayed event changes nothing.
 */
export class DisplayScheduleProjection implements Projection {
  readonly name = DISPLAYS_PROJECTION;
  readonly schema = DISPLAYS_SCHEMA;

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void> {
    const displayEvents = events.filter((e) => (DISPLAY_EVENT_TYPES as readonly string[]).includes(e.type));
    const roomEvents = events.filter((e) => ROOM_TYPES.includes(e.type));
    const dayEvents = events.filter((e) => ROOM_DAY_TYPES.includes(e.type));
    if (displayEvents.length) await this.applyDisplays(displayEvents, sql, schema);
    if (roomEvents.length) await this.applyRooms(roomEvents, sql, schema);
    if (dayEvents.length) await this.applyDays(dayEvents, sql, schema);
  }

  private async applyDisplays(events: RecordedEvent[], sql: Sql, schema: string) {
    const ids = [...new Set(events.map((e) => (e.data as { displayId: string }).displayId))];
    const existing: DisplayRow[] = await sql.query(`SELECT ${DISPLAY_SELECT} FROM ${schema}.displays WHERE display_id = ANY($1::text[])`, [ids]);
    const rows = new Map(existing.map((r) => [r.display_id, r]));
    const changed = new Set<string>();
    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as DisplayEvent;
      const id = e.data.displayId;
      const row = rows.get(id);
      if (row && BigInt(row.revision) >= recorded.revision) continue;
      const pos = { revision: recorded.revision.toString(), pos_commit: recorded.position.commit.toString(), pos_prepare: recorded.position.prepare.toString() };
      if (e.type === 'DisplayRegistered') {
        const d = e.data;
        rows.set(id, {
          display_id: id,
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
          ...pos,
        });
      } else if (row && e.type === 'DisplayTokenRotated') {
        rows.set(id, { ...row, token_hash: e.data.tokenHash, token_hint: e.data.tokenHint, token_rotated_at: e.data.rotatedAt, ...pos });
      } else if (row && e.type === 'DisplayRetired') {
        rows.set(id, { ...row, status: 'retired', retired_at: e.data.retiredAt, ...pos });
      } else continue;
      changed.add(id);
    }
    if (!changed.size) return;
    await sql.query(
      `INSERT INTO ${schema}.displays (display_id, room_id, label, lang, status, token_hash, token_hint, registered_at, registered_by, token_rotated_at, retired_at, revision, pos_commit, pos_prepare)
       SELECT display_id, room_id, label, lang, status, token_hash, token_hint, registered_at, registered_by, token_rotated_at, retired_at, revision, pos_commit, pos_prepare
       FROM jsonb_to_recordset($1::jsonb) AS r(display_id text, room_id text, label text, lang text, status text, token_hash text, token_hint text,
         registered_at timestamptz, registered_by text, token_rotated_at timestamptz, retired_at timestamptz, revision bigint, pos_commit bigint, pos_prepare bigint)
       ON CONFLICT (display_id) DO UPDATE SET room_id = EXCLUDED.room_id, label = EXCLUDED.label, lang = EXCLUDED.lang, status = EXCLUDED.status,
         token_hash = EXCLUDED.token_hash, token_hint = EXCLUDED.token_hint, token_rotated_at = EXCLUDED.token_rotated_at, retired_at = EXCLUDED.retired_at,
         revision = EXCLUDED.revision, pos_commit = EXCLUDED.pos_commit, pos_prepare = EXCLUDED.pos_prepare`,
      [JSON.stringify([...changed].map((id) => rows.get(id)))],
    );
  }

  private async applyRooms(events: RecordedEvent[], sql: Sql, schema: string) {
    const roomIdOf = (e: RoomEvent) => (e.type === 'RoomCreated' ? e.data.settings.roomId : e.data.roomId);
    const ids = [...new Set(events.map((r) => roomIdOf({ type: r.type, data: r.data } as RoomEvent)))];
    const existing: DisplayRoomRow[] = await sql.query(
      `SELECT room_id, settings, retired, version, revision::text, pos_commit::text, pos_prepare::text FROM ${schema}.rooms WHERE room_id = ANY($1::text[])`,
      [ids],
    );
    const rows = new Map(existing.map((r) => [r.room_id, r]));
    const changed = new Set<string>();
    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as RoomEvent;
      const id = roomIdOf(e);
      const row = rows.get(id);
      if (row && BigInt(row.revision) >= recorded.revision) continue;
      const pos = { revision: recorded.revision.toString(), pos_commit: recorded.position.commit.toString(), pos_prepare: recorded.position.prepare.toString() };
      let settings: RoomSettings;
      let retired: boolean;
      if (e.type === 'RoomCreated') [settings, retired] = [e.data.settings, false];
      else if (!row) continue; // a RoomUpdated without its RoomCreated cannot happen in one stream
      else if (e.type === 'RoomUpdated') [settings, retired] = [e.data.settings, row.retired];
      else [settings, retired] = [row.settings, true];
      const before = row ? roomSignFingerprint(row.settings, row.retired) : null;
      const version = (row?.version ?? 0) + (before === roomSignFingerprint(settings, retired) ? 0 : 1);
      rows.set(id, { room_id: id, settings, retired, version, ...pos });
      changed.add(id);
    }
    if (!changed.size) return;
    await sql.query(
      `INSERT INTO ${schema}.rooms (room_id, settings, retired, version, revision, pos_commit, pos_prepare)
       SELECT room_id, settings, retired, version, revision, pos_commit, pos_prepare
       FROM jsonb_to_recordset($1::jsonb) AS r(room_id text, settings jsonb, retired boolean, version int, revision bigint, pos_commit bigint, pos_prepare bigint)
       ON CONFLICT (room_id) DO UPDATE SET settings = EXCLUDED.settings, retired = EXCLUDED.retired, version = EXCLUDED.version,
         revision = EXCLUDED.revision, pos_commit = EXCLUDED.pos_commit, pos_prepare = EXCLUDED.pos_prepare`,
      [JSON.stringify([...changed].map((id) => rows.get(id)))],
    );
  }

  private async applyDays(events: RecordedEvent[], sql: Sql, schema: string) {
    const key = (roomId: string, date: string) => `${roomId}\u0000${date}`;
    const keys = new Map<string, { roomId: string; date: string }>();
    for (const e of events) {
      const d = e.data as { roomId: string; date: string };
      keys.set(key(d.roomId, d.date), { roomId: d.roomId, date: d.date });
    }
    const list = [...keys.values()];
    const existing: DisplayRoomDayRow[] = await sql.query(
      `SELECT d.room_id, d.date, d.state, d.version, d.revision::text, d.pos_commit::text, d.pos_prepare::text
       FROM ${schema}.room_days d JOIN unnest($1::text[], $2::text[]) AS k(room_id, date) ON d.room_id = k.room_id AND d.date = k.date`,
      [list.map((k) => k.roomId), list.map((k) => k.date)],
    );
    const rows = new Map(existing.map((r) => [key(r.room_id, r.date), r]));
    const changed = new Set<string>();
    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as RoomDayEvent;
      const k = key(e.data.roomId, e.data.date);
      const row = rows.get(k);
      if (row && BigInt(row.revision) >= recorded.revision) continue;
      const before = row?.state ?? initialRoomDayState;
      const state = evolveRoomDay(before, e);
      const version = (row?.version ?? 0) + (row && daySignFingerprint(before) === daySignFingerprint(state) ? 0 : 1);
      rows.set(k, {
        room_id: e.data.roomId,
        date: e.data.date,
        state,
        version,
        revision: recorded.revision.toString(),
        pos_commit: recorded.position.commit.toString(),
        pos_prepare: recorded.position.prepare.toString(),
      });
      changed.add(k);
    }
    if (!changed.size) return;
    await sql.query(
      `INSERT INTO ${schema}.room_days (room_id, date, state, version, revision, pos_commit, pos_prepare)
       SELECT room_id, date, state, version, revision, pos_commit, pos_prepare
       FROM jsonb_to_recordset($1::jsonb) AS r(room_id text, date text, state jsonb, version int, revision bigint, pos_commit bigint, pos_prepare bigint)
       ON CONFLICT (room_id, date) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version,
         revision = EXCLUDED.revision, pos_commit = EXCLUDED.pos_commit, pos_prepare = EXCLUDED.pos_prepare`,
      [JSON.stringify([...changed].map((k) => rows.get(k)))],
    );
  }
}
