import type { Telegraf } from 'telegraf';
import { actorOf } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import { langOf } from '../shared/language';
import type { CompanyApi } from './company.api';
import { t } from './company.i18n';
import { holidaysText, linksText } from './company.views';

export interface CompanyDeps {
  api: CompanyApi;
  /** The region whose calendar /holidays shows when none is named (COMPANY_CALENDAR_REGION, default `ru`). */
  defaultRegion?: string;
  clock?: () => Date;
}

/** Company information in the bot: /links (useful links by category) and /holidays [year] [region]. */
export function registerCompany(bot: Telegraf, deps: CompanyDeps) {
  const { api } = deps;
  const clock = deps.clock ?? (() => new Date());

  bot.command('links', async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(linksText(lang, await api.links(actorOf(ctx).telegramUserId)), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  bot.command('holidays', async (ctx) => {
    const lang = langOf(ctx);
    let year = clock().getUTCFullYear();
    let region = deps.defaultRegion ?? 'ru';
    for (const arg of ctx.payload.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
      if (/^\d{4}$/.test(arg)) year = Number(arg);
      else if (/^[a-z0-9][a-z0-9_-]{0,31}$/.test(arg)) region = arg;
      else return ctx.reply(t(lang, 'company.holidays_usage'), { parse_mode: 'HTML' });
    }
    try {
      await ctx.reply(holidaysText(lang, await api.calendar(region, year, actorOf(ctx).telegramUserId)), { parse_mode: 'HTML' });
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.problem.status !== 404) throw e;
      await ctx.reply(t(lang, 'company.no_calendar', { region, year }));
    }
  });
}
