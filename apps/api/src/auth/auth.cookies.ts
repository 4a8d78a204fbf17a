import { CSRF_COOKIE, SESSION_COOKIE, type OpenedSession } from '../core/access/sessions';

export const LOGIN_COOKIE = 'mb_login';

interface CookieOptions {
  maxAgeSeconds: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
  /** CHIPS: kept per top-level site, so a frame inside another site (Telegram Web) may have it. */
  partitioned?: boolean;
}

export function cookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    `SameSite=${o.sameSite}`,
    o.httpOnly && 'HttpOnly',
    o.secure && 'Secure',
    o.partitioned && 'Partitioned',
  ]
    .filter(Boolean)
    .join('; ');
}

/** Sets cookies on a reply of either HTTP stack (fastify's reply, express's response). */
export function setCookies(reply: unknown, cookies: string[]): void {
  const r = reply as { raw?: unknown; header?: (k: string, v: string[]) => void; setHeader?: (k: string, v: string[]) => void };
  if (r.raw && typeof r.header === 'function') r.header('set-cookie', cookies);
  else r.setHeader?.('Set-Cookie', cookies);
}

/**
 * The session cookie (HttpOnly: scripts never see it) and the CSRF cookie (readable by the page of the same site,
 * which sends it back in X-CSRF-Token; another site can neither read it nor make the browser send the header).
 */
export function sessionCookies(session: OpenedSession, secure: boolean): string[] {
  const maxAgeSeconds = (session.expiresAt.getTime() - Date.now()) / 1000;
  return [
    cookie(SESSION_COOKIE, session.cookie, { maxAgeSeconds, httpOnly: true, secure, sameSite: 'Lax' }),
    cookie(CSRF_COOKIE, session.csrf, { maxAgeSeconds, httpOnly: false, secure, sameSite: 'Strict' }),
  ];
}

/**
 * A Web App's session: Telegram Web shows the page in a frame of another site, where a Lax cookie is never sent; over
 * https the session cookie is SameSite=None and partitioned (kept for that frame only). Cross-site requests stay
 * refused by the CSRF token, which the page holds from the session's answer (its CSRF cookie would not be sent
 * either). Over plain http (development) browsers refuse SameSite=None: the same cookies as a sign-in.
 */
export function webAppSessionCookies(session: OpenedSession, secure: boolean): string[] {
  if (!secure) return sessionCookies(session, secure);
  const maxAgeSeconds = (session.expiresAt.getTime() - Date.now()) / 1000;
  return [cookie(SESSION_COOKIE, session.cookie, { maxAgeSeconds, httpOnly: true, secure, sameSite: 'None', partitioned: true })];
}

export function clearedCookies(secure: boolean): string[] {
  const gone = { maxAgeSeconds: 0, httpOnly: true, secure, sameSite: 'Lax' as const };
  return [cookie(SESSION_COOKIE, '', gone), cookie(CSRF_COOKIE, '', { ...gone, httpOnly: false }), cookie(LOGIN_COOKIE, '', gone)];
}
