import { DomainError } from '../shared/domain-error';

/**
 * Every rejection of the identity feature, with a stable `identity.*` code.
 * `kind`: conflict = depends on the current state (may succeed later),
 * unprocessable = can never succeed as written (including "not allowed"),
 * not_found = no such employee.
 *
 * The verification errors a Telegram user can see (invalid e-mail, domain not
 * allowed, locked, too many codes, no code, expired, format) never depend on
 * whether the typed address is in the directory: their messages and details
 * must stay free of anything about the employee.
 */
export const IdentityErrors = {
  /* ---------------------------------------------------------------- input */
  invalidField: (field: string, message: string) => new DomainError('identity.invalid_field', 'unprocessable', `${field} ${message}`, { field }),
  invalidEmail: () =>
    new DomainError('identity.invalid_email', 'unprocessable', 'This is not an e-mail address; please type your corporate e-mail, e.g. name@company.com'),
  emailDomainNotAllowed: (domain: string, allowedDomains: readonly string[]) =>
    new DomainError(
      'identity.email_domain_not_allowed',
      'unprocessable',
      `Only corporate addresses are accepted (${allowedDomains.map((d) => `@${d}`).join(', ')}); @${domain} is not one of them`,
      { domain, allowedDomains: [...allowedDomains] },
    ),
  invalidTelegramUser: (value: unknown) =>
    new DomainError('identity.invalid_telegram_user', 'unprocessable', 'A Telegram user id is a positive integer', { value }),
  invalidPolicy: (field: string, message: string) =>
    new DomainError('identity.invalid_policy', 'unprocessable', `Identity policy ${field}: ${message}`, { field }),

  /* ------------------------------------------------------------ employees */
  employeeNotFound: (employeeId: string) =>
    new DomainError('identity.employee_not_found', 'not_found', `Employee ${employeeId} does not exist`, { employeeId }),
  employeeExists: (employeeId: string, status: string) =>
    new DomainError(
      'identity.employee_exists',
      'conflict',
      status === 'dismissed' ? `Employee ${employeeId} exists and is dismissed; rehire them instead` : `Employee ${employeeId} already exists`,
      { employeeId, status },
    ),
  employeeDismissed: (employeeId: string) => new DomainError('identity.employee_dismissed', 'conflict', `Employee ${employeeId} is dismissed`, { employeeId }),
  employeeNotDismissed: (employeeId: string) =>
    new DomainError('identity.employee_not_dismissed', 'conflict', `Employee ${employeeId} is employed; only a dismissed employee can be rehired`, {
      employeeId,
    }),
  adminRequired: (action: string) => new DomainError('identity.admin_required', 'unprocessable', `Only an admin may ${action}`, { action }),
  notAdminOrSelf: (action: string) =>
    new DomainError('identity.not_admin_or_self', 'unprocessable', `Only an admin or the employee themselves may ${action}`, { action }),
  cannotDismissSelf: () => new DomainError('identity.cannot_dismiss_self', 'unprocessable', 'An admin cannot dismiss themselves'),
  cannotRevokeOwnAdmin: () =>
    new DomainError('identity.cannot_revoke_own_admin', 'unprocessable', 'An admin cannot take the admin role from themselves; ask another admin'),
  managerIsSelf: () => new DomainError('identity.manager_is_self', 'unprocessable', 'An employee cannot be their own line manager'),
  noChanges: () => new DomainError('identity.no_changes', 'unprocessable', 'An update needs at least one field'),
  /** BindTelegram: the code went to an address that is no longer the employee's. */
  emailChanged: (employeeId: string) =>
    new DomainError('identity.email_changed', 'conflict', "The employee's e-mail changed after the code was sent; verify again", { employeeId }),

  /* --------------------------------------------------------- verification */
  verificationLocked: (lockedUntil: string) =>
    new DomainError('identity.verification_locked', 'conflict', `Too many wrong codes; try again after ${lockedUntil}`, { lockedUntil }),
  tooManyCodes: (retryAt: string, codesPerHour: number) =>
    new DomainError('identity.too_many_codes', 'conflict', `At most ${codesPerHour} codes an hour; the next one can be requested at ${retryAt}`, {
      retryAt,
      codesPerHour,
    }),
  noActiveCode: () => new DomainError('identity.no_active_code', 'conflict', 'There is no code waiting to be entered; request a new one'),
  codeExpired: (expiredAt: string) =>
    new DomainError('identity.code_expired', 'conflict', `The code expired at ${expiredAt}; request a new one`, { expiredAt }),
  invalidCodeFormat: (codeLength: number) =>
    new DomainError('identity.invalid_code_format', 'unprocessable', `The code is ${codeLength} digits`, { codeLength }),
};
