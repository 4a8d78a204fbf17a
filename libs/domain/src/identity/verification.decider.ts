import type { CodeIssued, CodeSuppression, VerificationEvent } from '@megabot/contracts';
import type { VerificationStatusView, VerificationStep, VerifyCodeResultView } from '@megabot/contracts';
import { IDENTITY_SCHEMA_VERSIONS, verificationStreamId } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { constantTimeEqual } from './constant-time';
import { IdentityErrors } from './identity.errors';
import { codesPerHour, DEFAULT_IDENTITY_POLICY, type IdentityPolicy } from './identity.policy';
import { checkCorporateEmail, checkId, checkTelegramUserId } from './identity.rules';

/**
 * The verification aggregate (stream `verification-<telegramUserId>`): a
 * Telegram account proves it belongs to an employee by a code e-mailed to the
 * employee's corporate address.
 *
 *   StartVerification        the bot asks an unknown account for its e-mail
 *   RequestVerificationCode  the user typed an e-mail (or asks for a new code)
 *   SubmitVerificationCode   the user typed the code
 *   CancelVerification       the user gives up
 *
 * NEVER REVEALING WHETHER AN E-MAIL EXISTS. RequestVerificationCode decides exactly the
 * same way for an address of an active employee, of a dismissed one and for an
 * address nobody has: the same checks in the same order (none of them looks
 * at the directory), the same CodeIssued with the same expiry, counted against
 * the same limits, hashed the same way. The only difference is internal:
 * CodeIssued.employeeId is null and `suppressed` says why, so the mailer sends
 * nothing. Such a "decoy" code can never succeed - SubmitVerificationCode rejects it as a
 * wrong code, counting the attempt and locking after the limit like any other
 * - so everything the user can observe afterwards (VerificationStatusView,
 * errors, the CodeRejected counters) is identical too. Addresses outside the
 * allowed corporate domains are refused openly: the list of domains is public.
 *
 * Secrets: the code is generated outside the domain (cryptographically random
 * digits) and handed in with RequestVerificationCode, hashed by the injected keyed hash
 * (`deps.hashCode`), and only the hash is stored. A submitted code is hashed
 * the same way and compared with constantTimeEqual.
 *
 * Rules (defaults in DEFAULT_IDENTITY_POLICY):
 *   - a code lives codeTtlMinutes (10) and is used up by a success;
 *   - a new code invalidates the previous one (`replacesCodeNo`);
 *   - at most 1 + resendsPerHour (4) codes per rolling hour per account;
 *   - wrong codes are counted across codes - a new code does not reset the
 *     count (or an attacker would get fresh guesses with every resend); the
 *     maxAttempts-th (5th) wrong code locks the verification for lockMinutes
 *     (30) and voids the pending code; while locked nothing is accepted (every
 *     command is refused, nothing is counted); failures are forgotten
 *     lockMinutes after the last one, and on success.
 *   - a badly formed code (not codeLength digits) and a code submitted after
 *     expiry are refused without counting: they cannot match anything.
 */

/* ------------------------------------------------------------------ commands */

/** A keyed hash of a code (e.g. HMAC-SHA-256 with a server secret, hex); `salt` = verificationCodeSalt(telegramUserId, codeNo). Fixed output length. */
export type VerificationCodeHasher = (code: string, salt: string) => string;

export interface VerificationDeps {
  policy: IdentityPolicy;
  hashCode: VerificationCodeHasher;
}

/**
 * Who the typed address belongs to: looked up by the API in the directory
 * read model by normalizeEmail(email) just before deciding; null when nobody
 * has it. The decision never reveals which case it was.
 */
export type DirectoryMatch = { employeeId: string; active: boolean } | null;

/** The bot asks an unknown Telegram account for its corporate e-mail. Already in progress: nothing written. */
export interface StartVerification {
  type: 'StartVerification';
  telegramUserId: number;
}
/**
 * Issues a new code for the typed address (the first one or a resend; a
 * different address is fine too - the new code replaces the old one either
 * way). Starts the verification when none is in progress.
 */
export interface RequestVerificationCode {
  type: 'RequestVerificationCode';
  telegramUserId: number;
  /** As typed. */
  email: string;
  recipient: DirectoryMatch;
  /** Fresh cryptographically random digits, exactly policy.codeLength of them; e-mailed by the caller only when the event says so. */
  code: string;
}
/** The user typed the code (spaces and dashes are ignored). */
export interface SubmitVerificationCode {
  type: 'SubmitVerificationCode';
  telegramUserId: number;
  code: string;
}
/** The user gives up; the pending code is void. Counters and a lock stay. */
export interface CancelVerification {
  type: 'CancelVerification';
  telegramUserId: number;
}
export type VerificationCommand = StartVerification | RequestVerificationCode | SubmitVerificationCode | CancelVerification;

