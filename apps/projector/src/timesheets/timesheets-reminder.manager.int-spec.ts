import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { testClock } from '../rooms/rooms.testing';
import { TimesheetsReminderManager, timesheetsReminderId } from './timesheets-reminder.manager';

const [db] = testDatabases();

/** 2026-03-04 is a Wednesday; Moscow is UTC+3, New York UTC-5 then. */
describe('timesheets reminders (controllable clock)', () => {
  let scratch: ScratchStores;
  const time = testClock('2026-03-04T07:30:00Z');

  const employee = (id: string, o: { office?: string; projects?: string[]; telegram?: number | null; hiredAt?: string; status?: string } = {}) =>
    scratch.ds.query(
      `INSERT INTO identity.employees (employee_id, full_name, email, department, position, office, roles, clearance, projects, status, hired_at,
                                       telegram_user_id, revision, updated_at)
       VALUES ($1, $1, $1 || '@example.com', 'Eng', 'Dev', $2, '{employee}', 'internal', $3, $4, $5, $6, 0, now())`,
      [
        id,
        o.office ?? 'HQ',
        o.projects ?? ['ACME'],
        o.status ?? 'active',
        o.hiredAt ?? '2026-02-26T06:00:00Z',
        o.telegram === undefined ? 1000 + id.length : o.telegram,
      ],
    );
  const logged = (employeeId: string, ...dates: string[]) =>
    Promise.all(
      dates.map((date, i) =>
        scratch.ds.query(
          `INSERT INTO timesheets.entries (employee_id, entry_id, period, date, project, task, minutes, comment, deleted, logged_by, logged_at, updated_at, stream_revision)
           VALUES ($1, $2, $3, $4, 'ACME', NULL, 480, '', false, $1, now(), now(), $5)`,
          [employeeId, `${date}-${i}`, date.slice(0, 7), date, i],
        ),
      ),
    );
  const reminders = () => scratch.ds.query(`SELECT recipient_id, date, missing FROM timesheets_outbox.reminders ORDER BY recipient_id, date`);

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 2);
    await scratch.ds.query(
      `INSERT INTO timesheets.projects (code, name, status, updated_at, revision) VALUES ('ACME', 'Acme', 'open', now(), 0), ('OLD', 'Old', 'closed', now(), 1)`,
    );
    await scratch.ds.query(
      `INSERT INTO rooms.offices (office_id, name, address, time_zone, status, created_at, updated_at, revision) VALUES ('nyc', 'NYC', '', 'America/New_York', 'active', now(), now(), 0)`,
    );
    await employee('anna'); // Moscow (HQ is not a rooms office: the default zone); logged Monday only
    await employee('boris', { projects: ['OLD'] }); // only a closed project: does not log time
    await employee('carl', { telegram: null }); // no Telegram account to remind
    await employee('dana', { office: 'nyc' });
    await employee('erik'); // logged every day
    await employee('gone', { status: 'dismissed' });
    await logged('anna', '2026-03-02');
    await logged('erik', '2026-02-26', '2026-02-27', '2026-03-02', '2026-03-03');
  });
  afterAll(async () => {
    await scratch.close();
  });

  it('reminds once a local day from 11:00 of the empty working days since the hire, skipping weekends and people who do not log time', async () => {
    const manager = new TimesheetsReminderManager(scratch.ds, { clock: time.clock });
    expect(await manager.tick()).toEqual({ reminded: 0 }); // 10:30 in Moscow
    time.set('2026-03-04T08:30:00Z'); // 11:30 in Moscow, 03:30 in New York
    expect(await manager.tick()).toEqual({ reminded: 1 });
    expect(await reminders()).toEqual([{ recipient_id: 'anna', date: '2026-03-04', missing: ['2026-02-26', '2026-02-27', '2026-03-03'] }]);
    expect(await manager.tick()).toEqual({ reminded: 0 }); // once a day
    time.set('2026-03-04T16:30:00Z'); // 11:30 in New York
    expect(await manager.tick()).toEqual({ reminded: 1 });
    expect((await reminders()).map((r: { recipient_id: string }) => r.recipient_id)).toEqual(['anna', 'dana']);
    const [row] = await scratch.ds.query(`SELECT id FROM timesheets_outbox.reminders WHERE recipient_id = 'anna'`);
    expect(row.id).toBe(timesheetsReminderId('anna', '2026-03-04'));
  });

  it("the next day: a closed period is not asked for; the imported calendar's holidays and the days on leave remind nobody", async () => {
    await scratch.ds.query(
      `INSERT INTO timesheets.periods (period, status, closed_by, closed_at, reopened, last_reason, updated_at, revision) VALUES ('2026-02', 'closed', 'admin', now(), 0, NULL, now(), 0)`,
    );
    const calendar = (days: object[]) =>
      scratch.ds.query(
        `INSERT INTO company.calendars (calendar_id, region, year, source, imported_at, days, revision) VALUES ('ru-2026', 'ru', 2026, 'test', now(), $1, 0)
         ON CONFLICT (calendar_id) DO UPDATE SET days = excluded.days`,
        [JSON.stringify(days)],
      );
    await calendar([{ date: '2026-03-05', kind: 'holiday', title: 'A holiday', movedFrom: null }]);
    const manager = new TimesheetsReminderManager(scratch.ds, { clock: time.clock });
    time.set('2026-03-05T09:00:00Z');
    expect(await manager.tick()).toEqual({ reminded: 0 }); // a holiday in Moscow's (the country's) calendar
    // The holiday moved away; erik was on leave on Wednesday, which he left empty.
    await calendar([{ date: '2026-03-09', kind: 'holiday', title: null, movedFrom: null }]);
    await scratch.ds.query(
      `INSERT INTO timesheets.leaves (employee_id, leave_id, "from", "to", kind, cancelled, recorded_by, updated_at, revision)
       VALUES ('erik', 'l1', '2026-03-04', '2026-03-04', 'sick', false, 'admin', now(), 0), ('anna', 'l2', '2026-03-03', '2026-03-03', 'vacation', true, 'admin', now(), 0)`,
    );
    expect(await manager.tick()).toEqual({ reminded: 1 }); // Moscow: anna (her leave was cancelled)
    expect((await reminders()).filter((r: { date: string }) => r.date === '2026-03-05')).toEqual([
      { recipient_id: 'anna', date: '2026-03-05', missing: ['2026-03-03', '2026-03-04'] },
    ]);
    time.set('2026-03-07T12:00:00Z'); // Saturday
    expect(await manager.tick()).toEqual({ reminded: 0 });
  });
});
