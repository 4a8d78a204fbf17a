import { CSRF_COOKIE, SESSION_COOKIE, type OpenedSession } from '../core/access/sessions';

export const LOGIN_COOKIE = 'mb_login';

interface CookieOptions {
  maxAgeSeconds: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Strict' | 'Lax';
}

export function cookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    `SameSite=${o.sameSite}`,
    o.httpOnly && 'HttpOnly',
    o.secure && 'Secure',
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

export function clearedCookies(secure: boolean): string[] {
  const gone = { maxAgeSeconds: 0, httpOnly: true, secure, sameSite: 'Lax' as const };
  return [cookie(SESSION_COOKIE, '', gone), cookie(CSRF_COOKIE, '', { ...gone, httpOnly: false }), cookie(LOGIN_COOKIE, '', gone)];
}
