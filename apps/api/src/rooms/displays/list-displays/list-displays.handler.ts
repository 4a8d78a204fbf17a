import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { DisplayListDto, DisplayListItemDto, RoomSettings } from '@megabot/contracts';
import { toLocal } from '@megabot/domain';
import { displaySelect, DISPLAY_TELEMETRY_TABLE, DISPLAYS_SCHEMA, type DisplayRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { expectedByMs, isLowBattery, isStale, LOW_BATTERY_MV } from '../display-health';
import { DisplayScheduleService } from '../display-schedule.service';
import { DisplayTelemetry } from '../display-telemetry.service';

export class ListDisplaysQuery extends Query<DisplayListDto> {
  constructor(
    readonly roomId: string | undefined,
    readonly includeRetired: boolean,
  ) {
    super();
  }
}

interface Row extends DisplayRow {
  room_settings: RoomSettings | null;
  room_version: number | null;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  firmware: string | null;
  battery_mv: number | null;
  rssi: number | null;
  fails: number | null;
  last_status: number | null;
  last_etag: string | null;
  next_refresh_sec: number | null;
  requests: string | null;
  source_ip: string | null;
}

/** Displays with their last telemetry and the stale / low-battery flags (admins). */
@QueryHandler(ListDisplaysQuery)
export class ListDisplaysHandler implements IQueryHandler<ListDisplaysQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly telemetry: DisplayTelemetry,
    private readonly schedule: DisplayScheduleService,
  ) {}

  async execute({ roomId, includeRetired }: ListDisplaysQuery): Promise<DisplayListDto> {
    // This process's pending samples first, so an admin sees the poll that just happened.
    await this.telemetry.flush().catch(() => undefined);
    const rows: Row[] = await this.ds.query(
      `SELECT ${displaySelect('d')},
         r.settings AS room_settings, r.version AS room_version,
         t.first_seen_at, t.last_seen_at, t.firmware, t.battery_mv, t.rssi, t.fails, t.last_status, t.last_etag, t.next_refresh_sec, t.requests::text AS requests, t.source_ip
       FROM ${DISPLAYS_SCHEMA}.displays d
       LEFT JOIN ${DISPLAYS_SCHEMA}.rooms r ON r.room_id = d.room_id
       LEFT JOIN ${DISPLAY_TELEMETRY_TABLE} t ON t.display_id = d.display_id
       WHERE ($1::text IS NULL OR d.room_id = $1) AND ($2 OR d.status = 'active')
       ORDER BY d.room_id, d.display_id`,
      [roomId ?? null, includeRetired],
    );
    const nowMs = Date.now();
    // Today's room-day version per room (local date of each room).
    const todays = rows
      .filter((r) => r.room_settings)
      .map((r) => ({ roomId: r.room_id, date: toLocal(this.schedule.zone(r.room_settings!.timeZone, nowMs), nowMs).date }));
    const versions: { room_id: string; date: string; version: number }[] = todays.length
      ? await this.ds.query(
          `SELECT d.room_id, d.date, d.version FROM ${DISPLAYS_SCHEMA}.room_days d JOIN unnest($1::text[], $2::text[]) AS k(room_id, date) ON d.room_id = k.room_id AND d.date = k.date`,
          [todays.map((t) => t.roomId), todays.map((t) => t.date)],
        )
      : [];
    const dayVersion = new Map(versions.map((v) => [v.room_id, v.version]));
    const items = rows.map((r): DisplayListItemDto => {
      const seen = r.last_seen_at ? { lastSeenMs: r.last_seen_at.getTime(), refreshSec: r.next_refresh_sec ?? 0 } : null;
      return {
        displayId: r.display_id,
        roomId: r.room_id,
        roomName: r.room_settings?.name ?? null,
        label: r.label,
        lang: r.lang,
        status: r.status,
        tokenHint: r.token_hint,
        registeredAt: r.registered_at,
        registeredBy: r.registered_by,
        tokenRotatedAt: r.token_rotated_at,
        retiredAt: r.retired_at,
        telemetry: seen
          ? {
              lastSeenAt: r.last_seen_at!.toISOString(),
              firstSeenAt: r.first_seen_at!.toISOString(),
              firmware: r.firmware,
              batteryMv: r.battery_mv,
              rssi: r.rssi,
              fails: r.fails,
              lastStatus: r.last_status!,
              lastEtag: r.last_etag,
              nextRefreshSec: r.next_refresh_sec!,
              expectedBy: new Date(expectedByMs(seen.lastSeenMs, seen.refreshSec)).toISOString(),
              requests: Number(r.requests),
              sourceIp: r.source_ip,
            }
          : null,
        stale: r.status === 'active' && isStale(nowMs, seen, Date.parse(r.registered_at)),
        lowBattery: r.status === 'active' && isLowBattery(r.battery_mv),
        scheduleVersion: r.room_version === null ? null : `${r.room_version}.${dayVersion.get(r.room_id) ?? 0}`,
      };
    });
    return { items, lowBatteryMv: LOW_BATTERY_MV };
  }
}
