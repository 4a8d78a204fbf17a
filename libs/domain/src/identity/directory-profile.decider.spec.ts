import type { EmployeeEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { ADMIN, annaHired, at, employeeDecider, iso, plain } from './identity.fixtures';

/** What colleagues see of an employee in the directory: their privacy flags and photo, on the employee stream. */
const spec = deciderSpec(employeeDecider);
const ANNA = plain('e-anna');
const privacy = (flags: Record<string, unknown>, actor = ANNA) => ({ type: 'ChangeDirectoryPrivacy' as const, employeeId: 'e-anna', privacy: flags, actor });
const photo = (value: string | null, actor = ANNA) => ({ type: 'ChangeEmployeePhoto' as const, employeeId: 'e-anna', photo: value, actor });
const dismissed = {
  type: 'EmployeeDismissed' as const,
  data: { employeeId: 'e-anna', dismissedAt: iso(5), dismissedBy: 'e-admin', reason: '', telegramUserId: null, revokedRoles: [] },
};

describe('directory privacy and photo (employee stream)', () => {
  it('the employee shows their Telegram contact: the whole setting is recorded, the defaults kept for the rest', () =>
    spec
      .given([annaHired()])
      .when(privacy({ telegram: true }), at(1))
      .then([
        {
          type: 'DirectoryPrivacyChanged',
          data: { employeeId: 'e-anna', privacy: { email: true, telegram: true, photo: true }, changedAt: iso(1), changedBy: 'e-anna' },
        },
      ]));

  it('a setting that changes nothing writes nothing', () => {
    spec
      .given([annaHired()])
      .when(privacy({ telegram: false, email: true }), at(1))
      .then([]);
  });

  it('an admin may change it; another colleague may not', () => {
    spec
      .given([annaHired()])
      .when(privacy({ email: false }, ADMIN), at(1))
      .then([
        {
          type: 'DirectoryPrivacyChanged',
          data: { employeeId: 'e-anna', privacy: { email: false, telegram: false, photo: true }, changedAt: iso(1), changedBy: 'e-admin' },
        },
      ]);
    spec
      .given([annaHired()])
      .when(privacy({ email: false }, plain('e-boris')), at(1))
      .thenThrows('identity.not_admin_or_self');
  });

  it('refuses an empty setting, a flag that is not a boolean, and a dismissed employee', () => {
    spec.given([annaHired()]).when(privacy({}), at(1)).thenThrows('identity.no_changes');
    spec
      .given([annaHired()])
      .when(privacy({ telegram: 'yes' }), at(1))
      .thenThrows('identity.invalid_field', { field: 'privacy.telegram' });
    spec
      .given([annaHired(), dismissed])
      .when(privacy({ telegram: true }), at(6))
      .thenThrows('identity.employee_dismissed');
  });

  it('sets, keeps and removes the photo (an https URL or a Telegram file id)', () => {
    const set: EmployeeEvent = {
      type: 'EmployeePhotoChanged',
      data: { employeeId: 'e-anna', photo: 'https://cdn.example.com/anna.jpg', changedAt: iso(1), changedBy: 'e-anna' },
    };
    spec.given([annaHired()]).when(photo(' https://cdn.example.com/anna.jpg '), at(1)).then([set]);
    spec.given([annaHired(), set]).when(photo('https://cdn.example.com/anna.jpg'), at(2)).then([]);
    spec
      .given([annaHired(), set])
      .when(photo(null), at(2))
      .then([{ type: 'EmployeePhotoChanged', data: { employeeId: 'e-anna', photo: null, changedAt: iso(2), changedBy: 'e-anna' } }]);
    spec
      .given([annaHired()])
      .when(photo('AgACAgIAAxkBAAIBZ2Zk_file-id'), at(1))
      .then([{ type: 'EmployeePhotoChanged', data: { employeeId: 'e-anna', photo: 'AgACAgIAAxkBAAIBZ2Zk_file-id', changedAt: iso(1), changedBy: 'e-anna' } }]);
  });

  it('refuses a photo that is neither, and a colleague setting it', () => {
    spec.given([annaHired()]).when(photo('http://insecure.example.com/a.jpg'), at(1)).thenThrows('identity.invalid_field', { field: 'photo' });
    spec.given([annaHired()]).when(photo('javascript:alert(1)'), at(1)).thenThrows('identity.invalid_field', { field: 'photo' });
    spec
      .given([annaHired()])
      .when(photo('https://x.example.com/p.png', plain('e-boris')), at(1))
      .thenThrows('identity.not_admin_or_self');
  });
});
