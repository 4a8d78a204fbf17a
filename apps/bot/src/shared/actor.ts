import type { TelegramIdentityView } from '@megabot/contracts';
import type { Context, MiddlewareFn } from 'telegraf';
import type { User } from 'telegraf/types';
import { sessionOf, type BotActor } from './conversation/session';

export type { BotActor } from './conversation/session';

/** Who a Telegram user is; undefined for a stranger (not bound to an employee). */
export type ActorLookup = (user: User) => Promise<BotActor | undefined>;

/** A synchronous mapping (a fixed table in tests and benchmarks). */
export type ActorResolver = (user: User) => string;

/**
 * Resolves the acting employee for every update into `ctx.state.actor`.
 * Screens read it with `actorOf(ctx)`; the identity gate decides what a
 * stranger (no actor) may reach. `loadedWithClaim`: the API's answer that came
 * with the update's claim is taken when there is one (no second round trip);
 * `lookup` asks otherwise.
 */
export function resolveActor(lookup: ActorLookup, options: { loadedWithClaim?: boolean } = {}): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const loaded = options.loadedWithClaim ? sessionOf(ctx).actor : undefined;
    if (ctx.from) ctx.state.actor = loaded !== undefined ? (loaded ?? undefined) : await lookup(ctx.from);
    return next();
  };
}

/** The actor of the API's answer to "who is this Telegram account". */
export function actorOfIdentity(who: TelegramIdentityView): BotActor {
  return { employeeId: who.employeeId, telegramUserId: who.telegramUserId, roles: [...who.roles], ...(who.language ? { language: who.language } : {}) };
}

/** The acting employee of this update (set by resolveActor); throws for a stranger, who must not reach a screen. */
export function actorOf(ctx: Context): BotActor {
  const actor = ctx.state.actor as BotActor | undefined;
  if (!actor) throw new Error('no acting employee for this update (stranger reached a screen)');
  return actor;
}

/** ActorLookup over a synchronous resolver: everyone is someone. */
export function lookupFrom(resolver: ActorResolver): ActorLookup {
  return async (user) => ({ employeeId: resolver(user), telegramUserId: user.id, roles: ['employee'] });
}

/**
 * A fixed table of Telegram ids to employees (`<telegram id>:<employee id>`, comma-separated), everyone else acting as
 * `tg-<id>`: for tests and benchmarks that exercise screens without the identity binding. Production resolves the
 * employee through the API (identityLookup).
 */
export function devBindings(spec: string | undefined): ActorResolver {
  const table = new Map<number, string>();
  for (const entry of (spec ?? '').split(',').filter(Boolean)) {
    const [tg, employee] = entry.split(':');
    if (!/^\d+$/.test(tg) || !/^[A-Za-z0-9_-]{1,64}$/.test(employee ?? '')) throw new Error(`bindings: "${entry}" is not <telegram id>:<employee id>`);
    table.set(Number(tg), employee);
  }
  return (user) => table.get(user.id) ?? `tg-${user.id}`;
}
