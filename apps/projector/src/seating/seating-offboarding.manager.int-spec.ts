import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { floorPlanStreamId } from '@megabot/contracts';
import { floorPlanWriteSide } from '@megabot/domain';
import { StreamCommandProcessor } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { applyInTransaction } from '../projection-runner';
import { allProcessManagers } from '../projections';
import { SeatingOffboardingManager } from './seating-offboarding.manager';
import { SeatingProjection } from './seating.projection';

const [db] = testDatabases();
const ADMIN = { employeeId: 'admin', roles: ['employee', 'admin'] };

describe('seating offboarding manager', () => {
  let scratch: ScratchStores;

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
  });
  afterAll(async () => {
    await scratch.close();
  });

  /** Everything in the plan's stream so far, into the seating read model (the global log shows an event once no older transaction on the server is in flight: wait for it). */
  const project = async () => {
    const projection = new SeatingProjection();
    const expected = (await scratch.store.readStream(floorPlanStreamId('msk', 5))).length;
    let all = await scratch.store.readAll({ maxCount: 10_000 });
    for (let i = 0; i < 400 && all.length < expected; i++) {
      await new Promise((r) => setTimeout(r, 25));
      all = await scratch.store.readAll({ maxCount: 10_000 });
    }
    await scratch.ds.transaction((q) => applyInTransaction(q, projection, 'seating', all));
  };
  const employee = (employeeId: string, status: 'active' | 'dismissed') =>
    scratch.ds.query(
      `INSERT INTO directory.employees (employee_id, full_name, email, department, position, office, status, privacy, revision, pos_commit, pos_prepare)
       VALUES ($1, $1, $1 || '@example.com', 'Test', 'Tester', 'HQ', $2, '{"email": true, "telegram": false, "photo": true}', 0, 0, 0)`,
      [employeeId, status],
    );

  it('runs with the projector', () => {
    expect(allProcessManagers({ store: scratch.store, ds: scratch.ds }).map((m) => m.name)).toContain('seating-offboarding');
  });

  it('gives back the desks of dismissed employees, once; active employees keep theirs', async () => {
    const plans = new StreamCommandProcessor(scratch.store, floorPlanWriteSide);
    let n = 0;
    const plan = (command: Record<string, unknown>) =>
      plans.execute({ officeId: 'msk', floor: 5, actor: ADMIN, ...command } as never, { commandId: `c${++n}`, actorId: 'admin' });
    const svg = readFileSync(join(__dirname, '../../../../samples/seating/msk-5.svg'), 'utf8');
    await plan({
      type: 'PublishFloorPlan',
      name: '5',
      svg,
      office: { officeId: 'msk', timeZone: 'UTC', archived: false },
      roomOffices: { 'msk-arbat': 'msk', 'msk-tverskaya': 'msk' },
    });
    await plan({ type: 'AssignDesk', deskId: 'msk5-d01', employeeId: 'anna', employeeActive: true, employeeDeskElsewhere: null });
    await plan({ type: 'AssignDesk', deskId: 'msk5-d03', employeeId: 'boris', employeeActive: true, employeeDeskElsewhere: null });
    await employee('anna', 'dismissed');
    await employee('boris', 'active');
    await project();

    const manager = new SeatingOffboardingManager(scratch.store, scratch.ds);
    expect(await manager.tick()).toEqual({ released: 1 });
    const events = await scratch.store.readStream(floorPlanStreamId('msk', 5));
    expect(events.at(-1)).toMatchObject({
      type: 'DeskUnassigned',
      data: { deskId: 'msk5-d01', employeeId: 'anna', reason: 'dismissed', unassignedBy: 'seating-offboarding' },
    });
    await project();
    expect(await manager.tick()).toEqual({ released: 0 });
    expect(await scratch.store.readStream(floorPlanStreamId('msk', 5))).toHaveLength(events.length);
    const desks = await scratch.ds.query(`SELECT desk_id, assignee_id FROM seating.desks WHERE assignee_id IS NOT NULL ORDER BY desk_id`);
    expect(desks).toEqual([{ desk_id: 'msk5-d03', assignee_id: 'boris' }]);
  });
});
