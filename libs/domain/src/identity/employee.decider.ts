import type { EmployeeEvent, EmployeeRecord, Actor, DirectoryPrivacy, TelegramUnbindReason, TelegramUnbound } from '@megabot/contracts';
import { DEFAULT_DIRECTORY_PRIVACY, DIRECTORY_PRIVACY_FIELDS, employeeStreamId, IDENTITY_SCHEMA_VERSIONS, isAdmin } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { IdentityErrors } from './identity.errors';
import { DEFAULT_IDENTITY_POLICY, type IdentityPolicy } from './identity.policy';
import {
  checkClearance,
  checkCorporateEmail,
  checkId,
  checkTelegramUserId,
  checkText,
  DEFAULT_EMPLOYEE_CLEARANCE,
  DEFAULT_EMPLOYEE_ROLES,
  normalizeEmail,
  normalizeProjects,
  normalizeRoles,
} from './identity.rules';

/**
 * The employee aggregate (stream `employee-<employeeId>`): the administered
 * record (profile, roles, ABAC attributes), the employment status and the
 * Telegram account bound to the employee.
 *
 * What it cannot see - and who checks it instead:
 *   - that an e-mail is unique among employees, that the manager exists and
 *     that managers form no cycle: the API, against the directory read model,
 *     before hiring / updating;
 *   - that a Telegram account is bound to one employee at most: the binding
 *     process manager, which sends ReleaseTelegram to the previous employee of
 *     an account bound elsewhere.
 */

/* ------------------------------------------------------------------ commands */

/** What an admin types for a new (or returning) employee. Defaults: no manager, roles ['employee'], clearance 'internal', no projects. */
export interface EmployeeRecordInput {
  fullName: string;
  email: string;
  department: string;
  position: string;
  office: string;
  managerId?: string | null;
  roles?: readonly string[];
  clearance?: string;
  projects?: readonly string[];
}

/** Admin only. The e-mail must be in an allowed corporate domain (else the employee could never verify). */
export interface HireEmployee {
  type: 'HireEmployee';
  employeeId: string;
  record: EmployeeRecordInput;
  actor: Actor;
}
/**
 * Admin only; only the fields given (undefined = unchanged, `managerId: null`
 * removes the manager). An update that changes nothing writes nothing. A
 * bound Telegram account stays bound when the e-mail changes: the person is
 * the same (an admin can unbind if the change means otherwise).
 */
export interface UpdateEmployee {
  type: 'UpdateEmployee';
  employeeId: string;
  changes: Partial<EmployeeRecordInput>;
  actor: Actor;
}
/**
 * Offboarding, admin only, not oneself. Revokes every role and unbinds the
 * Telegram account. A second dismissal writes nothing.
 */
export interface DismissEmployee {
  type: 'DismissEmployee';
  employeeId: string;
  actor: Actor;
  reason?: string;
}
/** Admin only: a dismissed employee returns, with a full (possibly new) record; they verify their Telegram account again. */
export interface RehireEmployee {
  type: 'RehireEmployee';
  employeeId: string;
  record: EmployeeRecordInput;
  actor: Actor;
}
/**
 * System: after VerificationSucceeded. `email` is the address the code went
 * to - it must still be the employee's. Binding the account already bound
 * writes nothing; another account is replaced (and told so via
 * TelegramUnbound reason 'rebound').
 */
export interface BindTelegram {
  type: 'BindTelegram';
  employeeId: string;
  telegramUserId: number;
  email: string;
}
/** An admin, or the employee themselves, unbinds the account. Nothing bound: nothing written. */
export interface UnbindTelegram {
  type: 'UnbindTelegram';
  employeeId: string;
  actor: Actor;
  comment?: string;
}
/**
 * System: this Telegram account was just bound to employee `boundTo`, so it
 * no longer acts as this employee. A no-op unless it is still bound here.
 */
export interface ReleaseTelegram {
  type: 'ReleaseTelegram';
  employeeId: string;
  telegramUserId: number;
  boundTo: string;
}
/**
 * The employee themselves (or an admin) chooses what colleagues see in the
 * directory; only the flags given change. Nothing changed: nothing written.
 */
