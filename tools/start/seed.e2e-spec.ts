import type { INestApplication } from '@nestjs/common';
import { PostgresEventStore } from '@megabot/event-store';
import { createScratchDatabase, testDatabases } from '@megabot/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { DEMO_ADMIN_IDS } from './demo-data';
import { DEMO_DISPLAY, seedDemoData, seedDemoDisplay } from './seed';

const [db] = testDatabases();

describe('npm start demo seeding', () => {
  let drop: () => Promise<void>;
  let app: INestApplication;
  let store: PostgresEventStore;
  let url: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabase(db.url);
    drop = scratch.drop;
    store = await PostgresEventStore.create({ connectionString: scratch.url });
    // as tools/start/main.ts configures the API for the demo
    app = await createApiApp(
      { databaseUrl: scratch.url, httpAdapter: 'fastify', dbPoolSize: 3, readWaitTimeoutMs: 1000, adminEmployeeIds: DEMO_ADMIN_IDS },
      false,
    );
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    await drop();
  });

  it('opens every demo lot (company lots by the demo admin) and places every bid under the new rules; a restart is a no-op', async () => {
    expect(DEMO_ADMIN_IDS).toEqual(['e-anna']);
    expect(await seedDemoData(url)).toEqual({ lots: 3, problems: [] });
    const parking = await store.readStream('auction-demo-parking-p12');
    expect(parking.map((e) => e.type)).toEqual(['LotOpened', 'MaximumSet', 'BidPlaced', 'BuyNowExpired', 'MaximumSet', 'BidPlaced']);
    expect(parking[0].data).toMatchObject({ kind: 'parking_spot', sellerId: 'e-anna', openedBy: { employeeId: 'e-anna', roles: ['employee', 'admin'] } });
    expect((await store.readStream('auction-demo-thinkpad-t14'))[0].data).toMatchObject({ kind: 'hardware', sellerId: 'e-dmitry' });
    expect(await seedDemoData(url)).toEqual({ lots: 0, problems: [] });
  });

  it('registers the demo door display once and hands out a fresh token on every start', async () => {
    await seedDemoData(url);
    const first = await seedDemoDisplay(url);
    expect(first).toEqual({ displayId: DEMO_DISPLAY.displayId, token: expect.stringMatching(/^rd_/) });
    const again = await seedDemoDisplay(url);
    expect(again.token).toMatch(/^rd_/);
    expect(again.token).not.toBe(first.token);
    expect((await store.readStream(`display-${DEMO_DISPLAY.displayId}`)).map((e) => e.type)).toEqual(['DisplayRegistered', 'DisplayTokenRotated']);
  });
});
