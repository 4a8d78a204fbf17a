import { createHash } from 'node:crypto';
import { ROOMS_EVENT_TYPES, type RoomsEvent, type RoomSettings } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { Projection, Sql } from '../projection';

const HANDLED = new Set<string>(ROOMS_EVENT_TYPES);

/** Where the bot's rooms notices go: outside the rebuilt schema (see the migration). */
export const ROOMS_OUTBOX = 'rooms_outbox.notifications';

/** A name-based UUID (version 5 layout) of what a notification is about: the same row however often it is derived. */
export function roomsNotificationId(key: string): string {
  const h = createHash('sha1').update(`rooms-notification:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The meeting-rooms read model: offices, rooms, bookings, series and their
 * attendance. Events are applied one by one (rooms are booked by people,
 * not by a hot loop), each row guarded by the stream revision it reflects:
 * an event at or below it is skipped, so a replayed batch changes nothing.
 *
 * Two notices for the bot are derived here - a booking released as a
 * no-show and a series flagged as unattended - and inserted into the
 * outbox outside the schema with an id derived from the event, ignoring
 * conflicts: a rebuild re-derives the same ids and sends nothing again.
 */
export class RoomsProjection implements Projection {
  readonly name = 'rooms';
  readonly schema = 'rooms';

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], sql: Sql, schema: string): Promise<void> {
    for (const recorded of events) await this.applyOne(recorded, sql, schema);
  }

  private async applyOne(recorded: RecordedEvent, sql: Sql, s: string): Promise<void> {
    const e = { type: recorded.type, data: recorded.data } as RoomsEvent;
    const rev = recorded.revision.toString();
    switch (e.type) {
      /* ------------------------------------------------------------ offices */
      case 'OfficeCreated': {
        const d = e.data;
        await sql.query(
          `INSERT INTO ${s}.offices (office_id, name, address, time_zone, status, created_at, updated_at, revision)
           VALUES ($1, $2, $3, $4, 'active', $5, $5, $6) ON CONFLICT (office_id) DO NOTHING`,
          [d.officeId, d.name, d.address, d.timeZone, d.createdAt, rev],
        );
        return;
      }
      case 'OfficeUpdated': {
        const d = e.data;
        await sql.query(
          `UPDATE ${s}.offices SET name = $2, address = $3, time_zone = $4, updated_at = $5, revision = $6 WHERE office_id = $1 AND revision < $6`,
          [d.officeId, d.name, d.address, d.timeZone, d.updatedAt, rev],
        );
        return;
      }
      case 'OfficeArchived':
        await sql.query(`UPDATE ${s}.offices SET status = 'archived', updated_at = $2, revision = $3 WHERE office_id = $1 AND revision < $3`, [
          e.data.officeId,
          e.data.archivedAt,
          rev,
        ]);
        return;

      /* -------------------------------------------------------------- rooms */
      case 'RoomCreated': {
        const st = e.data.settings;
        await sql.query(
          `INSERT INTO ${s}.rooms (room_id, office_id, name, floor, capacity, equipment, time_zone, privacy, auto_release, check_in_window_minutes,
             buffer_minutes, settings, status, created_at, updated_at, revision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'active', $13, $13, $14) ON CONFLICT (room_id) DO NOTHING`,
          [...roomColumns(st), e.data.createdAt, rev],
        );
        return;
      }
      case 'RoomUpdated': {
        const st = e.data.settings;
        await sql.query(
          `UPDATE ${s}.rooms SET office_id = $2, name = $3, floor = $4, capacity = $5, equipment = $6, time_zone = $7, privacy = $8, auto_release = $9,
             check_in_window_minutes = $10, buffer_minutes = $11, settings = $12, updated_at = $13, revision = $14
           WHERE room_id = $1 AND revision < $14`,
          [...roomColumns(st), e.data.updatedAt, rev],
        );
        return;
      }
      case 'RoomRetired':
        await sql.query(`UPDATE ${s}.rooms SET status = 'retired', updated_at = $2, revision = $3 WHERE room_id = $1 AND revision < $3`, [
          e.data.roomId,
          e.data.retiredAt,
          rev,
        ]);
        return;

      /* ----------------------------------------------------------- bookings */
      case 'RoomBooked': {
        const d = e.data;
        await sql.query(
          `INSERT INTO ${s}.bookings (booking_id, room_id, date, title, organizer_id, attendees, private, series_id, start_local, end_local,
             start_at, end_at, status, booked_by, booked_at, stream_revision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text, $10::text, $9::text::timestamptz, $10::text::timestamptz, 'booked', $11, $12, $13)
           ON CONFLICT (booking_id) DO NOTHING`,
          [d.bookingId, d.roomId, d.date, d.title, d.organizerId, d.attendees, d.private, d.seriesId, d.start, d.end, d.bookedBy, d.bookedAt, rev],
        );
        return;
      }
      case 'BookingChanged': {
        const d = e.data;
        await sql.query(
          `UPDATE ${s}.bookings SET title = coalesce($2, title), attendees = coalesce($3, attendees), private = coalesce($4, private),
             start_local = coalesce($5::text, start_local), end_local = coalesce($6::text, end_local),
             start_at = coalesce($5::text::timestamptz, start_at), end_at = coalesce($6::text::timestamptz, end_at), stream_revision = $7
           WHERE booking_id = $1 AND stream_revision < $7`,
          [d.bookingId, d.title ?? null, d.attendees ?? null, d.private ?? null, d.start ?? null, d.end ?? null, rev],
        );
        return;
      }
      case 'BookingCancelled':
        await this.setStatus(sql, s, e.data.bookingId, rev, `status = 'cancelled', cancelled_at = $3`, [e.data.cancelledAt]);
        return;
      case 'BookingExtended':
        await this.setStatus(sql, s, e.data.bookingId, rev, `end_local = $3::text, end_at = $3::text::timestamptz`, [e.data.end]);
        return;
      case 'BookingEndedEarly':
        await this.setStatus(sql, s, e.data.bookingId, rev, `status = 'ended', end_local = $3::text, end_at = $3::text::timestamptz, ended_early_at = $4`, [
          e.data.end,
          e.data.endedAt,
        ]);
        return;
      case 'BookingCheckedIn':
        await this.setStatus(sql, s, e.data.bookingId, rev, `status = 'checked_in', checked_in_by = $3, checked_in_at = $4, checked_in_via = $5`, [
          e.data.checkedInBy,
          e.data.checkedInAt,
          e.data.via,
        ]);
        return;
      case 'BookingReleased': {
        const applied = await this.setStatus(sql, s, e.data.bookingId, rev, `status = 'released', released_at = $3`, [e.data.releasedAt]);
        if (!applied) return;
        const [b] = await sql.query(
          `SELECT b.organizer_id, b.title, b.start_local, b.end_local, b.room_id, r.name AS room_name
           FROM ${s}.bookings b LEFT JOIN ${s}.rooms r ON r.room_id = b.room_id WHERE b.booking_id = $1`,
          [e.data.bookingId],
        );
        if (!b) return;
        await insertNotification(sql, {
          id: roomsNotificationId(`released:${recorded.id}`),
          recipientId: b.organizer_id,
          kind: 'released',
          bookingId: e.data.bookingId,
          seriesId: null,
          roomId: b.room_id,
          data: { title: b.title, roomName: b.room_name ?? b.room_id, start: b.start_local, end: b.end_local },
          createdAt: e.data.releasedAt,
          expiresAt: b.end_local,
        });
        return;
      }

      /* ------------------------------------------------------------- series */
      case 'SeriesCreated': {
        const d = e.data;
        await sql.query(
          `INSERT INTO ${s}.series (series_id, room_id, organizer_id, title, rule, occurrences, skipped, unattended_limit, status, created_at, revision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10) ON CONFLICT (series_id) DO NOTHING`,
          [d.seriesId, d.roomId, d.organizerId, d.title, JSON.stringify(d.rule), d.occurrences, JSON.stringify(d.skipped), d.unattendedLimit, d.createdAt, rev],
        );
        return;
      }
      case 'SeriesOccurrenceFailed':
        await this.outcome(sql, s, e.data.seriesId, e.data.date, 'failed', rev, '');
        return;
      case 'SeriesOccurrenceAttended':
        await this.outcome(sql, s, e.data.seriesId, e.data.date, 'attended', rev, `, missed_in_a_row = 0, flagged = false`);
        return;
      case 'SeriesOccurrenceMissed':
        await this.outcome(sql, s, e.data.seriesId, e.data.date, 'missed', rev, `, missed_in_a_row = ${Number(e.data.missedInARow)}`);
        return;
      case 'SeriesFlaggedUnattended': {
        const d = e.data;
        const r = await sql.query(`UPDATE ${s}.series SET flagged = true, revision = $2 WHERE series_id = $1 AND revision < $2 RETURNING title`, [d.seriesId, rev]);
        const row = rows(r)[0];
        if (!row) return;
        const [room] = await sql.query(`SELECT name FROM ${s}.rooms WHERE room_id = $1`, [d.roomId]);
        await insertNotification(sql, {
          id: roomsNotificationId(`series_flagged:${recorded.id}`),
          recipientId: d.organizerId,
          kind: 'series_flagged',
          bookingId: null,
          seriesId: d.seriesId,
          roomId: d.roomId,
          data: { title: row.title, roomName: room?.name ?? d.roomId, missedInARow: d.missedInARow, missedDates: d.missedDates },
          createdAt: d.flaggedAt,
          expiresAt: new Date(Date.parse(d.flaggedAt) + 7 * 86_400_000).toISOString(),
        });
        return;
      }
      case 'SeriesConfirmed':
        await sql.query(`UPDATE ${s}.series SET flagged = false, missed_in_a_row = 0, revision = $2 WHERE series_id = $1 AND revision < $2`, [e.data.seriesId, rev]);
        return;
      case 'SeriesCancelled':
        await sql.query(`UPDATE ${s}.series SET status = 'cancelled', cancelled_from = $2, revision = $3 WHERE series_id = $1 AND revision < $3`, [
          e.data.seriesId,
          e.data.fromDate,
          rev,
        ]);
        return;
    }
  }

  /** Updates a booking if the event is newer than the row; true when it did. */
  private async setStatus(sql: Sql, s: string, bookingId: string, rev: string, assignments: string, params: unknown[]): Promise<boolean> {
    const r = await sql.query(`UPDATE ${s}.bookings SET ${assignments}, stream_revision = $2 WHERE booking_id = $1 AND stream_revision < $2 RETURNING booking_id`, [
      bookingId,
      rev,
      ...params,
    ]);
    return rows(r).length > 0;
  }

  private async outcome(sql: Sql, s: string, seriesId: string, date: string, outcome: string, rev: string, extra: string): Promise<void> {
    const r = await sql.query(`UPDATE ${s}.series SET revision = $2${extra} WHERE series_id = $1 AND revision < $2 RETURNING series_id`, [seriesId, rev]);
    if (!rows(r).length) return;
    await sql.query(`INSERT INTO ${s}.series_outcomes (series_id, date, outcome) VALUES ($1, $2, $3) ON CONFLICT (series_id, date) DO UPDATE SET outcome = EXCLUDED.outcome`, [
      seriesId,
      date,
      outcome,
    ]);
  }
}

function roomColumns(st: RoomSettings): unknown[] {
  return [
    st.roomId,
    st.officeId,
    st.name,
    st.floor,
    st.capacity,
    st.equipment,
    st.timeZone,
    st.privacy,
    st.autoRelease,
    st.checkInWindowMinutes,
    st.bufferMinutes,
    JSON.stringify(st),
  ];
}

/** `UPDATE ... RETURNING` through a query runner answers [rows, count]; through a data source, rows. */
function rows(result: unknown): Record<string, any>[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return Array.isArray(result) ? result : [];
}

export interface OutboxRow {
  id: string;
  recipientId: string;
  kind: string;
  bookingId: string | null;
  seriesId: string | null;
  roomId: string;
  data: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
}

/** Once per id, ever: a second insert (a replay, a rebuild, another instance) is ignored. */
export async function insertNotification(sql: Sql, n: OutboxRow): Promise<boolean> {
  const r = await sql.query(
    `INSERT INTO ${ROOMS_OUTBOX} (id, recipient_id, kind, booking_id, series_id, room_id, data, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [n.id, n.recipientId, n.kind, n.bookingId, n.seriesId, n.roomId, JSON.stringify(n.data), n.createdAt, n.expiresAt],
  );
  return rows(r).length > 0;
}