export interface ChangeDirectoryPrivacy {
  type: 'ChangeDirectoryPrivacy';
  employeeId: string;
  privacy: Partial<Record<keyof DirectoryPrivacy, unknown>>;
  actor: Actor;
}
/** The employee (or an admin) sets the directory photo: an https URL or a Telegram file id; null removes it. */
export interface ChangeEmployeePhoto {
  type: 'ChangeEmployeePhoto';
  employeeId: string;
  photo: string | null;
  actor: Actor;
}
export type EmployeeCommand =
  | HireEmployee
  | UpdateEmployee
  | DismissEmployee
  | RehireEmployee
  | BindTelegram
  | UnbindTelegram
  | ReleaseTelegram
  | ChangeDirectoryPrivacy
  | ChangeEmployeePhoto;

/* --------------------------------------------------------------------- state */

export interface TelegramBinding {
  telegramUserId: number;
  /** The address verified. */
  email: string;
  boundAt: string;
}

export interface EmployeeFields {
  employeeId: string;
  record: EmployeeRecord;
  telegram: TelegramBinding | null;
  /** Start of the current (or last) employment. */
  hiredAt: string;
  dismissedAt: string | null;
  /** 1, then +1 per rehire. */
  employments: number;
  /** What colleagues see in the directory (kept across a rehire: it is the person's choice). */
  privacy: DirectoryPrivacy;
  photo: string | null;
}
export type ActiveEmployeeState = EmployeeFields & { status: 'active' };
export type DismissedEmployeeState = EmployeeFields & { status: 'dismissed' };
export type EmployeeState = { status: 'none' } | ActiveEmployeeState | DismissedEmployeeState;

export const initialEmployeeState: EmployeeState = { status: 'none' };

const RECORD_FIELDS = ['fullName', 'email', 'department', 'position', 'office', 'managerId', 'roles', 'clearance', 'projects'] as const;
type RecordField = (typeof RECORD_FIELDS)[number];

function pickRecord(data: EmployeeRecord): EmployeeRecord {
  return {
    fullName: data.fullName,
    email: data.email,
    department: data.department,
    position: data.position,
    office: data.office,
    managerId: data.managerId,
    roles: [...data.roles],
    clearance: data.clearance,
    projects: [...data.projects],
  };
}

/* -------------------------------------------------------------------- evolve */

export function evolveEmployee(state: EmployeeState, event: EmployeeEvent): EmployeeState {
  switch (event.type) {
    case 'EmployeeHired':
      return {
        status: 'active',
        employeeId: event.data.employeeId,
        record: pickRecord(event.data),
        telegram: null,
        hiredAt: event.data.hiredAt,
        dismissedAt: null,
        employments: 1,
        privacy: { ...DEFAULT_DIRECTORY_PRIVACY },
        photo: null,
      };
    case 'EmployeeRehired':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'active',
        record: pickRecord(event.data),
        telegram: null,
        hiredAt: event.data.rehiredAt,
        dismissedAt: null,
        employments: state.employments + 1,
      };
    case 'EmployeeUpdated':
      if (state.status === 'none') return state;
      return { ...state, record: { ...state.record, ...event.data.changes } };
    case 'EmployeeDismissed':
      if (state.status === 'none') return state;
      // Roles are revoked and no account stays bound (the TelegramUnbound written with it says the same).
      return { ...state, status: 'dismissed', record: { ...state.record, roles: [] }, telegram: null, dismissedAt: event.data.dismissedAt };
    case 'TelegramBound':
      if (state.status === 'none') return state;
      return { ...state, telegram: { telegramUserId: event.data.telegramUserId, email: event.data.email, boundAt: event.data.boundAt } };
    case 'TelegramUnbound':
      if (state.status === 'none' || state.telegram?.telegramUserId !== event.data.telegramUserId) return state;
      return { ...state, telegram: null };
    case 'DirectoryPrivacyChanged':
      if (state.status === 'none') return state;
      return { ...state, privacy: { ...event.data.privacy } };
    case 'EmployeePhotoChanged':
      if (state.status === 'none') return state;
      return { ...state, photo: event.data.photo };
    default:
      return state;
  }
}

