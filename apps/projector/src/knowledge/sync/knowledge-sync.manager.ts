import type { EventStore } from '@megabot/event-store';
import { knowledgeSyncDue, type KnowledgeSyncMode } from '@megabot/domain';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../../polling-manager';
import { knowledgeConnectorFor, type ConnectorEnvironment } from '../connectors/connector-factory';
import type { EmployeeLookup } from '../connectors/knowledge-connector';
import { KnowledgeSyncRunner, type KnowledgeSyncProgress, type KnowledgeSyncSummary } from './knowledge-sync.runner';

export interface KnowledgeSyncManagerOptions extends PollingOptions {
  /** How long a source that failed is left alone before the next attempt. */
  retryAfterFailureMs?: number;
  environment: Omit<ConnectorEnvironment, 'employees'> & { employees?: EmployeeLookup };
}

/**
 * Scheduled and requested syncs of the knowledge sources, in the projector. Every poll it looks at the configured
 * sources (read model), decides from each source's stream whether a run is due (knowledgeSyncDue: never synced,
 * requested by an admin, or on schedule) and runs it under a session advisory lock per source: with several
 * projector instances exactly one syncs a source at a time, the others skip it. Progress goes to
 * knowledge_sync.progress (the sources API shows it); a failed run records its error and waits before retrying.
 * A removed source has its documents deleted from the index.
 */
export class KnowledgeSyncManager extends PollingManager {
  readonly name = 'knowledge-sync';
  private readonly runner: KnowledgeSyncRunner;
  private readonly retryMs: number;
  private readonly environment: ConnectorEnvironment;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    options: KnowledgeSyncManagerOptions,
  ) {
    super({ ...options, pollMs: options.pollMs ?? 15_000 });
    this.runner = new KnowledgeSyncRunner(store, ds, this.clock);
    this.retryMs = options.retryAfterFailureMs ?? 5 * 60_000;
    this.environment = { ...options.environment, employees: options.environment.employees ?? identityEmployees(ds) };
  }

  async tick(): Promise<{ synced: string[]; removed: string[] }> {
    const round = { synced: [] as string[], removed: [] as string[] };
    const rows: { source_id: string; status: string; present: boolean; retry_at: Date | null }[] = await this.ds.query(
      `SELECT s.source_id, s.status, p.retry_at,
              EXISTS (SELECT 1 FROM knowledge_sources.documents d WHERE d.source_id = s.source_id AND d.status = 'present') AS present
       FROM knowledge_sources.sources s LEFT JOIN knowledge_sync.progress p ON p.source_id = s.source_id ORDER BY s.source_id`,
    );
    for (const row of rows) {
      if (row.retry_at && row.retry_at > this.clock()) continue;
      if (row.status === 'removed') {
        if (row.present && (await this.locked(row.source_id, () => this.runner.removeDocuments(row.source_id))) !== null) round.removed.push(row.source_id);
        continue;
      }
      const state = await this.runner.source(row.source_id);
      const mode = knowledgeSyncDue(state, this.clock());
      if (!mode || state.status !== 'active') continue;
      if (await this.run(row.source_id, mode)) round.synced.push(row.source_id);
    }
    return round;
  }

  /**
   * Runs one sync of the source now, under its lock (the schedule, `npm run knowledge:sync`, tests): the summary, or
   * null when it did not complete - not active, being synced by another instance, or failed (the error recorded).
   */
  async run(sourceId: string, mode: KnowledgeSyncMode, onProgress?: (p: KnowledgeSyncProgress) => void): Promise<KnowledgeSyncSummary | null> {
    return this.locked(sourceId, () => this.syncUnlocked(sourceId, mode, onProgress));
  }

  private async syncUnlocked(
    sourceId: string,
    mode: KnowledgeSyncMode,
    onProgress: (p: KnowledgeSyncProgress) => void = () => undefined,
  ): Promise<KnowledgeSyncSummary | null> {
    const state = await this.runner.source(sourceId);
    if (state.status !== 'active') return null;
    const started = this.clock();
    try {
      const connector = knowledgeConnectorFor(state.config, this.environment);
      const summary = await this.runner.sync(sourceId, connector, mode, state.cursor, async (p) => {
        onProgress(p);
        await this.progress(sourceId, mode, started, p);
      });
      await this.ds.query(`UPDATE knowledge_sync.progress SET state = 'idle', last_error = NULL, retry_at = NULL, updated_at = $2 WHERE source_id = $1`, [
        sourceId,
        this.clock(),
      ]);
      this.options.log?.(
        `knowledge sync ${sourceId} (${mode}): ${summary.published} published, ${summary.accessChanged} access changed, ${summary.deleted} deleted, ${summary.unchanged} unchanged, ${summary.failed} failed`,
      );
      for (const f of summary.failures.slice(0, 10)) this.options.log?.(`knowledge sync ${sourceId}: ${f.nativeId}: ${f.reason}`);
      return summary;
    } catch (e) {
      const message = (e as Error).message;
      await this.ds.query(
        `INSERT INTO knowledge_sync.progress (source_id, state, mode, updated_at, last_error, retry_at) VALUES ($1, 'failed', $2, $3, $4, $5)
         ON CONFLICT (source_id) DO UPDATE SET state = 'failed', updated_at = $3, last_error = $4, retry_at = $5`,
        [sourceId, mode, this.clock(), message.slice(0, 1000), new Date(this.clock().getTime() + this.retryMs)],
      );
      this.options.log?.(`knowledge sync ${sourceId} failed: ${message}; next attempt in ${Math.round(this.retryMs / 1000)} s`);
      return null;
    }
  }

  private async progress(sourceId: string, mode: KnowledgeSyncMode, started: Date, p: KnowledgeSyncProgress) {
    await this.ds.query(
      `INSERT INTO knowledge_sync.progress (source_id, state, mode, phase, done, total, counts, started_at, updated_at)
       VALUES ($1, 'running', $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (source_id) DO UPDATE SET state = 'running', mode = $2, phase = $3, done = $4, total = $5, counts = $6, started_at = $7, updated_at = $8`,
      [sourceId, mode, p.phase, p.done, p.total, JSON.stringify(p.counts), started, this.clock()],
    );
  }

  /** Runs `work` holding the source's advisory lock; null when another instance holds it. */
  private async locked<T>(sourceId: string, work: () => Promise<T>): Promise<T | null> {
    const q = this.ds.createQueryRunner();
    await q.connect();
    const key = `megabot:knowledge-sync:${sourceId}`;
    try {
      const [{ ok }] = await q.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
      if (!ok) return null;
      try {
        return await work();
      } finally {
        await q.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await q.release();
    }
  }
}

/** Employees by e-mail from identity's read model (active ones only), cached for a minute. */
export function identityEmployees(ds: DataSource): EmployeeLookup {
  const cache = new Map<string, { id: string | null; at: number }>();
  return {
    async byEmail(email: string) {
      const key = email.trim().toLowerCase();
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < 60_000) return hit.id;
      const rows: { employee_id: string }[] = await ds.query(
        `SELECT employee_id FROM identity.employees WHERE lower(email) = $1 AND status = 'active' LIMIT 1`,
        [key],
      );
      const id = rows[0]?.employee_id ?? null;
      cache.set(key, { id, at: Date.now() });
      return id;
    },
  };
}
