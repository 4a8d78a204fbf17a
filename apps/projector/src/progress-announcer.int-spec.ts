import { PROJECTIONS_CHANNEL } from '@megabot/read-model';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { Client } from 'pg';
import { ProgressAnnouncer } from './progress-announcer';

describe('ProgressAnnouncer', () => {
  let scratch: ScratchStores;
  let listener: Client;
  const heard: string[] = [];

  beforeAll(async () => {
    scratch = await openScratchStores(testDatabases()[0].url);
    listener = new Client({ connectionString: scratch.url });
    await listener.connect();
    listener.on('notification', (n) => n.channel === PROJECTIONS_CHANNEL && heard.push(n.payload ?? ''));
    await listener.query(`LISTEN ${PROJECTIONS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await scratch.close();
  });

  it("announces each projection's newest position, several projections in one statement", async () => {
    const announcer = new ProgressAnnouncer(scratch.ds);
    const calls: string[] = [];
    const query = scratch.ds.query.bind(scratch.ds);
    scratch.ds.query = ((sql: string, params?: unknown[]) => (calls.push(sql), query(sql, params))) as typeof scratch.ds.query;
    try {
      for (let i = 1; i <= 50; i++) {
        announcer.announce('auction', { commit: BigInt(i), prepare: BigInt(i) });
        announcer.announce('rooms', { commit: BigInt(i), prepare: BigInt(i) });
      }
      for (let i = 0; i < 400 && !(heard.includes('auction:50-50') && heard.includes('rooms:50-50')); i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      scratch.ds.query = query;
    }
    expect(heard).toContain('auction:50-50');
    expect(heard).toContain('rooms:50-50');
    // coalesced: the first announcement goes at once, the rest wait for it and go together
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(heard.length).toBeLessThanOrEqual(4);
  });
});
