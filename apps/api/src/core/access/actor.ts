import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, EmployeeAccessView } from '@megabot/contracts';
import { problem } from '../problem';

/** How a caller proved who it is. */
export type PrincipalKind = 'bot' | 'session' | 'token' | 'display';

/**
 * The authenticated caller of a request, built once by the AccessGuard from
 * its credential - the only source of "who" in the API (a header naming an
 * employee proves nothing). `employeeId` is an active employee: the bot's
 * Telegram user resolved by the API, a session's or a token's owner.
 */
export interface RequestActor {
  principal: PrincipalKind;
  employeeId?: string;
  roles: string[];
  attributes?: EmployeeAccessView['attributes'];
  /** The Telegram account the bot acts for (also a stranger's: verification). */
  telegramUserId?: number;
  /** The bot deployment that called (its id from getMe, or the credential's name). */
  botId?: string;
  displayId?: string;
  sessionId?: string;
  tokenId?: string;
}

export const ACTOR_KEY = 'megabotActor';

export function actorOfRequest(request: Record<string, unknown>): RequestActor | undefined {
  return request[ACTOR_KEY] as RequestActor | undefined;
}

/** The caller (any principal). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestActor => {
  const actor = actorOfRequest(ctx.switchToHttp().getRequest());
  if (!actor) throw problem(401, 'auth.required', 'Authentication required');
  return actor;
});

/** The acting employee (with roles): the domain's Actor. 403 when the caller acts for nobody (a stranger, a service). */
export const CurrentEmployee = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => employeeOf(actorOfRequest(ctx.switchToHttp().getRequest())));

/** The acting employee when there is one (views that show more to their owner). */
export const OptionalEmployee = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  const actor = actorOfRequest(ctx.switchToHttp().getRequest());
  return actor?.employeeId ? { employeeId: actor.employeeId, roles: actor.roles } : undefined;
});

export function employeeOf(actor: RequestActor | undefined): Actor {
  if (!actor) throw problem(401, 'auth.required', 'Authentication required');
  if (!actor.employeeId) throw problem(403, 'auth.employee_required', 'Only an active, verified employee may do this');
  return { employeeId: actor.employeeId, roles: actor.roles };
}
