import type { ClearanceLevel, EmployeeRole } from './identity.events';

/**
 * What a Telegram user may see of their own verification - the API's answer
 * to start / request-code / submit-code, and what the bot reads to know
 * whether to ask for the e-mail or the code.
 *
 * It holds nothing that depends on whether the typed e-mail is in the
 * directory (no employee id, no "sent" flag): for a known and an unknown
 * address it is identical. Keep it that way when adding fields.
 */
export type VerificationStep =
  /** Nothing going on (never started, or cancelled). */
  | 'idle'
  /** Asked for the corporate e-mail. */
  | 'awaiting_email'
  /** "If this address is registered, a code was sent to it." */
  | 'awaiting_code'
  /** The code's time is up; ask for a new one. */
  | 'code_expired'
  /** Too many wrong codes: nothing is accepted until `lockedUntil`. */
  | 'locked'
  /** The last verification succeeded (the account is being bound / is bound). */
  | 'verified';

export interface VerificationStatusView {
  telegramUserId: number;
  step: VerificationStep;
  /** The address the user typed (normalized), once they typed one. */
  email: string | null;
  /** Digits the bot should ask for. */
  codeLength: number;
  /** While a code is pending. */
  codeExpiresAt: string | null;
  /** Wrong codes the user may still submit before the lock. */
  attemptsLeft: number;
  /** Codes (first one or resends) the user may still request in the current rolling hour. */
  codesLeftThisHour: number;
  /** When codesLeftThisHour is 0: when the next code may be requested. */
  nextCodeAt: string | null;
  lockedUntil: string | null;
}

/** The outcome of a submitted code (besides errors such as "locked" or "expired"). */
export type VerifyCodeOutcome = 'verified' | 'rejected' | 'locked';

export interface VerifyCodeResultView {
  outcome: VerifyCodeOutcome;
  /** rejected: wrong codes left before the lock. */
  attemptsLeft: number;
  /** locked: until when. */
  lockedUntil: string | null;
}

/**
 * Access attributes of an employee - what API guards, the knowledge ABAC
 * filter and auditors decide on. `active` must be checked first: a dismissed
 * employee has no roles, and their attributes are kept for the record only.
 */
export interface EmployeeAccessView {
  employeeId: string;
  active: boolean;
  roles: EmployeeRole[];
  attributes: {
    department: string;
    office: string;
    clearance: ClearanceLevel;
    /** Index in CLEARANCE_LEVELS: compare ranks, not names. */
    clearanceRank: number;
    projects: string[];
  };
}

/** Who a Telegram account acts as (the bot's lookup; built from TelegramBound / TelegramUnbound). */
export interface TelegramBindingView {
  telegramUserId: number;
  employeeId: string;
  boundAt: string;
}
