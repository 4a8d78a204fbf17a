import { CLEARANCE_LEVELS, EMPLOYEE_ROLES, type EmployeeImportReportView, type EmployeeView } from '@megabot/contracts';
import { IDENTITY_ID_PATTERN, parseEmail } from '@megabot/domain';
import { parseCsv } from './csv';

/** The columns of an employee CSV (header row required; order free; `roles` and `projects` separated by `;`). */
export const CSV_COLUMNS = ['employeeId', 'fullName', 'email', 'department', 'position', 'office', 'managerId', 'roles', 'clearance', 'projects'] as const;
const REQUIRED = ['employeeId', 'fullName', 'email', 'department', 'position', 'office'] as const;

export interface ImportRecord {
  employeeId: string;
  fullName: string;
  email: string;
  department: string;
  position: string;
  office: string;
  managerId: string | null;
  roles: string[];
  clearance: string;
  projects: string[];
}

export type Rejected = EmployeeImportReportView['rejected'][number];

export interface ImportPlan {
  /** Valid rows, managers before the people who report to them. */
  rows: { line: number; record: ImportRecord }[];
  rejected: Rejected[];
}

const list = (v: string) => [
  ...new Set(
    v
      .split(/[;|]/)
      .map((x) => x.trim())
      .filter(Boolean),
  ),
];

/**
 * Reads and checks a CSV: every row either becomes a record or is rejected
 * with the reason (missing field, bad e-mail, duplicate id or e-mail in the
 * file, unknown role / clearance, a manager that is neither in the file nor
 * an employee, a manager cycle). `known` are the employees that exist.
 */
