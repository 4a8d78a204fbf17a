import type { EmployeeRecord } from '@megabot/contracts';
import { foldSpec, recordedStream } from '@megabot/testing';
import { evolveDirectoryEmployee } from './directory.fold';

const AT = '2026-11-25T10:00:00.000Z';
const RECORD: EmployeeRecord = {
  fullName: 'Анна Иванова',
  email: 'anna@example.com',
  department: 'Разработка',
  position: 'Разработчик',
  office: 'Москва',
  managerId: 'e-boss',
  roles: ['employee', 'admin'],
  clearance: 'secret',
  projects: ['megabot'],
};

function employee(employeeId = 'e-anna') {
  const record = recordedStream(`employee-${employeeId}`);
  return {
    hired: () => record('EmployeeHired', { employeeId, ...RECORD, hiredAt: AT, hiredBy: 'e-admin' }),
    updated: (changes: Partial<EmployeeRecord>) => record('EmployeeUpdated', { employeeId, changes, updatedAt: AT, updatedBy: 'e-admin' }),
    dismissed: () => record('EmployeeDismissed', { employeeId, dismissedAt: AT, dismissedBy: 'e-admin', reason: 'gone', telegramUserId: 42, revokedRoles: [] }),
    rehired: () => record('EmployeeRehired', { employeeId, ...RECORD, office: 'Казань', rehiredAt: AT, rehiredBy: 'e-admin' }),
    bound: (telegramUserId: number) => record('TelegramBound', { employeeId, telegramUserId, email: RECORD.email, boundAt: AT, previousTelegramUserId: null }),
    unbound: (telegramUserId: number) => record('TelegramUnbound', { employeeId, telegramUserId, reason: 'self', unboundAt: AT, unboundBy: employeeId }),
    privacy: (privacy: { email: boolean; telegram: boolean; photo: boolean }) =>
      record('DirectoryPrivacyChanged', { employeeId, privacy, changedAt: AT, changedBy: employeeId }),
    photo: (photo: string | null) => record('EmployeePhotoChanged', { employeeId, photo, changedAt: AT, changedBy: employeeId }),
  };
}

const spec = foldSpec(evolveDirectoryEmployee);

describe('directory read model fold', () => {
  it('a hire makes an entry with the default privacy (e-mail and photo shown, Telegram hidden) and no access attributes', () => {
    const e = employee();
    const hired = e.hired();
    spec
      .given([])
      .when(hired)
      .then({
        employee_id: 'e-anna',
        full_name: 'Анна Иванова',
        email: 'anna@example.com',
        department: 'Разработка',
        position: 'Разработчик',
        office: 'Москва',
        manager_id: 'e-boss',
        projects: ['megabot'],
        status: 'active',
        telegram_user_id: null,
        photo: null,
        privacy: { email: true, telegram: false, photo: true },
        revision: '0',
        pos_commit: hired.position.commit.toString(),
        pos_prepare: hired.position.prepare.toString(),
      });
  });

  it('an update changes the shown fields and ignores roles and clearance', () => {
    const e = employee();
    spec
      .given([e.hired()])
      .when(e.updated({ position: 'Тимлид', roles: ['employee'], clearance: 'public', managerId: null }))
      .then({ position: 'Тимлид', manager_id: null, revision: '1' });
  });

  it('binding and unbinding Telegram, privacy and photo', () => {
    const e = employee();
    const given = [e.hired(), e.bound(42)];
    spec
      .given(given)
      .when(e.privacy({ email: false, telegram: true, photo: false }))
      .then({ telegram_user_id: '42', privacy: { email: false, telegram: true, photo: false } });
    const e2 = employee('e-boris');
    spec
      .given([e2.hired(), e2.bound(7)])
      .when(e2.unbound(7))
      .then({ telegram_user_id: null });
    const e3 = employee('e-olga');
    spec.given([e3.hired()]).when(e3.photo('https://example.com/olga.jpg')).then({ photo: 'https://example.com/olga.jpg' });
  });

  it('dismissal leaves the entry but marks it, a rehire brings the new record back', () => {
    const e = employee();
    const hired = e.hired();
    const bound = e.bound(42);
    const dismissed = e.dismissed();
    spec.given([hired, bound]).when(dismissed).then({ status: 'dismissed', telegram_user_id: null });
    spec.given([hired, bound, dismissed]).when(e.rehired()).then({ status: 'active', office: 'Казань' });
  });

  it('a replayed event changes nothing', () => {
    const e = employee();
    const hired = e.hired();
    const updated = e.updated({ office: 'Казань' });
    spec.given([hired, updated]).when(updated).thenUnchanged();
    spec.given([hired]).when(hired).thenUnchanged();
  });
});
