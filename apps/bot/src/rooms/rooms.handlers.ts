import type { OfficeView } from '@megabot/contracts';
import type { Context, Telegraf } from 'telegraf';
import { actorOf } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import { defineFlow, type Conversations, type Flow } from '../shared/conversation';
import { html } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { choiceReply, FuzzyChoiceMatcher, type ChoiceMatcher, type ChoiceOption } from '../shared/intent';
import { langOf } from '../shared/language';
import { editInPlace } from '../shared/screen';
import type { RoomsApi } from './rooms.api';
import { t } from './rooms.i18n';
import {
  anyDaysView,
  anyStartsView,
  bookedView,
  displaysView,
  dayView,
  isoDate,
  localIso,
  myBookingsView,
  officesView,
  officeView,
  ROOMS_CALLBACK,
  roomView,
} from './rooms.views';
import { callbackKey, updateKey } from '../shared/update-claims';

export interface RoomsDeps {
  api: RoomsApi;
  /** Runs the office step (free text matched to an office) over the conversation state the API keeps. */
  conversations: Conversations;
  matcher?: ChoiceMatcher;
  clock?: () => Date;
}

export const CHECKIN_PAYLOAD = /^checkin_([A-Za-z0-9][A-Za-z0-9_-]{0,31})$/;

/**
 * Meeting-room screens: /rooms -> office -> room (or "any free room for N")
 * -> day -> slot; book now; /mybookings with cancel / extend / end / check
 * in; the door's QR deep link `/start checkin_<room>`. Buttons carry their
 * state in the callback data (r:...), each press's idempotency key is the
 * callback query id (a redelivered update books once). Only the office
 * step keeps a conversation state, so that a typed city ("питер", "spb") is
 * understood there; `/rooms <city>` works without one.
 *
 * Register before the generic /start handler: it takes the check-in payload.
 */
