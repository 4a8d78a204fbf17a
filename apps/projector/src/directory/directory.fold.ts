import { DEFAULT_DIRECTORY_PRIVACY, type EmployeeEvent, type EmployeeRecord } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { DirectoryEmployeeRow } from '@megabot/read-model';

/*
 * The directory as a pure function of identity's employee events. A row
 * carries the last applied stream revision: an event at or below it returns
 * the row unchanged (the same object), so a replay changes nothing. Roles,
 * clearance and verification details are not the directory's business and
 * are left out.
 */

type ShownField = Exclude<keyof EmployeeRecord, 'roles' | 'clearance'>;
const SHOWN_COLUMNS: { [K in ShownField]: keyof DirectoryEmployeeRow } = {
  fullName: 'full_name',
  email: 'email',
  department: 'department',
  position: 'position',
  office: 'office',
  managerId: 'manager_id',
  projects: 'projects',
};

const positionOf = (event: RecordedEvent) => ({
  revision: event.revision.toString(),
  pos_commit: event.position.commit.toString(),
  pos_prepare: event.position.prepare.toString(),
});

const recordColumns = (d: EmployeeRecord) => ({
  full_name: d.fullName,
  email: d.email,
  department: d.department,
  position: d.position,
  office: d.office,
  manager_id: d.managerId,
  projects: [...d.projects],
});

/** The directory entry after the event. */
export function evolveDirectoryEmployee(row: DirectoryEmployeeRow | undefined, event: RecordedEvent): DirectoryEmployeeRow | undefined {
  const e = { type: event.type, data: event.data } as EmployeeEvent;
  if (e.type === 'EmployeeHired') {
    if (row) return row;
    return {
      employee_id: e.data.employeeId,
      ...recordColumns(e.data),
      status: 'active',
      telegram_user_id: null,
      photo: null,
      privacy: { ...DEFAULT_DIRECTORY_PRIVACY },
      ...positionOf(event),
    };
  }
  if (!row || BigInt(row.revision) >= event.revision) return row;
  const next: DirectoryEmployeeRow = { ...row, ...positionOf(event) };
  switch (e.type) {
    case 'EmployeeUpdated':
      for (const [field, value] of Object.entries(e.data.changes)) {
        const column = SHOWN_COLUMNS[field as ShownField];
        if (column) Object.assign(next, { [column]: value });
      }
      break;
    case 'EmployeeDismissed':
      Object.assign(next, { status: 'dismissed', telegram_user_id: null } satisfies Partial<DirectoryEmployeeRow>);
      break;
    case 'EmployeeRehired':
      Object.assign(next, { ...recordColumns(e.data), status: 'active', telegram_user_id: null } satisfies Partial<DirectoryEmployeeRow>);
      break;
    case 'TelegramBound':
      next.telegram_user_id = String(e.data.telegramUserId);
      break;
    case 'TelegramUnbound':
      if (row.telegram_user_id === String(e.data.telegramUserId)) next.telegram_user_id = null;
      break;
    case 'DirectoryPrivacyChanged':
      next.privacy = { ...e.data.privacy };
      break;
    case 'EmployeePhotoChanged':
      next.photo = e.data.photo;
      break;
  }
  return next;
}
