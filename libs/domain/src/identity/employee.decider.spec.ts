import type { EmployeeEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { fold } from '../shared/decider';
import { accessOf } from './identity.access';
import { ADMIN, annaHired, annaRecord, AUDITOR, employeeDecider, employeeHistory, hireAnna, iso, plain, T0, at } from './identity.fixtures';
import type { EmployeeState } from './employee.decider';

const spec = deciderSpec(employeeDecider);
const stateOf = (events: EmployeeEvent[]): EmployeeState => fold(employeeDecider, events);

const bound = (telegramUserId: number, minute = 1, previous: number | null = null): EmployeeEvent => ({
  type: 'TelegramBound',
  data: { employeeId: 'e-anna', telegramUserId, email: 'anna.ivanova@example.com', boundAt: iso(minute), previousTelegramUserId: previous },
});
const dismissed = (minute = 5, telegramUserId: number | null = null): EmployeeEvent => ({
  type: 'EmployeeDismissed',
  data: { employeeId: 'e-anna', dismissedAt: iso(minute), dismissedBy: 'e-admin', reason: '', telegramUserId, revokedRoles: ['employee'] },
});
const bind = (telegramUserId: number, email = 'anna.ivanova@example.com') => ({ type: 'BindTelegram' as const, employeeId: 'e-anna', telegramUserId, email });
const update = (changes: Record<string, unknown>, actor = ADMIN) => ({ type: 'UpdateEmployee' as const, employeeId: 'e-anna', changes, actor });
const dismiss = (actor = ADMIN, reason?: string) => ({ type: 'DismissEmployee' as const, employeeId: 'e-anna', actor, reason });

describe('employee decider', () => {
  describe('HireEmployee', () => {
    it('hires with a normalized record: trimmed text, lower-case e-mail, canonical roles, sorted projects', () =>
      spec
        .given([])
        .when(hireAnna({ fullName: '  Anna Ivanova ', email: ' Anna.Ivanova@EXAMPLE.com ', roles: ['employee'] }), T0)
        .then([annaHired()]));

    it('applies the defaults: role employee, clearance internal, no manager, no projects', () => {
      const [e] = employeeDecider.decide(
        employeeDecider.initialState,
        hireAnna({ managerId: undefined, roles: undefined, clearance: undefined, projects: undefined }),
        T0,
      );
      expect(e.data).toMatchObject({ managerId: null, roles: ['employee'], clearance: 'internal', projects: [] });
    });

    it('stores roles in canonical order without duplicates', () => {
      const [e] = employeeDecider.decide(employeeDecider.initialState, hireAnna({ roles: ['auditor', 'employee', 'admin', 'employee'] }), T0);
      expect(e.data).toMatchObject({ roles: ['employee', 'admin', 'auditor'] });
    });

    it('accepts every allowed corporate domain', () => {
      const [e] = employeeDecider.decide(employeeDecider.initialState, hireAnna({ email: 'anna@corp.example.org' }), T0);
      expect(e.data).toMatchObject({ email: 'anna@corp.example.org' });
    });

    it('needs an admin', () => {
      spec
        .given([])
        .when(hireAnna({}, plain('e-boris')), T0)
        .thenThrows('identity.admin_required');
      spec.given([]).when(hireAnna({}, AUDITOR), T0).thenThrows('identity.admin_required');
    });

    it('refuses an existing employee, pointing a dismissed one to rehire', () => {
      spec.given([annaHired()]).when(hireAnna(), at(1)).thenThrows('identity.employee_exists', { status: 'active' });
      spec.given([annaHired(), dismissed()]).when(hireAnna(), at(6)).thenThrows('identity.employee_exists', { status: 'dismissed' });
    });

    it.each([
      ['a personal domain', 'anna@gmail.com', 'identity.email_domain_not_allowed'],
      ['a subdomain that is not listed', 'anna@mail.example.com', 'identity.email_domain_not_allowed'],
      ['a look-alike domain', 'anna@example.com.evil.io', 'identity.email_domain_not_allowed'],
      ['no @', 'anna.example.com', 'identity.invalid_email'],
      ['two @', 'anna@x@example.com', 'identity.invalid_email'],
      ['an empty local part', '@example.com', 'identity.invalid_email'],
      ['a double dot', 'anna..ivanova@example.com', 'identity.invalid_email'],
      ['spaces inside', 'anna ivanova@example.com', 'identity.invalid_email'],
    ])('refuses an e-mail with %s', (_, email, code) => spec.given([]).when(hireAnna({ email }), T0).thenThrows(code));

    it('tells which domains are allowed', () =>
      spec
        .given([])
        .when(hireAnna({ email: 'anna@gmail.com' }), T0)
        .thenThrows('identity.email_domain_not_allowed', { domain: 'gmail.com', allowedDomains: ['example.com', 'corp.example.org'] }));

    it.each([
      ['an unknown role', { roles: ['employee', 'root'] }, 'roles'],
      ['no role', { roles: [] }, 'roles'],
      ['an unknown clearance', { clearance: 'top' }, 'clearance'],
      ['a bad project code', { projects: ['ok', 'not ok'] }, 'projects'],
      ['an empty name', { fullName: '   ' }, 'fullName'],
      ['a too long name', { fullName: 'x'.repeat(201) }, 'fullName'],
      ['a control character', { position: 'Dev\u0007' }, 'position'],
      ['an empty office', { office: '' }, 'office'],
      ['a bad manager id', { managerId: 'boss man' }, 'managerId'],
    ])('refuses %s', (_, overrides, field) =>
      spec
        .given([])
        .when(hireAnna(overrides as never), T0)
        .thenThrows('identity.invalid_field', { field }),
    );

    it('refuses a bad employee id', () =>
      spec
        .given([])
        .when({ ...hireAnna(), employeeId: 'a b' }, T0)
        .thenThrows('identity.invalid_field', { field: 'employeeId' }));

    it('refuses an employee as their own manager', () =>
      spec
        .given([])
        .when(hireAnna({ managerId: 'e-anna' }), T0)
        .thenThrows('identity.manager_is_self'));
  });

  describe('UpdateEmployee', () => {
    it('writes only the fields that change, normalized', () =>
      spec
        .given([annaHired()])
        .when(update({ position: 'Team lead', department: 'Engineering', email: 'ANNA.IVANOVA@example.com', projects: ['megabot', 'auction', 'rooms'] }), at(1))
        .then([
          {
            type: 'EmployeeUpdated',
            data: {
              employeeId: 'e-anna',
              changes: { position: 'Team lead', projects: ['auction', 'megabot', 'rooms'] },
              updatedAt: iso(1),
              updatedBy: 'e-admin',
            },
          },
        ]));

    it('writes nothing when nothing changes', () =>
      spec
        .given([annaHired()])
        .when(update({ fullName: 'Anna Ivanova', roles: ['employee'] }), at(1))
        .then([]));

    it('needs at least one field', () => spec.given([annaHired()]).when(update({}), at(1)).thenThrows('identity.no_changes'));

    it('removes the manager with null', () =>
      spec
        .given([annaHired()])
        .when(update({ managerId: null }), at(1))
        .then([{ type: 'EmployeeUpdated', data: { employeeId: 'e-anna', changes: { managerId: null }, updatedAt: iso(1), updatedBy: 'e-admin' } }]));

    it('grants and revokes roles and changes ABAC attributes', () => {
      const events = employeeHistory([[update({ roles: ['auditor', 'employee'], clearance: 'secret' }), 1]], [annaHired()]);
      expect(accessOf(stateOf(events))).toMatchObject({ roles: ['employee', 'auditor'], attributes: { clearance: 'secret', clearanceRank: 3 } });
    });

    it.each([
      ['an e-mail outside the corporate domains', { email: 'anna@gmail.com' }, 'identity.email_domain_not_allowed'],
      ['a malformed e-mail', { email: 'anna' }, 'identity.invalid_email'],
      ['an empty name', { fullName: '' }, 'identity.invalid_field'],
      ['a null name (only managerId may be null)', { fullName: null }, 'identity.invalid_field'],
      ['no roles', { roles: [] }, 'identity.invalid_field'],
      ['an unknown role', { roles: ['superuser'] }, 'identity.invalid_field'],
      ['an unknown clearance', { clearance: 'cosmic' }, 'identity.invalid_field'],
      ['herself as manager', { managerId: 'e-anna' }, 'identity.manager_is_self'],
    ])('refuses %s', (_, changes, code) => spec.given([annaHired()]).when(update(changes), at(1)).thenThrows(code));

    it('needs an admin', () =>
      spec
        .given([annaHired()])
        .when(update({ position: 'CTO' }, plain('e-anna')), at(1))
        .thenThrows('identity.admin_required'));

    it('refuses an unknown employee and a dismissed one', () => {
      spec
        .given([])
        .when(update({ position: 'CTO' }), at(1))
        .thenThrows('identity.employee_not_found');
      spec
        .given([annaHired(), dismissed()])
        .when(update({ position: 'CTO' }), at(6))
        .thenThrows('identity.employee_dismissed');
    });

    it('keeps an admin from revoking their own admin role, but not another admin', () => {
      const adminAnna = { employeeId: 'e-anna', roles: ['employee', 'admin'] };
      const given = employeeHistory([[hireAnna({ roles: ['employee', 'admin'] }), 0]]);
      spec
        .given(given)
        .when(update({ roles: ['employee'] }, adminAnna), at(1))
        .thenThrows('identity.cannot_revoke_own_admin');
      spec
        .given(given)
        .when(update({ roles: ['employee', 'admin', 'auditor'] }, adminAnna), at(1))
        .then([
          {
            type: 'EmployeeUpdated',
            data: { employeeId: 'e-anna', changes: { roles: ['employee', 'admin', 'auditor'] }, updatedAt: iso(1), updatedBy: 'e-anna' },
          },
        ]);
      expect(employeeDecider.decide(stateOf(given), update({ roles: ['employee'] }), at(1))).toHaveLength(1);
    });

    it('keeps the Telegram binding when the e-mail changes', () => {
      const events = employeeHistory([[update({ email: 'anna.smith@example.com' }), 2]], [annaHired(), bound(42)]);
      expect(stateOf(events)).toMatchObject({ record: { email: 'anna.smith@example.com' }, telegram: { telegramUserId: 42 } });
    });
  });

  describe('Telegram binding', () => {
    it('binds the verified account (the numeric user id)', () =>
      spec
        .given([annaHired()])
        .when(bind(42), at(1))
        .then([bound(42)]));

    it('matches the verified address case-insensitively', () =>
      spec
        .given([annaHired()])
        .when(bind(42, 'Anna.Ivanova@Example.COM'), at(1))
        .then([bound(42)]));

    it('writes nothing when the same account is bound again', () =>
      spec
        .given([annaHired(), bound(42)])
        .when(bind(42), at(2))
        .then([]));

    it('rebinding unbinds the old account first (the bot tells it) and records the replacement', () =>
      spec
        .given([annaHired(), bound(42)])
        .when(bind(43), at(2))
        .then([
          {
            type: 'TelegramUnbound',
            data: {
              employeeId: 'e-anna',
              telegramUserId: 42,
              reason: 'rebound',
              unboundAt: iso(2),
              unboundBy: null,
              replacedBy: 43,
              boundTo: null,
              comment: '',
            },
          },
          bound(43, 2, 42),
        ]));

    it('after a rebind only the new account is bound', () => {
      const events = employeeHistory([[bind(43), 2]], [annaHired(), bound(42)]);
      expect(stateOf(events)).toMatchObject({ telegram: { telegramUserId: 43 } });
    });

    it('refuses a code that went to an address the employee no longer has', () =>
      spec
        .given([
          annaHired(),
          { type: 'EmployeeUpdated', data: { employeeId: 'e-anna', changes: { email: 'anna.smith@example.com' }, updatedAt: iso(1), updatedBy: 'e-admin' } },
        ])
        .when(bind(42), at(2))
        .thenThrows('identity.email_changed'));

    it('refuses a dismissed or unknown employee and a bad Telegram id', () => {
      spec.given([annaHired(), dismissed()]).when(bind(42), at(6)).thenThrows('identity.employee_dismissed');
      spec.given([]).when(bind(42), at(1)).thenThrows('identity.employee_not_found');
      spec.given([annaHired()]).when(bind(0), at(1)).thenThrows('identity.invalid_telegram_user');
      spec.given([annaHired()]).when(bind(1.5), at(1)).thenThrows('identity.invalid_telegram_user');
    });

    it('an admin can unbind, with a comment', () =>
      spec
        .given([annaHired(), bound(42)])
        .when({ type: 'UnbindTelegram', employeeId: 'e-anna', actor: ADMIN, comment: ' Phone lost ' }, at(3))
        .then([
          {
            type: 'TelegramUnbound',
            data: {
              employeeId: 'e-anna',
              telegramUserId: 42,
              reason: 'admin',
              unboundAt: iso(3),
              unboundBy: 'e-admin',
              replacedBy: null,
              boundTo: null,
              comment: 'Phone lost',
            },
          },
        ]));

    it('the employee can unbind themselves; nobody else can', () => {
      spec
        .given([annaHired(), bound(42)])
        .when({ type: 'UnbindTelegram', employeeId: 'e-anna', actor: plain('e-anna') }, at(3))
        .then([
          {
            type: 'TelegramUnbound',
            data: {
              employeeId: 'e-anna',
              telegramUserId: 42,
              reason: 'self',
              unboundAt: iso(3),
              unboundBy: 'e-anna',
              replacedBy: null,
              boundTo: null,
              comment: '',
            },
          },
        ]);
      spec
        .given([annaHired(), bound(42)])
        .when({ type: 'UnbindTelegram', employeeId: 'e-anna', actor: plain('e-boris') }, at(3))
        .thenThrows('identity.not_admin_or_self');
    });

    it('unbinding when nothing is bound writes nothing', () =>
      spec.given([annaHired()]).when({ type: 'UnbindTelegram', employeeId: 'e-anna', actor: ADMIN }, at(3)).then([]));

    it('an account bound to another employee is released here', () => {
      spec
        .given([annaHired(), bound(42)])
        .when({ type: 'ReleaseTelegram', employeeId: 'e-anna', telegramUserId: 42, boundTo: 'e-boris' }, at(4))
        .then([
          {
            type: 'TelegramUnbound',
            data: {
              employeeId: 'e-anna',
              telegramUserId: 42,
              reason: 'bound_elsewhere',
              unboundAt: iso(4),
              unboundBy: null,
              replacedBy: null,
              boundTo: 'e-boris',
              comment: '',
            },
          },
        ]);
      // Not (or no longer) bound here: nothing to do.
      spec
        .given([annaHired(), bound(43)])
        .when({ type: 'ReleaseTelegram', employeeId: 'e-anna', telegramUserId: 42, boundTo: 'e-boris' }, at(4))
        .then([]);
    });
  });

  describe('DismissEmployee (offboarding)', () => {
    it('revokes the roles and unbinds Telegram, telling the process manager which account to remove from work chats', () =>
      spec
        .given([annaHired(), bound(42)])
        .when(dismiss(ADMIN, ' Contract ended '), at(5))
        .then([
          {
            type: 'EmployeeDismissed',
            data: {
              employeeId: 'e-anna',
              dismissedAt: iso(5),
              dismissedBy: 'e-admin',
              reason: 'Contract ended',
              telegramUserId: 42,
              revokedRoles: ['employee'],
            },
          },
          {
            type: 'TelegramUnbound',
            data: {
              employeeId: 'e-anna',
              telegramUserId: 42,
              reason: 'dismissed',
              unboundAt: iso(5),
              unboundBy: 'e-admin',
              replacedBy: null,
              boundTo: null,
              comment: '',
            },
          },
        ]));

    it('leaves no access behind', () => {
      const events = employeeHistory([[dismiss(), 5]], [annaHired(), bound(42)]);
      const state = stateOf(events);
      expect(state).toMatchObject({ status: 'dismissed', telegram: null, record: { roles: [] }, dismissedAt: iso(5) });
      expect(accessOf(state)).toMatchObject({ active: false, roles: [] });
    });

    it('without a bound account writes only the dismissal', () =>
      spec
        .given([annaHired()])
        .when(dismiss(), at(5))
        .then([dismissed(5, null)]));

    it('a second dismissal writes nothing', () => spec.given([annaHired(), dismissed()]).when(dismiss(), at(6)).then([]));

    it('needs an admin other than the employee', () => {
      spec
        .given([annaHired()])
        .when(dismiss(plain('e-boris')), at(5))
        .thenThrows('identity.admin_required');
      spec
        .given([annaHired()])
        .when(dismiss({ employeeId: 'e-anna', roles: ['employee', 'admin'] }), at(5))
        .thenThrows('identity.cannot_dismiss_self');
      spec.given([]).when(dismiss(), at(5)).thenThrows('identity.employee_not_found');
    });
  });

  describe('RehireEmployee', () => {
    const rehire = (overrides = {}) => ({ type: 'RehireEmployee' as const, employeeId: 'e-anna', record: annaRecord(overrides), actor: ADMIN });

    it('brings a dismissed employee back on the same stream with a fresh record and no Telegram account', () => {
      const given = employeeHistory(
        [
          [bind(42), 1],
          [dismiss(), 5],
        ],
        [annaHired()],
      );
      const events = employeeHistory([[rehire({ department: 'Sales', roles: ['employee', 'auditor'] }), 60]], given);
      expect(events.at(-1)).toEqual({
        type: 'EmployeeRehired',
        data: {
          ...(annaHired().data as object),
          hiredAt: undefined,
          hiredBy: undefined,
          department: 'Sales',
          roles: ['employee', 'auditor'],
          rehiredAt: iso(60),
          rehiredBy: 'e-admin',
        },
      });
      const state = stateOf(events);
      expect(state).toMatchObject({ status: 'active', employments: 2, hiredAt: iso(60), dismissedAt: null, telegram: null, record: { department: 'Sales' } });
      expect(accessOf(state)).toMatchObject({ active: true, roles: ['employee', 'auditor'], attributes: { department: 'Sales' } });
    });

    it('the rehired employee binds again after a new verification', () => {
      const events = employeeHistory(
        [
          [dismiss(), 5],
          [rehire(), 60],
          [bind(42), 61],
        ],
        [annaHired(), bound(42)],
      );
      expect(stateOf(events)).toMatchObject({ status: 'active', telegram: { telegramUserId: 42 } });
    });

    it('refuses an employed or unknown employee, an invalid record and a non-admin', () => {
      spec.given([annaHired()]).when(rehire(), at(1)).thenThrows('identity.employee_not_dismissed');
      spec.given([]).when(rehire(), at(1)).thenThrows('identity.employee_not_found');
      spec
        .given([annaHired(), dismissed()])
        .when(rehire({ email: 'anna@gmail.com' }), at(60))
        .thenThrows('identity.email_domain_not_allowed');
      spec
        .given([annaHired(), dismissed()])
        .when({ ...rehire(), actor: plain('e-boris') }, at(60))
        .thenThrows('identity.admin_required');
    });
  });
});
