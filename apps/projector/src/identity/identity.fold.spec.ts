import type { EmployeeRecord } from '@megabot/contracts';
import type { TelegramBindingRow } from '@megabot/read-model';
import { foldSpec, recordedStream } from '@megabot/testing';
import { evolveBinding, evolveChat, evolveEmployee } from './identity.fold';

const AT = '2026-11-25T10:00:00.000Z';
const RECORD: EmployeeRecord = {
  fullName: 'Anna',
  email: 'anna@example.com',
  department: 'Eng',
  position: 'Dev',
  office: 'HQ',
  managerId: null,
  roles: ['employee', 'admin'],
  clearance: 'internal',
  projects: ['a'],
};

function employee(employeeId = 'e-anna') {
  const record = recordedStream(`employee-${employeeId}`);
  return {
    hired: () => record('EmployeeHired', { employeeId, ...RECORD, hiredAt: AT, hiredBy: 'e-admin' }),
    updated: (changes: Partial<EmployeeRecord>) => record('EmployeeUpdated', { employeeId, changes, updatedAt: AT, updatedBy: 'e-admin' }),
    dismissed: () =>
      record('EmployeeDismissed', { employeeId, dismissedAt: AT, dismissedBy: 'e-admin', reason: 'gone', telegramUserId: null, revokedRoles: [] }),
    rehired: () =>
      record('EmployeeRehired', {
        employeeId,
        ...RECORD,
        fullName: 'Anna K.',
        roles: ['employee'],
        rehiredAt: '2026-12-01T10:00:00.000Z',
        rehiredBy: 'e-admin',
      }),
    bound: (telegramUserId: number) => record('TelegramBound', { employeeId, telegramUserId, email: RECORD.email, boundAt: AT, previousTelegramUserId: null }),
    unbound: (telegramUserId: number) => record('TelegramUnbound', { employeeId, telegramUserId, reason: 'self', unboundAt: AT, unboundBy: employeeId }),
  };
}

const spec = foldSpec(evolveEmployee);

describe('identity read model fold', () => {
  it('hires an employee once', () => {
    const e = employee();
    const hired = e.hired();
    spec
      .given([])
      .when(hired)
      .then({
        employee_id: 'e-anna',
        full_name: 'Anna',
        roles: ['employee', 'admin'],
        status: 'active',
        hired_at: new Date(AT),
        employments: 1,
        revision: '0',
      });
    spec.given([hired]).when(hired).thenUnchanged();
  });

  it('applies only the changed fields of an update, and skips an event it has applied', () => {
    const e = employee();
    const given = [e.hired()];
    const update = e.updated({ position: 'Lead', managerId: 'e-boss' });
    spec.given(given).when(update).then({ position: 'Lead', manager_id: 'e-boss', full_name: 'Anna', revision: '1' });
    spec
      .given([...given, update])
      .when(update)
      .thenUnchanged();
    expect(evolveEmployee(undefined, update)).toBeUndefined(); // unknown employee
  });

  it('dismissal revokes every role; a rehire starts a new employment without a Telegram account', () => {
    const e = employee();
    const given = [e.hired(), e.bound(1001), e.dismissed()];
    spec
      .given(given.slice(0, 2))
      .when(given[2])
      .then({ status: 'dismissed', roles: [], dismiss_reason: 'gone', dismissed_at: new Date(AT), telegram_user_id: '1001' });
    spec
      .given(given)
      .when(e.rehired())
      .then({
        status: 'active',
        full_name: 'Anna K.',
        roles: ['employee'],
        dismissed_at: null,
        dismiss_reason: null,
        employments: 2,
        hired_at: new Date('2026-12-01T10:00:00.000Z'),
        telegram_user_id: null,
        telegram_bound_at: null,
      });
  });

  it('binds an account; unbinding another account leaves the bound one', () => {
    const e = employee();
    const given = [e.hired(), e.bound(1001)];
    spec
      .given(given.slice(0, 1))
      .when(given[1])
      .then({ telegram_user_id: '1001', telegram_bound_at: new Date(AT) });
    spec.given(given).when(e.unbound(1001)).then({ telegram_user_id: null, telegram_bound_at: null });
    spec
      .given(given)
      .when(e.unbound(9999))
      .then({ telegram_user_id: '1001', telegram_bound_at: new Date(AT) });
  });

  it('the newest binding of an account wins; an unbind removes it only if it is still the employee’s', () => {
    const anna = employee('e-anna');
    const boris = employee('e-boris');
    const annas: TelegramBindingRow = { telegram_user_id: '1001', employee_id: 'e-anna', bound_at: new Date(AT) };
    expect(evolveBinding(undefined, anna.bound(1001))).toEqual(annas);
    expect(evolveBinding(annas, boris.bound(1001))).toMatchObject({ telegram_user_id: '1001', employee_id: 'e-boris' });
    expect(evolveBinding(annas, boris.unbound(1001))).toBe(annas);
    expect(evolveBinding(annas, anna.unbound(1001))).toBeUndefined();
  });

  it('a chat is what the bot reported last', () => {
    const record = recordedStream('telegram-chat--100');
    const report = (status: string) =>
      record('BotChatMembershipChanged', { chatId: -100, title: 'Team', chatType: 'supergroup', status, canRestrictMembers: true, changedAt: AT });
    const first = evolveChat(undefined, report('administrator'));
    expect(first).toEqual({
      chat_id: '-100',
      title: 'Team',
      type: 'supergroup',
      bot_status: 'administrator',
      can_restrict: true,
      changed_at: new Date(AT),
      revision: '0',
    });
    const second = report('left');
    const latest = evolveChat(first, second);
    expect(latest).toMatchObject({ bot_status: 'left', revision: '1' });
    expect(evolveChat(latest, second)).toBe(latest); // applied before
  });
});
