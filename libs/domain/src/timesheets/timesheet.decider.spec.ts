import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { employmentOf } from './employment';
import { evolveEmployee, initialEmployeeState } from '../identity/employee.decider';
import { timesheetDecider, type EditTimeEntry, type DeleteTimeEntry } from './timesheet.decider';
import { ADMIN, BORIS, context, entry, logged, logTime, NOW, PERIOD, ANNA } from './timesheets.fixtures';

const sheet = deciderSpec(timesheetDecider);

const edit = (changes: EditTimeEntry['changes'], overrides: Partial<EditTimeEntry> = {}): EditTimeEntry => ({
  type: 'EditTimeEntry',
  employeeId: 'anna',
  period: PERIOD,
  entryId: 'e1',
  changes,
  context: context(),
  actor: ANNA,
  ...overrides,
});
const del = (overrides: Partial<DeleteTimeEntry> = {}): DeleteTimeEntry => ({
  type: 'DeleteTimeEntry',
  employeeId: 'anna',
  period: PERIOD,
  entryId: 'e1',
  context: context(),
  actor: ANNA,
  ...overrides,
});

describe('timesheet decider: logging time', () => {
  it('logs time to a project and task on a day, trimmed', () => {
    sheet
      .given([])
      .when(logTime([entry({ task: ' ACME-123 ', comment: ' review ' })]), NOW)
      .then([logged(entry())]);
  });
  it('logs several entries at once (a copied week), all or nothing', () => {
    const a = entry({ entryId: 'a', date: '2025-03-10' });
    const b = entry({ entryId: 'b', date: '2025-03-11', project: 'MEGA', task: null, comment: '' });
    sheet
      .given([])
      .when(logTime([a, b]), NOW)
      .then([logged(a), logged(b)]);
    sheet
      .given([])
      .when(logTime([a, { ...b, project: 'OLD' }]), NOW)
      .thenThrows('timesheets.project_closed', { project: 'OLD' });
    sheet.given([]).when(logTime([]), NOW).thenThrows('timesheets.nothing_to_log');
  });
  it('allows at most 24 hours a day over all entries', () => {
    const first = entry({ entryId: 'a', minutes: 20 * 60 });
    sheet
      .given([logged(first)])
      .when(logTime([entry({ entryId: 'b', minutes: 4 * 60 })]), NOW)
      .then([logged(entry({ entryId: 'b', minutes: 4 * 60 }))]);
    sheet
      .given([logged(first)])
      .when(logTime([entry({ entryId: 'b', minutes: 4 * 60 + 1 })]), NOW)
      .thenThrows('timesheets.day_limit', { date: '2025-03-10', minutes: 1441, maximum: 1440 });
    sheet
      .given([])
      .when(logTime([entry({ entryId: 'a', minutes: 800 }), entry({ entryId: 'b', minutes: 800 })]), NOW)
      .thenThrows('timesheets.day_limit');
    sheet
      .given([])
      .when(logTime([entry({ minutes: 1441 })]), NOW)
      .thenThrows('timesheets.invalid', { field: 'minutes' });
    sheet
      .given([])
      .when(logTime([entry({ minutes: 0 })]), NOW)
      .thenThrows('timesheets.invalid', { field: 'minutes' });
    sheet
      .given([])
      .when(logTime([entry({ minutes: 1.5 })]), NOW)
      .thenThrows('timesheets.invalid', { field: 'minutes' });
  });
  it('refuses time before the hire date and after the dismissal', () => {
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-02' })]), NOW)
      .thenThrows('timesheets.before_hire', { date: '2025-03-02', hiredOn: '2025-03-03' });
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-03' })]), NOW)
      .then([logged(entry({ date: '2025-03-03' }))]);
    const dismissed = context({ employment: { hiredOn: '2025-01-01', dismissedOn: '2025-03-14', projects: ['ACME'] } });
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-14' })], { context: dismissed, actor: ADMIN }), NOW)
      .then([logged(entry({ date: '2025-03-14' }), 'admin')]);
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-15' })], { context: dismissed, actor: ADMIN }), NOW)
      .thenThrows('timesheets.after_dismissal', { dismissedOn: '2025-03-14' });
    sheet
      .given([])
      .when(logTime([entry()], { context: context({ employment: null }) }), NOW)
      .thenThrows('timesheets.employee_not_found');
  });
  it('needs an open project the employee is assigned to', () => {
    sheet
      .given([])
      .when(logTime([entry({ project: 'NOPE' })]), NOW)
      .thenThrows('timesheets.project_not_found', { project: 'NOPE' });
    sheet
      .given([])
      .when(logTime([entry({ project: 'OLD' })]), NOW)
      .thenThrows('timesheets.project_closed');
    sheet
      .given([])
      .when(logTime([entry({ project: 'ZETA' })]), NOW)
      .thenThrows('timesheets.not_assigned', { project: 'ZETA' });
  });
  it('keeps the entry in its period, today at the latest, with a real date', () => {
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-04-01' })]), NOW)
      .thenThrows('timesheets.wrong_period', { date: '2025-04-01', period: '2025-03' });
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-22' })]), NOW)
      .thenThrows('timesheets.future_date');
    // 09:00 UTC on the 20th is already the 20th everywhere, and the 21st nowhere before 10:00 UTC.
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-03-21' })]), new Date('2025-03-20T10:30:00Z'))
      .then([logged(entry({ date: '2025-03-21' }), 'anna', new Date('2025-03-20T10:30:00Z'))]);
    sheet
      .given([])
      .when(logTime([entry({ date: '2025-02-30' })], { period: '2025-02' }), NOW)
      .thenThrows('timesheets.invalid', { field: 'date' });
    sheet
      .given([logged(entry())])
      .when(logTime([entry()]), NOW)
      .thenThrows('timesheets.entry_exists');
  });
  it('lets only the employee or an admin change the timesheet', () => {
    sheet
      .given([])
      .when(logTime([entry()], { actor: BORIS }), NOW)
      .thenThrows('timesheets.not_your_timesheet');
    sheet
      .given([])
      .when(logTime([entry()], { actor: ADMIN }), NOW)
      .then([logged(entry(), 'admin')]);
  });
});

