import { Writable } from 'node:stream';
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeSourceWriteSide } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, waitForProjections, type ScratchStores } from '@megabot/testing/scratch-stores';
import { ProjectionRunner } from '../../projection-runner';
import { employeesByEmail } from '../connectors/connector-testing';
import { ConfluenceFixture } from '../connectors/fixtures/confluence.fixture';
import { MediaWikiFixture } from '../connectors/fixtures/mediawiki.fixture';
import { pdfFile } from '../connectors/fixtures/office-files';
import { KnowledgeSourcesProjection } from '../sources/knowledge-sources.projection';
import { runKnowledgeSyncCli } from './knowledge-sync.cli';
import { KnowledgeSyncManager } from './knowledge-sync.manager';

const [db] = testDatabases();
const admin = { employeeId: 'e-admin', roles: ['admin'] };

describe('knowledge sync manager (Postgres event store, projected read model)', () => {
  let scratch: ScratchStores;
  let runner: ProjectionRunner;
  let root: string;
  let wiki: MediaWikiFixture;
  let manager: KnowledgeSyncManager;
  let sources: StreamCommandProcessor<never, never, never>;
  let now = Date.parse('2026-12-03T10:00:00Z');
  const clock = () => new Date(now);

  const write = (path: string, content: string, mtime = new Date('2026-12-01T10:00:00Z')) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    utimesSync(join(root, path), mtime, mtime);
  };
  const caughtUp = () => waitForProjections(scratch, ['knowledge_sources']);
  // Everything written is in the log once the projection has caught up with it.
  const events = async (type?: string) =>
    (await caughtUp(), await scratch.store.readAll({ maxCount: 10_000 })).filter((e) => e.type.startsWith('Knowledge') && (!type || e.type === type));
  const configure = (sourceId: string, kind: string, location: string, settings = {}, syncEveryMinutes: number | null = null) =>
    (sources as unknown as StreamCommandProcessor<unknown, never, never>).execute(
      { type: 'ConfigureKnowledgeSource', sourceId, kind, name: sourceId, location, settings, credentialRef: null, syncEveryMinutes, actor: admin },
      { commandId: `configure-${sourceId}-${now}`, actorId: 'e-admin' },
    );
  const docs = async (sourceId: string) =>
    Object.fromEntries(
      (await scratch.ds.query(`SELECT native_id, status, access, title FROM knowledge_sources.documents WHERE source_id = $1`, [sourceId])).map(
        (r: { native_id: string }) => [r.native_id, r],
      ),
    );

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
    runner = new ProjectionRunner(scratch.store, scratch.ds, new KnowledgeSourcesProjection());
    runner.start();
    root = mkdtempSync(join(tmpdir(), 'share-'));
    wiki = new MediaWikiFixture(2);
    await wiki.server.start();
    sources = new StreamCommandProcessor(scratch.store, knowledgeSourceWriteSide, { clock }) as never;
    manager = new KnowledgeSyncManager(scratch.store, scratch.ds, {
      clock,
      environment: {
        shareRoots: [tmpdir()],
        secrets: {},
        employees: employeesByEmail({ 'anna@corp.example': 'e-anna' }),
        http: { sleep: async () => undefined },
      },
    });
  });
  afterAll(async () => {
    await runner.stop();
    await wiki.server.stop();
    await scratch.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('syncs a file share: publishes, skips unchanged content, mirrors a permission change, prunes a deleted file', async () => {
    write('.access.json', JSON.stringify({ public: true }));
    write('guide.md', '# Guide\n\nHello.');
    write('hr/.access.json', JSON.stringify({ public: false, allow: ['email:anna@corp.example'] }));
    write('hr/leave.md', '# Отпуск\n\n28 дней.');
    write('old.txt', 'Outdated.');
    await configure('share', 'fileshare', root);
    await caughtUp();

    expect(await manager.tick()).toEqual({ synced: ['share'], removed: [] });
    await caughtUp();
    expect(Object.keys(await docs('share')).sort()).toEqual(['guide.md', 'hr/leave.md', 'old.txt']);
    expect((await docs('share'))['hr/leave.md'].access).toEqual({ public: false, allow: ['user:e-anna'], classification: 'internal' });
    const [progress] = await scratch.ds.query(`SELECT state, phase, done, counts FROM knowledge_sync.progress WHERE source_id = 'share'`);
    expect(progress).toMatchObject({ state: 'idle', phase: 'done', done: 3, counts: { published: 3, unchanged: 0 } });
    expect(await manager.tick()).toEqual({ synced: [], removed: [] }); // on demand only: nothing due

    // Nothing changed: a full run publishes nothing.
    const before = (await events('KnowledgeDocumentPublished')).length;
    await manager.run('share', 'full');
    expect((await events('KnowledgeDocumentPublished')).length).toBe(before);
    expect((await events('KnowledgeSyncCompleted')).pop()!.data).toMatchObject({ mode: 'full', published: 0, unchanged: 3, deleted: 0 });

    // Permissions changed (sidecar), a file edited, a file deleted: an incremental run.
    await caughtUp();
    write('hr/.access.json', JSON.stringify({ public: false, allow: ['department:HR'] }), new Date('2026-12-02T10:00:00Z'));
    write('guide.md', '# Guide\n\nHello again.', new Date('2026-12-02T10:00:00Z'));
    rmSync(join(root, 'old.txt'));
    await manager.run('share', 'incremental');
    expect((await events('KnowledgeSyncCompleted')).pop()!.data).toMatchObject({
      mode: 'incremental',
      published: 1,
      accessChanged: 1,
      deleted: 1,
      unchanged: 0,
    });
    expect((await events('KnowledgeDocumentDeleted')).map((e) => e.data)).toEqual([
      expect.objectContaining({ nativeId: 'old.txt', reason: 'deleted_at_source' }),
    ]);
    await caughtUp();
    const after = await docs('share');
    expect(after['old.txt'].status).toBe('deleted');
    expect(after['hr/leave.md'].access.allow).toEqual(['department:HR']);
  });

  it('syncs a MediaWiki from the fixture, follows renames and deletions, and deletes everything when the source is removed', async () => {
    const vpn = wiki.edit('VPN', 'Use OpenVPN.');
    const leave = wiki.edit('Отпуск', '28 дней.');
    await configure('wiki', 'mediawiki', wiki.api, { namespaces: ['0'] }, 30);
    await caughtUp();
    await manager.tick();
    await caughtUp();
    expect(
      Object.values(await docs('wiki'))
        .map((d) => (d as { title: string }).title)
        .sort(),
    ).toEqual(['VPN', 'Отпуск']);

    wiki.move(leave, 'Leave policy');
    wiki.delete(vpn);
    now += 31 * 60_000; // the schedule: every 30 minutes
    expect((await manager.tick()).synced).toEqual(['wiki']);
    await caughtUp();
    const after = await docs('wiki');
    expect(after[String(leave)]).toMatchObject({ title: 'Leave policy', status: 'present' });
    expect(after[String(vpn)].status).toBe('deleted');

    await (sources as unknown as StreamCommandProcessor<unknown, never, never>).execute(
      { type: 'RemoveKnowledgeSource', sourceId: 'wiki', actor: admin },
      { commandId: 'remove-wiki', actorId: 'e-admin' },
    );
    await caughtUp();
    expect((await manager.tick()).removed).toEqual(['wiki']);
    await caughtUp();
    expect(Object.values(await docs('wiki')).every((d) => (d as { status: string }).status === 'deleted')).toBe(true);
    expect((await events('KnowledgeDocumentDeleted')).filter((e) => (e.data as { reason: string }).reason === 'source_removed')).toHaveLength(1);
  });

  it('syncs Confluence attachments with their page: one deleted at the source, and those of a deleted page, are pruned', async () => {
    const cf = new ConfluenceFixture(2);
    await cf.server.start();
    try {
      cf.space('HR', 'People', { users: [], groups: ['confluence-users'] });
      const page = cf.page('HR', 'Bonuses', '<p>See the attachments.</p>', { restrictions: { users: ['anna@corp.example'], groups: [] } });
      const pdf = cf.attach(page, 'Pool.pdf', pdfFile([['The pool is 38 million.']]), 'application/pdf');
      const notes = cf.attach(page, 'notes.md', Buffer.from('# Notes\n\nDraft.'), 'text/markdown');
      await configure('cf', 'confluence', cf.site, { spaces: ['HR'] });
      await caughtUp();
      await manager.run('cf', 'full');
      await caughtUp();
      const synced = await docs('cf');
      expect(Object.keys(synced).sort()).toEqual([page, pdf, notes].sort());
      expect(synced[pdf]).toMatchObject({ title: 'Pool.pdf', status: 'present', access: { public: false, allow: ['user:e-anna'] } });

      cf.detach(notes);
      await manager.run('cf', 'incremental');
      await caughtUp();
      expect((await docs('cf'))[notes].status).toBe('deleted');
      expect((await docs('cf'))[pdf].status).toBe('present');

      cf.trash(page);
      await manager.run('cf', 'incremental');
      await caughtUp();
      expect(Object.values(await docs('cf')).map((d) => (d as { status: string }).status)).toEqual(['deleted', 'deleted', 'deleted']);
      await (sources as unknown as StreamCommandProcessor<unknown, never, never>).execute(
        { type: 'RemoveKnowledgeSource', sourceId: 'cf', actor: admin },
        { commandId: 'remove-cf', actorId: 'e-admin' },
      );
      await caughtUp();
    } finally {
      await cf.server.stop();
    }
  });

  it('records a failing source with its error and leaves it alone until the retry time', async () => {
    await configure('broken', 'mediawiki', 'http://127.0.0.1:9/w');
    await caughtUp();
    const round = await manager.tick();
    expect(round.synced).not.toContain('broken');
    const [p] = await scratch.ds.query(`SELECT state, last_error, retry_at FROM knowledge_sync.progress WHERE source_id = 'broken'`);
    expect(p.state).toBe('failed');
    expect(p.last_error).toContain('127.0.0.1:9/w/api.php?…');
    expect(new Date(p.retry_at).getTime()).toBe(now + 5 * 60_000);
  });

  it('refuses a file share outside the allowed roots', async () => {
    await configure('etc', 'fileshare', '/etc');
    await caughtUp();
    await manager.tick();
    const [p] = await scratch.ds.query(`SELECT state, last_error FROM knowledge_sync.progress WHERE source_id = 'etc'`);
    expect(p).toMatchObject({ state: 'failed', last_error: expect.stringContaining('outside the folders') });
  });

  it('npm run knowledge:sync: syncs the named sources (or every active one) through the manager, with a summary per source', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: new Writable({ write: (_c, _e, done) => done() }) };
    const cli = (...argv: string[]) => runKnowledgeSyncCli(argv, { ds: scratch.ds, manager }, io);

    write('faq.md', '# FAQ\n\nAsk the bot.', new Date('2026-12-02T12:00:00Z'));
    const incremental = await cli('share');
    expect(incremental.code).toBe(0);
    expect(incremental.runs[0].summary).toMatchObject({ mode: 'incremental', discovered: 1, published: 1, unchanged: 0 });
    expect(lines.pop()).toMatch(
      /^share \(incremental\): 1 discovered, 1 changed, 0 permission changes, 0 deleted, 0 unchanged, 0 failed in [\d.]+ s, [\d.]+ documents\/s$/,
    );
    await caughtUp();

    const full = await cli('--full', 'share');
    expect(full.runs[0].summary).toMatchObject({ mode: 'full', discovered: 3, published: 0, unchanged: 3 });

    // Every active source: the broken ones fail with their error, and the exit code says so.
    lines.length = 0;
    const all = await cli();
    expect(all.runs.map((r) => r.sourceId)).toEqual(['broken', 'etc', 'share']);
    expect(all.code).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'broken: not synced (not active, being synced by the projector right now, or failed)',
        expect.stringContaining('outside the folders'),
        expect.stringMatching(/^total: 0 discovered, 0 changed, 0 permission changes, 0 deleted, 0 unchanged, 0 failed; /),
      ]),
    );
    expect(await cli('nope')).toMatchObject({ code: 2 });
    expect(lines.pop()).toBe('no active knowledge source nope (configured: broken, etc, share)');
  });
});