export function registerRooms(bot: Telegraf, deps: RoomsDeps) {
  const { api } = deps;
  const matcher = deps.matcher ?? new FuzzyChoiceMatcher();
  const clock = deps.clock ?? (() => new Date());
  const optionsOf = (offices: OfficeView[]): ChoiceOption[] => offices.map((o) => ({ id: o.officeId, labels: [o.name, o.officeId] }));

  const showOffice = async (ctx: Context, lang: Language, officeId: string) => {
    const { office, items } = await api.officeRooms(officeId, actorOf(ctx).telegramUserId);
    const view = officeView(lang, office, items);
    await editInPlace(ctx, view.text, view.keyboard);
  };

  const officeFlow: Flow<Record<string, never>> = defineFlow({
    name: 'rooms.office',
    ttlSeconds: 600,
    first: 'office',
    example: {},
    steps: {
      office: {
        prompt: async (s) => {
          const { items } = await api.offices(actorOf(s.ctx).telegramUserId);
          const view = officesView(s.lang, items);
          await s.show(view.text, view.keyboard);
        },
        text: async (input, s) => {
          const { items } = await api.offices(actorOf(s.ctx).telegramUserId);
          const result = await matcher.match(input, optionsOf(items), { language: s.lang });
          // nothing like an office at all ("thanks, see you there"): not an answer to this question, the next handler takes it
          if (result.kind === 'none' && !result.suggestions.length) return { pass: true };
          if (result.kind !== 'match') return { stay: true, say: html(choiceReply(input, result, optionsOf(items), s.lang) ?? '') };
          return { done: true, after: () => showOffice(s.ctx, s.lang, result.id) };
        },
      },
    },
  });
  deps.conversations.register(officeFlow);

  bot.start(async (ctx, next) => {
    const m = CHECKIN_PAYLOAD.exec(ctx.payload ?? '');
    if (!m) return next();
    const lang = langOf(ctx);
    try {
      const r = await api.checkInRoom(m[1], actorOf(ctx).telegramUserId, updateKey(ctx));
      const day = await api.day(m[1], r.date, actorOf(ctx).telegramUserId);
      await ctx.reply(t(lang, 'rooms.checked_in', { room: html(day.room.name), from: r.start.slice(11, 16), to: r.end.slice(11, 16) }), { parse_mode: 'HTML' });
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      await ctx.reply(t(lang, 'rooms.rejected', { reason: html(e.problem.title) }), { parse_mode: 'HTML' });
    }
  });

  bot.command('rooms', async (ctx) => {
    const lang = langOf(ctx);
    const text = ctx.payload?.trim();
    if (text) {
      const { items } = await api.offices(actorOf(ctx).telegramUserId);
      const result = await matcher.match(text, optionsOf(items), { language: lang });
      if (result.kind === 'match') return showOffice(ctx, lang, result.id);
    }
    await deps.conversations.start(ctx, officeFlow, {});
  });

  // Admins: which door displays are stale or low on battery (the API decides who is an admin).
  bot.command('displays', async (ctx) => {
    const lang = langOf(ctx);
    try {
      await ctx.reply(displaysView(lang, await api.displays(actorOf(ctx).telegramUserId)), { parse_mode: 'HTML' });
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.problem.status !== 403) throw e;
      await ctx.reply(t(lang, 'rooms.display_admins_only'));
    }
  });

  bot.command('mybookings', async (ctx) => {
    const lang = langOf(ctx);
    const view = myBookingsView(lang, (await api.mine(actorOf(ctx).telegramUserId)).items, clock());
    await ctx.reply(view.text, { parse_mode: 'HTML', reply_markup: view.keyboard });
  });

  // Views answer the press once they are shown (the guard of answerEveryCallbackOnce answers it empty); an error found
  // on the way is answered with an alert instead - one answer per press, so the alert is never lost.
  bot.action(ROOMS_CALLBACK, async (ctx, fallThrough) => {
    const lang = langOf(ctx);
    const [, action, a, b, c, d] = ctx.match;
    const actor = actorOf(ctx).telegramUserId;
    const key = callbackKey(ctx);
    try {
      switch (action) {
        case 'O':
          return deps.conversations.start(ctx, officeFlow, {});
        case 'o':
          await deps.conversations.end(ctx, officeFlow); // the office is chosen: the office question is answered
          return showOffice(ctx, lang, a);
        case 'm': {
          const view = roomView(lang, await api.day(a, undefined, actor));
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'd': {
          const view = dayView(lang, await api.day(a, isoDate(b), actor));
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 's': {
          const date = isoDate(b);
          const day = await api.day(a, date, actor);
          const offset = (day.free[0]?.start ?? day.now).slice(19);
          const startMs = Date.parse(`${date}T${c.slice(0, 2)}:${c.slice(2)}:00${offset}`);
          const start = localIso(startMs, offset);
          const end = localIso(startMs + Number(d) * 60_000, offset);
          const r = await api.book(a, { title: t(lang, 'rooms.default_title'), start, end }, actor, key);
          await ctx.answerCbQuery();
          const view = bookedView(lang, day.room.name, r);
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'n': {
          const r = await api.bookNow(a, Number(b), t(lang, 'rooms.default_title'), actor, key);
          await ctx.answerCbQuery();
          const day = await api.day(a, r.date, actor);
          const view = bookedView(lang, day.room.name, r, r.shortened);
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'a': {
          const { office } = await api.officeRooms(a, actor);
          const view = anyDaysView(lang, office, Number(b), clock());
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'ad': {
          const { office } = await api.officeRooms(a, actor);
          const view = anyStartsView(lang, office, Number(b), isoDate(c), clock());
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'as': {
          const from = `${d.slice(0, 2)}:${d.slice(2)}`;
          const to = `${String(Number(d.slice(0, 2)) + 1).padStart(2, '0')}:${d.slice(2)}`;
          const free = await api.freeRooms(a, { date: isoDate(c), from, to, capacity: Number(b) }, actor);
          const best = free.rooms[0];
          if (!best) return ctx.answerCbQuery(t(lang, 'rooms.no_free_room', { people: b }), { show_alert: true });
          const r = await api.book(best.roomId, { title: t(lang, 'rooms.default_title'), start: best.start, end: best.end }, actor, key);
          await ctx.answerCbQuery();
          const view = bookedView(lang, best.name, r);
          return editInPlace(ctx, view.text, view.keyboard);
        }
        case 'M':
          await ctx.answerCbQuery(); // at once: the list may wait for the read model to catch up (read-your-writes)
          return showMine(ctx, lang, actor, a && /^\d{1,20}-\d{1,20}$/.test(a) ? a : undefined);
        case 'x':
        case 'e':
        case 'f':
        case 'c': {
          const verb = ({ x: 'cancel', e: 'extend', f: 'end', c: 'check-in' } as const)[action];
          const r = await api.onBooking(a, verb, verb === 'extend' ? { minutes: 15 } : verb === 'check-in' ? { via: 'bot' } : {}, actor, key);
          const done = {
            x: t(lang, 'rooms.cancelled'),
            e: t(lang, 'rooms.extended', { to: r.end.slice(11, 16) }),
            f: t(lang, 'rooms.ended'),
            c: t(lang, 'rooms.checked_in_short'),
          }[action];
          await ctx.answerCbQuery(done);
          return showMine(ctx, lang, actor, r.position);
        }
        case 'sk':
        case 'sx':
          await api.series(a, action === 'sk' ? 'confirm' : 'cancel', actor, key);
          await ctx.answerCbQuery(t(lang, action === 'sk' ? 'rooms.series_kept' : 'rooms.series_cancelled'));
          return editInPlace(ctx, t(lang, action === 'sk' ? 'rooms.series_kept' : 'rooms.series_cancelled'));
        default:
          return fallThrough(); // not a rooms button of this version: the fallback answers it
      }
    } catch (e) {
      if (!(e instanceof ApiProblem)) throw e;
      const text = e.problem.code === 'rooms.booking_not_found' ? t(lang, 'rooms.not_found') : t(lang, 'rooms.rejected', { reason: e.problem.title });
      await ctx.answerCbQuery(text.slice(0, 200), { show_alert: true }).catch(() => undefined);
    }
  });

  const showMine = async (ctx: Context, lang: Language, actor: number, waitFor?: string) => {
    const view = myBookingsView(lang, (await api.mine(actor, waitFor)).items, clock());
    await editInPlace(ctx, view.text, view.keyboard);
  };
}