/* --------------------------------------------------------------------- state */

export interface PendingVerificationCode {
  codeNo: number;
  email: string;
  /** null: a decoy (no e-mail went out); it never verifies. */
  employeeId: string | null;
  codeHash: string;
  codeLength: number;
  issuedAt: string;
  expiresAt: string;
}

export interface VerificationState {
  telegramUserId: number | null;
  step: 'idle' | 'awaiting_email' | 'awaiting_code' | 'verified';
  /** The address typed last (while a verification is in progress or verified). */
  email: string | null;
  /** The one code that may still be entered; null when none (used, replaced, voided by lock or cancel). */
  code: PendingVerificationCode | null;
  codesIssued: number;
  /** Issue times of the latest codes, oldest first (at most MAX_TRACKED_CODE_ISSUES) - for the rolling-hour limit. */
  recentIssues: readonly string[];
  /** Wrong codes in a row (see effectiveFailedAttempts: they are forgotten after a quiet period). */
  failedAttempts: number;
  lastFailureAt: string | null;
  lockedUntil: string | null;
  /** The employee of the last success. */
  verifiedEmployeeId: string | null;
}

/** More than 1 + the largest resendsPerHour a policy may have. */
export const MAX_TRACKED_CODE_ISSUES = 32;
const HOUR_MS = 60 * 60_000;

export const initialVerificationState: VerificationState = {
  telegramUserId: null,
  step: 'idle',
  email: null,
  code: null,
  codesIssued: 0,
  recentIssues: [],
  failedAttempts: 0,
  lastFailureAt: null,
  lockedUntil: null,
  verifiedEmployeeId: null,
};

/** The salt a code is hashed with: unique per code, so equal codes never give equal hashes. */
export const verificationCodeSalt = (telegramUserId: number, codeNo: number) => `${telegramUserId}:${codeNo}`;

/* -------------------------------------------------------------------- evolve */

export function evolveVerification(state: VerificationState, event: VerificationEvent): VerificationState {
  const d = event.data;
  const next = { ...state, telegramUserId: d.telegramUserId };
  switch (event.type) {
    case 'VerificationStarted':
      return { ...next, step: 'awaiting_email', email: null, code: null };
    case 'CodeIssued': {
      const c = event.data;
      return {
        ...next,
        step: 'awaiting_code',
        email: c.email,
        code: {
          codeNo: c.codeNo,
          email: c.email,
          employeeId: c.employeeId,
          codeHash: c.codeHash,
          codeLength: c.codeLength,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
        },
        codesIssued: Math.max(state.codesIssued, c.codeNo),
        recentIssues: [...state.recentIssues, c.issuedAt].slice(-MAX_TRACKED_CODE_ISSUES),
      };
    }
    case 'CodeRejected':
      return { ...next, failedAttempts: event.data.attempt, lastFailureAt: event.data.rejectedAt };
    case 'VerificationLocked':
      // The pending code is void; after the lock the user asks for a new one.
      return {
        ...next,
        step: 'awaiting_email',
        code: null,
        failedAttempts: event.data.failedAttempts,
        lastFailureAt: event.data.lockedAt,
        lockedUntil: event.data.lockedUntil,
      };
    case 'VerificationSucceeded':
      return { ...next, step: 'verified', code: null, failedAttempts: 0, lastFailureAt: null, lockedUntil: null, verifiedEmployeeId: event.data.employeeId };
    case 'VerificationCancelled':
      return { ...next, step: 'idle', email: null, code: null };
    default:
      return state;
  }
}

/* ----------------------------------------------------------- derived at `now` */

export function isVerificationLocked(state: VerificationState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() < Date.parse(state.lockedUntil);
}

/** Wrong codes that still count at `now`: forgotten lockMinutes after the last one (a lock lasts exactly that long). */
export function effectiveFailedAttempts(state: VerificationState, now: Date, policy: IdentityPolicy): number {
  if (state.lastFailureAt === null) return 0;
  if (isVerificationLocked(state, now)) return state.failedAttempts;
  return now.getTime() - Date.parse(state.lastFailureAt) >= policy.lockMinutes * 60_000 ? 0 : state.failedAttempts;
}

