import { CHECK_IN_OPENS_BEFORE_MINUTES } from '@megabot/domain';
import { RoomsNotificationRow, TableWriter } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { roomsNotificationId } from './rooms.fold';
import { PollingManager, type PollingOptions } from '../polling-manager';

export interface ReminderOptions extends PollingOptions {
  /** Remind this long before the start (default: when check-in opens, so the button works at once). */
  leadMinutes?: number;
}

/**
 * Reminders before a meeting, with a check-in button: one notice per
 * participant and start time into the rooms outbox (outside the rebuilt
 * read model) that the bot delivers. Idempotent by construction - the id is
 * derived from the booking, its start and the recipient, and the insert
 * ignores a conflict - so a restart, a second instance or a projection
 * rebuild never reminds twice; only bookings still waiting for a check-in
 * whose check-in has not closed are looked at, so a replay of old history
 * reminds nobody. A booking moved to another time gets a new reminder.
 */
export class RoomsReminderManager extends PollingManager {
  readonly name = 'rooms-reminders';
  private readonly leadMinutes: number;

  constructor(
    private readonly ds: DataSource,
    options: ReminderOptions = {},
  ) {
    super(options);
    this.leadMinutes = options.leadMinutes ?? CHECK_IN_OPENS_BEFORE_MINUTES;
  }

  async tick(): Promise<{ reminded: number }> {
    const now = this.clock();
    const rows: Record<string, any>[] = await this.ds.query(
      `SELECT b.booking_id, b.room_id, b.title, b.start_local, b.end_local, b.organizer_id, b.attendees, r.name AS room_name,
              CASE WHEN r.auto_release THEN least(b.start_at + make_interval(mins => r.check_in_window_minutes), b.end_at) ELSE b.end_at END AS closes_at
       FROM rooms.bookings b JOIN rooms.rooms r ON r.room_id = b.room_id
       WHERE b.status = 'booked' AND b.start_at - make_interval(mins => $2) <= $1
         AND (CASE WHEN r.auto_release THEN least(b.start_at + make_interval(mins => r.check_in_window_minutes), b.end_at) ELSE b.end_at END) > $1
         AND NOT EXISTS (SELECT 1 FROM rooms_outbox.notifications n WHERE n.booking_id = b.booking_id AND n.kind = 'reminder' AND n.data->>'start' = b.start_local)
       ORDER BY b.start_at LIMIT $3`,
      [now.toISOString(), this.leadMinutes, this.batchSize],
    );
    const reminders = rows.flatMap((b) =>
      [b.organizer_id as string, ...(b.attendees as string[])].map((recipient): RoomsNotificationRow => ({
        id: roomsNotificationId(`reminder:${b.booking_id}:${b.start_local}:${recipient}`),
        recipient_id: recipient,
        kind: 'reminder',
        booking_id: b.booking_id,
        series_id: null,
        room_id: b.room_id,
        data: { title: b.title, roomName: b.room_name, start: b.start_local, end: b.end_local, checkInCloses: new Date(b.closes_at).toISOString() },
        created_at: now,
        expires_at: new Date(b.closes_at),
        delivered_at: null,
      })),
    );
    return { reminded: await new TableWriter(this.ds.manager).insertIgnore(RoomsNotificationRow, reminders) };
  }

  protected override async untilNext(): Promise<number> {
    const now = this.clock();
    const [row] = await this.ds.query(
      `SELECT min(start_at) AS next FROM rooms.bookings WHERE status = 'booked' AND start_at - make_interval(mins => $2) > $1`,
      [now.toISOString(), this.leadMinutes],
    );
    return row?.next ? new Date(row.next).getTime() - this.leadMinutes * 60_000 - now.getTime() : this.pollMs;
  }
}
