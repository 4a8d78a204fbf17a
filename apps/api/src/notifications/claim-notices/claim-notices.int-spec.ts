import { randomUUID } from 'node:crypto';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { ClaimNoticesCommand } from './claim-notices.command';
import { ClaimNoticesHandler, RECENT_MINUTES } from './claim-notices.handler';

const [db] = testDatabases();

/**
 * The claim reads the notices of the last minutes, and sweeps the whole window of days on its first call and then
 * once a minute: a notice a lagging projector writes with its event's old time is still found. The rows are written
 * as the projections write them (identity's employees and bindings, the auction's outbox).
 */
describe('claiming notices: recent ones at once, late-written old ones by the sweep', () => {
  let scratch: ScratchStores;

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 2);
    await scratch.ds.query(
      `INSERT INTO identity.employees (employee_id, full_name, email, department, position, office, clearance, status, hired_at, telegram_user_id, telegram_bound_at, revision, updated_at)
       VALUES ('anna', 'Anna', 'anna@example.com', 'D', 'P', 'O', 'internal', 'active', now(), 5001, now(), 1, now())`,
    );
    await scratch.ds.query(`INSERT INTO identity.telegram_bindings (telegram_user_id, employee_id, bound_at) VALUES (5001, 'anna', now())`);
  });
  afterAll(() => scratch.close());

  /** An outbid notice for anna, made `minutesAgo` (the event's time), written now. */
  const notice = async (minutesAgo: number) => {
    const id = randomUUID();
    await scratch.ds.query(
      `INSERT INTO auction.notifications (id, event_id, recipient_id, kind, category, lot_id, data, created_at)
       VALUES ($1, $2, 'anna', 'outbid', 'outbid', 'bike', '{"title": "Bike"}', now() - make_interval(mins => $3))`,
      [id, randomUUID(), minutesAgo],
    );
    return id;
  };
  const claimed = async (handler: ClaimNoticesHandler) => (await handler.execute(new ClaimNoticesCommand(50, 60))).items.map((n) => n.id);

  it('finds an hour-old notice written late on the sweep, not on every claim', async () => {
    const api = new ClaimNoticesHandler(scratch.ds);
    const early = await notice(60);
    expect(await claimed(api)).toEqual([early]); // the first claim of a process sweeps the whole window
    const late = await notice(60); // the projector was behind: written now, with its event's time
    const fresh = await notice(0);
    expect(await claimed(api)).toEqual([fresh]); // the next claims read only the last minutes...
    expect(await claimed(new ClaimNoticesHandler(scratch.ds))).toEqual([late]); // ...until the next sweep (here: another process)
    const stale = await notice(7 * 24 * 60 + 1);
    expect(await claimed(new ClaimNoticesHandler(scratch.ds))).not.toContain(stale); // older than the maximum age: never
  });

  it(`a notice just inside the recent window (${RECENT_MINUTES} minutes) needs no sweep`, async () => {
    const api = new ClaimNoticesHandler(scratch.ds);
    await claimed(api); // the sweep
    const id = await notice(RECENT_MINUTES - 1);
    expect(await claimed(api)).toEqual([id]);
  });
});
