import { Controller, Get, Query as QueryParam } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { listParkedEvents, parkedEventCounts } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { ForAdmin } from '../../core/access/policy';
import { problem } from '../../core/problem';
import { ListDisplaysQuery } from '../../rooms/displays/list-displays/list-displays.handler';
import { projectionsBehind } from '../projection-lag';

/** What the admin site's dashboard shows: the day's counters, each projection's progress, the latest problems. */
export interface OverviewDto {
  at: string;
  since: string;
  counters: {
    openLots: number;
    bidsSince: number;
    bookingsSince: number;
    activeEmployees: number;
    verifiedEmployees: number;
    displays: number;
    displaysNeedingAttention: number;
  };
  /** Bids per hour over the 24 hours up to now, oldest first. */
  bidsByHour: number[];
  projections: { projection: string; behind: number | null; parked: number; blocking: number }[];
  problems: { projection: string; eventId: string; eventType: string; error: string; parkedAt: string }[];
}

/**
 * One read for the dashboard, composed from the features' read models (each counter is what the feature's own
 * list would count: open lots, bookings not cancelled, active employees with a bound Telegram account, displays
 * flagged stale or low on battery by the displays list itself).
 */
@ApiTags('projections')
@ForAdmin()
@Controller('projections/overview')
export class OverviewController {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "The admin dashboard: today's counters, bids per hour, projection lag and parked events" })
  @ApiQuery({ name: 'since', required: false, description: 'Start of "today" as the viewer counts it (ISO 8601); default: 24 hours ago' })
  async overview(@QueryParam('since') since?: string): Promise<OverviewDto> {
    const now = new Date();
    const from = since === undefined ? new Date(now.getTime() - 86_400_000) : new Date(since);
    if (
      since !== undefined &&
      (!/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(from.getTime()) || from > now || now.getTime() - from.getTime() > 7 * 86_400_000)
    )
      throw problem(400, 'validation.failed', 'since must be an ISO 8601 time within the last 7 days');
    const [[c], hours, displays, parked, problems, behind] = await Promise.all([
      this.ds.query(
        `SELECT (SELECT count(*)::int FROM auction.lots WHERE status = 'open') AS open_lots,
                (SELECT count(*)::int FROM auction.bids WHERE placed_at >= $1) AS bids,
                (SELECT count(*)::int FROM rooms.bookings WHERE start_at >= $1 AND start_at < $1::timestamptz + interval '1 day' AND status <> 'cancelled') AS bookings,
                (SELECT count(*)::int FROM identity.employees WHERE status = 'active') AS active,
                (SELECT count(*)::int FROM identity.employees WHERE status = 'active' AND telegram_user_id IS NOT NULL) AS verified`,
        [from],
      ) as Promise<{ open_lots: number; bids: number; bookings: number; active: number; verified: number }[]>,
      this.ds.query(
        `SELECT floor(extract(epoch FROM $1::timestamptz - placed_at) / 3600)::int AS ago, count(*)::int AS n
           FROM auction.bids WHERE placed_at > $1::timestamptz - interval '24 hours' AND placed_at <= $1 GROUP BY 1`,
        [now],
      ) as Promise<{ ago: number; n: number }[]>,
      this.queries.execute(new ListDisplaysQuery(undefined, false)),
      parkedEventCounts(this.ds),
      listParkedEvents(this.ds, { limit: 5 }),
      projectionsBehind(this.ds),
    ]);
    const bidsByHour = Array.from({ length: 24 }, () => 0);
    for (const h of hours) if (h.ago >= 0 && h.ago < 24) bidsByHour[23 - h.ago] += h.n;
    const names = [...new Set([...Object.keys(behind), ...Object.keys(parked)])].sort();
    return {
      at: now.toISOString(),
      since: from.toISOString(),
      counters: {
        openLots: c.open_lots,
        bidsSince: c.bids,
        bookingsSince: c.bookings,
        activeEmployees: c.active,
        verifiedEmployees: c.verified,
        displays: displays.items.length,
        displaysNeedingAttention: displays.items.filter((d) => d.stale || d.lowBattery).length,
      },
      bidsByHour,
      projections: names.map((projection) => ({
        projection,
        behind: behind[projection] ?? null,
        parked: parked[projection]?.parked ?? 0,
        blocking: parked[projection]?.blocking ?? 0,
      })),
      problems: problems.map((p) => ({ projection: p.projection, eventId: p.eventId, eventType: p.eventType, error: p.error, parkedAt: p.parkedAt })),
    };
  }
}
