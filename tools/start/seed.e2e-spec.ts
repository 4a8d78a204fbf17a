import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PersonalTokens } from '../../apps/api/src/core/access/personal-tokens';
import { startTestSystem, type TestSystem } from '../testing/test-system';
import { StartCredentials } from './credentials';
import { DEMO_ADMIN_IDS, DEMO_AUDITOR_IDS, DEMO_EMAIL_DOMAIN } from './demo-data';
import { DEMO_DISPLAY, seedDemoData, seedDemoDisplay, seedDemoEmployees, seedDemoSeating, type ActAs } from './seed';

describe('npm start demo seeding', () => {
  let system: TestSystem;
  let dataDir: string;
  let url: string;
  /** What npm start acts with: a short-lived personal access token per acting employee. */
  let as: ActAs;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-seed-data-'));
    // as tools/start/main.ts configures the API for the demo
    system = await startTestSystem({
      dbPoolSize: 3,
      readWaitTimeoutMs: 1000,
      adminEmployeeIds: DEMO_ADMIN_IDS,
      auditorEmployeeIds: DEMO_AUDITOR_IDS,
      identity: { allowedEmailDomains: [DEMO_EMAIL_DOMAIN], dataDir },
    });
    url = system.apiUrl;
    as = new StartCredentials(system.api.get(PersonalTokens)).seeder().as;
    // the sellers and bidders are employees: hired first, as npm start does
    expect((await seedDemoEmployees(url, as)).problems).toEqual([]);
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens every demo lot (company lots by the demo admin) and places every bid under the new rules; a restart is a no-op', async () => {
    expect(DEMO_ADMIN_IDS).toEqual(['e-anna']);
    expect(await seedDemoData(url, as)).toEqual({ lots: 3, problems: [] });
    const parking = await system.store.readStream('auction-demo-parking-p12');
    expect(parking.map((e) => e.type)).toEqual(['LotOpened', 'BidPlaced', 'BuyNowExpired', 'BidPlaced']);
    expect(parking[0].data).toMatchObject({ kind: 'parking_spot', sellerId: 'e-anna', openedBy: { employeeId: 'e-anna', roles: ['employee', 'admin'] } });
    expect((await system.store.readStream('auction-demo-thinkpad-t14'))[0].data).toMatchObject({ kind: 'hardware', sellerId: 'e-dmitry' });
    expect(await seedDemoData(url, as)).toEqual({ lots: 0, problems: [] });
  });

  it('registers the demo door display once and hands out a fresh token on every start', async () => {
    await seedDemoData(url, as);
    const first = await seedDemoDisplay(url, as);
    expect(first).toEqual({ displayId: DEMO_DISPLAY.displayId, token: expect.stringMatching(/^rd_/) });
    const again = await seedDemoDisplay(url, as);
    expect(again.token).toMatch(/^rd_/);
    expect(again.token).not.toBe(first.token);
    expect((await system.store.readStream(`display-${DEMO_DISPLAY.displayId}`)).map((e) => e.type)).toEqual(['DisplayRegistered', 'DisplayTokenRotated']);
  });

  it('publishes the sample floor plans of the Moscow office with the seeded rooms and assigns the demo desks; a restart writes nothing', async () => {
    await seedDemoData(url, as);
    const five = await system.store.readStream('seatingplan-msk-5');
    expect(five.map((e) => e.type)).toEqual(['FloorPlanPublished', 'DeskAssigned', 'DeskAssigned']);
    expect((five[0].data as { shapes: { rooms: { roomId: string }[] } }).shapes.rooms.map((r) => r.roomId)).toEqual(['msk-arbat', 'msk-tverskaya']);
    expect((await system.store.readStream('seatingplan-msk-7')).map((e) => e.type)).toEqual(['FloorPlanPublished', 'DeskAssigned']);
    expect(await seedDemoSeating(url, as)).toEqual({ problems: [] });
    expect(await system.store.readStream('seatingplan-msk-5')).toHaveLength(3);
  });
});
