import { ROLES } from '../shared/actor';

/**
 * Events of the identity feature. Two kinds of streams:
 *
 *   employee-<employeeId>            one employee: hire, updates, dismissal,
 *                                    rehire, and the Telegram account bound to
 *                                    them (TelegramBound / TelegramUnbound);
 *   verification-<telegramUserId>    one Telegram account proving that it
 *                                    belongs to an employee by a code sent to
 *                                    the corporate e-mail.
 *
 * Why the verification stream is keyed by the Telegram user id and not by the
 * e-mail: every limit (attempts, lock, resends) must hold for the *caller*
 * whatever address they type - and keying by the address would create a
 * stream per typed address, telling apart known and unknown ones. The id is
 * Telegram's numeric user id (stable for the life of the account); the
 * username is never used nor stored (it can change and be taken by someone
 * else).
 *
 * Privacy. The verification stream is internal: it is read by the API, the
 * mailer and auditors, never shown as is to the Telegram user. Two of its
 * facts must not reach the user, because they would tell whether an e-mail is
 * in the directory: CodeIssued.employeeId and CodeIssued.suppressed. What the
 * user sees is VerificationStatusView (identity.read.ts), which is the same
 * for a known and an unknown e-mail. No event ever holds a verification code:
 * CodeIssued holds a keyed hash of it.
 *
 * Schema version 1 for every event (IDENTITY_SCHEMA_VERSIONS).
 */

/* -------------------------------------------------------------- vocabulary */

/**
 * Roles: `employee` uses the bot's employee features, `admin` administers
 * (hires, dismisses, unbinds, company lots...), `auditor` reads logs and
 * reports. Stored in this order (canonical), without duplicates.
 */
/** The roles an employee record can hold: the system's one set (shared/actor). */
export const EMPLOYEE_ROLES = ROLES;
export type EmployeeRole = (typeof EMPLOYEE_ROLES)[number];

/**
 * Clearance levels for attribute-based access (e.g. the knowledge filter), in
 * ascending order: a document classified at level L is visible to clearance
 * L and above. Compare by rank (the index), see accessOf in the domain.
 */
export const CLEARANCE_LEVELS = ['public', 'internal', 'confidential', 'secret'] as const;
export type ClearanceLevel = (typeof CLEARANCE_LEVELS)[number];

/**
 * The administered record of an employee, as stored in EmployeeHired and
 * EmployeeRehired (and partially in EmployeeUpdated). `department` and
 * `office` are both profile and ABAC attributes: they are kept once, here,
 * so that the directory and access control can never disagree.
 */
export interface EmployeeRecord {
  fullName: string;
  /** Corporate e-mail, normalized to lower case; the address verification codes go to. */
  email: string;
  department: string;
  position: string;
  office: string;
  /** Line manager's employee id; null for none. */
  managerId: string | null;
  /** Canonical order of EMPLOYEE_ROLES, at least one. */
  roles: EmployeeRole[];
  /** ABAC: highest classification the employee may read. */
  clearance: ClearanceLevel;
  /** ABAC: project codes the employee works on (sorted, unique). */
  projects: string[];
}

/* ---------------------------------------------------------- employee stream */

export interface EmployeeHired {
  type: 'EmployeeHired';
  data: EmployeeRecord & { employeeId: string; hiredAt: string; hiredBy: string };
}

/** Only the fields that changed, with their new values (an update that changes nothing writes no event). */
export interface EmployeeUpdated {
  type: 'EmployeeUpdated';
  data: { employeeId: string; changes: Partial<EmployeeRecord>; updatedAt: string; updatedBy: string };
}

/**
 * Offboarding. Written together with TelegramUnbound(reason 'dismissed') when
 * an account was bound. Carries what the offboarding process manager needs
 * without reading anything else: the Telegram account bound at that moment
 * (remove it from every work chat; the chats are recorded elsewhere) and the
 * roles revoked (the employee has none from now on).
 */
export interface EmployeeDismissed {
  type: 'EmployeeDismissed';
  data: {
    employeeId: string;
    dismissedAt: string;
    dismissedBy: string;
    /** Free text of the admin ('' when none given). */
    reason: string;
    /** The Telegram account bound at the moment of dismissal, null when none. */
    telegramUserId: number | null;
    /** The roles the employee had; they are all revoked. */
    revokedRoles: EmployeeRole[];
  };
}

