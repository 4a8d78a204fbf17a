/* Test fixtures for the identity specs (pure data and helpers; not used by production code). */
import type { EmployeeEvent, Actor, VerificationEvent } from '@megabot/contracts';
import type { Decider, DomainEvent } from '../shared/decider';
import { createEmployeeDecider, type EmployeeRecordInput, type HireEmployee } from './employee.decider';
import { resolveIdentityPolicy } from './identity.policy';
import { createVerificationDecider, type DirectoryMatch, type RequestVerificationCode, type VerificationCodeHasher } from './verification.decider';

export const T0 = new Date('2026-11-25T10:00:00.000Z');
/** T0 + minutes. */
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
export const iso = (minutes: number) => at(minutes).toISOString();

export const POLICY = resolveIdentityPolicy({ allowedEmailDomains: ['example.com', 'corp.example.org'] });

/**
 * Stand-in for the keyed hash of production (HMAC-SHA-256 outside the
 * domain): two FNV-1a passes over key|salt|code, 16 hex characters - fixed
 * length, deterministic, and salt-dependent like the real thing.
 */
export const testHash: VerificationCodeHasher = (code, salt) => {
  const fnv = (text: string, seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  const input = `test-secret|${salt}|${code}`;
  return fnv(input, 0x811c9dc5) + fnv(input, 0x050c5d1f);
};

export const employeeDecider = createEmployeeDecider(POLICY);
export const verificationDecider = createVerificationDecider({ policy: POLICY, hashCode: testHash });

export const ADMIN: Actor = { employeeId: 'e-admin', roles: ['employee', 'admin'] };
export const AUDITOR: Actor = { employeeId: 'e-audit', roles: ['employee', 'auditor'] };
export const plain = (employeeId: string): Actor => ({ employeeId, roles: ['employee'] });

export const annaRecord = (overrides: Partial<EmployeeRecordInput> = {}): EmployeeRecordInput => ({
  fullName: 'Anna Ivanova',
  email: 'anna.ivanova@example.com',
  department: 'Engineering',
  position: 'Backend developer',
  office: 'Moscow HQ',
  managerId: 'e-boris',
  roles: ['employee'],
  clearance: 'confidential',
  projects: ['megabot', 'auction'],
  ...overrides,
});

export const hireAnna = (overrides: Partial<EmployeeRecordInput> = {}, actor: Actor = ADMIN): HireEmployee => ({
  type: 'HireEmployee',
  employeeId: 'e-anna',
  record: annaRecord(overrides),
  actor,
});

/** The EmployeeHired of hireAnna() at minute 0 (normalized: roles canonical, projects sorted). */
export const annaHired = (): EmployeeEvent => ({
  type: 'EmployeeHired',
  data: {
    employeeId: 'e-anna',
    fullName: 'Anna Ivanova',
    email: 'anna.ivanova@example.com',
    department: 'Engineering',
    position: 'Backend developer',
    office: 'Moscow HQ',
    managerId: 'e-boris',
    roles: ['employee'],
    clearance: 'confidential',
    projects: ['auction', 'megabot'],
    hiredAt: iso(0),
    hiredBy: 'e-admin',
  },
});

export const TG = 700001;
export const ANNA: DirectoryMatch = { employeeId: 'e-anna', active: true };

export const requestCode = (
  code: string,
  recipient: DirectoryMatch = ANNA,
  email = 'anna.ivanova@example.com',
  telegramUserId = TG,
): RequestVerificationCode => ({
  type: 'RequestVerificationCode',
  telegramUserId,
  email,
  recipient,
  code,
});
export const submit = (code: string, telegramUserId = TG) => ({ type: 'SubmitVerificationCode' as const, telegramUserId, code });

/** Runs commands through a decider (each at its minute) after `given`; returns all events. Throws on a rejection. */
export function history<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, given: E[], steps: [C, number][]): E[] {
  const events = [...given];
  let state = given.reduce(decider.evolve, decider.initialState);
  for (const [command, minute] of steps) {
    const produced = decider.decide(state, command, at(minute));
    for (const e of produced) state = decider.evolve(state, e);
    events.push(...produced);
  }
  return events;
}

export const verificationHistory = (steps: [Parameters<typeof verificationDecider.decide>[1], number][], given: VerificationEvent[] = []) =>
  history(verificationDecider, given, steps);
export const employeeHistory = (steps: [Parameters<typeof employeeDecider.decide>[1], number][], given: EmployeeEvent[] = []) =>
  history(employeeDecider, given, steps);
