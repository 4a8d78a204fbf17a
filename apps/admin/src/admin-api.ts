import { Inject, Injectable } from '@nestjs/common';
import type { SessionView } from '@megabot/contracts';
import type { TelegramLoginOptions } from './telegram-login';

export const ADMIN_OPTIONS = Symbol('ADMIN_OPTIONS');
export interface AdminOptions {
  /** The API the admin site reads from and sends commands to. */
  apiUrl: string;
  /** The built single-page app (index.html and its assets); the default is apps/admin/web/dist. */
  webRoot?: string;
  /** The Telegram Login Widget on the sign-in page (a deployment with a public domain); off when absent. */
  telegramLogin?: TelegramLoginOptions;
}

/** Who may use the admin site at all: the API decides every route again, with the same session. */
export const ADMIN_SITE_ROLES = ['admin', 'auditor'] as const;

/** What the browser sent that the API needs: the session, its CSRF token, the command id. Nothing else crosses. */
const FORWARDED_HEADERS = ['cookie', 'content-type', 'x-csrf-token', 'idempotency-key', 'user-agent', 'accept', 'accept-language'] as const;
/** What the API answered that the browser needs. */
const RETURNED_HEADERS = ['content-type', 'content-disposition', 'retry-after', 'etag', 'x-audit-events', 'x-audit-period'] as const;

export interface BrowserRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** Set-Cookie lines of the API (the session and CSRF cookies), passed on to the browser as they are. */
  cookies: string[];
  response: Response;
}

/** A refusal of the admin site itself, in the API's problem+json shape. */
export class AdminRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly cookies: string[] = [],
  ) {
    super(detail);
  }

  get body() {
    return { type: `about:blank#${this.code}`, title: this.detail, status: this.status, code: this.code, detail: this.detail };
  }
}

const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 1_000;

/**
 * The admin site's one way to the API. It carries the signed-in employee's own session (the API's HttpOnly cookie)
 * and CSRF token, never a credential of its own: every command the site sends is the admin's command, checked by the
 * API's access policy and recorded with the admin's id in the event log. On top of the API's decision the site
 * admits only admins and auditors, and auditors only to the audit views.
 */
@Injectable()
export class AdminApi {
  /** Sessions seen in the last seconds (a page loads several lists at once: one check, not one per request). */
  private readonly sessions = new Map<string, { view: SessionView; until: number }>();

  constructor(@Inject(ADMIN_OPTIONS) private readonly options: AdminOptions) {}

  /** Sends a request to the API as the browser's employee; `path` starts with "/" and carries its query. */
  async call(browser: BrowserRequest, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    await this.admit(browser, method, path);
    return this.send(browser, method, path, body);
  }

  /**
   * Sign-in steps pass without a session: the API keeps them (a login starts public; the session needs its cookie; the
   * Login Widget's payload is verified by the API, on deployments that offer the widget).
   */
  async signIn(browser: BrowserRequest, path: string, body?: unknown): Promise<ApiAnswer> {
    const widget = path === '/auth/telegram-widget';
    if (widget && !this.options.telegramLogin) throw new AdminRefusal(404, 'admin.telegram_login_off', 'This site signs in through the bot only');
    const answer = await this.send(browser, 'POST', path, body);
    if (answer.status !== 200 || !(widget || /\/session$/.test(path))) return answer;
    // The session is open: only admins and auditors keep it here; anyone else is signed out at once.
    const view = (await answer.response.clone().json()) as SessionView;
    if (view.roles.some((r) => (ADMIN_SITE_ROLES as readonly string[]).includes(r))) return answer;
    const cookie = answer.cookies.map((c) => c.split(';')[0]).join('; ');
    const out = await this.send({ method: 'POST', headers: { cookie, 'x-csrf-token': view.csrf } }, 'POST', '/auth/logout');
    throw new AdminRefusal(403, 'admin.not_admin', 'The admin site is for admins and auditors; you were signed out', out.cookies);
  }

  /** The session the browser holds (401 when none), with the admin site's own rule on top. */
  async session(browser: BrowserRequest): Promise<SessionView> {
    const cookie = first(browser.headers.cookie);
    const key = /(?:^|;\s*)mb_session=([^;]+)/.exec(cookie ?? '')?.[1];
    if (!key) throw new AdminRefusal(401, 'auth.required', 'Sign in to the admin site');
    const cached = this.sessions.get(key);
    if (cached && cached.until > Date.now()) return cached.view;
    const answer = await this.send({ method: 'GET', headers: { cookie } }, 'GET', '/auth/session');
    if (answer.status !== 200) {
      const problem = (await answer.response.json().catch(() => ({}))) as { code?: string; detail?: string };
      throw new AdminRefusal(answer.status === 401 ? 401 : 502, problem.code ?? 'auth.required', problem.detail ?? 'Sign in to the admin site');
    }
    const view = (await answer.response.json()) as SessionView;
    if (!view.roles.some((r) => (ADMIN_SITE_ROLES as readonly string[]).includes(r))) {
      throw new AdminRefusal(403, 'admin.not_admin', 'The admin site is for admins and auditors');
    }
    if (this.sessions.size >= SESSION_CACHE_MAX) this.sessions.clear();
    this.sessions.set(key, { view, until: Date.now() + SESSION_CACHE_MS });
    return view;
  }

  /** Forgets a session at once (signed out here). */
  forget(browser: BrowserRequest): void {
    const key = /(?:^|;\s*)mb_session=([^;]+)/.exec(first(browser.headers.cookie) ?? '')?.[1];
    if (key) this.sessions.delete(key);
  }

  private async admit(browser: BrowserRequest, method: string, path: string): Promise<void> {
    const view = await this.session(browser);
    if (view.roles.includes('admin')) return;
    // Auditors: the audit views, read only, the head checkpoints they take and check, where the log stands (their
    // lists follow it), and their own session.
    const auditView =
      (method === 'GET' && (/^\/audit\//.test(path) || path === '/projections/positions')) ||
      (method === 'POST' && /^\/audit\/checkpoints(\/verify)?$/.test(path));
    if (!auditView && !/^\/auth\/(session|logout)$/.test(path)) throw new AdminRefusal(403, 'admin.auditor_read_only', 'Auditors see the audit views only');
  }

  private async send(browser: BrowserRequest, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = first(browser.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    const hasBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
    if (hasBody) headers['content-type'] = 'application/json';
    else delete headers['content-type'];
    let response: Response;
    try {
      response = await fetch(`${this.options.apiUrl}${path}`, { method, headers, body: hasBody ? JSON.stringify(body) : undefined, redirect: 'manual' });
    } catch {
      throw new AdminRefusal(502, 'admin.api_unreachable', 'The API does not answer; try again in a moment');
    }
    return { status: response.status, headers: response.headers, cookies: response.headers.getSetCookie(), response };
  }
}

export const returnedHeaders = (headers: Headers): [string, string][] =>
  RETURNED_HEADERS.flatMap((name) => {
    const value = headers.get(name);
    return value === null ? [] : [[name, value] as [string, string]];
  });

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join('; ') : v);
