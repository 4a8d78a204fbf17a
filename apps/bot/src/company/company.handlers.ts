import type { Telegraf } from 'telegraf';
import type { NotificationCategory } from '@megabot/contracts';
import { actorOf } from '../shared/actor';
import { editInPlace } from '../shared/screen';
import { ApiProblem } from '../shared/api-client';
import { langOf } from '../shared/language';
import type { CompanyApi } from './company.api';
import { t } from './company.i18n';
import { announcementsView, holidaysText, linksText } from './company.views';

const ANNOUNCEMENTS: NotificationCategory = 'announcements';

export interface CompanyDeps {
  api: CompanyApi;
  /** The region whose calendar /holidays shows when none is named (COMPANY_CALENDAR_REGION, default `ru`). */
  defaultRegion?: string;
  clock?: () => Date;
}

/** Company information in the bot: /links (useful links by category), /holidays [year] [region], /announcements (mute or unmute them). */
export function registerCompany(bot: Telegraf, deps: CompanyDeps) {
  const { api } = deps;
  const clock = deps.clock ?? (() => new Date());

  bot.command('links', async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(linksText(lang, await api.links(actorOf(ctx).telegramUserId)), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  });

  bot.command('announcements', async (ctx) => {
    const { muted } = await api.notificationSettings(actorOf(ctx).telegramUserId);
    const view = announcementsView(langOf(ctx), muted.includes(ANNOUNCEMENTS));
    await ctx.reply(view.text, { reply_markup: view.keyboard });
  });

  // co:mute:1 mutes announcements, co:mute:0 unmutes them; the other muted categories stay as they are
  bot.action(/^co:mute:([01])$/, async (ctx) => {
    const actor = actorOf(ctx).telegramUserId;
    const mute = ctx.match[1] === '1';
    const { muted } = await api.notificationSettings(actor);
    const next = await api.changeNotificationSettings([...muted.filter((c) => c !== ANNOUNCEMENTS), ...(mute ? [ANNOUNCEMENTS] : [])], actor);
    await ctx.answerCbQuery();
    const view = announcementsView(langOf(ctx), next.muted.includes(ANNOUNCEMENTS));
    await editInPlace(ctx, view.text, view.keyboard);
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