export function planImport(csv: string, known: ReadonlyMap<string, EmployeeView>): ImportPlan {
  const rejected: Rejected[] = [];
  let rows: { line: number; fields: string[] }[];
  try {
    rows = parseCsv(csv);
  } catch (e) {
    return { rows: [], rejected: [{ line: 0, employeeId: null, reason: (e as Error).message }] };
  }
  if (!rows.length) return { rows: [], rejected: [{ line: 0, employeeId: null, reason: 'the file is empty' }] };
  const header = rows[0].fields.map((h) => h.trim());
  const missingColumns = REQUIRED.filter((c) => !header.includes(c));
  const unknownColumns = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (missingColumns.length || unknownColumns.length) {
    const why = [
      missingColumns.length ? `missing column(s) ${missingColumns.join(', ')}` : '',
      unknownColumns.length ? `unknown column(s) ${unknownColumns.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return { rows: [], rejected: [{ line: rows[0].line, employeeId: null, reason: `header: ${why} (columns: ${CSV_COLUMNS.join(',')})` }] };
  }
  const valid: { line: number; record: ImportRecord }[] = [];
  const ids = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const { line, fields } of rows.slice(1)) {
    const get = (c: string) => (fields[header.indexOf(c)] ?? '').trim();
    const employeeId = get('employeeId') || null;
    const reject = (reason: string) => rejected.push({ line, employeeId, reason });
    if (fields.length !== header.length) {
      reject(`expected ${header.length} fields, found ${fields.length}`);
      continue;
    }
    const missing = REQUIRED.filter((c) => !get(c));
    if (missing.length) {
      reject(`missing field(s): ${missing.join(', ')}`);
      continue;
    }
    if (!IDENTITY_ID_PATTERN.test(employeeId!)) {
      reject('employeeId must be 1-64 letters, digits, "_" or "-"');
      continue;
    }
    let email: string;
    try {
      email = parseEmail(get('email')).email;
    } catch {
      reject(`bad e-mail "${get('email')}"`);
      continue;
    }
    const roles = get('roles') ? list(get('roles')) : ['employee'];
    const badRoles = roles.filter((r) => !(EMPLOYEE_ROLES as readonly string[]).includes(r));
    if (badRoles.length) {
      reject(`unknown role(s) ${badRoles.join(', ')} (allowed: ${EMPLOYEE_ROLES.join(', ')})`);
      continue;
    }
    const clearance = get('clearance') || 'internal';
    if (!(CLEARANCE_LEVELS as readonly string[]).includes(clearance)) {
      reject(`unknown clearance "${clearance}" (allowed: ${CLEARANCE_LEVELS.join(', ')})`);
      continue;
    }
    const projects = list(get('projects'));
    if (projects.some((p) => !IDENTITY_ID_PATTERN.test(p))) {
      reject('projects must be codes of letters, digits, "_" or "-", separated by ";"');
      continue;
    }
    if (ids.has(employeeId!)) {
      reject(`duplicate employeeId (first on line ${ids.get(employeeId!)})`);
      continue;
    }
    if (emails.has(email)) {
      reject(`duplicate e-mail ${email} (first on line ${emails.get(email)})`);
      continue;
    }
    const other = [...known.values()].find((k) => k.email === email && k.employeeId !== employeeId && k.status === 'active');
    if (other) {
      reject(`duplicate e-mail ${email} (employee ${other.employeeId} has it)`);
      continue;
    }
    ids.set(employeeId!, line);
    emails.set(email, line);
    const managerId = get('managerId') || null;
    valid.push({
      line,
      record: {
        employeeId: employeeId!,
        fullName: get('fullName'),
        email,
        department: get('department'),
        position: get('position'),
        office: get('office'),
        managerId,
        roles: EMPLOYEE_ROLES.filter((r) => roles.includes(r)),
        clearance,
        projects: [...projects].sort(),
      },
    });
  }

  // Managers: in the file (hired first) or already employees; no cycles.
  const byId = new Map(valid.map((r) => [r.record.employeeId, r]));
  const ordered: { line: number; record: ImportRecord }[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'rejected'>();
  const visit = (id: string, path: string[]): boolean => {
    const s = state.get(id);
    if (s === 'done') return true;
    if (s === 'rejected') return false;
    const row = byId.get(id)!;
    const reject = (reason: string) => {
      state.set(id, 'rejected');
      rejected.push({ line: row.line, employeeId: id, reason });
      return false;
    };
    if (s === 'visiting') return reject(`manager cycle: ${[...path, id].join(' → ')}`);
    state.set(id, 'visiting');
    const m = row.record.managerId;
    if (m !== null) {
      if (m === id) return reject('an employee cannot be their own manager');
      if (byId.has(m)) {
        if (!visit(m, [...path, id])) return state.get(id) === 'rejected' ? false : reject(`manager ${m} was rejected`);
      } else if (!known.has(m)) return reject(`unknown manager ${m}`);
    }
    state.set(id, 'done');
    ordered.push(row);
    return true;
  };
  for (const r of valid) visit(r.record.employeeId, []);
  rejected.sort((a, b) => a.line - b.line);
  return { rows: ordered, rejected };
}

/** The fields of a record that differ from the employee's current ones (empty: nothing to do). */
export function changesOf(record: ImportRecord, current: EmployeeView): Partial<ImportRecord> {
  const changes: Partial<ImportRecord> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const k of ['fullName', 'email', 'department', 'position', 'office', 'managerId', 'roles', 'clearance', 'projects'] as const) {
    const now = k === 'projects' ? [...current.projects].sort() : (current[k] as unknown);
    if (!same(record[k], now)) (changes as Record<string, unknown>)[k] = record[k];
  }
  return changes;
}

/** The API calls the import makes (an HTTP client in the CLI, the command bus in the API's import route). */
export interface ImportTarget {
  employees(): Promise<EmployeeView[]>;
  hire(record: ImportRecord, key: string): Promise<{ status: number; body: Record<string, unknown> }>;
  update(employeeId: string, changes: Partial<ImportRecord>, key: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** The API answers it to the admin site as it is (EmployeeImportReportView). */
export type ImportReport = EmployeeImportReportView;

const REASONS: Record<string, (body: Record<string, unknown>) => string> = {
  'identity.email_domain_not_allowed': (b) => `unknown domain @${b.domain} (allowed: ${((b.allowedDomains as string[]) ?? []).map((d) => `@${d}`).join(', ')})`,
  'identity.email_taken': (b) => `duplicate e-mail (employee ${b.employeeId} has it)`,
  'identity.unknown_manager': (b) => `unknown manager ${b.managerId}`,
  'identity.invalid_email': () => 'bad e-mail',
  'identity.admin_required': () => 'the importing employee is not an admin',
  'auth.admin_required': () => 'the importing employee is not an admin',
  'identity.cannot_revoke_own_admin': () => 'an admin cannot take the admin role from themselves',
};

/**
 * Applies a plan: hires new employees, updates the changed fields of existing
 * ones, leaves equal ones alone (a re-import writes nothing). Dismissed
 * employees are reported, not rehired. Idempotency keys are derived from the
 * content, so an interrupted import can simply be run again.
 */
export async function runImport(csv: string, target: ImportTarget, onProgress: (done: number, total: number) => void = () => undefined): Promise<ImportReport> {
  const known = new Map((await target.employees()).map((e) => [e.employeeId, e]));
  const plan = planImport(csv, known);
  const report: ImportReport = { hired: [], updated: [], unchanged: [], rejected: [...plan.rejected] };
  let done = 0;
  onProgress(0, plan.rows.length);
  for (const { line, record } of plan.rows) {
    const current = known.get(record.employeeId);
    const fail = (status: number, body: Record<string, unknown>) => {
      const code = String(body.code ?? '');
      report.rejected.push({ line, employeeId: record.employeeId, reason: REASONS[code]?.(body) ?? `${status} ${body.detail ?? body.title ?? code}` });
    };
    if (!current) {
      const r = await target.hire(record, `import-${record.employeeId}-${fingerprint(record)}`);
      if (r.status === 201) report.hired.push(record.employeeId);
      else fail(r.status, r.body);
    } else if (current.status === 'dismissed') {
      report.rejected.push({ line, employeeId: record.employeeId, reason: 'dismissed employee: rehire them in the admin site, not by import' });
    } else {
      const changes = changesOf(record, current);
      if (!Object.keys(changes).length) report.unchanged.push(record.employeeId);
      else {
        const r = await target.update(record.employeeId, changes, `import-${record.employeeId}-${fingerprint(changes)}`);
        if (r.status === 200) report.updated.push(record.employeeId);
        else fail(r.status, r.body);
      }
    }
    onProgress(++done, plan.rows.length);
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/** Short content hash for idempotency keys (keys stay within 64 characters). */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619);
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 2246822519);
  }
  return (h1 >>> 0).toString(36) + (h2 >>> 0).toString(36);
}

/**
 * An ImportTarget over the HTTP API, with an admin's personal access token (`source`: where it came from, named when
 * the API refuses it).
 */
export function httpImportTarget(apiUrl: string, token: string, source = 'the access token'): ImportTarget {
  const call = async (method: string, path: string, body?: unknown, key?: string) => {
    const res = await fetch(apiUrl + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };
  return {
    async employees() {
      const all: EmployeeView[] = [];
      for (let offset = 0; ; offset += 500) {
        const r = await call('GET', `/identity/employees?limit=500&offset=${offset}`);
        if (r.status === 401) throw new Error(`the API refused ${source}: 401 ${r.body.title ?? ''}`);
        if (r.status === 403) throw new Error(`${source} acts for an employee who may not import (admins only): 403 ${r.body.title ?? ''}`);
        if (r.status !== 200) throw new Error(`cannot list employees: ${r.status} ${r.body.title ?? ''}`);
        const items = r.body.items as EmployeeView[];
        all.push(...items);
        if (items.length < 500) return all;
      }
    },
    hire: (record, key) => call('POST', '/identity/employees', record, key),
    update: (employeeId, changes, key) => call('PATCH', `/identity/employees/${encodeURIComponent(employeeId)}`, changes, key),
  };
}
