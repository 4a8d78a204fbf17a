import type { User } from 'telegraf/types';
import type { Language } from './i18n';

/** Which employee a Telegram user acts as. */
export type ActorResolver = (user: User) => string;

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
