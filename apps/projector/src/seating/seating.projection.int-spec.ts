import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deskDayWriteSide, fixedZone, floorPlanWriteSide, type DeskContext } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { applyInTransaction, ProjectionRunner } from '../projection-runner';
import { rebuildProjection } from '../rebuild';
import { allProjections } from '../projections';
import { SeatingProjection } from './seating.projection';

const [db] = testDatabases();
const NOW = new Date('2026-12-01T09:00:00Z');
const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };
const emp = (employeeId: string) => ({ employeeId, roles: ['employee'] });
const sample = (name: string) => readFileSync(join(__dirname, '../../../../samples/seating', name), 'utf8');

describe('seating projection: replay and rebuild', () => {
  let scratch: ScratchStores;
  const projection = new SeatingProjection();

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
  });
  afterAll(async () => {
    await scratch.close();
  });

  const snapshot = async () => ({
    plans: await scratch.ds.query(`SELECT office_id, floor, name, version, shapes, revision FROM seating.plans ORDER BY office_id, floor`),
    desks: await scratch.ds.query(`SELECT * FROM seating.desks ORDER BY office_id, floor, desk_id`),
    bookings: await scratch.ds.query(`SELECT * FROM seating.desk_bookings ORDER BY booking_id`),
  });

  it('is one of the projections the projector runs and rebuilds', () => {
    expect(allProjections().map((p) => p.name)).toContain('seating');
  });

  it('projects plans, desks, assignments and bookings; a replay or a rebuild gives the same rows', async () => {
    const plans = new StreamCommandProcessor(scratch.store, floorPlanWriteSide, { clock: () => NOW });
    const days = new StreamCommandProcessor(scratch.store, deskDayWriteSide, { clock: () => NOW });
    let n = 0;
    const plan = (command: Record<string, unknown>) =>
      plans.execute({ officeId: 'msk', floor: 5, actor: ADMIN, ...command } as never, { commandId: `c${++n}`, actorId: 'admin' });
    const office = { officeId: 'msk', timeZone: 'Europe/Moscow', archived: false };
    const roomOffices = { 'msk-arbat': 'msk', 'msk-tverskaya': 'msk' };
    await plan({ type: 'PublishFloorPlan', name: 'Floor 5', svg: sample('msk-5.svg'), office, roomOffices });
    await plan({ type: 'AssignDesk', deskId: 'msk5-d01', employeeId: 'anna', employeeActive: true, employeeDeskElsewhere: null });
    await plan({ type: 'AssignDesk', deskId: 'msk5-d02', employeeId: 'boris', employeeActive: true, employeeDeskElsewhere: null });
    // the same plan without desk 2: boris's assignment ends
    await plan({ type: 'PublishFloorPlan', name: 'Floor 5', svg: sample('msk-5.svg').replace(/<rect id="msk5-d02"[^>]*>/, ''), office, roomOffices });
    await plan({ type: 'ChangeDesk', deskId: 'msk5-d12', label: 'Window' });
    const desk: DeskContext = { officeId: 'msk', floor: 5, deskId: 'msk5-d05', onPlan: true, kind: 'hot', zone: fixedZone('Europe/Moscow', 180) };
    const day = (command: Record<string, unknown>, actor: string) =>
      days.execute({ desk, date: '2026-12-02', actor: emp(actor), ...command } as never, { commandId: `c${++n}`, actorId: actor });
    await day({ type: 'BookDesk', bookingId: 'b1', employeeId: 'carl', employeeSeatElsewhere: null }, 'carl');
    await day({ type: 'CancelDeskBooking' }, 'carl');
    await day({ type: 'BookDesk', bookingId: 'b2', employeeId: 'dana', employeeSeatElsewhere: null }, 'dana');

    const runner = new ProjectionRunner(scratch.store, scratch.ds, projection);
    runner.start();
    for (let i = 0; i < 400; i++) {
      const [row] = await scratch.ds.query(`SELECT count(*)::int AS n FROM seating.desk_bookings`);
      if (row.n === 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await runner.stop();

    const live = await snapshot();
    expect(live.plans).toEqual([expect.objectContaining({ office_id: 'msk', floor: 5, version: 2 })]);
    const desks = Object.fromEntries(live.desks.map((d: { desk_id: string }) => [d.desk_id, d]));
    expect(desks['msk5-d01']).toMatchObject({ assignee_id: 'anna', on_plan: true, kind: 'assigned', label: '5.01' });
    expect(desks['msk5-d02']).toMatchObject({ assignee_id: null, on_plan: false });
    expect(desks['msk5-d12']).toMatchObject({ label: 'Window', kind: 'hot' });
    expect(live.bookings.map((b: { booking_id: string; status: string; employee_id: string }) => [b.booking_id, b.employee_id, b.status])).toEqual([
      ['b1', 'carl', 'cancelled'],
      ['b2', 'dana', 'booked'],
    ]);

    // replay everything in place, bypassing the checkpoint: the row revisions keep it a no-op
    const all = await scratch.store.readAll({ maxCount: 10_000 });
    await scratch.ds.query(`UPDATE seating.checkpoint SET commit_position = 0, prepare_position = 0`);
    await scratch.ds.transaction((q) => applyInTransaction(q, projection, 'seating', all));
    expect(await snapshot()).toEqual(live);

    // rebuild from position 0 into fresh tables: the same rows
    await rebuildProjection(scratch.store, scratch.ds, projection);
    expect(await snapshot()).toEqual(live);
  });
});
