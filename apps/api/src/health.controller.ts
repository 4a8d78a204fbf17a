import { Public } from './core/access/policy';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@megabot/event-store';
import { parkedEventCounts } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from './core/api-options';
import { problem } from './core/problem';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, wantsPrometheus, type Metric } from './core/prometheus';
import { WriteSides } from './core/write-side';
import { BEHIND_CAP, projectionsBehind } from './projections/projection-lag';
import type { ProcessorStats } from '@megabot/event-store';

/** The event loop's delay since the last scrape: what a request waits before this process even looks at it. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writeSides: WriteSides,
  ) {}

  @Get('health')
  @Public()
  @ApiOperation({ summary: 'Liveness and dependencies: read-model database and event store' })
  async health() {
    const checks: Record<string, 'up' | 'down'> = {};
    checks.database = await this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    checks.eventStore = await this.store.readStream('$health-probe', { maxCount: 1 }).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const down = Object.entries(checks).filter(([, v]) => v === 'down');
    if (down.length) throw problem(503, 'service.unavailable', `Unavailable: ${down.map(([k]) => k).join(', ')}`, undefined, { checks });
    // Events projections could not apply (see ProjectionRunner): the service is up, but a projection stopped on one is stale.
    const projections = await parkedEventCounts(this.dataSource).catch(() => ({}));
    const stopped = Object.entries(projections)
      .filter(([, c]) => c.blocking > 0)
      .map(([name]) => name);
    return { status: stopped.length ? 'degraded' : 'ok', checks, ...(stopped.length ? { stoppedProjections: stopped } : {}), parkedEvents: projections };
  }

  @Get('metrics')
  @Public()
  @ApiOperation({
    summary:
      'Command-path counters of this process per write side (conflicts retried, batches, duplicates) and events parked per projection, as JSON; with Accept: text/plain (a Prometheus scrape) the same and more in the Prometheus text format',
  })
  async metrics(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: { header(name: string, value: string): unknown }) {
    const stats = this.writeSides.stats();
    const parkedEvents = await parkedEventCounts(this.dataSource).catch(() => null);
    if (!wantsPrometheus(accept)) return { ...stats, parkedEvents, memory: process.memoryUsage().rss };
    res.header('content-type', PROMETHEUS_CONTENT_TYPE);
    return renderPrometheus([...writeSideMetrics(stats), ...processMetrics(), await this.projectionLag(), parkedMetric(parkedEvents ?? {})]);
  }

  /** Events in the log after each projection's checkpoint (the Postgres event store; none listed with EventStoreDB). */
  private async projectionLag(): Promise<Metric> {
    const behind = await projectionsBehind(this.dataSource);
    return {
      name: 'megabot_projection_events_behind',
      help: `Events in the log not yet applied by the projection (counted up to ${BEHIND_CAP})`,
      type: 'gauge',
      values: Object.entries(behind).map(([projection, value]) => ({ labels: { projection }, value })),
    };
  }
}

function writeSideMetrics(stats: Record<string, ProcessorStats>): Metric[] {
  const counter = (key: keyof ProcessorStats, name: string, help: string): Metric => ({
    name,
    help,
    type: 'counter',
    values: Object.entries(stats).map(([writeSide, s]) => ({ labels: { write_side: writeSide }, value: s[key] })),
  });
  return [
    counter('commands', 'megabot_commands_total', 'Commands run by this process'),
    counter('batches', 'megabot_command_batches_total', 'Appends of decided commands (a batch per stream at a time)'),
    counter('appendedEvents', 'megabot_appended_events_total', 'Events appended'),
    counter('conflicts', 'megabot_command_conflicts_total', 'Batches decided again after another process moved the stream'),
    counter('duplicates', 'megabot_command_duplicates_total', 'Retried commands answered with their first result'),
    counter('rejected', 'megabot_commands_rejected_total', 'Commands the domain refused'),
    counter('recalls', 'megabot_command_recalls_total', 'Retries of commands beyond the idempotency window, looked up in the store'),
  ];
}

function processMetrics(): Metric[] {
  const memory = process.memoryUsage();
  const delay = { p50: loopDelay.percentile(50) / 1e9, p99: loopDelay.percentile(99) / 1e9 };
  loopDelay.reset();
  return [
    { name: 'megabot_process_resident_memory_bytes', help: 'Resident memory of this API process', type: 'gauge', values: [{ value: memory.rss }] },
    { name: 'megabot_process_heap_used_bytes', help: 'V8 heap in use', type: 'gauge', values: [{ value: memory.heapUsed }] },
    {
      name: 'megabot_event_loop_delay_seconds',
      help: 'Event loop delay since the last scrape',
      type: 'gauge',
      values: [
        { labels: { quantile: '0.5' }, value: delay.p50 },
        { labels: { quantile: '0.99' }, value: delay.p99 },
      ],
    },
  ];
}

/** Events a projection could not apply (ProjectionRunner parks them): waiting for an admin, blocking, or retried. */
function parkedMetric(parked: Record<string, { parked: number; blocking: number; retry: number }>): Metric {
  return {
    name: 'megabot_projection_parked_events',
    help: 'Events a projection could not apply, by state (blocking: the projection stopped on it)',
    type: 'gauge',
    values: Object.entries(parked).flatMap(([projection, c]) =>
      (['parked', 'blocking', 'retry'] as const).map((state) => ({ labels: { projection, state }, value: c[state] })),
    ),
  };
}
