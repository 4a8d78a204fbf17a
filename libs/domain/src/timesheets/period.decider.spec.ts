import { deciderSpec } from '../shared/decider-spec';
import { periodDecider } from './period.decider';
import { projectDecider } from './project.decider';
import { ADMIN, ANNA, NOW } from './timesheets.fixtures';

const periods = deciderSpec(periodDecider);
const projects = deciderSpec(projectDecider);
const closed = { type: 'PeriodClosed' as const, data: { period: '2025-03', closedBy: 'admin', closedAt: NOW.toISOString() } };

describe('period decider', () => {
  it('admins close a month once', () => {
    periods.given([]).when({ type: 'ClosePeriod', period: '2025-03', actor: ADMIN }, NOW).then([closed]);
    periods.given([closed]).when({ type: 'ClosePeriod', period: '2025-03', actor: ADMIN }, NOW).then([]);
    periods.given([]).when({ type: 'ClosePeriod', period: '2025-03', actor: ANNA }, NOW).thenThrows('timesheets.admin_required');
    periods.given([]).when({ type: 'ClosePeriod', period: '2025-13', actor: ADMIN }, NOW).thenThrows('timesheets.invalid', { field: 'period' });
  });
  it('reopening is recorded with its reason, and needs one', () => {
    periods
      .given([closed])
      .when({ type: 'ReopenPeriod', period: '2025-03', reason: ' late invoice fix ', actor: ADMIN }, NOW)
      .then([{ type: 'PeriodReopened', data: { period: '2025-03', reason: 'late invoice fix', reopenedBy: 'admin', reopenedAt: NOW.toISOString() } }]);
    periods.given([closed]).when({ type: 'ReopenPeriod', period: '2025-03', reason: '  ', actor: ADMIN }, NOW).thenThrows('timesheets.reason_required');
    periods.given([]).when({ type: 'ReopenPeriod', period: '2025-03', reason: 'x', actor: ADMIN }, NOW).thenThrows('timesheets.period_not_closed');
    periods.given([closed]).when({ type: 'ReopenPeriod', period: '2025-03', reason: 'x', actor: ANNA }, NOW).thenThrows('timesheets.admin_required');
  });
});

describe('project decider', () => {
  const opened = { type: 'ProjectOpened' as const, data: { code: 'ACME', name: 'Acme portal', openedBy: 'admin', openedAt: NOW.toISOString() } };
  it('admins open, close and reopen projects', () => {
    projects.given([]).when({ type: 'OpenProject', code: 'ACME', name: ' Acme portal ', actor: ADMIN }, NOW).then([opened]);
    projects.given([opened]).when({ type: 'OpenProject', code: 'ACME', name: 'x', actor: ADMIN }, NOW).thenThrows('timesheets.project_exists');
    projects.given([]).when({ type: 'OpenProject', code: 'a b', name: 'x', actor: ADMIN }, NOW).thenThrows('timesheets.invalid', { field: 'code' });
    projects.given([]).when({ type: 'OpenProject', code: 'ACME', name: 'x', actor: ANNA }, NOW).thenThrows('timesheets.admin_required');
    const closedP = { type: 'ProjectClosed' as const, data: { code: 'ACME', closedBy: 'admin', closedAt: NOW.toISOString() } };
    projects.given([opened]).when({ type: 'CloseProject', code: 'ACME', actor: ADMIN }, NOW).then([closedP]);
    projects.given([opened, closedP]).when({ type: 'CloseProject', code: 'ACME', actor: ADMIN }, NOW).then([]);
    projects
      .given([opened, closedP])
      .when({ type: 'ReopenProject', code: 'ACME', actor: ADMIN }, NOW)
      .then([{ type: 'ProjectReopened', data: { code: 'ACME', reopenedBy: 'admin', reopenedAt: NOW.toISOString() } }]);
    projects.given([]).when({ type: 'CloseProject', code: 'ACME', actor: ADMIN }, NOW).thenThrows('timesheets.project_not_found');
  });
});
