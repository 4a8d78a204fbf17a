import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROBLEM_CONTENT_TYPE } from '@megabot/contracts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@megabot/platform';
import request from 'supertest';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

/**
 * The database stopped under a running API and projector, and started again (same port, same data): requests meanwhile
 * get 503 problem+json with Retry-After, and afterwards the API and the projections carry on by themselves. The full
 * probe under load is `npm run test:reliability` (databaseFaults).
 */
describe('the database stopped and started under the API', () => {
  let dir: string;
  let pg: EmbeddedPostgres;
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  let down = false;
  const startAgain = async () => {
    pg = await startEmbeddedPostgres({ dataDir: pg.dataDir, database: 'outage', port: pg.port });
    down = false;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-outage-'));
    fs.chmodSync(dir, 0o755); // the postgres user (as root) must traverse it
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), database: 'outage' });
    system = await startTestSystem({ httpAdapter: 'fastify', readWaitTimeoutMs: 3000 }, { databaseUrl: pg.url });
    http = request(system.apiUrl);
    await system.employees('seller', 'anna');
  });
  afterAll(async () => {
    if (down) await startAgain(); // the test failed during the outage: its database is dropped on the server
    await system?.close();
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while it is down; the retried command then has its one effect and the read side catches up', async () => {
    const opened = await http
      .post('/auctions')
      .set(system.as('seller'))
      .send({ lotId: 'outage1', kind: 'own_lot', title: 'Lamp', startingPrice: 100, closesAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(opened.status).toBe(201);

    await pg.stop();
    down = true;
    const bid = () => http.post('/auctions/outage1/bids').set(system.as('anna')).set('idempotency-key', 'outage-bid').send({ amount: 100 });
    for (const res of [await bid(), await http.get('/auctions/outage1').set(system.as('anna'))]) {
      expect([res.status, res.headers['content-type'], res.body.code]).toEqual([503, expect.stringContaining(PROBLEM_CONTENT_TYPE), 'service.unavailable']);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }

    await startAgain();
    // a client retries after Retry-After until the pools have reconnected
    let accepted = await bid();
    for (let i = 0; accepted.status === 503 && i < 60; i++) {
      await new Promise((r) => setTimeout(r, Number(accepted.headers['retry-after']) * 1000));
      accepted = await bid();
    }
    expect(accepted.status).toBe(201);
    const again = await bid();
    expect([again.status, again.body.duplicate, again.body.position]).toEqual([201, true, accepted.body.position]);
    const bidEvents = (await system.store.readStream('auction-outage1')).filter((e) => e.type === 'BidPlaced');
    expect(bidEvents).toHaveLength(1);

    // the projection runner reconnected: the read side shows the bid (read-your-writes on the bid's position)
    const lot = await http.get('/auctions/outage1').query({ waitFor: accepted.body.position }).set(system.as('anna'));
    expect([lot.status, lot.body.bidCount, lot.body.leaderId]).toEqual([200, 1, 'anna']);
  });
});
