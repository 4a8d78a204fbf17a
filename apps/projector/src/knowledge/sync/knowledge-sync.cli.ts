import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '@megabot/config';
import type { KnowledgeSyncMode } from '@megabot/domain';
import { createEventStore } from '@megabot/event-store';
import { openDatabase } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { KnowledgeSyncManager } from './knowledge-sync.manager';
import type { KnowledgeSyncSummary } from './knowledge-sync.runner';

export const KNOWLEDGE_SYNC_USAGE = 'usage: npm run knowledge:sync -- [--full] [sourceId ...]   (no ids: every active source)';

export interface KnowledgeSyncCliIo {
  out: (line: string) => void;
  err: NodeJS.WritableStream;
}

export interface KnowledgeSyncCliRun {
  sourceId: string;
  summary: KnowledgeSyncSummary | null;
  seconds: number;
}

/**
 * `npm run knowledge:sync`: syncs the configured sources now through the projector's own sync manager (the same
 * runner, lock and progress rows as the scheduled syncs; a source the projector is syncing at the moment is
 * skipped), incremental from each source's cursor or, with --full, everything with the prune pass. A progress bar
 * per source, then a summary line each and the totals. The projector chunks and embeds what the run published.
 */
export async function runKnowledgeSyncCli(
  argv: readonly string[],
  deps: { ds: DataSource; manager: KnowledgeSyncManager; now?: () => number },
  io: KnowledgeSyncCliIo,
): Promise<{ code: number; runs: KnowledgeSyncCliRun[] }> {
  const now = deps.now ?? (() => performance.now());
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--full');
  if (unknownFlag) {
    io.out(`unknown option ${unknownFlag}\n${KNOWLEDGE_SYNC_USAGE}`);
    return { code: 2, runs: [] };
  }
  const mode: KnowledgeSyncMode = argv.includes('--full') ? 'full' : 'incremental';
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const active: { source_id: string }[] = await deps.ds.query(`SELECT source_id FROM knowledge_sources.sources WHERE status = 'active' ORDER BY source_id`);
  const known = active.map((r) => r.source_id);
  const missing = wanted.filter((id) => !known.includes(id));
  if (missing.length) {
    io.out(`no active knowledge source ${missing.join(', ')} (configured: ${known.join(', ') || 'none'})`);
    return { code: 2, runs: [] };
  }
  const sources = wanted.length ? wanted : known;
  if (!sources.length) io.out('no active knowledge sources are configured (POST /knowledge/sources)');

  const runs: KnowledgeSyncCliRun[] = [];
  for (const sourceId of sources) {
    const bar = new SingleBar(
      {
        format: `${sourceId} ${mode} [{bar}] {value}/{total} documents | {phase} | published {published}, access {accessChanged}, deleted {deleted}`,
        noTTYOutput: true,
        notTTYSchedule: 1000,
        stream: io.err,
      },
      Presets.shades_classic,
    );
    bar.start(0, 0, { phase: 'groups', published: 0, accessChanged: 0, deleted: 0 });
    const t0 = now();
    const summary = await deps.manager.run(sourceId, mode, (p) => {
      if (p.total !== null && p.total > bar.getTotal()) bar.setTotal(p.total);
      if (p.done > bar.getTotal()) bar.setTotal(p.done);
      bar.update(p.done, { phase: p.phase, ...p.counts });
    });
    bar.stop();
    runs.push({ sourceId, summary, seconds: (now() - t0) / 1000 });
    io.out(summaryLine(sourceId, summary, (now() - t0) / 1000));
    if (!summary) {
      const [p]: { last_error: string | null }[] = await deps.ds.query(`SELECT last_error FROM knowledge_sync.progress WHERE source_id = $1`, [sourceId]);
      if (p?.last_error) io.out(`  ${p.last_error}`);
    }
  }
  const done = runs.filter((r) => r.summary).map((r) => r.summary!);
  if (runs.length > 1) {
    const total = (k: keyof Pick<KnowledgeSyncSummary, 'discovered' | 'published' | 'accessChanged' | 'deleted' | 'unchanged' | 'failed'>) =>
      done.reduce((a, s) => a + s[k], 0);
    const seconds = runs.reduce((a, r) => a + r.seconds, 0);
    io.out(
      `total: ${total('discovered')} discovered, ${total('published')} changed, ${total('accessChanged')} permission changes, ${total('deleted')} deleted, ${total('unchanged')} unchanged, ${total('failed')} failed; ${rate(total('discovered'), seconds)} documents/s`,
    );
  }
  return { code: runs.some((r) => !r.summary || r.summary.failed) ? 1 : 0, runs };
}

const rate = (n: number, seconds: number) => (seconds > 0 ? (n / seconds).toFixed(1) : '-');

function summaryLine(sourceId: string, s: KnowledgeSyncSummary | null, seconds: number): string {
  if (!s) return `${sourceId}: not synced (not active, being synced by the projector right now, or failed)`;
  return (
    `${sourceId} (${s.mode}): ${s.discovered} discovered, ${s.published} changed, ${s.accessChanged} permission changes, ${s.deleted} deleted, ` +
    `${s.unchanged} unchanged, ${s.failed} failed${s.pruned ? '' : ' (listing incomplete: nothing pruned)'} in ${seconds.toFixed(1)} s, ${rate(s.discovered, seconds)} documents/s` +
    s.failures
      .slice(0, 10)
      .map((f) => `\n  ${f.nativeId}: ${f.reason}`)
      .join('')
  );
}

async function main() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = await createEventStore({ eventStoreUrl: config.eventStoreUrl, databaseUrl: db.url, poolSize: 2 });
  const ds = createReadModelDataSource(db.url, { poolSize: 3, applicationName: 'megabot-knowledge-sync' });
  try {
    await ds.initialize();
    await migrateReadModel(ds);
    const manager = new KnowledgeSyncManager(store, ds, { environment: { shareRoots: config.knowledgeShareRoots, secrets: process.env } });
    const { code } = await runKnowledgeSyncCli(process.argv.slice(2), { ds, manager }, { out: (l) => console.log(l), err: process.stderr });
    process.exitCode = code;
  } finally {
    await store.close();
    await ds.destroy();
    await db.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`knowledge sync failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
