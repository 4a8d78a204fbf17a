/**
 * The page's calls to the admin back end. The session is an HttpOnly cookie the page never sees; unsafe requests
 * carry the CSRF token (the readable mb_csrf cookie of the same site) and a fresh Idempotency-Key (the command id).
 */
export const csrfToken = (): string | undefined => /(?:^|;\s*)mb_csrf=([^;]+)/.exec(document.cookie)?.[1];

export function headersFor(method: string, extra: HeadersInit = {}): Headers {
  const headers = new Headers(extra);
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = csrfToken();
    if (csrf) headers.set('X-CSRF-Token', decodeURIComponent(csrf));
    if (!headers.has('Idempotency-Key')) headers.set('Idempotency-Key', crypto.randomUUID());
  }
  return headers;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, any>,
  ) {
    super(String(body.detail ?? body.message ?? body.title ?? `Error ${status}`));
  }
}

/** A call to the API through the admin back end (`/api/...`), as the signed-in employee. */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: headersFor(method, body === undefined ? {} : { 'Content-Type': 'application/json' }),
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`./api${path}`, init);
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!res.ok) throw new ApiError(res.status, parsed);
  return { status: res.status, body: parsed as T };
}
