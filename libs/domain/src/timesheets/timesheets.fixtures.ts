import type { Actor, TimesheetEvent } from '@megabot/contracts';
import type { LogTime, NewTimeEntry, TimesheetContext } from './timesheet.decider';

export const ANNA: Actor = { employeeId: 'anna', roles: ['employee'] };
export const BORIS: Actor = { employeeId: 'boris', roles: ['employee'] };
export const ADMIN: Actor = { employeeId: 'admin', roles: ['employee', 'admin'] };
export const NOW = new Date('2025-03-20T09:00:00Z');
export const PERIOD = '2025-03';

/** Anna, hired on 2025-03-03, works on ACME and MEGA; ACME and MEGA are open, OLD is closed, ZETA is open but not hers. */
export const context = (overrides: Partial<TimesheetContext> = {}): TimesheetContext => ({
  employment: { hiredOn: '2025-03-03', dismissedOn: null, projects: ['ACME', 'MEGA', 'OLD'] },
  periodClosed: false,
  projects: { ACME: 'open', MEGA: 'open', OLD: 'closed', ZETA: 'open' },
  ...overrides,
});

export const entry = (overrides: Partial<NewTimeEntry> = {}): NewTimeEntry => ({
  entryId: 'e1',
  date: '2025-03-10',
  project: 'ACME',
  task: 'ACME-123',
  minutes: 210,
  comment: 'review',
  ...overrides,
});

export const logTime = (entries: NewTimeEntry[], overrides: Partial<LogTime> = {}): LogTime => ({
  type: 'LogTime',
  employeeId: 'anna',
  period: PERIOD,
  entries,
  context: context(),
  actor: ANNA,
  ...overrides,
});

export const logged = (e: NewTimeEntry, by = 'anna', at = NOW): TimesheetEvent => ({
  type: 'TimeLogged',
  data: {
    entryId: e.entryId,
    date: e.date,
    project: e.project,
    task: e.task ?? null,
    minutes: e.minutes,
    comment: e.comment ?? '',
    employeeId: 'anna',
    loggedBy: by,
    loggedAt: at.toISOString(),
  },
});
