import type { User } from 'telegraf/types';

/** Which employee a Telegram user acts as. */
export type ActorResolver = (user: User) => string;

/**
 * Until identity binding (verification by corporate e-mail code) lands, the
 * bot maps Telegram ids through an explicit table (`BOT_DEV_BINDINGS`, set
 * by `npm start` for the seeded employees) and otherwise acts as `tg-<id>`.
 */
export function devBindings(spec: string | undefined): ActorResolver {
  const table = new Map<number, string>();
  for (const pair of (spec ?? '').split(',').filter(Boolean)) {
    const [tg, employee] = pair.split(':');
    if (!/^\d+$/.test(tg) || !/^[A-Za-z0-9_-]{1,64}$/.test(employee ?? '')) throw new Error(`BOT_DEV_BINDINGS: "${pair}" is not <telegram id>:<employee id>`);
    table.set(Number(tg), employee);
  }
  return (user) => table.get(user.id) ?? `tg-${user.id}`;
}
