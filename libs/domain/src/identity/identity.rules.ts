import { CLEARANCE_LEVELS, EMPLOYEE_ROLES, type ClearanceLevel, type EmployeeRole } from '@megabot/contracts';
import { IdentityErrors } from './identity.errors';

/** Employee ids, manager ids and project codes (the same pattern as every id of the API). */
export const IDENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Clearance of a new employee unless given: internal documents are for every employee. */
export const DEFAULT_EMPLOYEE_CLEARANCE: ClearanceLevel = 'internal';
export const DEFAULT_EMPLOYEE_ROLES: readonly EmployeeRole[] = Object.freeze(['employee'] as EmployeeRole[]);
export const MAX_EMPLOYEE_PROJECTS = 100;

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_PART = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Trimmed and lower-cased. Corporate mail systems treat the local part
 * case-insensitively, and one spelling per person keeps "same address" a
 * string comparison (the directory lookup must use this same function).
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The normalized address and its domain, or identity.invalid_email. */
export function parseEmail(raw: string): { email: string; domain: string } {
  const email = normalizeEmail(raw);
  const at = email.lastIndexOf('@');
  if (email.length > 254 || at < 1) throw IdentityErrors.invalidEmail();
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local) || !DOMAIN_PART.test(domain)) throw IdentityErrors.invalidEmail();
  return { email, domain };
}

/** A well-formed address in one of the allowed corporate domains (exact match), normalized. */
export function checkCorporateEmail(raw: string, allowedDomains: readonly string[]): string {
  const { email, domain } = parseEmail(raw);
  if (!allowedDomains.includes(domain)) throw IdentityErrors.emailDomainNotAllowed(domain, allowedDomains);
  return email;
}

export function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !IDENTITY_ID_PATTERN.test(value)) throw IdentityErrors.invalidField(field, 'must be 1-64 letters, digits, "_" or "-"');
  return value;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Trimmed, not empty, at most `max` characters, no control characters. */
export function checkText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw IdentityErrors.invalidField(field, 'must be text');
  const text = value.trim();
  if (!text) throw IdentityErrors.invalidField(field, 'must not be empty');
  if (text.length > max) throw IdentityErrors.invalidField(field, `must be at most ${max} characters`);
  if (CONTROL.test(text)) throw IdentityErrors.invalidField(field, 'must not contain control characters');
  return text;
}

/** Known roles, at least one, without duplicates, in the canonical order of EMPLOYEE_ROLES. */
export function normalizeRoles(value: unknown): EmployeeRole[] {
  if (!Array.isArray(value) || value.length === 0) throw IdentityErrors.invalidField('roles', `must list at least one of ${EMPLOYEE_ROLES.join(', ')}`);
  const unknown = value.filter((r) => !(EMPLOYEE_ROLES as readonly unknown[]).includes(r));
  if (unknown.length) throw IdentityErrors.invalidField('roles', `may only contain ${EMPLOYEE_ROLES.join(', ')} (not ${unknown.map(String).join(', ')})`);
  return EMPLOYEE_ROLES.filter((r) => value.includes(r));
}

export function checkClearance(value: unknown): ClearanceLevel {
  if (!(CLEARANCE_LEVELS as readonly unknown[]).includes(value))
    throw IdentityErrors.invalidField('clearance', `must be one of ${CLEARANCE_LEVELS.join(', ')}`);
  return value as ClearanceLevel;
}

/** Index in CLEARANCE_LEVELS (higher sees more). */
export const clearanceRank = (level: ClearanceLevel): number => CLEARANCE_LEVELS.indexOf(level);

/** Valid project codes, sorted, without duplicates. */
export function normalizeProjects(value: unknown): string[] {
  if (!Array.isArray(value)) throw IdentityErrors.invalidField('projects', 'must be a list of project codes');
  const projects = [...new Set(value.map((p) => checkId('projects', p)))].sort();
  if (projects.length > MAX_EMPLOYEE_PROJECTS) throw IdentityErrors.invalidField('projects', `may list at most ${MAX_EMPLOYEE_PROJECTS} projects`);
  return projects;
}

/** Telegram's numeric user id: a positive safe integer. */
export function checkTelegramUserId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw IdentityErrors.invalidTelegramUser(value);
  return value;
}
