import { randomBytes } from 'node:crypto';
import * as fc from 'fast-check';
import { HOSTILE_STRINGS, encodeAny, oddShortString, type OpenApiDocument } from '@megabot/testing/openapi-fuzz';
import { FUZZ_ADMIN, sendFuzzRequest } from '../../tools/testing/fuzz-fixture';

/** What a probe found: requests sent, answers >= 500, refusals that were not a specific problem, and what it exists to count. */
export interface ProbeFigures {
  requests: number;
  serverErrors: number;
  notProblems: number;
  [figure: string]: unknown;
}

interface Answer {
  status: number;
  code?: string;
  outcome?: string;
}

async function call(apiUrl: string, method: string, url: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const res = await fetch(`${apiUrl}${url}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: { code?: string; outcome?: string } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = {};
  }
  return { status: res.status, code: json.code, outcome: json.outcome };
}

const tally = (answers: Answer[]) => ({
  requests: answers.length,
  serverErrors: answers.filter((a) => a.status >= 500).length,
  notProblems: answers.filter((a) => a.status >= 400 && a.status < 500 && !a.code).length,
});

/**
 * Forged and broken credentials on routes that need one: every answer must be 401/403 (or 400 for a malformed header),
 * none may act. `admitted` counts requests the API let through.
 */
export async function forgedHeaders(
  apiUrl: string,
  admin: Record<string, string>,
  botToken: string,
): Promise<ProbeFigures & { admitted: number; controlStatus: number }> {
  const forged: Record<string, string>[] = [
    { 'x-employee-id': FUZZ_ADMIN },
    { 'x-telegram-user-id': '7000000001' },
    { authorization: 'Bearer ' },
    { authorization: `Bearer ${botToken.slice(0, -1)}x` },
    { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    { authorization: 'Bearer mbp_' + 'A'.repeat(40) },
    { authorization: 'Bearer rd_' + 'A'.repeat(30) },
    { cookie: 'mb_session=%E0%A4%A' },
    { cookie: 'mb_session=abc.def' },
    { cookie: `mb_session=${'%'.repeat(50)}` },
    { authorization: `Bearer ${botToken}`, 'x-telegram-user-id': '-1' },
    { authorization: `Bearer ${botToken}`, 'x-telegram-user-id': '1e308' },
    { authorization: `Bearer ${botToken}`, 'x-telegram-user-id': 'abc' },
    { authorization: `Bearer ${botToken}`, 'x-telegram-user-id': '99999999999999999999999' },
    { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1', 'x-employee-id': FUZZ_ADMIN },
  ];
  const routes = [
    ['GET', '/identity/employees'],
    ['POST', '/rooms/offices'],
    ['GET', '/rooms/bookings/mine'],
    ['PATCH', '/bot/switches/fz.switch'],
    ['GET', '/audit/auctions/verify'],
  ] as const;
  const answers: Answer[] = [];
  for (const [method, url] of routes)
    for (const headers of forged) answers.push(await call(apiUrl, method, url, headers, method === 'GET' ? undefined : { all: true }));
  // the real admin still gets in: the probes changed nothing
  const control = await call(apiUrl, 'GET', '/identity/employees', admin);
  return { ...tally(answers), admitted: answers.filter((a) => a.status < 300).length, controlStatus: control.status };
}

/**
 * Verification-code brute force: a Telegram account asks for a code to an employee's address and guesses. The lock
 * (IDENTITY_MAX_ATTEMPTS wrong codes) must stop it long before a 6-digit code falls: `accepted` must be 0.
 */
export async function verificationBruteForce(apiUrl: string, bot: (telegramUserId?: number) => Record<string, string>, email: string, guesses: number) {
  const stranger = bot(4_300_000_000 + Math.floor(Math.random() * 1_000_000));
  const answers: Answer[] = [];
  answers.push(await call(apiUrl, 'POST', '/identity/verification/start', stranger, {}));
  answers.push(await call(apiUrl, 'POST', '/identity/verification/code', stranger, { email }));
  const codes: Record<string, number> = {};
  let accepted = 0;
  let refusedFrom: number | undefined;
  for (let i = 0; i < guesses; i++) {
    const guess = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
    const a = await call(apiUrl, 'POST', '/identity/verification/submit', stranger, { code: guess });
    answers.push(a);
    const key = `${a.status} ${a.code ?? a.outcome ?? ''}`;
    codes[key] = (codes[key] ?? 0) + 1;
    // a wrong code answers 200 `rejected` (attempts left) or `locked`, then a refusal; only `verified` is a guessed code
    if (a.outcome === 'verified') accepted++;
    if (refusedFrom === undefined && (a.status === 429 || a.outcome === 'locked' || /lock/.test(a.code ?? ''))) refusedFrom = i + 1;
  }
  return { ...tally(answers), guesses, accepted, lockedAfterGuesses: refusedFrom ?? null, answers: codes };
}

/** Display-token guessing: random `rd_` tokens on the schedule route. None may be accepted; the address is throttled. */
export async function displayTokenGuessing(apiUrl: string, guesses: number) {
  const answers: Answer[] = [];
  for (let i = 0; i < guesses; i++)
    answers.push(await call(apiUrl, 'GET', '/displays/schedule', { authorization: `Bearer rd_${randomBytes(24).toString('base64url')}` }));
  const throttledFrom = answers.findIndex((a) => a.status === 429);
  return { ...tally(answers), guesses, accepted: answers.filter((a) => a.status < 400).length, throttledAfter: throttledFrom < 0 ? null : throttledFrom };
}

/** Random display requests with a real token: odd query parameters and headers; only 200/304 or a specific 4xx. */
export async function randomDisplayRequests(apiUrl: string, token: string, runs: number, seed: number) {
  const param = fc.constantFrom('proto', 'fw', 'bat_mv', 'rssi', 'fails', 'extra');
  const value = fc.oneof(oddShortString, fc.integer().map(String), fc.constantFrom('1', '0', '-1', '1e308', ''));
  const requests = fc.sample(
    fc.record({
      query: fc.array(fc.tuple(param, value), { maxLength: 4 }),
      ifNoneMatch: fc.option(
        fc.oneof(
          oddShortString.map((s) =>
            Buffer.from(s, 'latin1')
              .toString('latin1')
              .replace(/[^\x20-\x7e]/g, '?'),
          ),
          fc.constant('"x"'),
        ),
      ),
      userAgent: fc.option(fc.constantFrom('megabot-door/1.2.3', 'x'.repeat(2000), 'curl/8', '')),
    }),
    { numRuns: runs, seed },
  );
  const statuses: Record<string, number> = {};
  let serverErrors = 0;
  let notProblems = 0;
  for (const r of requests) {
    const url = `/displays/schedule${r.query.length ? '?' + r.query.map(([k, v]) => `${k}=${encodeAny(v)}`).join('&') : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (r.ifNoneMatch !== null) headers['if-none-match'] = r.ifNoneMatch;
    if (r.userAgent !== null) headers['user-agent'] = r.userAgent;
    const answer = await sendFuzzRequest(apiUrl, { method: 'GET', url, mutation: 'display' }, headers);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.fault) {
      if (answer.status >= 500 || answer.status === 0) serverErrors++;
      else notProblems++;
    }
  }
  return { requests: requests.length, serverErrors, notProblems, statuses };
}

/**
 * SQL and JSON injection strings in every text field of every documented request body (the rest of the body its
 * example): each must be stored as the text it is or refused; afterwards the data is intact (`intactAfter`).
 */
export async function injectionStrings(
  apiUrl: string,
  doc: OpenApiDocument,
  credentialsFor: (method: string, path: string) => (() => Promise<Record<string, string>>) | undefined,
  known: Record<string, string[]>,
  exampleOf: (schema: unknown) => unknown,
) {
  const INJECTIONS = HOSTILE_STRINGS.slice(0, 12);
  const answers: Answer[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      const example = (exampleOf(schema) ?? {}) as Record<string, unknown>;
      const textFields = Object.entries(example)
        .filter(([, v]) => typeof v === 'string')
        .map(([k]) => k);
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(known[name]?.[0] ?? 'x1'));
      const headers = await credentialsFor(method, path)!();
      for (const field of textFields)
        for (const injection of INJECTIONS) answers.push(await call(apiUrl, method.toUpperCase(), url, headers, { ...example, [field]: injection }));
    }
  }
  return tally(answers);
}
