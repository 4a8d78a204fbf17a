import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { KnowledgeSyncManager } from '../../../projector/src/knowledge/sync/knowledge-sync.manager';

describe('knowledge sources API over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  let root: string;
  let logs: string[];

  beforeAll(async () => {
    system = await startTestSystem({ httpAdapter: 'fastify', dbPoolSize: 4, readWaitTimeoutMs: 3000, adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    await system.employees('admin', 'anna');
    root = mkdtempSync(join(tmpdir(), 'share-'));
    writeFileSync(join(root, '.access.json'), JSON.stringify({ public: true }));
    writeFileSync(join(root, 'vpn.md'), '# VPN\n\nUse OpenVPN.');
    logs = [];
  });
  afterAll(async () => {
    await system.close();
    rmSync(root, { recursive: true, force: true });
  });

  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  };
  const source = async (sourceId: string) => (await http.get(`/knowledge/sources/${sourceId}`).set(system.as('admin')).expect(200)).body;

  it('is for admins: an employee is refused 403', async () => {
    await http.get('/knowledge/sources').set(system.as('anna')).expect(403);
    await http.post('/knowledge/sources').set(system.as('anna')).send({ sourceId: 'x', kind: 'fileshare', name: 'X', location: root }).expect(403);
  });

  it('refuses bad input with 400 and a secret in place of its variable name with a specific message', async () => {
    const bad = await http
      .post('/knowledge/sources')
      .set(system.as('admin'))
      .send({ sourceId: 'Bad Id', kind: 'sharepoint', name: '', location: root })
      .expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('sourceId must be');
    const secret = await http
      .post('/knowledge/sources')
      .set(system.as('admin'))
      .send({ sourceId: 'wiki', kind: 'mediawiki', name: 'Wiki', location: 'https://wiki.example.com/w', credentialRef: 'hunter2' })
      .expect(400);
    expect(JSON.stringify(secret.body)).toContain('credentialRef must name an environment variable');
    expect(JSON.stringify(secret.body)).not.toContain('hunter2');
    const inUrl = await http
      .post('/knowledge/sources')
      .set(system.as('admin'))
      .send({ sourceId: 'wiki', kind: 'mediawiki', name: 'Wiki', location: 'https://bot:s3cret@wiki.example.com/w' })
      .expect(422);
    expect(inUrl.body.code).toBe('knowledge.invalid_settings');
    await http.get('/knowledge/sources/nope').set(system.as('admin')).expect(404);
    await http.post('/knowledge/sources/nope/sync').set(system.as('admin')).send({}).expect(404);
  });

  it('configures, lists (credential by name only), syncs with progress, requests a sync, removes', async () => {
    await http
      .post('/knowledge/sources')
      .set(system.as('admin'))
      .send({
        sourceId: 'wiki',
        kind: 'mediawiki',
        name: 'Wiki',
        location: 'http://127.0.0.1:9/w',
        credentialRef: 'KNOWLEDGE_SECRET_WIKI',
        syncEveryMinutes: 60,
      })
      .expect(201);
    const created = await http
      .post('/knowledge/sources')
      .set(system.as('admin'))
      .send({ sourceId: 'share', kind: 'fileshare', name: 'Share', location: root })
      .expect(201);
    expect(created.body).toMatchObject({ sourceId: 'share' });
    await until(async () => (await http.get('/knowledge/sources').set(system.as('admin'))).body.items?.length === 2);
    const list = (await http.get('/knowledge/sources').set(system.as('admin')).expect(200)).body;
    expect(list.items.map((s: { sourceId: string }) => s.sourceId)).toEqual(['share', 'wiki']);
    expect(list.items[1]).toMatchObject({
      kind: 'mediawiki',
      credentialRef: 'KNOWLEDGE_SECRET_WIKI',
      syncEveryMinutes: 60,
      status: 'active',
      documents: 0,
      progress: null,
    });

    // The projector's sync runner (as `npm start` runs it), with this test's folder allowed.
    const manager = new KnowledgeSyncManager(system.store, system.ds, {
      log: (m) => logs.push(m),
      environment: { shareRoots: [tmpdir()], secrets: { KNOWLEDGE_SECRET_WIKI: 'wiki-token-value' }, http: { sleep: async () => undefined } },
    });
    await manager.run('share', 'full');
    await until(async () => (await source('share')).lastSync !== null);
    const synced = await source('share');
    expect(synced.progress).toMatchObject({ state: 'idle', phase: 'done', done: 1, counts: { published: 1 } });
    expect(synced.lastSync).toMatchObject({ mode: 'full', published: 1, deleted: 0 });

    await http.post('/knowledge/sources/share/sync').set(system.as('admin')).send({ mode: 'bogus' }).expect(400);
    const requested = await http.post('/knowledge/sources/share/sync').set(system.as('admin')).send({ mode: 'full' }).expect(201);
    expect(requested.body).toMatchObject({ sourceId: 'share', mode: 'full' });
    await until(async () => (await source('share')).requested?.mode === 'full');
    expect((await manager.tick()).synced).toContain('share');

    // The wiki is unreachable: its failure is shown with the error, never with the credential's value.
    await manager.run('wiki', 'full');
    const wiki = await source('wiki');
    expect(wiki.progress).toMatchObject({ state: 'failed' });
    expect(JSON.stringify(wiki)).not.toContain('wiki-token-value');
    expect(logs.join('\n')).not.toContain('wiki-token-value');

    await http.delete('/knowledge/sources/share').set(system.as('admin')).expect(200);
    await until(async () => (await source('share')).status === 'removed');
    await manager.tick();
    await until(async () => (await source('share')).documents === 0);
    await http.post('/knowledge/sources/share/sync').set(system.as('admin')).send({}).expect(409);
  });
});
