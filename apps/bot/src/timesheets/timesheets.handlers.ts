import type { Context, Telegraf } from 'telegraf';
import { actorOf } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import { defineFlow, type Conversations, type Flow } from '../shared/conversation';
import type { Language } from '../shared/i18n';
import { langOf } from '../shared/language';
import { editInPlace } from '../shared/screen';
import type { TimesheetsApi } from './timesheets.api';
import { t } from './timesheets.i18n';
import { duration, isoDate, loggedText, rejectedText, teamView, TIMESHEETS_CALLBACK, weekView } from './timesheets.views';

export interface TimesheetsDeps {
  api: TimesheetsApi;
  conversations: Conversations;
}

/**
 * Time logging: `/time` shows the week (totals per day and project) with
 * quick buttons (1 h, 4 h, 8 h today on the last project) and "copy last
 * week", then waits for time typed as free text ("вчера 2 часа ACME-123
 * ревью"; the API parses it); `/time <text>` logs at once. A button's
 * idempotency key is its callback query id, a message's its update id: a
 * redelivered update logs once. `/team` shows a manager their direct
 * reports' week with the entries themselves.
 */
export function registerTimesheets(bot: Telegraf, deps: TimesheetsDeps) {
  const { api } = deps;

  const logText = async (ctx: Context, lang: Language, text: string): Promise<string> => {
    try {
      const r = await api.logText(text, actorOf(ctx).telegramUserId, `tg-u-${ctx.update.update_id}`);
      return loggedText(lang, r);
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      return rejectedText(lang, e.problem.code, e.problem.title);
    }
  };

  const flow: Flow<Record<string, never>> = defineFlow({
    name: 'timesheets.log',
    ttlSeconds: 1800,
    first: 'text',
    example: {},
    steps: {
      text: {
        prompt: async (s) => {
          const view = weekView(s.lang, await api.week(actorOf(s.ctx).telegramUserId));
          await s.show(view.text, view.keyboard);
        },
        // each line typed while the screen is open is logged; the flow stays for the next one
        text: async (input, s) => ({ stay: true, say: await logText(s.ctx, s.lang, input) }),
      },
    },
  });
  deps.conversations.register(flow);

  bot.command('time', async (ctx) => {
    const lang = langOf(ctx);
    const text = ctx.payload?.trim();
    if (text) return ctx.reply(await logText(ctx, lang, text), { parse_mode: 'HTML' });
    await deps.conversations.start(ctx, flow, {});
  });

  const team = async (lang: Language, actor: number, date?: string) => {
    const [view, own] = await Promise.all([api.team(actor, date), api.week(actor)]);
    return teamView(lang, view, view.from <= own.today && own.today <= view.to);
  };

  bot.command('team', async (ctx) => {
    const view = await team(langOf(ctx), actorOf(ctx).telegramUserId);
    await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });

  bot.action(TIMESHEETS_CALLBACK, async (ctx) => {
    const lang = langOf(ctx);
    const [, action, a, b] = ctx.match;
    const actor = actorOf(ctx).telegramUserId;
    const key = `tg-cb-${ctx.callbackQuery.id}`;
    try {
      if (action === 'w') {
        await ctx.answerCbQuery();
        const view = weekView(lang, await api.week(actor, a ? isoDate(a) : undefined));
        return editInPlace(ctx, view.text, view.keyboard);
      }
      if (action === 't') {
        await ctx.answerCbQuery();
        const view = await team(lang, actor, a ? isoDate(a) : undefined);
        return editInPlace(ctx, view.text, view.keyboard);
      }
      if (action === 'q') {
        const week = await api.week(actor);
        const r = await api.log({ date: week.today, project: b, minutes: Number(a) }, actor, key);
        await ctx.answerCbQuery(t(lang, 'time.logged_short', { minutes: duration(lang, Number(a)) }));
        const view = weekView(lang, await api.week(actor, undefined, r.position));
        return editInPlace(ctx, view.text, view.keyboard);
      }
      const r = await api.copyLastWeek(actor, key);
      await ctx.answerCbQuery(r.copied.length ? t(lang, 'time.copied', { count: r.copied.length }) : t(lang, 'time.copied_none'), {
        show_alert: r.copied.length === 0,
      });
      const view = weekView(lang, await api.week(actor, undefined, r.results.at(-1)?.position));
      return editInPlace(ctx, view.text, view.keyboard);
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      await ctx.answerCbQuery(rejectedText(lang, e.problem.code, e.problem.title).slice(0, 200), { show_alert: true }).catch(() => undefined);
    }
  });
}
