import { IdentityErrors } from './identity.errors';

/**
 * The configurable rules of identity verification. Built from configuration
 * at start (resolveIdentityPolicy validates it) and passed to the deciders;
 * what a decision derives from it (expiry, lock end) is written into the
 * events, so a policy change never reinterprets history.
 */
export interface IdentityPolicy {
  /** Digits in a verification code. 6 digits = 1,000,000 possibilities. */
  codeLength: number;
  /** A code is accepted for this long after it is issued. Short: a code sitting in a mailbox is a risk. */
  codeTtlMinutes: number;
  /** Wrong codes in a row that lock the verification (the `maxAttempts`-th wrong code locks). */
  maxAttempts: number;
  /**
   * How long a lock lasts; also how long a failure is remembered: wrong codes
   * are forgotten once this long has passed since the last one (so a user who
   * mistyped weeks ago starts afresh, and an attacker gains nothing by waiting
   * rather than locking - at most `maxAttempts` guesses per `lockMinutes`).
   */
  lockMinutes: number;
  /**
   * New codes after the first one in any rolling 60 minutes, per Telegram
   * account: with 3, at most 4 codes are issued (and e-mailed) per hour. Every
   * issued code counts, whatever the address - also for addresses not in the
   * directory, which keeps known and unknown addresses indistinguishable.
   */
  resendsPerHour: number;
  /**
   * Corporate e-mail domains (lower case, exact match: a subdomain must be
   * listed itself). Only addresses in these domains get codes, and employees
   * must be hired with one. The list is not secret, so an address outside it
   * is refused with a clear message (that reveals nothing about the directory).
   */
  allowedEmailDomains: readonly string[];
}

export const DEFAULT_IDENTITY_POLICY: Readonly<IdentityPolicy> = Object.freeze({
  codeLength: 6,
  codeTtlMinutes: 10,
  maxAttempts: 5,
  lockMinutes: 30,
  resendsPerHour: 3,
  allowedEmailDomains: Object.freeze(['example.com']),
});

/** Limits of each setting (a configuration outside them is refused at start). */
export const IDENTITY_POLICY_LIMITS = {
  codeLength: [4, 12],
  codeTtlMinutes: [1, 24 * 60],
  maxAttempts: [1, 20],
  lockMinutes: [1, 7 * 24 * 60],
  resendsPerHour: [0, 20],
} as const;

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The default policy with `overrides` applied, validated; domains are trimmed and lower-cased. Throws identity.invalid_policy. */
export function resolveIdentityPolicy(overrides: Partial<IdentityPolicy> = {}): IdentityPolicy {
  const policy = { ...DEFAULT_IDENTITY_POLICY, ...overrides };
  for (const [field, [min, max]] of Object.entries(IDENTITY_POLICY_LIMITS) as [keyof typeof IDENTITY_POLICY_LIMITS, readonly [number, number]][]) {
    const value = policy[field];
    if (!Number.isInteger(value) || value < min || value > max) throw IdentityErrors.invalidPolicy(field, `must be an integer from ${min} to ${max}`);
  }
  const domains = [...new Set(policy.allowedEmailDomains.map((d) => d.trim().toLowerCase()))];
  if (domains.length === 0) throw IdentityErrors.invalidPolicy('allowedEmailDomains', 'at least one domain is required');
  const bad = domains.filter((d) => !DOMAIN_RE.test(d));
  if (bad.length) throw IdentityErrors.invalidPolicy('allowedEmailDomains', `not a domain name: ${bad.join(', ')}`);
  return { ...policy, allowedEmailDomains: Object.freeze(domains) };
}

/** Codes that may be issued in a rolling hour: the first one plus the resends. */
export const codesPerHour = (policy: IdentityPolicy) => 1 + policy.resendsPerHour;
