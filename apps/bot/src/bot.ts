import { AuthApi } from './auth/auth.api';
import { registerAuth } from './auth/auth.handlers';
import { Telegraf, type Context } from 'telegraf';
import { AuctionApi } from './auction/auction.api';
import { OPEN_LOT_SWITCH, registerAuction } from './auction/auction.handlers';
import { t as auctionT } from './auction/auction.i18n';
import { IdentityApi } from './identity/identity.api';
import { KnowledgeApi } from './knowledge/knowledge.api';
import { registerKnowledge } from './knowledge/knowledge.handlers';
import { t as knowledgeT } from './knowledge/knowledge.i18n';
import { identityGate } from './identity/identity.gate';
import { RoomsApi } from './rooms/rooms.api';
import { registerRooms } from './rooms/rooms.handlers';
import { t as roomsT } from './rooms/rooms.i18n';
import { actorOf, resolveActor, type ActorLookup } from './shared/actor';
import { ApiClient } from './shared/api-client';
import { BotStateApi } from './shared/bot-state.api';
import { Conversations, ConversationStore, sessionOf } from './shared/conversation';
import { html } from './shared/escape';
import { FeatureSwitchCache } from './shared/feature-switches';
import { t, type Language } from './shared/i18n';
import { langOf, registerLanguage } from './shared/language';
import { DEFAULT_SEND_RATE_PER_S, SendQueue, useSendQueue } from './shared/send-queue';
import { claimUpdates, UpdateClaimError } from './shared/update-claims';

export interface BotOptions {
  token: string;
  /** Bot API root; the local emulator's when there is no real token. */
  apiRoot?: string;
  apiUrl: string;
  /** The bot service's credential for the API (BOT_API_TOKEN). */
  apiToken?: string;
  /** The API client (default: one for apiUrl with apiToken). */
  http?: ApiClient;
  /** Who a Telegram user is (identity binding; dev bindings until then). */
  lookupActor: ActorLookup;
  /**
   * Claim every update through the API and drop duplicates (default true). In webhook mode a failed claim fails the
   * update (`claimFailure: 'throw'`: the webhook answers 500 and Telegram redelivers); in polling mode it is logged and
   * the update skipped (default 'skip': a throw would stop the poller).
   */
  dedupe?: boolean;
  claimFailure?: 'throw' | 'skip';
  /** This bot's version, for feature switches per app version (BOT_APP_VERSION). */
  appVersion?: string;
  /** Sends and edits per second for this bot (BOT_SEND_RATE_PER_S; default 30, Telegram's limit without paid broadcasts). */
  sendRatePerS?: number;
  /** How long feature switches are cached (default FEATURE_SWITCH_TTL_MS). */
  switchesTtlMs?: number;
}

/** The bot: a presentation layer over the API, no state in process memory. */
export function createBot(options: BotOptions): Telegraf {
  const bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  useSendQueue(
    bot,
    new SendQueue({ globalIntervalMs: Math.ceil(1000 / (options.sendRatePerS ?? DEFAULT_SEND_RATE_PER_S)), log: (m) => console.warn(`[bot] ${m}`) }),
  ); // first: replies of every update go through it too
  const http = options.http ?? new ApiClient(options.apiUrl, { credential: options.apiToken, botId: botIdOf(options.token) });
  const api = new BotStateApi(http);
  const store = new ConversationStore(api);
  const conversations = new Conversations(store, (m) => console.log(`[bot] ${m}`));
  const switches = new FeatureSwitchCache(api, { appVersion: options.appVersion, ttlMs: options.switchesTtlMs, log: (m) => console.warn(`[bot] ${m}`) });
  // first in the chain; the claim also loads the user's language choice and conversation state (one round trip)
  if (options.dedupe !== false)
    bot.use(
      claimUpdates(
        (id, load) => api.claimUpdate(id, load),
        (m) => console.log(`[bot] ${m}`),
      ),
    );
  bot.use(async (ctx, next) => {
    const session = sessionOf(ctx);
    if (session.language === undefined && ctx.from) session.language = (await api.getUserSettings(ctx.from.id)).language; // no claim: read it
    return next();
  });
  bot.use(resolveActor(options.lookupActor));
  // strangers reach only the verification flow (private chats) and are ignored in groups; my_chat_member is reported
  /** Every feature's commands, for /start and for a newly verified employee. */
  const startMenu = async (ctx: Context, lang: Language) =>
    [
      auctionT(lang, 'start.menu_auction'),
      t(lang, 'start.menu_language'),
      roomsT(lang, 'start.menu_rooms'),
      knowledgeT(lang, 'start.menu_knowledge'),
      ...((await switches.isOn(ctx, OPEN_LOT_SWITCH)) ? [auctionT(lang, 'start.menu_new_lot')] : []),
    ].join('\n');
  bot.use(identityGate(new IdentityApi(http), { startMenu, log: (m) => console.warn(`[bot] ${m}`) }));
  bot.use(conversations.middleware()); // flow buttons, free text a flow waits for, /cancel
  registerRooms(bot, { api: new RoomsApi(http), conversations }); // before /start: it takes the door's checkin_<room> payload
  bot.start(async (ctx) => {
    const lang = langOf(ctx);
    await ctx.reply(
      [
        t(lang, 'start.greeting', { name: html(ctx.from.first_name) }),
        t(lang, 'start.identity', { employee: html(actorOf(ctx).employeeId) }),
        '',
        await startMenu(ctx, lang),
      ].join('\n'),
      { parse_mode: 'HTML' },
    );
  });
  registerLanguage(bot, api);
  registerAuction(bot, { api: new AuctionApi(http), store, conversations, switches });
  registerAuth(bot, { api: new AuthApi(http) });
  // Returns answerFreeText(ctx, text): free text asked of the knowledge base (for the bot's free-text fallback).
  registerKnowledge(bot, { api: new KnowledgeApi(http), conversations });
  bot.catch(async (err, ctx) => {
    if (err instanceof UpdateClaimError) {
      if (options.claimFailure === 'throw') throw err;
      console.error(`[bot] ${err.message}; update skipped`);
      return;
    }
    console.error(`[bot] update ${ctx.update.update_id}: ${err instanceof Error ? err.message : err}`);
    if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
    else if (ctx.chat) await ctx.reply(t(langOf(ctx), 'error.generic')).catch(() => undefined);
  });
  return bot;
}

/** A bot's id: the digits before the colon of its token (what getMe answers as `id`). */
export const botIdOf = (token: string) => token.split(':')[0];
