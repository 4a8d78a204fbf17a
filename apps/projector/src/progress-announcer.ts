import { formatPosition, type GlobalPosition } from '@megabot/contracts';
import { coalesced } from '@megabot/platform';
import { PROJECTIONS_CHANNEL } from '@megabot/read-model';
import type { DataSource } from 'typeorm';

/**
 * Tells readers waiting for a position (read-your-writes, the API's in-memory copies) how far each projection of
 * this process has come, on PROJECTIONS_CHANNEL as `name:position`. One statement carries every projection that
 * moved since the last (a NOTIFY per projection per batch was ten statements a batch on a hot lot), sent after the
 * commits and coalesced: a NOTIFY inside a batch's transaction would hold the global notify lock through its commit.
 */
export class ProgressAnnouncer {
  private readonly moved = new Map<string, GlobalPosition>();
  private readonly flush = coalesced(async () => {
    if (!this.dataSource.isInitialized || this.moved.size === 0) return; // the data source may be closing
    const payloads = [...this.moved].map(([name, position]) => `${name}:${formatPosition(position)}`);
    this.moved.clear();
    await this.dataSource.query('SELECT count(pg_notify($1, p)) FROM unnest($2::text[]) AS p', [PROJECTIONS_CHANNEL, payloads]);
  });

  constructor(private readonly dataSource: DataSource) {}

  announce(projection: string, position: GlobalPosition): void {
    this.moved.set(projection, position);
    this.flush();
  }
}
