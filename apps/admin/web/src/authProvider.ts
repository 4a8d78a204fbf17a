import type { AuthProvider } from 'react-admin';
import { api, ApiError, csrfToken } from './api';

export interface Session {
  employeeId: string;
  fullName: string | null;
  roles: string[];
  expiresAt: string;
}

let current: Session | null = null;

async function session(): Promise<Session> {
  current = (await api<Session>('GET', '/auth/session')).body;
  return current;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the Telegram Login Widget hands the page: the account and Telegram's signature of it. */
export type TelegramWidgetUser = Record<string, string | number>;

/** How the sign-in is going, for the login page (it shows "confirm in Telegram" while waiting). */
export type LoginProgress = (state: 'waiting') => void;

/**
 * Sign-in through the bot: the page asks for a login of the employee (id or corporate e-mail), the employee presses
 * "It was me" in Telegram, and this browser - which holds the login's cookie - takes the session. The admin back end
 * signs out anyone who is not an admin or auditor.
 */
export const authProvider: AuthProvider = {
  async login({ who, onProgress, widget }: { who?: string; onProgress?: LoginProgress; widget?: TelegramWidgetUser }) {
    if (widget) {
      // Telegram vouches for the account (the API checks the widget's hash and age); the site keeps admins and auditors
      try {
        current = (await api<Session>('POST', '/auth/telegram-widget', { payload: widget })).body;
        return;
      } catch (e) {
        throw new Error(
          e instanceof ApiError && e.status === 401 ? 'Telegram did not vouch for a verified employee: sign in through the bot' : (e as Error).message,
          {
            cause: e,
          },
        );
      }
    }
    const text = String(who ?? '').trim();
    if (!text) throw new Error('Enter your employee id or corporate e-mail');
    const started = await api<{ challengeId: string; expiresAt: string }>('POST', '/auth/login', text.includes('@') ? { email: text } : { employeeId: text });
    onProgress?.('waiting');
    const until = Date.parse(started.body.expiresAt) || Date.now() + 300_000;
    while (Date.now() < until) {
      try {
        const done = await api<Session>('POST', `/auth/login/${started.body.challengeId}/session`);
        if (done.status === 200) {
          current = done.body;
          return;
        }
      } catch (e) {
        if (e instanceof ApiError && e.status === 403) throw new Error(e.message, { cause: e });
        if (e instanceof ApiError && (e.status === 410 || e.status === 404)) throw new Error('The sign-in expired: start again', { cause: e });
        throw e;
      }
      await sleep(1000);
    }
    throw new Error('Nobody confirmed the sign-in in Telegram in time: start again');
  },
  async logout() {
    current = null;
    // react-admin also calls this on its way to the login page: only a session there is ends
    if (csrfToken()) await api('POST', '/auth/logout').catch(() => undefined);
  },
  async checkAuth() {
    // The CSRF cookie lives as long as the session cookie: without it there is no session to ask about.
    if (!csrfToken()) throw new Error('Sign in');
    await session();
  },
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      current = null;
      throw new Error('Your session is over: sign in again');
    }
  },
  async getIdentity() {
    if (!current && !csrfToken()) throw new Error('Sign in');
    const s = current ?? (await session());
    return { id: s.employeeId, fullName: s.fullName ? `${s.fullName} (${s.roles.filter((r) => r !== 'employee').join(', ')})` : s.employeeId };
  },
  async getPermissions() {
    const s = current ?? (csrfToken() ? await session().catch(() => null) : null);
    return s?.roles ?? [];
  },
};
