import type { SessionView } from '@megabot/contracts';

/**
 * Calls to the API that serves this page (two folders up from /seating/app/), as the employee whose Web App
 * session the page opened: the session cookie goes along, unsafe methods carry the session's CSRF token and a
 * fresh Idempotency-Key (a retried booking is one booking).
 */
const BASE = new URL('../../', document.baseURI);
let csrf = '';

/** An API refusal (problem+json) with its human message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') Object.assign(headers, { 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID() });
  const res = await fetch(new URL(path.replace(/^\//, ''), BASE), {
    method,
    headers,
    credentials: 'include',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiProblem(res.status, json.code ?? 'http', json.detail ?? json.title ?? `HTTP ${res.status}`);
  return json as T;
}

/** Opens the session from Telegram's signed initData (refused with 401 unless it is a verified, active employee). */
export async function openSession(initData: string): Promise<SessionView> {
  const session = await api<SessionView>('POST', '/auth/webapp', { initData });
  csrf = session.csrf;
  return session;
}

export const query = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};
