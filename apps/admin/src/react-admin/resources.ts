/**
 * The admin site's resources as react-admin sees them (`id`, a list with a total) mapped onto the API's routes.
 * Where the API pages, sorts and searches (lots, employees), the list is one API call with its parameters; the small
 * collections the API answers whole (offices, rooms, displays, switches, lots at a moment for auditors) are filtered,
 * sorted and paged here, on the server, before the browser sees them.
 */
export interface ListRequest {
  /** Sort field and order, as react-admin names them. */
  sort?: [string, 'ASC' | 'DESC'];
  /** First and last index, inclusive. */
  range?: [number, number];
  filter: Record<string, unknown>;
}

export interface ResourceSpec {
  /** The field of an API item that is its id. */
  idField: string;
  /** Lists paged, sorted and searched by the API: the request for a list. */
  apiList?(r: ListRequest): string;
  /**
   * Lists answered whole by the API: the paths to read (their `items` are concatenated); `each` reads the path of
   * every item of another list (every office's rooms).
   */
  wholeList?(filter: Record<string, unknown>): string[] | { each: string; path: (item: Record<string, unknown>) => string };
  /** The items of a whole list's answer (default: its `items`). */
  itemsOf?(answer: Record<string, unknown>): Record<string, unknown>[];
  /** Fields the `q` search looks in, for whole lists. */
  searchIn?: string[];
  one?(id: string): string;
  /** A read that waits until the read side has a command's position (read-your-writes after a create or an edit). */
  caughtUp?(position: string): string;
  create?(body: Record<string, unknown>): { path: string; body: Record<string, unknown> };
  /** An edit: the API's partial update (PATCH), or its create-or-change command (POST) given the whole record. */
  update?(id: string, changes: Record<string, unknown>): { method: 'PATCH' | 'POST'; path: string; body: Record<string, unknown> };
}

