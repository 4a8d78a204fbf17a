import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { comparePositions } from '@megabot/contracts';
import { knowledgeSourceWriteSide } from '@megabot/domain';
import { PostgresEventStore, StreamCommandProcessor, type RecordedEvent } from '@megabot/event-store';
import { UseLiteEmbedder } from '@megabot/knowledge';
import { FIXTURE_DOCUMENTS } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { startEmbeddedPostgres } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import type { DataSource } from 'typeorm';
import { employeesByEmail } from '../../apps/projector/src/knowledge/connectors/connector-testing';
import { KnowledgeProjection } from '../../apps/projector/src/knowledge/knowledge.projection';
import { KnowledgeSourcesProjection } from '../../apps/projector/src/knowledge/sources/knowledge-sources.projection';
import { KnowledgeSyncManager } from '../../apps/projector/src/knowledge/sync/knowledge-sync.manager';
import { ProjectionRunner } from '../../apps/projector/src/projection-runner';

/**
 * Sync throughput of a file share of `documents` Markdown pages (the fixture pages, each made unique), on embedded
 * PostgreSQL with the real sync manager and projections: a first full sync (everything new: published, then
 * chunked and embedded by the knowledge projection), then a second full sync with nothing changed (content hashes
 * equal: nothing published, nothing embedded).
 */
export async function measureSync(documents: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-knowledge-'));
  const share = path.join(dir, 'share');
  fs.mkdirSync(share);
  fs.writeFileSync(path.join(share, '.access.json'), JSON.stringify({ public: true }));
  for (let i = 0; i < documents; i++) {
    const d = FIXTURE_DOCUMENTS[i % FIXTURE_DOCUMENTS.length];
    fs.writeFileSync(path.join(share, `page-${i}.md`), `# ${d.title} ${i}\n\n${d.body}\n\nRef ${i}.\n`);
  }
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'bench' });
  const store = await PostgresEventStore.create({ connectionString: pg.url, poolSize: 4 });
  const ds = createReadModelDataSource(pg.url, { poolSize: 4 });
  const runners: ProjectionRunner[] = [];
  try {
    await ds.initialize();
    await migrateReadModel(ds);
    for (const projection of [new KnowledgeSourcesProjection(), new KnowledgeProjection({ embedder: new UseLiteEmbedder() })]) {
      const runner = new ProjectionRunner(store, ds, projection);
      runner.start();
      runners.push(runner);
    }
    const sources = new StreamCommandProcessor(store, knowledgeSourceWriteSide, {}) as unknown as StreamCommandProcessor<unknown, never, never>;
    await sources.execute(
      {
        type: 'ConfigureKnowledgeSource',
        sourceId: 'share',
        kind: 'fileshare',
        name: 'share',
        location: share,
        settings: {},
        credentialRef: null,
        syncEveryMinutes: null,
        actor: { employeeId: 'bench-admin', roles: ['admin'] },
      },
      { commandId: 'configure-share', actorId: 'bench-admin' },
    );
    const manager = new KnowledgeSyncManager(store, ds, { environment: { shareRoots: [dir], secrets: {}, employees: employeesByEmail({}) } });
    await caughtUp(store, ds, 'knowledge_sources');

    const timed = async (what: () => Promise<unknown>) => {
      const start = performance.now();
      await what();
      return (performance.now() - start) / 1000;
    };
    const perSecond = (s: number) => Math.round((documents / s) * 10) / 10;
    const firstSync = await timed(() => manager.run('share', 'full'));
    const indexed = firstSync + (await timed(() => caughtUp(store, ds, 'knowledge')));
    await caughtUp(store, ds, 'knowledge_sources');
    const [{ chunks }] = await ds.query(`SELECT count(*)::int AS chunks FROM knowledge.chunks`);
    const unchanged = await timed(() => manager.run('share', 'full'));
    return {
      documents,
      chunks,
      newContentDocsPerSecond: { synced: perSecond(firstSync), indexed: perSecond(indexed) },
      unchangedContentDocsPerSecond: perSecond(unchanged),
    };
  } finally {
    for (const runner of runners) await runner.stop();
    await store.close();
    await ds.destroy();
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the projection in `schema` has committed the whole log. */
async function caughtUp(store: PostgresEventStore, ds: DataSource, schema: string): Promise<void> {
  let last: RecordedEvent | undefined;
  for (let page = await store.readAll({ maxCount: 5000 }); page.length; page = await store.readAll({ after: last!.position, maxCount: 5000 }))
    last = page[page.length - 1];
  for (;;) {
    const [cp] = await ds.query(`SELECT commit_position, prepare_position FROM ${schema}.checkpoint`);
    if (!last || comparePositions({ commit: BigInt(cp.commit_position), prepare: BigInt(cp.prepare_position) }, last.position) >= 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
