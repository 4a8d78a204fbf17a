import { mondayToFriday } from './timesheets.dates';
import { deciderSpec } from '../shared/decider-spec';
import { daysToLog, leaveDecider } from './leave.decider';
import { ADMIN, ANNA, NOW } from './timesheets.fixtures';

const leave = deciderSpec(leaveDecider);
const record = {
  type: 'RecordLeave' as const,
  employeeId: 'anna',
  leaveId: 'summer',
  from: '2025-07-07',
  to: '2025-07-20',
  kind: 'vacation' as const,
  actor: ADMIN,
};
const recorded = {
  type: 'LeaveRecorded' as const,
  data: {
    employeeId: 'anna',
    leaveId: 'summer',
    from: '2025-07-07',
    to: '2025-07-20',
    kind: 'vacation' as const,
    recordedBy: 'admin',
    recordedAt: NOW.toISOString(),
  },
};
const cancelled = { type: 'LeaveCancelled' as const, data: { employeeId: 'anna', leaveId: 'summer', cancelledBy: 'admin', cancelledAt: NOW.toISOString() } };

describe('leave decider', () => {
  it('admins record leave once; the same again writes nothing, other days under the same id conflict', () => {
    leave.given([]).when(record, NOW).then([recorded]);
    leave.given([recorded]).when(record, NOW).then([]);
    leave
      .given([recorded])
      .when({ ...record, to: '2025-07-21' }, NOW)
      .thenThrows('timesheets.leave_exists', { leaveId: 'summer' });
    leave
      .given([])
      .when({ ...record, actor: ANNA }, NOW)
      .thenThrows('timesheets.admin_required');
  });
  it('refuses days that are not a period', () => {
    leave
      .given([])
      .when({ ...record, to: '2025-07-06' }, NOW)
      .thenThrows('timesheets.invalid', { field: 'to' });
    leave
      .given([])
      .when({ ...record, from: '2025-02-30' }, NOW)
      .thenThrows('timesheets.invalid', { field: 'from' });
    leave
      .given([])
      .when({ ...record, to: '2026-12-31' }, NOW)
      .thenThrows('timesheets.invalid', { field: 'to' });
    leave
      .given([])
      .when({ ...record, kind: 'party' as never }, NOW)
      .thenThrows('timesheets.invalid', { field: 'kind' });
  });
  it('cancels once; an unknown leave is not found', () => {
    const cancel = { type: 'CancelLeave' as const, employeeId: 'anna', leaveId: 'summer', actor: ADMIN };
    leave.given([recorded]).when(cancel, NOW).then([cancelled]);
    leave.given([recorded, cancelled]).when(cancel, NOW).then([]);
    leave.given([]).when(cancel, NOW).thenThrows('timesheets.leave_not_found');
  });
  it('days on leave are not days to log', () => {
    const toLog = daysToLog(mondayToFriday, [{ from: '2025-07-07', to: '2025-07-20' }]);
    expect(['2025-07-04', '2025-07-07', '2025-07-18', '2025-07-19', '2025-07-21'].map(toLog)).toEqual([true, false, false, false, true]);
  });
});
