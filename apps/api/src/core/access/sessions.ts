import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { secretFrom } from '@megabot/platform';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../api-options';
import { hmac, randomToken, sameSecret } from './secrets';

export const SESSION_COOKIE = 'mb_session';
export const CSRF_COOKIE = 'mb_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type SessionKind = 'login' | 'webapp' | 'widget';

/** How long a session lives: a working day for the admin site, an hour for a Web App (reopened from the bot any time). */
const LIFETIME_MS: Record<SessionKind, number> = { login: 8 * 3600_000, webapp: 3600_000, widget: 8 * 3600_000 };
/** Unused this long, a session ends. */
const IDLE_MS = 2 * 3600_000;

export interface OpenedSession {
  sessionId: string;
  /** The cookie value: the id and its signature (a forged or altered id fails before any lookup). */
  cookie: string;
  /** The CSRF token: sent back in X-CSRF-Token on unsafe methods (a page of another site cannot read it). */
  csrf: string;
  expiresAt: Date;
}

export interface SessionRow {
  session_id: string;
  employee_id: string;
  kind: SessionKind;
  expires_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
}

/**
 * Employee sessions of the web front ends (admin site, Telegram Web Apps):
 * a random id in an HttpOnly, SameSite cookie, signed with a key outside the
 * database; the row in `auth.sessions` is what makes it valid (logout,
 * expiry, idle timeout, revocation). Whether the employee is still active and
 * what they may do is decided at every request by the AccessGuard.
 */
@Injectable()
export class Sessions {
  private key?: string;

  constructor(
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
    private readonly ds: DataSource,
  ) {}

  private get secret(): string {
    return (this.key ??= secretFrom(this.options.auth?.sessionSecret, path.resolve(this.options.auth?.dataDir ?? '.data'), 'session-secret'));
  }

  get secureCookies(): boolean {
    return this.options.auth?.secureCookies ?? true;
  }

  async open(employeeId: string, kind: SessionKind, userAgent?: string): Promise<OpenedSession> {
    const sessionId = randomToken(24);
    const expiresAt = new Date(Date.now() + LIFETIME_MS[kind]);
    await this.ds.query(`INSERT INTO auth.sessions (session_id, employee_id, kind, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5)`, [
      sessionId,
      employeeId,
      kind,
      expiresAt,
      userAgent?.slice(0, 300) ?? null,
    ]);
    return { sessionId, cookie: `${sessionId}.${this.sign(sessionId)}`, csrf: this.csrfOf(sessionId), expiresAt };
  }

  /** The live session a cookie names, or null (bad signature, unknown, revoked, expired, idle too long). */
  async find(cookie: string): Promise<SessionRow | null> {
    const [sessionId, signature] = cookie.split('.');
    if (!sessionId || !signature || !sameSecret(signature, this.sign(sessionId))) return null;
    const [row]: SessionRow[] = await this.ds.query(
      `SELECT session_id, employee_id, kind, expires_at, last_seen_at, revoked_at FROM auth.sessions WHERE session_id = $1`,
      [sessionId],
    );
    if (!row || row.revoked_at) return null;
    const now = Date.now();
    if (new Date(row.expires_at).getTime() <= now || new Date(row.last_seen_at).getTime() + IDLE_MS <= now) return null;
    // Seen: written at most once a minute, not on every request.
    if (now - new Date(row.last_seen_at).getTime() > 60_000) {
      await this.ds.query(`UPDATE auth.sessions SET last_seen_at = now() WHERE session_id = $1`, [sessionId]);
    }
    return row;
  }

  /** A session by id, whatever its state (the caller proved it already). */
  async get(sessionId: string): Promise<SessionRow | null> {
    const [row]: SessionRow[] = await this.ds.query(
      `SELECT session_id, employee_id, kind, expires_at, last_seen_at, revoked_at FROM auth.sessions WHERE session_id = $1`,
      [sessionId],
    );
    return row ?? null;
  }

  csrfMatches(sessionId: string, presented: string | undefined): boolean {
    return presented !== undefined && sameSecret(presented, this.csrfOf(sessionId));
  }

  csrfOf(sessionId: string): string {
    return hmac(this.secret, `csrf:${sessionId}`);
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.ds.query(`UPDATE auth.sessions SET revoked_at = now(), revoked_reason = $2 WHERE session_id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  /** Ends every session of an employee (dismissed, a role taken away while signed in is decided per request anyway). */
  async revokeAll(employeeId: string, reason: string): Promise<number> {
    const [, count] = (await this.ds.query(`UPDATE auth.sessions SET revoked_at = now(), revoked_reason = $2 WHERE employee_id = $1 AND revoked_at IS NULL`, [
      employeeId,
      reason,
    ])) as [unknown, number];
    return count ?? 0;
  }

  private sign(sessionId: string): string {
    return hmac(this.secret, `session:${sessionId}`);
  }
}
