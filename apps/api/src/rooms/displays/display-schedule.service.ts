import { Inject, Injectable } from '@nestjs/common';
import type { DisplayLang, RoomSettings } from '@megabot/contracts';
import { toLocal, type RoomDayState, type ZoneOffsets } from '@megabot/domain';
import {
  buildDisplayPayload,
  DEVICE_MAX_SLEEP_SEC,
  DEVICE_MIN_SLEEP_SEC,
  respondToDisplay,
  type DisplayPayload,
  type DisplayResponse,
} from '@megabot/displays';
import { zoneOffsetsFromIntl } from '@megabot/platform';
import type { DisplayRoomDayRow, DisplayRoomRow, DisplayRow } from '@megabot/read-model';
import { API_OPTIONS, type ApiOptions } from '../../core/api-options';
import { DisplayDirectory } from './display-directory.service';

export const DISPLAY_SCHEDULE_PATH = '/displays/schedule';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface CachedZone {
  zone: ZoneOffsets;
  fromMs: number;
  toMs: number;
}

interface CachedPayload {
  key: string;
  payload: DisplayPayload;
  wakeAtMs: number;
}

/** What a display's answer is built from: the same for the endpoint (from memory) and the preview (from the database). */
export interface ScheduleSource {
  display: Pick<DisplayRow, 'display_id' | 'room_id' | 'lang'>;
  room: Pick<DisplayRoomRow, 'settings' | 'version'>;
  day: Pick<DisplayRoomDayRow, 'state' | 'version'> | null;
}

/**
 * The payload of a display at a moment (PROTOCOL.md §2), built by
 * libs/displays from the projected room settings and room-day.
 *
 * Within one wall-clock minute nothing on the sign can change except
 * through a new projection version (booking times and check-in deadlines
 * are whole minutes), so the payload is cached per display under (room
 * version, room-day version, date, minute): a poll that ends in 304 costs
 * a map lookup, the ETag comparison and the refresh hint recomputed from
 * the cached wake-up time. A 200 is built fresh (its `now=` and `refresh=`
 * are to the second).
 */
@Injectable()
export class DisplayScheduleService {
  private readonly zones = new Map<string, CachedZone>();
  private readonly payloads = new Map<string, CachedPayload>();
  private readonly botUsername: string | null;
  readonly stats = { builds: 0, cached: 0 };

  constructor(
    @Inject(API_OPTIONS) options: ApiOptions,
    private readonly directory: DisplayDirectory,
  ) {
    this.botUsername = options.botUsername ?? null;
  }

  /** Offsets of a zone around `nowMs` (yesterday to 9 days on: the refresh policy looks up to 8 days ahead for the next opening). */
  zone(timeZone: string, nowMs: number): ZoneOffsets {
    const hit = this.zones.get(timeZone);
    if (hit && nowMs >= hit.fromMs + DAY_MS && nowMs < hit.fromMs + DAY_MS + HOUR_MS) return hit.zone;
    const fromMs = nowMs - DAY_MS;
    const zone = zoneOffsetsFromIntl(timeZone, fromMs, nowMs + 9 * DAY_MS);
    this.zones.set(timeZone, { zone, fromMs, toMs: nowMs + 9 * DAY_MS });
    return zone;
  }

  /** The source of a display's answer from the in-memory read model; null when its room is not known (yet). */
  sourceOf(display: DisplayRow, nowMs: number): (ScheduleSource & { zone: ZoneOffsets; date: string }) | null {
    const room = this.directory.room(display.room_id);
    if (!room) return null;
    const zone = this.zone(room.settings.timeZone, nowMs);
    const date = toLocal(zone, nowMs).date;
    return { display, room, day: this.directory.day(display.room_id, date), zone, date };
  }

  /** The HTTP answer for a display at `now`, 304 when `ifNoneMatch` names the current content. */
  answer(display: DisplayRow, now: Date, ifNoneMatch: string | undefined): { response: DisplayResponse; etag: string; refreshSec: number } | null {
    const nowMs = now.getTime();
    const source = this.sourceOf(display, nowMs);
    if (!source) return null;
    const minute = Math.floor(nowMs / 60_000);
    const key = `${display.revision}|${source.room.version}|${source.date}|${source.day?.version ?? 0}|${minute}`;
    const cached = this.payloads.get(display.display_id);
    if (cached && cached.key === key && ifNoneMatch) {
      const refreshSec = Math.min(Math.max(Math.ceil((cached.wakeAtMs - nowMs) / 1000), DEVICE_MIN_SLEEP_SEC), DEVICE_MAX_SLEEP_SEC);
      const response = respondToDisplay({ ...cached.payload, refreshSec }, ifNoneMatch);
      if (response.status === 304) {
        this.stats.cached++;
        return { response, etag: cached.payload.etag, refreshSec };
      }
    }
    const payload = this.build(source, source.zone, now);
    this.payloads.set(display.display_id, { key, payload, wakeAtMs: Date.parse(payload.wakeAt) });
    return { response: respondToDisplay(payload, ifNoneMatch), etag: payload.etag, refreshSec: payload.refreshSec };
  }

  build(source: ScheduleSource, zone: ZoneOffsets, now: Date): DisplayPayload {
    this.stats.builds++;
    return buildDisplayPayload({
      room: source.room.settings as RoomSettings,
      zone,
      day: (source.day?.state as RoomDayState | undefined) ?? null,
      now,
      lang: source.display.lang as DisplayLang,
      botUsername: this.botUsername,
    });
  }

  forget(displayId: string) {
    this.payloads.delete(displayId);
  }
}
