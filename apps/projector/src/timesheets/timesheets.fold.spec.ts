import type { TimesheetsEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { evolveEntry, evolveLeave, evolvePeriod, evolveProject } from './timesheets.fold';

let n = 0;
const recorded = (e: TimesheetsEvent, revision: number, streamId = 'timesheet-anna-2025-03'): RecordedEvent =>
  ({
    ...e,
    eventId: `e${++n}`,
    streamId,
    revision: BigInt(revision),
    position: { commit: BigInt(n), prepare: BigInt(n) },
    recordedAt: new Date(),
    metadata: {},
  }) as never;

const AT = '2025-03-10T10:00:00.000Z';
const fields = { entryId: 'x1', date: '2025-03-10', project: 'ACME', task: 'ACME-1', minutes: 60, comment: 'review', employeeId: 'anna' };

describe('timesheets fold', () => {
  it('leave is recorded and cancelled (kept, flagged); a replay changes nothing', () => {
    const rec = recorded(
      {
        type: 'LeaveRecorded',
        data: { employeeId: 'anna', leaveId: 'l1', from: '2025-07-07', to: '2025-07-20', kind: 'vacation', recordedBy: 'admin', recordedAt: AT },
      },
      0,
      'leave-anna',
    );
    const cancel = recorded({ type: 'LeaveCancelled', data: { employeeId: 'anna', leaveId: 'l1', cancelledBy: 'admin', cancelledAt: AT } }, 1, 'leave-anna');
    const row = evolveLeave(undefined, rec)!;
    expect(row).toMatchObject({ employee_id: 'anna', leave_id: 'l1', from: '2025-07-07', to: '2025-07-20', kind: 'vacation', cancelled: false, revision: '0' });
    const cancelled = evolveLeave(row, cancel)!;
    expect(cancelled).toMatchObject({ cancelled: true, revision: '1' });
    expect(evolveLeave(cancelled, rec)).toBe(cancelled);
    expect(evolveLeave(undefined, cancel)).toBeUndefined();
  });

  it('an entry is logged, edited and deleted (kept as deleted); a replayed event changes nothing', () => {
    const logged = recorded({ type: 'TimeLogged', data: { ...fields, loggedBy: 'anna', loggedAt: AT } }, 0);
    const edited = recorded({ type: 'TimeEntryEdited', data: { ...fields, minutes: 90, changed: ['minutes'], editedBy: 'anna', editedAt: AT } }, 1);
    const deleted = recorded(
      {
        type: 'TimeEntryDeleted',
        data: { employeeId: 'anna', entryId: 'x1', date: '2025-03-10', project: 'ACME', minutes: 90, deletedBy: 'anna', deletedAt: AT },
      },
      2,
    );
    const row1 = evolveEntry(undefined, logged)!;
    expect(row1).toMatchObject({ employee_id: 'anna', entry_id: 'x1', period: '2025-03', minutes: 60, deleted: false, stream_revision: '0' });
    const row2 = evolveEntry(row1, edited)!;
    expect(row2).toMatchObject({ minutes: 90, stream_revision: '1' });
    expect(evolveEntry(row2, logged)).toBe(row2);
    expect(evolveEntry(row2, edited)).toBe(row2);
    const row3 = evolveEntry(row2, deleted)!;
    expect(row3).toMatchObject({ deleted: true, stream_revision: '2' });
    expect(evolveEntry(row3, logged)).toBe(row3);
  });
  it('projects and periods follow their streams; reopening counts and keeps the reason', () => {
    const opened = evolveProject(
      undefined,
      recorded({ type: 'ProjectOpened', data: { code: 'ACME', name: 'Acme', openedBy: 'admin', openedAt: AT } }, 0, 'project-ACME'),
    );
    const closed = evolveProject(opened, recorded({ type: 'ProjectClosed', data: { code: 'ACME', closedBy: 'admin', closedAt: AT } }, 1, 'project-ACME'));
    expect(closed).toMatchObject({ code: 'ACME', status: 'closed', revision: '1' });
    const p1 = evolvePeriod(
      undefined,
      recorded({ type: 'PeriodClosed', data: { period: '2025-03', closedBy: 'admin', closedAt: AT } }, 0, 'timesheetperiod-2025-03'),
    );
    const p2 = evolvePeriod(p1, recorded({ type: 'PeriodReopened', data: { period: '2025-03', reason: 'fix', reopenedBy: 'admin', reopenedAt: AT } }, 1));
    expect(p2).toMatchObject({ status: 'open', reopened: 1, last_reason: 'fix', closed_by: 'admin' });
    expect(evolvePeriod(p2, recorded({ type: 'PeriodClosed', data: { period: '2025-03', closedBy: 'admin', closedAt: AT } }, 0))).toBe(p2);
  });
});
