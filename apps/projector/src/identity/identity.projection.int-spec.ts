import { employeeStreamId, type EmployeeEvent } from '@megabot/contracts';
import { employeeWriteSide, resolveIdentityPolicy, type EmployeeCommand } from '@megabot/domain';
import { StreamCommandProcessor, type RecordedEvent } from '@megabot/event-store';
import { TableWriter } from '@megabot/read-model';
import { readSettledLog, testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { applyInTransaction } from '../projection-runner';
import { IdentityProjection } from './identity.projection';

const [db] = testDatabases();
const ADMIN = { employeeId: 'e-admin', roles: ['employee', 'admin'] };
const record = (name: string, email: string) => ({ fullName: name, email, department: 'Eng', position: 'Dev', office: 'HQ' });

/** The identity read model equals what the events say, whatever the batch boundaries, and a batch applied twice changes nothing. */
describe('identity projection', () => {
  let scratch: ScratchStores;
  const projection = new IdentityProjection();
  let log: RecordedEvent[];

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 3);
    const processor = new StreamCommandProcessor(scratch.store, employeeWriteSide(resolveIdentityPolicy({ allowedEmailDomains: ['example.com'] })));
    let n = 0;
    const run = (c: EmployeeCommand) => processor.execute(c, { commandId: `c${n++}` });
    await run({
      type: 'HireEmployee',
      employeeId: 'e-anna',
      record: { ...record('Anna', 'anna@example.com'), roles: ['employee', 'admin'], projects: ['b', 'a'] },
      actor: ADMIN,
    });
    await run({ type: 'HireEmployee', employeeId: 'e-boris', record: { ...record('Boris', 'boris@example.com'), managerId: 'e-anna' }, actor: ADMIN });
    await run({ type: 'BindTelegram', employeeId: 'e-anna', telegramUserId: 1001, email: 'anna@example.com' });
    await run({ type: 'BindTelegram', employeeId: 'e-anna', telegramUserId: 1002, email: 'anna@example.com' }); // rebound
    await run({ type: 'BindTelegram', employeeId: 'e-boris', telegramUserId: 2001, email: 'boris@example.com' });
    await run({ type: 'UpdateEmployee', employeeId: 'e-boris', changes: { position: 'Lead', managerId: null }, actor: ADMIN });
    await run({ type: 'DismissEmployee', employeeId: 'e-boris', reason: 'gone', actor: ADMIN });
    log = await readSettledLog(scratch.store, [employeeStreamId('e-anna'), employeeStreamId('e-boris')]);
  });
  afterAll(async () => {
    await scratch.close();
  });

  const state = async () => ({
    employees: await scratch.ds.query(
      `SELECT employee_id, full_name, email, position, manager_id, roles, projects, status, telegram_user_id, dismiss_reason FROM identity.employees ORDER BY employee_id`,
    ),
    bindings: await scratch.ds.query(`SELECT telegram_user_id, employee_id FROM identity.telegram_bindings ORDER BY telegram_user_id`),
  });

  it('projects hires, updates, rebinding and dismissal; replaying every event again changes nothing', async () => {
    const apply = async (events: RecordedEvent[]) => {
      const q = scratch.ds.createQueryRunner();
      await q.connect();
      await q.startTransaction();
      await projection.apply(
        events.filter((e) => projection.handles(e.type)),
        new TableWriter(q),
      );
      await q.commitTransaction();
      await q.release();
    };
    // one event per batch, then everything again in one batch
    for (const e of log) await apply([e]);
    const once = await state();
    await apply(log);
    expect(await state()).toEqual(once);
    expect(once.employees).toEqual([
      {
        employee_id: 'e-anna',
        full_name: 'Anna',
        email: 'anna@example.com',
        position: 'Dev',
        manager_id: null,
        roles: ['employee', 'admin'],
        projects: ['a', 'b'],
        status: 'active',
        telegram_user_id: '1002',
        dismiss_reason: null,
      },
      {
        employee_id: 'e-boris',
        full_name: 'Boris',
        email: 'boris@example.com',
        position: 'Lead',
        manager_id: null,
        roles: [],
        projects: [],
        status: 'dismissed',
        telegram_user_id: null,
        dismiss_reason: 'gone',
      },
    ]);
    expect(once.bindings).toEqual([{ telegram_user_id: '1002', employee_id: 'e-anna' }]);
    expect((log.find((e) => e.type === 'EmployeeDismissed')!.data as EmployeeEvent['data'] & { telegramUserId: number }).telegramUserId).toBe(2001);
  });

  it('the runner path (checkpoint in the same transaction) gives the same rows', async () => {
    await scratch.ds.query(`TRUNCATE identity.employees, identity.telegram_bindings`);
    await scratch.ds.query(`UPDATE identity.checkpoint SET commit_position = 0, prepare_position = 0`);
    const q = scratch.ds.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    await applyInTransaction(q, projection, 'identity', log);
    await q.commitTransaction();
    await q.release();
    expect((await state()).bindings).toEqual([{ telegram_user_id: '1002', employee_id: 'e-anna' }]);
  });
});