/** Codes issued in the rolling hour before `now`, and when the next one may be issued if the limit is reached. */
export function verificationCodeQuota(state: VerificationState, now: Date, policy: IdentityPolicy): { left: number; nextAt: string | null } {
  const limit = codesPerHour(policy);
  const inWindow = state.recentIssues.filter((t) => Date.parse(t) > now.getTime() - HOUR_MS);
  if (inWindow.length < limit) return { left: limit - inWindow.length, nextAt: null };
  // The slot frees when enough of the oldest ones leave the window.
  return { left: 0, nextAt: new Date(Date.parse(inWindow[inWindow.length - limit]) + HOUR_MS).toISOString() };
}

/* -------------------------------------------------------------------- decide */

function refuseWhileLocked(state: VerificationState, now: Date): void {
  if (isVerificationLocked(state, now)) throw IdentityErrors.verificationLocked(state.lockedUntil!);
}

const inProgress = (state: VerificationState) => state.step === 'awaiting_email' || state.step === 'awaiting_code';

function start(state: VerificationState, c: StartVerification, now: Date): VerificationEvent[] {
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  refuseWhileLocked(state, now);
  if (inProgress(state)) return [];
  return [{ type: 'VerificationStarted', data: { telegramUserId, startedAt: now.toISOString() } }];
}

function requestCode(state: VerificationState, c: RequestVerificationCode, now: Date, deps: VerificationDeps): VerificationEvent[] {
  const { policy } = deps;
  // Nothing before the CodeIssued below looks at c.recipient: every refusal is the same for known and unknown addresses.
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  const email = checkCorporateEmail(typeof c.email === 'string' ? c.email : '', policy.allowedEmailDomains);
  refuseWhileLocked(state, now);
  const quota = verificationCodeQuota(state, now, policy);
  if (quota.left === 0) throw IdentityErrors.tooManyCodes(quota.nextAt!, codesPerHour(policy));
  if (typeof c.code !== 'string' || c.code.length !== policy.codeLength || !/^[0-9]+$/.test(c.code)) {
    throw new Error(`RequestVerificationCode.code must be ${policy.codeLength} random digits (a bug in the code generator)`); // not a user error
  }
  const codeNo = state.codesIssued + 1;
  const codeHash = deps.hashCode(c.code, verificationCodeSalt(telegramUserId, codeNo));
  if (typeof codeHash !== 'string' || codeHash.length === 0 || codeHash === c.code) {
    throw new Error('hashCode must return a non-empty keyed hash, not the code');
  }
  const recipient = c.recipient === null ? null : { employeeId: checkId('recipient.employeeId', c.recipient.employeeId), active: c.recipient.active === true };
  const suppressed: CodeSuppression | null = recipient === null ? 'unknown_email' : recipient.active ? null : 'employee_inactive';
  const issued: CodeIssued = {
    type: 'CodeIssued',
    data: {
      telegramUserId,
      codeNo,
      email,
      employeeId: suppressed === null ? recipient!.employeeId : null,
      suppressed,
      codeHash,
      codeLength: policy.codeLength,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + policy.codeTtlMinutes * 60_000).toISOString(),
      replacesCodeNo: state.code?.codeNo ?? null,
    },
  };
  return inProgress(state) ? [issued] : [{ type: 'VerificationStarted', data: { telegramUserId, startedAt: now.toISOString() } }, issued];
}

function verifyCode(state: VerificationState, c: SubmitVerificationCode, now: Date, deps: VerificationDeps): VerificationEvent[] {
  const { policy } = deps;
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  refuseWhileLocked(state, now);
  const pending = state.code;
  if (pending === null) throw IdentityErrors.noActiveCode();
  if (now.getTime() >= Date.parse(pending.expiresAt)) throw IdentityErrors.codeExpired(pending.expiresAt);
  const submitted = typeof c.code === 'string' ? c.code.replace(/[\s-]/g, '') : '';
  if (submitted.length !== pending.codeLength || !/^[0-9]+$/.test(submitted)) throw IdentityErrors.invalidCodeFormat(pending.codeLength);

  const matches = constantTimeEqual(deps.hashCode(submitted, verificationCodeSalt(telegramUserId, pending.codeNo)), pending.codeHash);
  const at = now.toISOString();
  if (matches && pending.employeeId !== null) {
    return [
      { type: 'VerificationSucceeded', data: { telegramUserId, codeNo: pending.codeNo, employeeId: pending.employeeId, email: pending.email, verifiedAt: at } },
    ];
  }
  // Wrong code - or a decoy, which is "wrong" whatever is typed. Recorded as an event (not thrown), so the count survives.
  const attempt = effectiveFailedAttempts(state, now, policy) + 1;
  const events: VerificationEvent[] = [
    {
      type: 'CodeRejected',
      data: { telegramUserId, codeNo: pending.codeNo, attempt, attemptsLeft: Math.max(0, policy.maxAttempts - attempt), rejectedAt: at },
    },
  ];
  if (attempt >= policy.maxAttempts) {
    events.push({
      type: 'VerificationLocked',
      data: {
        telegramUserId,
        lockedAt: at,
        lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000).toISOString(),
        failedAttempts: attempt,
        invalidatedCodeNo: pending.codeNo,
      },
    });
  }
  return events;
}