/* -------------------------------------------------------------------- decide */

function requireAdmin(actor: Actor, action: string): void {
  if (!isAdmin(actor)) throw IdentityErrors.adminRequired(action);
}

function requireEmployee(state: EmployeeState, employeeId: string): ActiveEmployeeState | DismissedEmployeeState {
  if (state.status === 'none') throw IdentityErrors.employeeNotFound(employeeId);
  return state;
}

function requireActive(state: EmployeeState, employeeId: string): ActiveEmployeeState {
  const employee = requireEmployee(state, employeeId);
  if (employee.status !== 'active') throw IdentityErrors.employeeDismissed(employeeId);
  return employee;
}

function checkManager(employeeId: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const managerId = checkId('managerId', value);
  if (managerId === employeeId) throw IdentityErrors.managerIsSelf();
  return managerId;
}

/** One field of a record, validated and normalized. */
function checkField(field: RecordField, value: unknown, employeeId: string, policy: IdentityPolicy): EmployeeRecord[RecordField] {
  switch (field) {
    case 'fullName':
      return checkText('fullName', value, 200);
    case 'email':
      if (typeof value !== 'string') throw IdentityErrors.invalidEmail();
      return checkCorporateEmail(value, policy.allowedEmailDomains);
    case 'department':
    case 'position':
    case 'office':
      return checkText(field, value, 100);
    case 'managerId':
      return checkManager(employeeId, value);
    case 'roles':
      return normalizeRoles(value);
    case 'clearance':
      return checkClearance(value);
    case 'projects':
      return normalizeProjects(value);
  }
}

function checkRecord(employeeId: string, input: EmployeeRecordInput, policy: IdentityPolicy): EmployeeRecord {
  const withDefaults = {
    ...input,
    managerId: input.managerId ?? null,
    roles: input.roles ?? DEFAULT_EMPLOYEE_ROLES,
    clearance: input.clearance ?? DEFAULT_EMPLOYEE_CLEARANCE,
    projects: input.projects ?? [],
  };
  const record = {} as Record<RecordField, unknown>;
  for (const field of RECORD_FIELDS) record[field] = checkField(field, withDefaults[field], employeeId, policy);
  return record as unknown as EmployeeRecord;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function unbound(
  employeeId: string,
  telegramUserId: number,
  reason: TelegramUnbindReason,
  now: Date,
  extra: Partial<Pick<TelegramUnbound['data'], 'unboundBy' | 'replacedBy' | 'boundTo' | 'comment'>> = {},
): TelegramUnbound {
  return {
    type: 'TelegramUnbound',
    data: { employeeId, telegramUserId, reason, unboundAt: now.toISOString(), unboundBy: null, replacedBy: null, boundTo: null, comment: '', ...extra },
  };
}

function hire(state: EmployeeState, c: HireEmployee, now: Date, policy: IdentityPolicy): EmployeeEvent[] {
  requireAdmin(c.actor, 'hire employees');
  const employeeId = checkId('employeeId', c.employeeId);
  if (state.status !== 'none') throw IdentityErrors.employeeExists(employeeId, state.status);
  const record = checkRecord(employeeId, c.record, policy);
  return [{ type: 'EmployeeHired', data: { employeeId, ...record, hiredAt: now.toISOString(), hiredBy: c.actor.employeeId } }];
}

function update(state: EmployeeState, c: UpdateEmployee, now: Date, policy: IdentityPolicy): EmployeeEvent[] {
  requireAdmin(c.actor, 'update employees');
  const employee = requireActive(state, c.employeeId);
  const given = RECORD_FIELDS.filter((f) => c.changes[f] !== undefined);
  if (given.length === 0) throw IdentityErrors.noChanges();
  const changes: Partial<Record<RecordField, unknown>> = {};
  for (const field of given) {
    const value = checkField(field, c.changes[field], employee.employeeId, policy);
    if (!sameValue(value, employee.record[field])) changes[field] = value;
  }
  if (changes.roles && c.actor.employeeId === employee.employeeId && employee.record.roles.includes('admin')) {
    // Keeps an admin from locking themselves (and maybe everyone) out by mistake.
    if (!(changes.roles as string[]).includes('admin')) throw IdentityErrors.cannotRevokeOwnAdmin();
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'EmployeeUpdated',
      data: { employeeId: employee.employeeId, changes: changes as Partial<EmployeeRecord>, updatedAt: now.toISOString(), updatedBy: c.actor.employeeId },
    },
  ];
}