/**
 * A dismissed employee is hired again on the same stream (history and id are
 * kept). The full record is given again; no Telegram account is bound - the
 * person verifies again.
 */
export interface EmployeeRehired {
  type: 'EmployeeRehired';
  data: EmployeeRecord & { employeeId: string; rehiredAt: string; rehiredBy: string };
}

/**
 * A Telegram account now acts as this employee (after a successful
 * verification by a code sent to `email`). When another account was bound,
 * a TelegramUnbound(reason 'rebound') for it precedes this event.
 */
export interface TelegramBound {
  type: 'TelegramBound';
  data: {
    employeeId: string;
    telegramUserId: number;
    /** The address the verification code was sent to. */
    email: string;
    boundAt: string;
    /** The account this one replaces, null when none was bound. */
    previousTelegramUserId: number | null;
  };
}

export const TELEGRAM_UNBIND_REASONS = ['rebound', 'admin', 'self', 'dismissed', 'bound_elsewhere'] as const;
/**
 * - rebound          the employee verified a new account; this old one is replaced
 *                    (the bot tells the old account);
 * - admin            an admin unbound it;
 * - self             the employee unbound it themselves (e.g. "log out" in the bot);
 * - dismissed        offboarding (see EmployeeDismissed);
 * - bound_elsewhere  this Telegram account was verified for another employee
 *                    (`boundTo`); an account acts as one employee at most.
 */
export type TelegramUnbindReason = (typeof TELEGRAM_UNBIND_REASONS)[number];

export interface TelegramUnbound {
  type: 'TelegramUnbound';
  data: {
    employeeId: string;
    telegramUserId: number;
    reason: TelegramUnbindReason;
    unboundAt: string;
    /** The acting employee (admin or the employee themselves); null when the system did it (rebound, bound_elsewhere). */
    unboundBy: string | null;
    /** rebound: the account that replaces this one; otherwise null. */
    replacedBy: number | null;
    /** bound_elsewhere: the employee the account is bound to now; otherwise null. */
    boundTo: string | null;
    /** Free text of an admin ('' when none). */
    comment: string;
  };
}

/**
 * What colleagues may see of an employee in the directory (the employee,
 * their managers up the chain and admins always see everything). `true` =
 * shown to every colleague. Defaults (DEFAULT_DIRECTORY_PRIVACY): the
 * corporate e-mail and the photo are shown, the Telegram contact is not until
 * the employee allows it.
 */
export interface DirectoryPrivacy {
  email: boolean;
  telegram: boolean;
  photo: boolean;
}
export const DIRECTORY_PRIVACY_FIELDS = ['email', 'telegram', 'photo'] as const satisfies readonly (keyof DirectoryPrivacy)[];
export const DEFAULT_DIRECTORY_PRIVACY: Readonly<DirectoryPrivacy> = { email: true, telegram: false, photo: true };

/** The employee (or an admin) changed who sees what in the directory: the whole new setting. */
export interface DirectoryPrivacyChanged {
  type: 'DirectoryPrivacyChanged';
  data: { employeeId: string; privacy: DirectoryPrivacy; changedAt: string; changedBy: string };
}

/** The employee's photo for the directory card (an https URL or a Telegram file id), null = removed. */
export interface EmployeePhotoChanged {
  type: 'EmployeePhotoChanged';
  data: { employeeId: string; photo: string | null; changedAt: string; changedBy: string };
}

export type EmployeeEvent =
  EmployeeHired | EmployeeUpdated | EmployeeDismissed | EmployeeRehired | TelegramBound | TelegramUnbound | DirectoryPrivacyChanged | EmployeePhotoChanged;

/* ------------------------------------------------------ verification stream */

/** The bot asked an unknown Telegram account for its corporate e-mail. */
export interface VerificationStarted {
  type: 'VerificationStarted';
  data: { telegramUserId: number; startedAt: string };
}

/**
 * Why no e-mail goes out for a code. INTERNAL - never shown to the Telegram
 * user (it would tell whether the address is in the directory):
 * - unknown_email      no employee has this address;
 * - employee_inactive  the employee is dismissed.
 */
export type CodeSuppression = 'unknown_email' | 'employee_inactive';