function cancel(state: VerificationState, c: CancelVerification, now: Date): VerificationEvent[] {
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  if (!inProgress(state)) return [];
  return [{ type: 'VerificationCancelled', data: { telegramUserId, cancelledAt: now.toISOString(), invalidatedCodeNo: state.code?.codeNo ?? null } }];
}

export function decideVerification(state: VerificationState, command: VerificationCommand, now: Date, deps: VerificationDeps): VerificationEvent[] {
  switch (command.type) {
    case 'StartVerification':
      return start(state, command, now);
    case 'RequestVerificationCode':
      return requestCode(state, command, now, deps);
    case 'SubmitVerificationCode':
      return verifyCode(state, command, now, deps);
    case 'CancelVerification':
      return cancel(state, command, now);
  }
}

/** The verification decider with its policy and keyed hash bound in. */
export function createVerificationDecider(deps: VerificationDeps): Decider<VerificationCommand, VerificationEvent, VerificationState> {
  return {
    initialState: initialVerificationState,
    evolve: evolveVerification,
    decide: (state, command, now) => decideVerification(state, command, now, deps),
  };
}

/* --------------------------------------------------------------------- views */

/**
 * What the Telegram user is told - the same for a known and an unknown
 * address (it is computed only from facts both share).
 */
export function verificationStatusOf(
  state: VerificationState,
  telegramUserId: number,
  now: Date,
  policy: IdentityPolicy = DEFAULT_IDENTITY_POLICY,
): VerificationStatusView {
  const locked = isVerificationLocked(state, now);
  const expired = state.code !== null && now.getTime() >= Date.parse(state.code.expiresAt);
  const step: VerificationStep = locked ? 'locked' : state.step === 'awaiting_code' && expired ? 'code_expired' : state.step;
  const quota = verificationCodeQuota(state, now, policy);
  return {
    telegramUserId,
    step,
    email: state.email,
    codeLength: state.code?.codeLength ?? policy.codeLength,
    codeExpiresAt: step === 'awaiting_code' ? state.code!.expiresAt : null,
    attemptsLeft: locked ? 0 : Math.max(0, policy.maxAttempts - effectiveFailedAttempts(state, now, policy)),
    codesLeftThisHour: quota.left,
    nextCodeAt: quota.nextAt,
    lockedUntil: locked ? state.lockedUntil : null,
  };
}

/** The API's answer to SubmitVerificationCode, from the events it decided. */
export function verifyCodeResultOf(events: readonly VerificationEvent[]): VerifyCodeResultView {
  const locked = events.find((e) => e.type === 'VerificationLocked');
  if (locked) return { outcome: 'locked', attemptsLeft: 0, lockedUntil: locked.data.lockedUntil };
  const rejected = events.find((e) => e.type === 'CodeRejected');
  if (rejected) return { outcome: 'rejected', attemptsLeft: rejected.data.attemptsLeft, lockedUntil: null };
  if (events.some((e) => e.type === 'VerificationSucceeded')) return { outcome: 'verified', attemptsLeft: 0, lockedUntil: null };
  throw new Error('verifyCodeResultOf: no SubmitVerificationCode outcome among the events');
}

/** Verification streams (`verification-<telegram user id>`) as the generic write side runs them. */
export function verificationWriteSide(deps: VerificationDeps): WriteSideDefinition<VerificationCommand, VerificationEvent, VerificationState> {
  return {
    name: 'identity.verification',
    decider: createVerificationDecider(deps),
    streamOf: (command) => verificationStreamId(command.telegramUserId),
    schemaVersionOf: versionsFrom(IDENTITY_SCHEMA_VERSIONS),
  };
}
