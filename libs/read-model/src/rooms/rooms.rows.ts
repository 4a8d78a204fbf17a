import type { BookingStatusView, CheckInChannel, RecurrenceRule, RoomSettings, RoomsNotificationKind, SkippedOccurrence } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The meeting-rooms read model (schema `rooms`, rebuilt by `projections:rebuild
 * -- rooms`) and the rooms outbox (schema `rooms_outbox`, which a rebuild
 * keeps). Property types are what pg hands back for each column: bigint as
 * text, timestamptz as Date, jsonb parsed. Every projected row carries the
 * revision of its stream that it reflects.
 */

@Entity({ schema: 'rooms', name: 'offices' })
export class OfficeRow {
  @PrimaryColumn({ type: 'text' }) office_id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', default: '' }) address: string;
  @Column({ type: 'text' }) time_zone: string;
  @Column({ type: 'text' }) status: 'active' | 'archived';
  @Column({ type: 'timestamptz' }) created_at: Date;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** A room: the settings whole (as RoomCreated / RoomUpdated state them) and the columns queries filter on. */
@Entity({ schema: 'rooms', name: 'rooms' })
@Index('rooms_office', ['office_id', 'status', 'name'])
export class RoomRow {
  @PrimaryColumn({ type: 'text' }) room_id: string;
  @Column({ type: 'text' }) office_id: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'integer' }) floor: number;
  @Column({ type: 'integer' }) capacity: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) equipment: string[];
  @Column({ type: 'text' }) time_zone: string;
  @Column({ type: 'boolean' }) privacy: boolean;
  @Column({ type: 'boolean' }) auto_release: boolean;
  @Column({ type: 'integer' }) check_in_window_minutes: number;
  @Column({ type: 'integer' }) buffer_minutes: number;
  @Column({ type: 'jsonb' }) settings: RoomSettings;
  @Column({ type: 'text' }) status: 'active' | 'retired';
  @Column({ type: 'timestamptz' }) created_at: Date;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** A booking of a room-day stream; `stream_revision` is that stream's. Local times keep the room's UTC offset. */
@Entity({ schema: 'rooms', name: 'bookings' })
@Index('bookings_room_date', ['room_id', 'date'])
@Index('bookings_organizer', ['organizer_id', 'start_at'])
@Index('bookings_attendees', ['attendees'], { type: 'gin' })
@Index('bookings_waiting', ['start_at'], { where: `status = 'booked'` })
@Index('bookings_series', ['series_id', 'date'], { where: 'series_id IS NOT NULL' })
export class BookingRow {
  @PrimaryColumn({ type: 'text' }) booking_id: string;
  @Column({ type: 'text' }) room_id: string;
  /** The room's local date, `YYYY-MM-DD`. */
  @Column({ type: 'text' }) date: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) organizer_id: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) attendees: string[];
  @Column({ type: 'boolean' }) private: boolean;
  @Column({ type: 'text', nullable: true }) series_id: string | null;
  @Column({ type: 'text' }) start_local: string;
  @Column({ type: 'text' }) end_local: string;
  @Column({ type: 'timestamptz' }) start_at: Date;
  @Column({ type: 'timestamptz' }) end_at: Date;
  @Column({ type: 'text' }) status: BookingStatusView;
  @Column({ type: 'text' }) booked_by: string;
  @Column({ type: 'timestamptz' }) booked_at: Date;
  @Column({ type: 'text', nullable: true }) checked_in_by: string | null;
  @Column({ type: 'timestamptz', nullable: true }) checked_in_at: Date | null;
  @Column({ type: 'text', nullable: true }) checked_in_via: CheckInChannel | null;
  @Column({ type: 'timestamptz', nullable: true }) cancelled_at: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) released_at: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) ended_early_at: Date | null;
  @Column({ type: 'bigint' }) stream_revision: string;
}

@Entity({ schema: 'rooms', name: 'series' })
export class SeriesRow {
  @PrimaryColumn({ type: 'text' }) series_id: string;
  @Column({ type: 'text' }) room_id: string;
  @Column({ type: 'text' }) organizer_id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'jsonb' }) rule: RecurrenceRule;
  @Column({ type: 'text', array: true }) occurrences: string[];
  @Column({ type: 'jsonb', default: [] }) skipped: SkippedOccurrence[];
  @Column({ type: 'integer' }) unattended_limit: number;
  @Column({ type: 'integer', default: 0 }) missed_in_a_row: number;
  @Column({ type: 'boolean', default: false }) flagged: boolean;
  @Column({ type: 'text' }) status: 'active' | 'cancelled';
  @Column({ type: 'text', nullable: true }) cancelled_from: string | null;
  @Column({ type: 'timestamptz' }) created_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** What became of one occurrence of a series. */
@Entity({ schema: 'rooms', name: 'series_outcomes' })
export class SeriesOutcomeRow {
  @PrimaryColumn({ type: 'text' }) series_id: string;
  @PrimaryColumn({ type: 'text' }) date: string;
  @Column({ type: 'text' }) outcome: 'failed' | 'attended' | 'missed';
}

/**
 * A notice for the bot (reminder, released booking, flagged series), outside
 * the rebuilt schema with its delivery mark. Ids are derived from what a
 * notice is about and inserts ignore conflicts: nothing is sent twice.
 */
@Entity({ schema: 'rooms_outbox', name: 'notifications' })
@Index('notifications_pending', ['recipient_id', 'created_at'], { where: 'delivered_at IS NULL' })
export class RoomsNotificationRow {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) recipient_id: string;
  @Column({ type: 'text' }) kind: RoomsNotificationKind;
  @Column({ type: 'text', nullable: true }) booking_id: string | null;
  @Column({ type: 'text', nullable: true }) series_id: string | null;
  @Column({ type: 'text' }) room_id: string;
  @Column({ type: 'jsonb', default: {} }) data: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) created_at: Date;
  @Column({ type: 'timestamptz' }) expires_at: Date;
  @Column({ type: 'timestamptz', nullable: true }) delivered_at: Date | null;
}
