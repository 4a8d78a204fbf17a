import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toLocal } from '@megabot/domain';
import { renderPayload } from '@megabot/displays';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import { DISPLAY_SELECT, DISPLAY_TELEMETRY_TABLE, DISPLAYS_SCHEMA, type DisplayRoomDayRow, type DisplayRoomRow, type DisplayRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { problem } from '../../../core/problem';
import { isLowBattery } from '../display-health';
import { DisplayScheduleService } from '../display-schedule.service';
import { DisplayTelemetry } from '../display-telemetry.service';

/** The panel's picture as a PNG, and the ETag of the payload it shows. */
export class PreviewDisplayQuery extends Query<{ png: Uint8Array; etag: string }> {
  constructor(
    readonly displayId: string,
    readonly at: Date,
    readonly width: number,
    readonly height: number,
    readonly scale: number,
  ) {
    super();
  }
}

/**
 * What a display's panel shows at a moment: the payload the endpoint would
 * serve (same builder, read straight from the database rather than the
 * endpoint's cache) drawn by libs/displays - the firmware's parser and
 * layout ported pixel for pixel - with the battery note the device would
 * add from its last reported voltage.
 */
@QueryHandler(PreviewDisplayQuery)
export class PreviewDisplayHandler implements IQueryHandler<PreviewDisplayQuery> {
  constructor(
    private readonly ds: DataSource,
    private readonly schedule: DisplayScheduleService,
    private readonly telemetry: DisplayTelemetry,
  ) {}

  async execute({ displayId, at, width, height, scale }: PreviewDisplayQuery) {
    const [display]: DisplayRow[] = await this.ds.query(`SELECT ${DISPLAY_SELECT} FROM ${DISPLAYS_SCHEMA}.displays WHERE display_id = $1`, [displayId]);
    if (!display) throw problem(404, 'displays.display_not_found', `Display ${displayId} does not exist`);
    const [room]: DisplayRoomRow[] = await this.ds.query(`SELECT settings, version FROM ${DISPLAYS_SCHEMA}.rooms WHERE room_id = $1`, [display.room_id]);
    if (!room) throw problem(409, 'displays.room_unknown', `Room ${display.room_id} of display ${displayId} is not in the read model yet`);
    const atMs = at.getTime();
    const zone = zoneOffsetsFromIntl(room.settings.timeZone, atMs - 86_400_000, atMs + 9 * 86_400_000);
    const date = toLocal(zone, atMs).date;
    const [day]: DisplayRoomDayRow[] = await this.ds.query(`SELECT state, version FROM ${DISPLAYS_SCHEMA}.room_days WHERE room_id = $1 AND date = $2`, [
      display.room_id,
      date,
    ]);
    await this.telemetry.flush().catch(() => undefined);
    const [seen]: { battery_mv: number | null; firmware: string | null }[] = await this.ds.query(
      `SELECT battery_mv, firmware FROM ${DISPLAY_TELEMETRY_TABLE} WHERE display_id = $1`,
      [displayId],
    );
    const payload = this.schedule.build({ display, room, day: day ?? null }, zone, at);
    const preview = renderPayload(payload.body, {
      width,
      height,
      lang: display.lang,
      batteryLow: isLowBattery(seen?.battery_mv),
      fwVersion: seen?.firmware ? `fw ${seen.firmware}` : '',
      room: room.settings.name,
    });
    return { png: preview.png(scale), etag: payload.etag };
  }
}
