import { addDays, weekOf, weekdayOf } from '@megabot/domain';
import request from 'supertest';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';

describe('timesheets API over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  let today: string;
  let projectsAt: string;
  /** The position of the last time written (the week's copy): exports read from there on. */
  let written: string | undefined;
  const hiredAt = new Date(Date.now() - 45 * 86_400_000).toISOString();

  beforeAll(async () => {
    system = await startTestSystem({ dbPoolSize: 4, readWaitTimeoutMs: 15_000, adminEmployeeIds: ['admin'] });
    http = request(system.apiUrl);
    await system.employees(
      'admin',
      'boss',
      'carl',
      { id: 'anna', hiredAt, managerId: 'boss', projects: ['ACME', 'MEGA', 'OLD'] },
      { id: 'auditor1', roles: ['employee', 'auditor'] },
    );
    for (const [code, name] of [
      ['ACME', 'Acme portal'],
      ['MEGA', 'Megabot'],
      ['OLD', 'Legacy'],
      ['ZETA', 'Zeta'],
    ])
      await http.post('/timesheets/projects').set(system.as('admin')).send({ code, name }).expect(201);
    projectsAt = (await http.post('/timesheets/projects/OLD/close').set(system.as('admin')).expect(201)).body.position;
    today = (await http.get('/timesheets/week').set(system.as('anna')).expect(200)).body.today;
  });
  afterAll(async () => {
    await system.close();
  });

  const log = (who: string, body: Record<string, unknown>, key?: string) => {
    const r = http.post('/timesheets/entries').set(system.as(who));
    if (key) r.set('idempotency-key', key);
    return r.send(body);
  };

  it('admins manage projects; others may not', async () => {
    await http.post('/timesheets/projects').set(system.as('anna')).send({ code: 'MINE', name: 'Mine' }).expect(403);
    const dup = await http.post('/timesheets/projects').set(system.as('admin')).send({ code: 'ACME', name: 'Again' }).expect(409);
    expect(dup.body.code).toBe('timesheets.project_exists');
    const list = await http.get(`/timesheets/projects?waitFor=${projectsAt}`).set(system.as('carl')).expect(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        { code: 'ACME', name: 'Acme portal', status: 'open' },
        { code: 'OLD', name: 'Legacy', status: 'closed' },
      ]),
    );
  });

  it('logs, edits and deletes time with the rules as problems: 24 h a day, assignment, open project, hire date', async () => {
    const day = addDays(today, -1);
    const first = await log('anna', { date: day, project: 'ACME', task: 'ACME-1', minutes: 600, comment: 'build' }).expect(201);
    expect(first.body.entries).toEqual([
      { entryId: expect.stringMatching(/^\d{4}-\d{2}_[0-9a-f]{16}$/), date: day, project: 'ACME', task: 'ACME-1', minutes: 600, comment: 'build' },
    ]);
    const full = await log('anna', { date: day, project: 'MEGA', minutes: 841 }).expect(409);
    expect(full.headers['content-type']).toContain('application/problem+json');
    expect(full.body).toMatchObject({ code: 'timesheets.day_limit', minutes: 1441, maximum: 1440 });
    expect((await log('anna', { date: day, project: 'ZETA', minutes: 60 }).expect(422)).body.code).toBe('timesheets.not_assigned');
    expect((await log('anna', { date: day, project: 'OLD', minutes: 60 }).expect(409)).body.code).toBe('timesheets.project_closed');
    expect((await log('anna', { date: day, project: 'NOPE', minutes: 60 }).expect(404)).body.code).toBe('timesheets.project_not_found');
    expect((await log('anna', { date: addDays(today, -50), project: 'ACME', minutes: 60 }).expect(422)).body.code).toBe('timesheets.before_hire');
    expect((await log('anna', { date: addDays(today, 2), project: 'ACME', minutes: 60 }).expect(422)).body.code).toBe('timesheets.future_date');
    const bad = await log('anna', { date: 'yesterday', project: 'ACME', minutes: 0 }).expect(400);
    expect(bad.body.detail ?? JSON.stringify(bad.body)).toMatch(/date must be a date/);
    // someone else's timesheet: only admins
    expect((await log('carl', { date: day, project: 'ACME', minutes: 60, employeeId: 'anna' }).expect(422)).body.code).toBe('timesheets.not_your_timesheet');

    const entryId = first.body.entries[0].entryId;
    const edited = await http.patch(`/timesheets/entries/${entryId}`).set(system.as('anna')).send({ minutes: 480, comment: 'build and deploy' }).expect(200);
    expect(edited.body.entries[0]).toMatchObject({ minutes: 480, comment: 'build and deploy' });
    await http.patch(`/timesheets/entries/${entryId}`).set(system.as('anna')).send({ project: 'ZETA' }).expect(422);
    await http.patch(`/timesheets/entries/${entryId}`).set(system.as('carl')).send({ minutes: 1 }).expect(404); // not in carl's timesheet
    await http.patch('/timesheets/entries/nonsense').set(system.as('anna')).send({ minutes: 1 }).expect(400);
    const second = await log('anna', { date: day, project: 'MEGA', minutes: 30 }).expect(201);
    await http.delete(`/timesheets/entries/${second.body.entries[0].entryId}`).set(system.as('anna')).expect(200);
    expect((await http.delete(`/timesheets/entries/${second.body.entries[0].entryId}`).set(system.as('anna')).expect(404)).body.code).toBe(
      'timesheets.entry_not_found',
    );
  });

  it('logs free text, parsed against the employee and their last project', async () => {
    const r = await http.post('/timesheets/entries/text').set(system.as('anna')).send({ text: 'вчера 2 часа ACME-123 ревью' }).expect(201);
    expect(r.body.entries).toEqual([expect.objectContaining({ date: addDays(today, -1), minutes: 120, project: 'ACME', task: 'ACME-123', comment: 'ревью' })]);
    const week = await http
      .get(`/timesheets/week?date=${addDays(today, -1)}&waitFor=${r.body.position}`)
      .set(system.as('anna'))
      .expect(200);
    expect(week.body.lastProject).toBe('ACME');
    const again = await http.post('/timesheets/entries/text').set(system.as('anna')).send({ text: '1ч30м code review' }).expect(201);
    expect(again.body.entries[0]).toMatchObject({ date: today, minutes: 90, project: 'ACME', task: null, comment: 'code review' });
    const none = await http.post('/timesheets/entries/text').set(system.as('anna')).send({ text: 'ревью' }).expect(422);
    expect(none.body.code).toBe('timesheets.text_no_duration');
  });

  it('a retried log (same Idempotency-Key) has one effect', async () => {
    const day = addDays(today, -2);
    const a = await log('anna', { date: day, project: 'MEGA', minutes: 15, comment: 'retry' }, 'ts-retry-1').expect(201);
    const b = await log('anna', { date: day, project: 'MEGA', minutes: 15, comment: 'retry' }, 'ts-retry-1').expect(201);
    expect(b.body).toMatchObject({ duplicate: true, entries: a.body.entries });
    const week = await http.get(`/timesheets/week?date=${day}&waitFor=${b.body.position}`).set(system.as('anna')).expect(200);
    expect(week.body.entries.filter((e: { comment: string }) => e.comment === 'retry')).toHaveLength(1);
  });

  it('summarises the week per day and project, copies last week, shows a manager their reports only', async () => {
    const thisWeek = weekOf(today);
    const lastWeek = thisWeek.map((d) => addDays(d, -7));
    let position = '';
    for (const d of lastWeek.slice(0, 5)) {
      await log('anna', { date: d, project: 'ACME', minutes: 360, comment: 'dev' }).expect(201);
      position = (await log('anna', { date: d, project: 'MEGA', minutes: 120, task: 'MEGA-9' }).expect(201)).body.position;
    }
    const last = await http.get(`/timesheets/week?date=${lastWeek[0]}&waitFor=${position}`).set(system.as('anna')).expect(200);
    expect(last.body).toMatchObject({ from: lastWeek[0], to: lastWeek[6], totalMinutes: 5 * 480 });
    expect(last.body.projects).toEqual([
      { project: 'ACME', minutes: 1800 },
      { project: 'MEGA', minutes: 600 },
    ]);
    expect(last.body.days.map((d: { minutes: number; working: boolean }) => [d.minutes, d.working])).toEqual([
      [480, true],
      [480, true],
      [480, true],
      [480, true],
      [480, true],
      [0, false],
      [0, false],
    ]);

    const before = await http.get(`/timesheets/week?waitFor=${position}`).set(system.as('anna')).expect(200);
    const alreadyLogged = new Set(before.body.entries.map((e: { date: string }) => e.date));
    const copy = await http.post('/timesheets/week/copy').set(system.as('anna')).send({}).expect(201);
    const expected = thisWeek.filter((d) => d <= today && weekdayOf(d) <= 5 && !alreadyLogged.has(d));
    expect([...new Set(copy.body.copied.map((e: { date: string }) => e.date))]).toEqual(expected);
    expect(copy.body.copied).toHaveLength(expected.length * 2);
    for (const s of copy.body.skipped) expect(['future', 'already_logged']).toContain(s.reason);
    written = copy.body.results.at(-1)?.position ?? position;

    const team = await http.get(`/timesheets/team?date=${lastWeek[0]}&waitFor=${position}`).set(system.as('boss')).expect(200);
    expect(team.body.reports).toEqual([expect.objectContaining({ employeeId: 'anna', fullName: 'anna', totalMinutes: 2400 })]);
    // the manager sees the entries themselves, as anna's own week lists them
    expect(team.body.reports[0].entries).toEqual(last.body.entries);
    expect(team.body.reports[0].entries.length).toBeGreaterThan(0);
    expect((await http.get('/timesheets/team').set(system.as('carl')).expect(200)).body.reports).toEqual([]);
  });

  it('exports CSV for a person, a team or a project to whom may see it', async () => {
    const from = addDays(today, -14);
    // read our writes: the copied week may still be on its way to the read model
    const mine = await http
      .get(`/timesheets/export.csv?from=${from}&to=${today}${written ? `&waitFor=${written}` : ''}`)
      .set(system.as('anna'))
      .expect(200);
    expect(mine.headers['content-type']).toContain('text/csv');
    const lines = mine.text.trim().split('\r\n');
    expect(lines[0]).toBe('employee_id,full_name,date,project,task,minutes,hours,comment');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => /^anna,anna,\d{4}-\d{2}-\d{2},ACME,ACME-123,120,2.00,ревью$/.test(l))).toBe(true);
    await http.get(`/timesheets/export.csv?from=${from}&to=${today}&employeeId=anna`).set(system.as('boss')).expect(200);
    expect((await http.get(`/timesheets/export.csv?from=${from}&to=${today}&employeeId=anna`).set(system.as('carl')).expect(403)).body.code).toBe(
      'timesheets.export_forbidden',
    );
    const team = await http.get(`/timesheets/export.csv?from=${from}&to=${today}&team=boss`).set(system.as('boss')).expect(200);
    expect(team.text.trim().split('\r\n').length).toBe(lines.length);
    await http.get(`/timesheets/export.csv?from=${from}&to=${today}&team=boss`).set(system.as('carl')).expect(403);
    await http.get(`/timesheets/export.csv?from=${from}&to=${today}&project=MEGA`).set(system.as('anna')).expect(403);
    const project = await http.get(`/timesheets/export.csv?from=${from}&to=${today}&project=MEGA`).set(system.as('auditor1')).expect(200);
    expect(
      project.text
        .trim()
        .split('\r\n')
        .slice(1)
        .every((l) => l.split(',')[3] === 'MEGA'),
    ).toBe(true);
    await http.get(`/timesheets/export.csv?from=${today}&to=${from}`).set(system.as('anna')).expect(400);
  });

  it('hands a reminder of empty days to the bot through the one outbox, listing only the days still empty', async () => {
    const empty = addDays(today, -20);
    const filled = addDays(today, -1);
    await system.ds.query(
      `INSERT INTO timesheets_outbox.reminders (id, recipient_id, date, missing, created_at) VALUES ('6f1c2d3e-4a5b-5c6d-8e7f-001122334455', 'anna', $1, $2, now())`,
      [addDays(today, -21), [empty, filled]],
    );
    const claimed = await http.post('/notifications/claim').set(system.bot()).send({ limit: 50, leaseSeconds: 60 }).expect(200);
    const notice = claimed.body.items.find((n: { feature: string }) => n.feature === 'timesheets');
    expect(notice).toMatchObject({ kind: 'missing_days', employeeId: 'anna', telegramUserId: system.telegramIdOf('anna'), data: { dates: [empty] } });
    await http.post(`/notifications/${notice.id}/delivered`).set(system.bot()).send({ outcome: 'delivered' }).expect(200);
  });

  it('admins close a month: nothing in it changes; reopening needs a reason and is recorded', async () => {
    const day = addDays(`${today.slice(0, 7)}-01`, -1); // the last day of last month
    const period = day.slice(0, 7);
    const entry = await log('anna', { date: day, project: 'ACME', minutes: 60 }).expect(201);
    await http.post(`/timesheets/periods/${period}/close`).set(system.as('anna')).expect(403);
    await http.post(`/timesheets/periods/${period}/close`).set(system.as('admin')).expect(201);
    expect((await log('anna', { date: day, project: 'ACME', minutes: 60 }).expect(409)).body.code).toBe('timesheets.period_closed');
    const entryId = entry.body.entries[0].entryId;
    await http.patch(`/timesheets/entries/${entryId}`).set(system.as('anna')).send({ minutes: 30 }).expect(409);
    await http.delete(`/timesheets/entries/${entryId}`).set(system.as('anna')).expect(409);
    await http.post(`/timesheets/periods/${period}/reopen`).set(system.as('admin')).send({}).expect(400);
    await http.post('/timesheets/periods/2025-13/close').set(system.as('admin')).expect(400);
    await http.post(`/timesheets/periods/${period}/reopen`).set(system.as('admin')).send({ reason: 'client asked for a correction' }).expect(201);
    await http.patch(`/timesheets/entries/${entryId}`).set(system.as('anna')).send({ minutes: 30 }).expect(200);
    const events = await system.store.readStream(`timesheetperiod-${period}`);
    expect(events.map((e) => e.type)).toEqual(['PeriodClosed', 'PeriodReopened']);
    expect(events[1].data).toMatchObject({ reason: 'client asked for a correction', reopenedBy: 'admin' });
  });
});
