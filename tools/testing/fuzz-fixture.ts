import type { FuzzRequest, KnownIds, OpenApiDocument } from '@megabot/testing/openapi-fuzz';

/**
 * A small world for fuzzing a running API over HTTP (the fuzzing test and `npm run test:reliability` share it):
 * an admin and a target employee, an office, a room, a door display, a lot, a booking, a series and a feature switch
 * - so most fuzzed requests name things that exist and reach the handlers - and, per route, a credential its declared
 * policy (`x-access` in the OpenAPI document) admits.
 */
export interface FuzzCallers {
  /** The bot service's headers, acting for a Telegram account when one is given. */
  bot(telegramUserId?: number): Record<string, string>;
  /** The bot's headers acting for a hired employee with a bound Telegram account. */
  as(employeeId: string): Record<string, string>;
  telegramIdOf(employeeId: string): number;
  /** Hires employees and binds their Telegram accounts (fz-admin must be an admin). */
  hire(...employeeIds: string[]): Promise<void>;
  /** A fresh employee session (cookie value and CSRF token). */
  session(employeeId: string): Promise<{ cookie: string; csrf: string }>;
}

export interface FuzzFixture {
  known: KnownIds;
  /** The token of the fixture's door display. */
  displayToken: string;
  /** Headers for a route (as documented: `/rooms/{roomId}`), or undefined when the document says nothing of its access. */
  credentialsFor(method: string, path: string): (() => Promise<Record<string, string>>) | undefined;
}

interface Policy {
  kind: 'public' | 'display' | 'bot' | 'telegram' | 'employee';
  via?: string[];
}

export const FUZZ_ADMIN = 'fz-admin';
export const FUZZ_TARGET = 'fz-target';
/** A Telegram account nobody has bound (the verification flow's callers). */
const STRANGER = 4_200_000_001;

export async function fuzzFixture(apiUrl: string, doc: OpenApiDocument, callers: FuzzCallers): Promise<FuzzFixture> {
  await callers.hire(FUZZ_ADMIN, FUZZ_TARGET);
  const admin = callers.as(FUZZ_ADMIN);
  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(`${apiUrl}${path}`, { method, headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`fuzz fixture: ${method} ${path} answered ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  // a working day (Monday-Friday) some days ahead
  let at = Date.now() + 2 * 86_400_000;
  while ([0, 6].includes(new Date(at).getUTCDay())) at += 86_400_000;
  const day = new Date(at).toISOString().slice(0, 10);
  await post('/rooms/offices', { officeId: 'fz-office', name: 'Fuzz office', timeZone: 'Europe/Moscow' });
  await post('/rooms/offices/fz-office/rooms', { roomId: 'fz-room', name: 'Fuzz room', floor: 1, capacity: 6 });
  const display = await post('/displays', { roomId: 'fz-room', label: 'Fuzz door' });
  const lot = await post('/auctions', {
    lotId: 'fz-lot',
    kind: 'own_lot',
    title: 'Fuzz lot',
    startingPrice: 1000,
    closesAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
  const booking = await post('/rooms/fz-room/bookings', { title: 'Fuzz booking', start: `${day}T10:00:00+03:00`, end: `${day}T11:00:00+03:00` });
  const series = await post('/rooms/fz-room/series', {
    title: 'Fuzz series',
    rule: { frequency: 'weekly', startDate: day, count: 3, startTime: '15:00', endTime: '16:00' },
  });
  await post('/bot/switches/fz.switch', { all: false }, 'PATCH');
  const known: KnownIds = {
    employeeId: [FUZZ_TARGET],
    officeId: ['fz-office'],
    roomId: ['fz-room'],
    displayId: [String(display.displayId)],
    lotId: [String(lot.lotId ?? 'fz-lot')],
    bidNo: ['1', '2'],
    bookingId: [String(booking.bookingId)],
    seriesId: [String(series.seriesId)],
    name: ['fz.switch'],
    scope: ['user', 'message'],
    key: [`${callers.telegramIdOf(FUZZ_TARGET)}:${callers.telegramIdOf(FUZZ_TARGET)}`],
    telegramUserId: [String(callers.telegramIdOf(FUZZ_TARGET))],
    updateId: ['424242', '1'],
    challengeId: ['00000000-0000-4000-8000-000000000000'],
    id: ['00000000-0000-4000-8000-000000000001'],
    taskId: ['00000000-0000-4000-8000-000000000002'],
    tokenId: ['00000000-0000-4000-8000-000000000003'],
    checkpointId: ['1'],
  };
  const displayHeaders = { authorization: `Bearer ${String(display.token)}` };

  const credentialsFor = (method: string, path: string) => {
    const policies = (doc.paths[path]?.[method.toLowerCase()] as { 'x-access'?: Policy[] } | undefined)?.['x-access'];
    if (!policies?.length) return undefined;
    const employee = policies.find((p) => p.kind === 'employee');
    if (employee) {
      const via = employee.via ?? ['bot', 'session', 'token'];
      if (via.includes('bot')) return async () => admin;
      return async () => {
        const s = await callers.session(FUZZ_ADMIN);
        return { cookie: `mb_session=${s.cookie}`, 'x-csrf-token': s.csrf };
      };
    }
    if (policies.some((p) => p.kind === 'bot')) return async () => callers.bot();
    if (policies.some((p) => p.kind === 'telegram')) return async () => callers.bot(STRANGER);
    if (policies.some((p) => p.kind === 'display')) return async () => displayHeaders;
    return async () => ({});
  };
  return { known, displayToken: String(display.token), credentialsFor };
}

/** Deliberate 5xx answers of the API (not faults): a display speaking a protocol version the server does not. */
const DELIBERATE_5XX = new Set(['displays.unsupported_protocol']);

/** Sends one fuzzed request; `fault` says what is wrong with the answer (a 5xx, a refusal that is not a specific problem). */
export async function sendFuzzRequest(apiUrl: string, request: FuzzRequest, headers: Record<string, string>): Promise<{ status: number; fault?: string }> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${request.url}`, {
      method: request.method,
      headers: { ...headers, ...(request.body !== undefined && { 'content-type': 'application/json' }) },
      body: request.body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    return { status: 0, fault: `no answer: ${(e as Error).message}` };
  }
  const text = await res.text();
  if (res.status < 400) return { status: res.status };
  let code: unknown;
  try {
    code = (JSON.parse(text) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  if (res.status >= 500 && !DELIBERATE_5XX.has(String(code))) return { status: res.status, fault: `${res.status} ${text.slice(0, 300)}` };
  if (!(res.headers.get('content-type') ?? '').includes('application/problem+json') || typeof code !== 'string' || code === 'internal')
    return { status: res.status, fault: `${res.status} is not a specific problem: ${res.headers.get('content-type')} ${text.slice(0, 200)}` };
  return { status: res.status };
}