/**
 * A new code for the verification; it invalidates the previous one
 * (`replacesCodeNo`). Written the same way whether or not the address belongs
 * to an active employee - same limits, same expiry, same counters - so every
 * answer the user can observe is the same. The mailer sends the code only when
 * `employeeId` is not null (equivalently `suppressed` is null).
 *
 * `codeHash` = hashCode(code, `${telegramUserId}:${codeNo}`): a KEYED hash
 * (e.g. HMAC-SHA-256 with a server secret) computed outside the domain. A
 * plain hash of a 6-digit code would be reversed by trying all 10^6 codes.
 */
export interface CodeIssued {
  type: 'CodeIssued';
  data: {
    telegramUserId: number;
    /** 1, 2, ... per verification stream, never reused. */
    codeNo: number;
    /** The address the user typed, normalized (trimmed, lower case). */
    email: string;
    /** INTERNAL: the active employee with this address; null = no e-mail is sent. */
    employeeId: string | null;
    /** INTERNAL: why no e-mail is sent; null = it is sent. */
    suppressed: CodeSuppression | null;
    codeHash: string;
    /** Digits in the code. */
    codeLength: number;
    issuedAt: string;
    expiresAt: string;
    /** The code this one invalidates; null when there was none. */
    replacesCodeNo: number | null;
  };
}

/** A wrong code was submitted: the `attempt`-th failure in a row (see the domain policy). */
export interface CodeRejected {
  type: 'CodeRejected';
  data: { telegramUserId: number; codeNo: number; attempt: number; attemptsLeft: number; rejectedAt: string };
}

/** Too many wrong codes: nothing is accepted until `lockedUntil`; the current code is void. */
export interface VerificationLocked {
  type: 'VerificationLocked';
  data: { telegramUserId: number; lockedAt: string; lockedUntil: string; failedAttempts: number; invalidatedCodeNo: number | null };
}

/**
 * The right code, in time: the Telegram account belongs to `employeeId`. The
 * code is used up. Next: BindTelegram on the employee stream (a process
 * manager or the same API handler).
 */
export interface VerificationSucceeded {
  type: 'VerificationSucceeded';
  data: { telegramUserId: number; codeNo: number; employeeId: string; email: string; verifiedAt: string };
}

/** The user gave up (or the bot restarted the conversation); the current code is void. Counters are kept. */
export interface VerificationCancelled {
  type: 'VerificationCancelled';
  data: { telegramUserId: number; cancelledAt: string; invalidatedCodeNo: number | null };
}

export type VerificationEvent = VerificationStarted | CodeIssued | CodeRejected | VerificationLocked | VerificationSucceeded | VerificationCancelled;

export type IdentityEvent = EmployeeEvent | VerificationEvent;
export type IdentityEventType = IdentityEvent['type'];

export const EMPLOYEE_EVENT_TYPES: readonly EmployeeEvent['type'][] = [
  'EmployeeHired',
  'EmployeeUpdated',
  'EmployeeDismissed',
  'EmployeeRehired',
  'TelegramBound',
  'TelegramUnbound',
  'DirectoryPrivacyChanged',
  'EmployeePhotoChanged',
];
export const VERIFICATION_EVENT_TYPES: readonly VerificationEvent['type'][] = [
  'VerificationStarted',
  'CodeIssued',
  'CodeRejected',
  'VerificationLocked',
  'VerificationSucceeded',
  'VerificationCancelled',
];
/** Schema version to write into each event's metadata. */
export const IDENTITY_SCHEMA_VERSIONS: Readonly<Record<IdentityEventType, number>> = {
  EmployeeHired: 1,
  EmployeeUpdated: 1,
  EmployeeDismissed: 1,
  EmployeeRehired: 1,
  TelegramBound: 1,
  TelegramUnbound: 1,
  DirectoryPrivacyChanged: 1,
  EmployeePhotoChanged: 1,
  VerificationStarted: 1,
  CodeIssued: 1,
  CodeRejected: 1,
  VerificationLocked: 1,
  VerificationSucceeded: 1,
  VerificationCancelled: 1,
};

export const EMPLOYEE_STREAM_PREFIX = 'employee-';
export const employeeStreamId = (employeeId: string) => `${EMPLOYEE_STREAM_PREFIX}${employeeId}`;
export const VERIFICATION_STREAM_PREFIX = 'verification-';
export const verificationStreamId = (telegramUserId: number) => `${VERIFICATION_STREAM_PREFIX}${telegramUserId}`;