function dismiss(state: EmployeeState, c: DismissEmployee, now: Date): EmployeeEvent[] {
  requireAdmin(c.actor, 'dismiss employees');
  if (c.actor.employeeId === c.employeeId) throw IdentityErrors.cannotDismissSelf();
  const employee = requireEmployee(state, c.employeeId);
  if (employee.status === 'dismissed') return [];
  const reason = (c.reason ?? '').trim();
  if (reason.length > 500) throw IdentityErrors.invalidField('reason', 'must be at most 500 characters');
  const telegramUserId = employee.telegram?.telegramUserId ?? null;
  const events: EmployeeEvent[] = [
    {
      type: 'EmployeeDismissed',
      data: {
        employeeId: employee.employeeId,
        dismissedAt: now.toISOString(),
        dismissedBy: c.actor.employeeId,
        reason,
        telegramUserId,
        revokedRoles: [...employee.record.roles],
      },
    },
  ];
  if (telegramUserId !== null) events.push(unbound(employee.employeeId, telegramUserId, 'dismissed', now, { unboundBy: c.actor.employeeId }));
  return events;
}

function rehire(state: EmployeeState, c: RehireEmployee, now: Date, policy: IdentityPolicy): EmployeeEvent[] {
  requireAdmin(c.actor, 'rehire employees');
  const employee = requireEmployee(state, c.employeeId);
  if (employee.status !== 'dismissed') throw IdentityErrors.employeeNotDismissed(c.employeeId);
  const record = checkRecord(employee.employeeId, c.record, policy);
  return [{ type: 'EmployeeRehired', data: { employeeId: employee.employeeId, ...record, rehiredAt: now.toISOString(), rehiredBy: c.actor.employeeId } }];
}

function bind(state: EmployeeState, c: BindTelegram, now: Date): EmployeeEvent[] {
  const employee = requireActive(state, c.employeeId);
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  if (normalizeEmail(c.email) !== employee.record.email) throw IdentityErrors.emailChanged(employee.employeeId);
  const previous = employee.telegram?.telegramUserId ?? null;
  if (previous === telegramUserId) return [];
  const events: EmployeeEvent[] = [];
  if (previous !== null) events.push(unbound(employee.employeeId, previous, 'rebound', now, { replacedBy: telegramUserId }));
  events.push({
    type: 'TelegramBound',
    data: { employeeId: employee.employeeId, telegramUserId, email: employee.record.email, boundAt: now.toISOString(), previousTelegramUserId: previous },
  });
  return events;
}

function unbind(state: EmployeeState, c: UnbindTelegram, now: Date): EmployeeEvent[] {
  const employee = requireEmployee(state, c.employeeId);
  const self = c.actor.employeeId === employee.employeeId;
  if (!self && !isAdmin(c.actor)) throw IdentityErrors.notAdminOrSelf('unbind the Telegram account');
  const comment = (c.comment ?? '').trim();
  if (comment.length > 500) throw IdentityErrors.invalidField('comment', 'must be at most 500 characters');
  if (!employee.telegram) return [];
  return [unbound(employee.employeeId, employee.telegram.telegramUserId, self ? 'self' : 'admin', now, { unboundBy: c.actor.employeeId, comment })];
}

function release(state: EmployeeState, c: ReleaseTelegram, now: Date): EmployeeEvent[] {
  const employee = requireEmployee(state, c.employeeId);
  const telegramUserId = checkTelegramUserId(c.telegramUserId);
  const boundTo = checkId('boundTo', c.boundTo);
  if (boundTo === employee.employeeId || employee.telegram?.telegramUserId !== telegramUserId) return [];
  return [unbound(employee.employeeId, telegramUserId, 'bound_elsewhere', now, { boundTo })];
}

