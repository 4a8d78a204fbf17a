import { Public } from './core/access/policy';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@megabot/event-store';
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
    return { status: 'ok', checks };
  }

  @Get('metrics')
  @Public()
  @ApiOperation({ summary: 'Command-path counters of this process per write side (conflicts retried, batches, duplicates)' })
  metrics() {
    return { ...this.writeSides.stats(), memory: process.memoryUsage().rss };
  }
}
