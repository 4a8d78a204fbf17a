import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IdentityDirectory } from '../../identity/identity.directory';
import { problem } from '../problem';
import { RolesService } from '../roles.service';
import { ACTOR_KEY, type RequestActor } from './actor';
import { BotCredentials } from './bot-credentials';
import { PersonalTokens, TOKEN_PREFIX } from './personal-tokens';
import { ACCESS_POLICY, type AccessPolicy } from './policy';
import { CSRF_HEADER, SESSION_COOKIE, Sessions } from './sessions';

/** Door displays authenticate with their own tokens (the displays feature answers who a token is). */
export const DISPLAY_AUTHENTICATOR = Symbol('DISPLAY_AUTHENTICATOR');
export interface DisplayAuthenticator {
  /** The display an Authorization header's token belongs to; throws the display problem (401, 429) otherwise. */
  authenticate(authorization: string | undefined, address: string): Promise<{ displayId: string }>;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TELEGRAM_ID = /^[1-9]\d{0,15}$/;
const BOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The trust boundary, in one place: every request's credential is checked
 * here and turned into the one RequestActor the routes use, then the route's
 * declared policy decides (default deny). Nothing else reads identity from a
 * request.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bot: BotCredentials,
    private readonly sessions: Sessions,
    private readonly tokens: PersonalTokens,
    private readonly directory: IdentityDirectory,
    private readonly roles: RolesService,
    @Optional() @Inject(DISPLAY_AUTHENTICATOR) private readonly displays?: DisplayAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const policies = this.reflector.getAllAndOverride<AccessPolicy[] | undefined>(ACCESS_POLICY, [ctx.getHandler(), ctx.getClass()]);
    // The app does not start with a route without a policy (assertEveryRouteHasPolicy); this is the second lock.
    if (!policies?.length) throw problem(403, 'auth.no_policy', 'This route declares no access policy');
    if (policies.some((p) => p.kind === 'public')) return true;
    const request = ctx.switchToHttp().getRequest();
    const actor = await this.authenticate(
      request,
      policies.every((p) => p.kind === 'display'),
    );
    // Any policy that admits the caller will do; otherwise the first refusal is the answer.
    let refusal: unknown;
    for (const policy of policies) {
      try {
        authorize(actor, policy);
        refusal = undefined;
        break;
      } catch (e) {
        refusal ??= e;
      }
    }
    if (refusal) throw refusal;
    request[ACTOR_KEY] = actor;
    return true;
  }

  private async authenticate(request: Record<string, any>, displayRoute: boolean): Promise<RequestActor> {
    const headers = request.headers as Record<string, string | string[] | undefined>;
    const bearer = /^Bearer\s+(\S+)$/i.exec(first(headers.authorization) ?? '')?.[1];
    if (displayRoute) {
      if (!this.displays) throw problem(503, 'displays.unavailable', 'Door displays are not served here');
      const display = await this.displays.authenticate(first(headers.authorization), String(request.ip ?? 'unknown'));
      return { principal: 'display', roles: [], displayId: display.displayId };
    }
    if (bearer?.startsWith(TOKEN_PREFIX)) {
      const token = await this.tokens.verify(bearer);
      if (!token) throw problem(401, 'auth.invalid_token', 'The access token is unknown, revoked or expired');
      return this.employee({ principal: 'token', roles: [], tokenId: token.token_id }, token.employee_id);
    }
    if (bearer) {
      if (!this.bot.matches(bearer)) throw problem(401, 'auth.invalid_credentials', 'The credential is not valid');
      const actor: RequestActor = { principal: 'bot', roles: [] };
      const botId = first(headers['x-bot-id']);
      if (botId !== undefined) {
        if (!BOT_ID.test(botId)) throw problem(400, 'auth.bot_id_invalid', 'X-Bot-Id must be the bot id from getMe');
        actor.botId = botId;
      }
      const telegram = first(headers['x-telegram-user-id']);
      if (telegram === undefined) return actor;
      if (!TELEGRAM_ID.test(telegram) || !Number.isSafeInteger(Number(telegram)))
        throw problem(400, 'auth.telegram_user_invalid', 'X-Telegram-User-Id must be a Telegram user id');
      actor.telegramUserId = Number(telegram);
      // The API, not the bot, decides who the account is: the active employee bound to it, else nobody (a stranger).
      const bound = await this.directory.byTelegram(actor.telegramUserId);
      return bound ? this.employee(actor, bound.employeeId) : actor;
    }
    const cookie = cookieOf(first(headers.cookie), SESSION_COOKIE);
    if (cookie) {
      const session = await this.sessions.find(cookie);
      if (!session) throw problem(401, 'auth.session_expired', 'The session is over (signed out, expired or revoked): sign in again');
      if (UNSAFE.has(String(request.method)) && !this.sessions.csrfMatches(session.session_id, first(headers[CSRF_HEADER]))) {
        throw problem(403, 'auth.csrf', 'The X-CSRF-Token header is missing or wrong');
      }
      const actor = await this.employee({ principal: 'session', roles: [], sessionId: session.session_id }, session.employee_id);
      if (!actor.employeeId) {
        await this.sessions.revoke(session.session_id, 'not an active employee');
        throw problem(401, 'auth.session_expired', 'The session is over: its employee is no longer active');
      }
      return actor;
    }
    throw problem(401, 'auth.required', 'Authentication required: the bot credential, a session or an access token');
  }

  /** Completes an actor with the employee it acts as - only while they are active (roles from identity and the bootstrap lists). */
  private async employee(actor: RequestActor, employeeId: string): Promise<RequestActor> {
    const roles = await this.roles.rolesOf(employeeId);
    if (!roles.length) return actor; // dismissed or unknown: acts for nobody
    const access = await this.directory.access(employeeId);
    return { ...actor, employeeId, roles, attributes: access?.attributes };
  }
}

function authorize(actor: RequestActor, policy: AccessPolicy): void {
  switch (policy.kind) {
    case 'display':
      return;
    case 'bot':
      if (actor.principal !== 'bot') throw problem(403, 'auth.bot_only', 'Only the bot service may call this');
      return;
    case 'telegram':
      if (actor.principal !== 'bot' || actor.telegramUserId === undefined)
        throw problem(403, 'auth.bot_only', 'Only the bot, acting for a Telegram user (X-Telegram-User-Id), may call this');
      return;
    case 'employee': {
      const via = policy.via ?? ['bot', 'session', 'token'];
      if (!via.includes(actor.principal)) throw problem(403, 'auth.principal_not_allowed', `This route does not accept a ${actor.principal} credential`);
      if (!actor.employeeId) throw problem(403, 'auth.employee_required', 'Only an active, verified employee may do this');
      if (policy.roles && !policy.roles.some((r) => actor.roles.includes(r))) {
        throw problem(
          403,
          policy.roles.includes('admin') && policy.roles.length === 1 ? 'auth.admin_required' : 'auth.role_required',
          `This needs the role ${policy.roles.join(' or ')}`,
          undefined,
          {
            roles: policy.roles,
          },
        );
      }
      return;
    }
    default:
      throw problem(403, 'auth.no_policy', 'Unknown access policy');
  }
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookie(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie value as sent; a malformed percent-encoding (forged, never ours) is no cookie rather than a URIError. */
function decodeCookie(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
