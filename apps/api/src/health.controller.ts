import { Public } from './core/access/policy';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@megabot/event-store';
import { parkedEventCounts } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from './core/api-options';
import { problem } from './core/problem';
import { WriteSides } from './core/write-side';

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
  @ApiOperation({ summary: 'Command-path counters of this process per write side (conflicts retried, batches, duplicates), and events parked per projection' })
  async metrics() {
    const parkedEvents = await parkedEventCounts(this.dataSource).catch(() => null);
    return { ...this.writeSides.stats(), parkedEvents, memory: process.memoryUsage().rss };
  }
}