describe('timesheet decider: edit and delete', () => {
  const given = [logged(entry())];
  it('edits within the open period, naming what changed; nothing changed, no event', () => {
    sheet
      .given(given)
      .when(edit({ minutes: 240, comment: 'code review' }), NOW)
      .then([
        {
          type: 'TimeEntryEdited',
          data: {
            entryId: 'e1',
            date: '2025-03-10',
            project: 'ACME',
            task: 'ACME-123',
            minutes: 240,
            comment: 'code review',
            employeeId: 'anna',
            changed: ['minutes', 'comment'],
            editedBy: 'anna',
            editedAt: NOW.toISOString(),
          },
        },
      ]);
    sheet
      .given(given)
      .when(edit({ minutes: 210, task: 'ACME-123' }), NOW)
      .then([]);
  });
  it('checks the edited entry like a new one (day limit counts the entry once, project, period)', () => {
    sheet
      .given(given)
      .when(edit({ minutes: 1440 }), NOW)
      .then([expect.objectContaining({ type: 'TimeEntryEdited' }) as never]);
    sheet
      .given([...given, logged(entry({ entryId: 'e2', minutes: 1200 }))])
      .when(edit({ minutes: 241 }), NOW)
      .thenThrows('timesheets.day_limit', { minutes: 1441 });
    sheet
      .given(given)
      .when(edit({ project: 'ZETA' }), NOW)
      .thenThrows('timesheets.not_assigned');
    sheet
      .given(given)
      .when(edit({ date: '2025-04-01' }), NOW)
      .thenThrows('timesheets.wrong_period');
    sheet
      .given(given)
      .when(edit({ minutes: 60 }, { entryId: 'nope' }), NOW)
      .thenThrows('timesheets.entry_not_found');
  });
  it('deletes an entry; then it is gone', () => {
    const deleted = {
      type: 'TimeEntryDeleted' as const,
      data: { employeeId: 'anna', entryId: 'e1', date: '2025-03-10', project: 'ACME', minutes: 210, deletedBy: 'anna', deletedAt: NOW.toISOString() },
    };
    sheet.given(given).when(del(), NOW).then([deleted]);
    sheet
      .given([...given, deleted])
      .when(del(), NOW)
      .thenThrows('timesheets.entry_not_found');
    sheet
      .given([...given, deleted])
      .when(logTime([entry({ entryId: 'e2', minutes: 1440 })]), NOW)
      .then([logged(entry({ entryId: 'e2', minutes: 1440 }))]);
  });
  it('changes nothing in a closed period, not even for an admin', () => {
    const closed = context({ periodClosed: true });
    sheet
      .given(given)
      .when(logTime([entry({ entryId: 'e2' })], { context: closed }), NOW)
      .thenThrows('timesheets.period_closed', { period: PERIOD });
    sheet
      .given(given)
      .when(edit({ minutes: 60 }, { context: closed, actor: ADMIN }), NOW)
      .thenThrows('timesheets.period_closed');
    sheet
      .given(given)
      .when(del({ context: closed, actor: ADMIN }), NOW)
      .thenThrows('timesheets.period_closed');
  });
});

describe('employment from identity', () => {
  it('takes the current employment and the assigned projects from the employee stream', () => {
    const record = {
      fullName: 'Anna',
      email: 'anna@example.com',
      department: 'Eng',
      position: 'Dev',
      office: 'spb',
      managerId: null,
      roles: ['employee' as const],
      clearance: 'internal' as const,
      projects: ['ACME'],
    };
    const hired = { type: 'EmployeeHired' as const, data: { ...record, employeeId: 'anna', hiredAt: '2025-03-03T06:00:00.000Z', hiredBy: 'admin' } };
    const dismissed = {
      type: 'EmployeeDismissed' as const,
      data: {
        employeeId: 'anna',
        dismissedAt: '2025-05-31T15:00:00.000Z',
        dismissedBy: 'admin',
        reason: '',
        telegramUserId: null,
        revokedRoles: ['employee' as const],
      },
    };
    expect(employmentOf(initialEmployeeState)).toBeNull();
    expect(employmentOf(fold({ initialState: initialEmployeeState, evolve: evolveEmployee }, [hired]))).toEqual({
      hiredOn: '2025-03-03',
      dismissedOn: null,
      projects: ['ACME'],
    });
    expect(employmentOf(fold({ initialState: initialEmployeeState, evolve: evolveEmployee }, [hired, dismissed]))).toMatchObject({ dismissedOn: '2025-05-31' });
  });
});
