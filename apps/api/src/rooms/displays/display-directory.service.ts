import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  DISPLAY_SELECT,
  DISPLAYS_PROJECTION,
  DISPLAYS_SCHEMA,
  PROJECTIONS_CHANNEL,
  type DisplayRoomDayRow,
  type DisplayRoomRow,
  type DisplayRow,
} from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { CheckpointFollower } from '../../core/checkpoint-follower';
import { DatabaseNotifications } from '../../core/database-notifications';
/** Fallback when a notification is lost: the checkpoint is compared this often (one indexed read). */
const POLL_MS = 1000;
const DAY_MS = 86_400_000;

/**
 * The `displays` read model in memory, for the device endpoint: every poll
 * of a door display is answered without a database round trip.
 *
 * Kept current incrementally: each row carries the position of the event
 * that last changed it, and a refresh reads the projection's checkpoint
 * first, then only the rows changed since the last refresh up to that
 * checkpoint (rows and checkpoint commit together, so nothing in between is
 * missed). Refreshes run on the projector's NOTIFY, on a 1 s poll of the
 * checkpoint, and on an unknown token (a display registered or rotated a
 * moment ago). Room-days are kept from yesterday (UTC) on - enough for any
 * time zone's today and the bookings ahead.
 */
@Injectable()
export class DisplayDirectory implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Displays');
  private readonly byId = new Map<string, DisplayRow>();
  private readonly byToken = new Map<string, DisplayRow>();
  private readonly rooms = new Map<string, DisplayRoomRow>();
  private readonly days = new Map<string, DisplayRoomDayRow>();
  private poller?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly follower: CheckpointFollower;

  constructor(
    ds: DataSource,
    private readonly notifications: DatabaseNotifications,
  ) {
    this.follower = new CheckpointFollower(
      ds,
      { schema: DISPLAYS_SCHEMA, projection: DISPLAYS_PROJECTION },
      {
        reset: () => {
          this.byId.clear();
          this.byToken.clear();
          this.rooms.clear();
          this.days.clear();
        },
        load: async (range, from) => {
          const fromDate = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
          const [displays, rooms, days] = await Promise.all([
            ds.query(`SELECT ${DISPLAY_SELECT} FROM ${DISPLAYS_SCHEMA}.displays WHERE ${range}`, from) as Promise<DisplayRow[]>,
            ds.query(
              `SELECT room_id, settings, retired, version, revision::text, pos_commit::text, pos_prepare::text FROM ${DISPLAYS_SCHEMA}.rooms WHERE ${range}`,
              from,
            ) as Promise<DisplayRoomRow[]>,
            ds.query(
              `SELECT room_id, date, state, version, revision::text, pos_commit::text, pos_prepare::text FROM ${DISPLAYS_SCHEMA}.room_days WHERE ${range} AND date >= $5`,
              [...from, fromDate],
            ) as Promise<DisplayRoomDayRow[]>,
          ]);
          for (const d of displays) this.putDisplay(d);
          for (const r of rooms) this.rooms.set(r.room_id, r);
          for (const d of days) this.days.set(`${d.room_id}|${d.date}`, d);
          const oldest = new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10);
          for (const [k, d] of this.days) if (d.date < oldest) this.days.delete(k);
        },
      },
    );
  }

  async onModuleInit() {
    await this.refresh().catch((e) => this.logger.warn(`display directory: ${(e as Error).message}`));
    this.unsubscribe = await this.notifications.subscribe(PROJECTIONS_CHANNEL, {
      onNotify: (payload) => {
        if (payload.startsWith(`${DISPLAYS_PROJECTION}:`)) void this.refresh().catch(() => undefined);
      },
    });
    this.poller = setInterval(() => void this.refresh().catch(() => undefined), POLL_MS);
    this.poller.unref();
  }

  async onModuleDestroy() {
    this.unsubscribe?.();
    clearInterval(this.poller);
    await this.follower.close();
  }

  /** The active display holding this token hash (refreshes once on a miss). */
  async byTokenHash(hash: string): Promise<DisplayRow | null> {
    const hit = this.byToken.get(hash);
    if (hit) return hit;
    await this.refresh();
    return this.byToken.get(hash) ?? null;
  }

  /** An active display by id (the AccessGuard has authenticated its token). */
  displayById(displayId: string): DisplayRow | null {
    return this.byId.get(displayId) ?? null;
  }

  /** Without a refresh: what is known now (used to serve known displays from a rate-limited address). */
  knownToken(hash: string): DisplayRow | null {
    return this.byToken.get(hash) ?? null;
  }

  room(roomId: string): DisplayRoomRow | null {
    return this.rooms.get(roomId) ?? null;
  }

  day(roomId: string, date: string): DisplayRoomDayRow | null {
    return this.days.get(`${roomId}|${date}`) ?? null;
  }

  get size() {
    return { displays: this.byId.size, rooms: this.rooms.size, days: this.days.size };
  }

  /** Brings the cache up to the projection's checkpoint (CheckpointFollower: concurrent callers share a run). */
  refresh(): Promise<void> {
    return this.follower.refresh();
  }

  private putDisplay(row: DisplayRow) {
    const old = this.byId.get(row.display_id);
    if (old && this.byToken.get(old.token_hash)?.display_id === row.display_id) this.byToken.delete(old.token_hash);
    this.byId.set(row.display_id, row);
    if (row.status === 'active') this.byToken.set(row.token_hash, row);
  }
}
