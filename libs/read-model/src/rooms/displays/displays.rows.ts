import type { DisplayLang, RoomSettings } from '@megabot/contracts';
import type { RoomDayState } from '@megabot/domain';
import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/**
 * Rows of the `displays` schema (written by the projector's `displays`
 * projection, read by the API's display endpoint) and of
 * `displays_telemetry.last_seen` (written by the API). Every projected row
 * carries its stream's last applied revision and the global position of
 * the event that last changed it (bigint as text), so the API's cache
 * reloads only what changed.
 */
export const DISPLAYS_SCHEMA = 'displays';
export const DISPLAYS_PROJECTION = 'displays';
export const DISPLAY_TELEMETRY_TABLE = 'displays_telemetry.last_seen';

/** Timestamps as ISO text, as the events state them and as the door code compares and caches them (pg would hand back Dates). */
const ISO_TEXT: ValueTransformer = {
  from: (v: Date | null) => (v === null ? null : v.toISOString()),
  to: (v: string | null) => v,
};

@Entity({ schema: 'displays', name: 'displays' })
@Index('displays_token_hash', ['token_hash'])
@Index('displays_room', ['room_id'])
@Index('displays_pos', ['pos_commit', 'pos_prepare'])
export class DisplayRow {
  @PrimaryColumn({ type: 'text' }) display_id: string;
  @Column({ type: 'text' }) room_id: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'text' }) lang: DisplayLang;
  @Column({ type: 'text' }) status: 'active' | 'retired';
  /** SHA-256 of the bearer token (hex); the token itself is never stored. */
  @Column({ type: 'text' }) token_hash: string;
  @Column({ type: 'text' }) token_hint: string;
  @Column({ type: 'timestamptz', transformer: ISO_TEXT }) registered_at: string;
  @Column({ type: 'text' }) registered_by: string;
  @Column({ type: 'timestamptz', nullable: true, transformer: ISO_TEXT }) token_rotated_at: string | null;
  @Column({ type: 'timestamptz', nullable: true, transformer: ISO_TEXT }) retired_at: string | null;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'bigint' }) pos_commit: string;
  @Column({ type: 'bigint' }) pos_prepare: string;
}

/** The room as its door needs it: the full settings (name, zone, hours, privacy, check-in window) and a version of what the sign shows. */
@Entity({ schema: 'displays', name: 'rooms' })
@Index('rooms_pos', ['pos_commit', 'pos_prepare'])
export class DisplayRoomRow {
  @PrimaryColumn({ type: 'text' }) room_id: string;
  @Column({ type: 'jsonb' }) settings: RoomSettings;
  @Column({ type: 'boolean' }) retired: boolean;
  /** +1 whenever a setting the sign depends on changes. */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'bigint' }) pos_commit: string;
  @Column({ type: 'bigint' }) pos_prepare: string;
}

/** One room-day (folded roomday-<roomId>-<date> stream). */
@Entity({ schema: 'displays', name: 'room_days' })
@Index('room_days_pos', ['pos_commit', 'pos_prepare'])
export class DisplayRoomDayRow {
  @PrimaryColumn({ type: 'text' }) room_id: string;
  @PrimaryColumn({ type: 'text' }) date: string;
  @Column({ type: 'jsonb' }) state: RoomDayState;
  /** +1 whenever a booking's time, status, title or privacy changes (not for attendee changes). */
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'bigint' }) pos_commit: string;
  @Column({ type: 'bigint' }) pos_prepare: string;
}

export interface DisplayTelemetryRow {
  display_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  firmware: string | null;
  battery_mv: number | null;
  rssi: number | null;
  fails: number | null;
  last_status: number;
  last_etag: string | null;
  next_refresh_sec: number;
  requests: string;
  source_ip: string | null;
}

/** The columns of DisplayRow, timestamps as ISO text (as the events say them; pg would hand back Dates), from a table aliased `alias`. */
export function displaySelect(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  const iso = (c: string) => `to_char(${a}${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${c}`;
  return [
    ...['display_id', 'room_id', 'label', 'lang', 'status', 'token_hash', 'token_hint'].map((c) => `${a}${c}`),
    iso('registered_at'),
    `${a}registered_by`,
    iso('token_rotated_at'),
    iso('retired_at'),
    ...['revision', 'pos_commit', 'pos_prepare'].map((c) => `${a}${c}::text AS ${c}`),
  ].join(', ');
}
export const DISPLAY_SELECT = displaySelect();