const e = encodeURIComponent;
const query = (params: Record<string, unknown>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
const paging = (r: ListRequest, maxLimit: number) => {
  const [from, to] = r.range ?? [0, 24];
  return { offset: from, limit: Math.min(maxLimit, Math.max(1, to - from + 1)) };
};
const order = (r: ListRequest) => (r.sort ? (r.sort[1] === 'DESC' ? 'desc' : 'asc') : undefined);
/** A react-admin sort field the API knows, else the API's default. */
const sortOf = (r: ListRequest, known: readonly string[], rename: Record<string, string> = {}) => {
  const field = r.sort?.[0] === 'id' ? undefined : (rename[r.sort?.[0] ?? ''] ?? r.sort?.[0]);
  return field && known.includes(field) ? field : undefined;
};
/** Only the fields react-admin's form may send to an update (the rest is read-only in the API). */
const pick = (body: Record<string, unknown>, fields: string[]) => Object.fromEntries(fields.filter((f) => f in body).map((f) => [f, body[f]]));

export const RESOURCES: Record<string, ResourceSpec> = {
  lots: {
    idField: 'lotId',
    apiList: (r) =>
      `/auctions${query({
        ...paging(r, 100),
        sort: sortOf(r, ['closesAt', 'title', 'currentPrice', 'bidCount', 'openedAt', 'lotId']),
        order: order(r),
        q: r.filter.q,
        status: r.filter.status,
        kind: r.filter.kind,
        seller: r.filter.sellerId,
      })}`,
    one: (id) => `/auctions/${e(id)}`,
    caughtUp: (position) => `/auctions?limit=1&waitFor=${e(position)}`,
    create: (body) => ({ path: '/auctions', body }),
  },
  employees: {
    idField: 'employeeId',
    apiList: (r) =>
      `/identity/employees${query({
        ...paging(r, 500),
        sort: sortOf(r, ['fullName', 'employeeId', 'email', 'department', 'office', 'hiredAt']),
        order: order(r),
        q: r.filter.q,
        status: r.filter.status,
      })}`,
    one: (id) => `/identity/employees/${e(id)}`,
    create: (body) => ({ path: '/identity/employees', body: pick(body, HIRE_FIELDS) }),
    update: (id, changes) => ({ method: 'PATCH', path: `/identity/employees/${e(id)}`, body: pick(changes, UPDATE_EMPLOYEE_FIELDS) }),
  },
  offices: {
    idField: 'officeId',
    wholeList: () => ['/rooms/offices?all=true'],
    caughtUp: (position) => `/rooms/offices?waitFor=${e(position)}`,
    searchIn: ['officeId', 'name', 'address'],
    create: (body) => ({ path: '/rooms/offices', body }),
    update: (id, changes) => ({ method: 'PATCH', path: `/rooms/offices/${e(id)}`, body: pick(changes, ['name', 'address', 'timeZone']) }),
  },
  rooms: {
    idField: 'roomId',
    // One office's rooms, or every office's (a company has a handful of offices).
    wholeList: (filter) =>
      filter.officeId
        ? [`/rooms/offices/${e(String(filter.officeId))}/rooms`]
        : { each: '/rooms/offices?all=true', path: (o) => `/rooms/offices/${e(String(o.officeId))}/rooms` },
    searchIn: ['roomId', 'name', 'officeId'],
    one: (id) => `/rooms/${e(id)}`,
    caughtUp: (position) => `/rooms/offices?waitFor=${e(position)}`,
    create: ({ officeId, ...body }) => ({ path: `/rooms/offices/${e(String(officeId ?? ''))}/rooms`, body }),
    update: (id, changes) => ({
      method: 'PATCH',
      path: `/rooms/${e(id)}`,
      body: pick(changes, [
        'name',
        'floor',
        'capacity',
        'equipment',
        'workingHours',
        'bufferMinutes',
        'privacy',
        'checkInWindowMinutes',
        'autoRelease',
        'policy',
      ]),
    }),
  },
  displays: {
    idField: 'displayId',
    wholeList: () => ['/displays?includeRetired=true'],
    caughtUp: (position) => `/displays?waitFor=${e(position)}`,
    searchIn: ['displayId', 'roomId', 'roomName', 'label'],
    create: (body) => ({ path: '/displays', body }),
  },
  switches: {
    idField: 'name',
    wholeList: () => ['/bot/switches'],
    searchIn: ['name', 'description'],
    one: (id) => `/bot/switches/${e(id)}`,
    update: (id, changes) => ({
      method: 'PATCH',
      path: `/bot/switches/${e(id)}`,
      body: pick(changes, ['description', 'all', 'roles', 'users', 'appVersions']),
    }),
  },
  /** Personal access tokens (admins see everyone's); the secret is in the create answer only. */
  tokens: {
    idField: 'tokenId',
    wholeList: () => ['/auth/tokens'],
    searchIn: ['tokenId', 'employeeId', 'name', 'createdBy'],
    create: (body) => ({
      path: '/auth/tokens',
      body: { ...pick(body, ['employeeId', 'name']), ...(body.expiresInDays != null && body.expiresInDays !== '' && { expiresInDays: body.expiresInDays }) },
    }),
  },
  'knowledge-sources': {
    idField: 'sourceId',
    wholeList: () => ['/knowledge/sources'],
    searchIn: ['sourceId', 'name', 'location', 'kind'],
    one: (id) => `/knowledge/sources/${e(id)}`,
    create: (body) => ({ path: '/knowledge/sources', body: pick(body, SOURCE_FIELDS) }),
    // configuring a source again is the same command with the whole configuration (unchanged: nothing written)
    update: (id, record) => ({ method: 'POST', path: '/knowledge/sources', body: { ...pick(record, SOURCE_FIELDS), sourceId: id } }),
  },
  announcements: {
    idField: 'announcementId',
    wholeList: () => ['/company/announcements'],
    caughtUp: (position) => `/company/announcements?waitFor=${e(position)}`,
    searchIn: ['announcementId', 'text', 'publishedBy'],
    one: (id) => `/company/announcements/${e(id)}`,
    create: (body) => ({ path: '/company/announcements', body: pick(body, ['announcementId', 'text', 'audience', 'offices', 'departments']) }),
  },
  /** Auditors: every lot as the event store says it is now (not the read model). */
  'audit-lots': {
    idField: 'lotId',
    wholeList: () => ['/audit/auctions'],
    itemsOf: (answer) => answer.lots as Record<string, unknown>[],
    searchIn: ['lotId', 'sellerId', 'winnerId'],
  },
};

const HIRE_FIELDS = ['employeeId', 'fullName', 'email', 'department', 'position', 'office', 'managerId', 'roles', 'clearance', 'projects'];
const SOURCE_FIELDS = ['sourceId', 'kind', 'name', 'location', 'settings', 'credentialRef', 'syncEveryMinutes'];
const UPDATE_EMPLOYEE_FIELDS = HIRE_FIELDS.filter((f) => f !== 'employeeId');

/** Filters, sorts and pages a whole list the way the API would have. */
export function pageWhole(items: Record<string, unknown>[], r: ListRequest, spec: ResourceSpec): { items: Record<string, unknown>[]; total: number } {
  const { q, officeId: _officeId, ...exact } = r.filter;
  let rows = items.filter((item) => Object.entries(exact).every(([k, v]) => v === undefined || v === '' || String(item[k]) === String(v)));
  if (typeof q === 'string' && q.trim()) {
    const needle = q.trim().toLowerCase();
    rows = rows.filter((item) =>
      (spec.searchIn ?? []).some((f) =>
        String(item[f] ?? '')
          .toLowerCase()
          .includes(needle),
      ),
    );
  }
  if (r.sort) {
    const [field, dir] = r.sort;
    const key = field === 'id' ? spec.idField : field;
    const sign = dir === 'DESC' ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * compare(a[key], b[key]));
  }
  const [from, to] = r.range ?? [0, rows.length - 1];
  return { items: rows.slice(from, to + 1), total: rows.length };
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}
