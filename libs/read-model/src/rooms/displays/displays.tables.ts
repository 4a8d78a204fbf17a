import type { DisplayLang, RoomSettings } from '@megabot/contracts';
import type { RoomDayState } from '@megabot/domain';

/**
 * Rows of the `displays` schema (written by the projector's `displays`
 * projection, read by the API's display endpoint) and of
 * `displays_telemetry.last_seen` (written by the API). See the migration
 * 1765200000000-displays-read-model for the tables.
 */
export const DISPLAYS_SCHEMA = 'displays';
export const DISPLAYS_PROJECTION = 'displays';
export const DISPLAY_TELEMETRY_TABLE = 'displays_telemetry.last_seen';

export interface DisplayRow {
  display_id: string;
  room_id: string;
  label: string;
  lang: DisplayLang;
  status: 'active' | 'retired';
  token_hash: string;
  token_hint: string;
  registered_at: string;
  registered_by: string;
  token_rotated_at: string | null;
  retired_at: string | null;
  revision: string;
  pos_commit: string;
  pos_prepare: string;
}

/** The room as its door needs it: the full settings (name, zone, hours, privacy, check-in window) and a version of what the sign shows. */
export interface DisplayRoomRow {
  room_id: string;
  settings: RoomSettings;
  retired: boolean;
  /** +1 whenever a setting the sign depends on changes. */
  version: number;
  revision: string;
  pos_commit: string;
  pos_prepare: string;
}

/** One room-day (folded roomday-<roomId>-<date> stream). */
export interface DisplayRoomDayRow {
  room_id: string;
  date: string;
  state: RoomDayState;
  /** +1 whenever a booking's time, status, title or privacy changes (not for attendee changes). */
  version: number;
  revision: string;
  pos_commit: string;
  pos_prepare: string;
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
