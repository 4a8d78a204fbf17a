import type { Context, MiddlewareFn } from 'telegraf';
import type { User } from 'telegraf/types';
import type { Language } from './i18n';

/** The employee a Telegram user acts as, resolved once per update. */
export interface BotActor {
  employeeId: string;
  roles: string[];
  /** The user's chosen language, when they chose one. */
  language?: Language;
}

/** Who a Telegram user is; undefined for a stranger (not bound to an employee). */
export type ActorLookup = (user: User) => Promise<BotActor | undefined>;

/** Legacy synchronous mapping (dev bindings). */
export type ActorResolver = (user: User) => string;

/**
 * Resolves the acting employee for every update into `ctx.state.actor`.
 * Screens read it with `actorOf(ctx)`; the identity gate decides what a
 * stranger (no actor) may reach.
 */
export function resolveActor(lookup: ActorLookup): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (ctx.from) ctx.state.actor = await lookup(ctx.from);
    return next();
  };
}

/** The acting employee of this update (set by resolveActor); throws for a stranger, who must not reach a screen. */
export function actorOf(ctx: Context): BotActor {
  const actor = ctx.state.actor as BotActor | undefined;
  if (!actor) throw new Error('no acting employee for this update (stranger reached a screen)');
  return actor;
}

/** ActorLookup over a synchronous resolver (dev bindings): everyone is someone. */
export function lookupFrom(resolver: ActorResolver): ActorLookup {
  return async (user) => ({ employeeId: resolver(user), roles: ['employee'] });
}

/**
 * Until identity binding (verification by corporate e-mail code) lands, the
 * bot maps Telegram ids through an explicit table (`BOT_DEV_BINDINGS`, set
 * by `npm start` for the seeded employees) and otherwise acts as `tg-<id>`.
 */
export function devBindings(spec: string | undefined): ActorResolver {
  const table = new Map([...parseBindings(spec)].map(([employee, r]) => [r.telegramId, employee]));
  return (user) => table.get(user.id) ?? `tg-${user.id}`;
}

/** The same table the other way round: who gets an employee's notifications, in which language. */
export function devRecipients(spec: string | undefined): Map<string, { telegramId: number; language: Language }> {
  return parseBindings(spec);
}

/** `BOT_DEV_BINDINGS`: comma-separated `<telegram id>:<employee id>[:ru|en]`. */
function parseBindings(spec: string | undefined): Map<string, { telegramId: number; language: Language }> {
  const table = new Map<string, { telegramId: number; language: Language }>();
  for (const entry of (spec ?? '').split(',').filter(Boolean)) {
    const [tg, employee, lang] = entry.split(':');
    if (!/^\d+$/.test(tg) || !/^[A-Za-z0-9_-]{1,64}$/.test(employee ?? '') || (lang !== undefined && lang !== 'ru' && lang !== 'en')) {
      throw new Error(`BOT_DEV_BINDINGS: "${entry}" is not <telegram id>:<employee id>[:ru|en]`);
    }
    table.set(employee, { telegramId: Number(tg), language: (lang as Language | undefined) ?? 'ru' });
  }
  return table;
}