function changePrivacy(state: EmployeeState, c: ChangeDirectoryPrivacy, now: Date): EmployeeEvent[] {
  const employee = requireActive(state, c.employeeId);
  if (c.actor.employeeId !== employee.employeeId && !isAdmin(c.actor)) throw IdentityErrors.notAdminOrSelf('change directory privacy');
  const given = DIRECTORY_PRIVACY_FIELDS.filter((f) => c.privacy[f] !== undefined);
  if (given.length === 0) throw IdentityErrors.noChanges();
  const privacy = { ...employee.privacy };
  for (const field of given) {
    const value = c.privacy[field];
    if (typeof value !== 'boolean') throw IdentityErrors.invalidField(`privacy.${field}`, 'must be true or false');
    privacy[field] = value;
  }
  if (sameValue(privacy, employee.privacy)) return [];
  return [{ type: 'DirectoryPrivacyChanged', data: { employeeId: employee.employeeId, privacy, changedAt: now.toISOString(), changedBy: c.actor.employeeId } }];
}

/** A photo is an https URL or a Telegram file id (letters, digits, `-` and `_`). */
const PHOTO_PATTERN = /^(https:\/\/[^\s]{4,500}|[A-Za-z0-9_-]{10,200})$/;

function changePhoto(state: EmployeeState, c: ChangeEmployeePhoto, now: Date): EmployeeEvent[] {
  const employee = requireActive(state, c.employeeId);
  if (c.actor.employeeId !== employee.employeeId && !isAdmin(c.actor)) throw IdentityErrors.notAdminOrSelf('change the photo');
  const photo = c.photo === null ? null : typeof c.photo === 'string' ? c.photo.trim() : undefined;
  if (photo === undefined || (photo !== null && !PHOTO_PATTERN.test(photo)))
    throw IdentityErrors.invalidField('photo', 'must be an https URL or a Telegram file id, or null to remove it');
  if (photo === employee.photo) return [];
  return [{ type: 'EmployeePhotoChanged', data: { employeeId: employee.employeeId, photo, changedAt: now.toISOString(), changedBy: c.actor.employeeId } }];
}

export function decideEmployee(state: EmployeeState, command: EmployeeCommand, now: Date, policy: IdentityPolicy = DEFAULT_IDENTITY_POLICY): EmployeeEvent[] {
  switch (command.type) {
    case 'HireEmployee':
      return hire(state, command, now, policy);
    case 'UpdateEmployee':
      return update(state, command, now, policy);
    case 'DismissEmployee':
      return dismiss(state, command, now);
    case 'RehireEmployee':
      return rehire(state, command, now, policy);
    case 'BindTelegram':
      return bind(state, command, now);
    case 'UnbindTelegram':
      return unbind(state, command, now);
    case 'ReleaseTelegram':
      return release(state, command, now);
    case 'ChangeDirectoryPrivacy':
      return changePrivacy(state, command, now);
    case 'ChangeEmployeePhoto':
      return changePhoto(state, command, now);
  }
}

/** The employee decider for a policy (only `allowedEmailDomains` matters here). */
export function createEmployeeDecider(policy: IdentityPolicy = DEFAULT_IDENTITY_POLICY): Decider<EmployeeCommand, EmployeeEvent, EmployeeState> {
  return {
    initialState: initialEmployeeState,
    evolve: evolveEmployee,
    decide: (state, command, now) => decideEmployee(state, command, now, policy),
  };
}

/** Employee streams (`employee-<id>`) as the generic write side runs them. */
export function employeeWriteSide(policy: IdentityPolicy = DEFAULT_IDENTITY_POLICY): WriteSideDefinition<EmployeeCommand, EmployeeEvent, EmployeeState> {
  return {
    name: 'identity.employee',
    decider: createEmployeeDecider(policy),
    streamOf: (command) => employeeStreamId(command.employeeId),
    schemaVersionOf: versionsFrom(IDENTITY_SCHEMA_VERSIONS),
  };
}
