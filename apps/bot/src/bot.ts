import { AuthApi } from './auth/auth.api';
import { registerAuth } from './auth/auth.handlers';
import { Telegraf, type Context } from 'telegraf';
import { AuctionApi } from './auction/auction.api';
import { OPEN_LOT_SWITCH, registerAuction } from './auction/auction.handlers';
import { t as auctionT } from './auction/auction.i18n';
import { CompanyApi } from './company/company.api';
import { registerCompany } from './company/company.handlers';
import { t as companyT } from './company/company.i18n';
import { DirectoryApi } from './directory/directory.api';
import { registerDirectory } from './directory/directory.handlers';
import { t as directoryT } from './directory/directory.i18n';
import { IdentityApi } from './identity/identity.api';
import { KnowledgeApi } from './knowledge/knowledge.api';
import { registerKnowledge } from './knowledge/knowledge.handlers';
import { t as knowledgeT } from './knowledge/knowledge.i18n';
import { identityGate, identityLookup } from './identity/identity.gate';
import { RoomsApi } from './rooms/rooms.api';
import { defaultWebAppUrl, registerSeating } from './seating/seating.handlers';
import { t as seatingT } from './seating/seating.i18n';
import { registerRooms } from './rooms/rooms.handlers';
import { TimesheetsApi } from './timesheets/timesheets.api';
import { registerTimesheets } from './timesheets/timesheets.handlers';
import { t as timesheetsT } from './timesheets/timesheets.i18n';
import { t as roomsT } from './rooms/rooms.i18n';
import { actorOf, resolveActor, type ActorLookup } from './shared/actor';
import { ApiClient } from './shared/api-client';
import { BotStateApi } from './shared/bot-state.api';
import { Conversations, ConversationStore, sessionOf } from './shared/conversation';
import { html } from './shared/escape';
import { FeatureSwitchCache } from './shared/feature-switches';
import { t, type Language } from './shared/i18n';
import { DEFAULT_LANGUAGE, langOf, registerLanguage } from './shared/language';
import { SharedSendBudget } from './shared/send-budget';
import { DEFAULT_SEND_RATE_PER_S, SendQueue, useSendQueue } from './shared/send-queue';
import { claimUpdates, UpdateClaimError } from './shared/update-claims';
import { dropMalformedUpdates } from './shared/update-shape';
import { answerEveryCallbackOnce } from './shared/callback-answer';
import { registerFallback } from './shared/fallback';
import type { FreeTextHandler } from './shared/free-text';

export interface BotOptions {
  token: string;
  /** Bot API root; the local emulator's when there is no real token. */
  apiRoot?: string;
  apiUrl: string;
  /** The bot service's credential for the API (BOT_API_TOKEN). */
  apiToken?: string;
  /** The API client (default: one for apiUrl with apiToken). */
  http?: ApiClient;
  /**
   * Who a Telegram user is. Default: the API's answer that comes with the update's claim (one round trip for the claim,
   * the identity, the language and the conversation), or its identity lookup for an update without a claim. A fixed
   * table (lookupFrom(devBindings(...))) in tests that exercise screens without binding accounts.
   */
  lookupActor?: ActorLookup;
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
  /**
   * 'shared': this instance takes its sends from the bot's one budget in the API, so any number of instances stay
   * within Telegram's per-bot limit together (BOT_SEND_BUDGET, default shared in main); 'local' (default here): it
   * paces itself alone.
   */
  sendBudget?: 'shared' | 'local';
  /** The region whose holiday calendar /holidays shows by default (COMPANY_CALENDAR_REGION; default `ru`). */
  calendarRegion?: string;
  /** How long feature switches are cached (default FEATURE_SWITCH_TTL_MS). */
  switchesTtlMs?: number;
  /**
   * Free text that no command and no waiting flow took goes through these in order, then to the short help (which
   * always answers). The knowledge assistant puts itself here: `freeText: [knowledgeAssistant(...)]`.
   */
  freeText?: readonly FreeTextHandler[];
  /** The language of users who chose none and whose Telegram client names none the bot speaks (BOT_DEFAULT_LANGUAGE). */
  defaultLanguage?: Language;
  /** The seating plan Web App's URL (SEATING_WEB_APP_URL; default the API's own page). */
  webAppUrl?: string;
  /** Where the bot logs updates it drops (default: console.warn). */
  log?: (line: string) => void;
}

const FLOWS = new WeakMap<Telegraf, Conversations>();

/** The conversation flows a bot runs (their definitions: steps, example data), e.g. for the conversation-quality test. */
export const flowsOf = (bot: Telegraf) => FLOWS.get(bot)?.definitions() ?? [];

/** The bot: a presentation layer over the API, no state in process memory. */
export function createBot(options: BotOptions): Telegraf {
  const bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  const http = options.http ?? new ApiClient(options.apiUrl, { credential: options.apiToken, botId: botIdOf(options.token) });
  const api = new BotStateApi(http);
  const ratePerS = options.sendRatePerS ?? DEFAULT_SEND_RATE_PER_S;
  const log = (m: string) => console.warn(`[bot] ${m}`);
  const budget = options.sendBudget === 'shared' ? new SharedSendBudget((r) => api.takeSendBudget(r), { ratePerS, log }) : undefined;
  useSendQueue(bot, new SendQueue({ globalIntervalMs: Math.ceil(1000 / ratePerS), budget, log })); // first: replies of every update go through it too
  const store = new ConversationStore(api);
  const conversations = new Conversations(store, (m) => console.log(`[bot] ${m}`));
  FLOWS.set(bot, conversations);
  const switches = new FeatureSwitchCache(api, { appVersion: options.appVersion, ttlMs: options.switchesTtlMs, log: (m) => console.warn(`[bot] ${m}`) });
  const defaultLanguage = options.defaultLanguage ?? DEFAULT_LANGUAGE;
  bot.use(dropMalformedUpdates(options.log ?? log)); // before anything reads a field of the update
  bot.use((ctx, next) => {
    sessionOf(ctx).defaultLanguage = defaultLanguage;
    return next();
  });
  // first in the chain; the claim also loads who the user is, their language choice and conversation state, and the
  // pressed message's state (one round trip)
  if (options.dedupe !== false)
    bot.use(
      claimUpdates(
        (id, load) => api.claimUpdate(id, load),
        (m) => console.log(`[bot] ${m}`),
        (id) => api.reportHandled(id),
        // webhook: Telegram delivers a refused update again; polling: getUpdates does not, so wait for the claim
        { onPending: options.claimFailure === 'throw' ? 'refuse' : 'wait' },
      ),
    );
  bot.use(async (ctx, next) => {
    const session = sessionOf(ctx);
    if (session.language === undefined && ctx.from) session.language = (await api.getUserSettings(ctx.from.id)).language; // no claim: read it
    return next();
  });
  bot.use(answerEveryCallbackOnce()); // every button press answered exactly once
  const identity = new IdentityApi(http);
  bot.use(resolveActor(options.lookupActor ?? identityLookup(identity), { loadedWithClaim: !options.lookupActor }));
  // strangers reach only the verification flow (private chats) and are ignored in groups; my_chat_member is reported
  /** Every feature's commands, for /start and for a newly verified employee. */
  const startMenu = async (ctx: Context, lang: Language) =>
    [
      auctionT(lang, 'start.menu_auction'),
      t(lang, 'start.menu_language'),
      roomsT(lang, 'start.menu_rooms'),
      seatingT(lang, 'start.menu_seating'),
      timesheetsT(lang, 'start.menu_time'),
      directoryT(lang, 'start.menu_directory'),
      companyT(lang, 'start.menu_company'),
      knowledgeT(lang, 'start.menu_knowledge'),
      ...((await switches.isOn(ctx, OPEN_LOT_SWITCH)) ? [auctionT(lang, 'start.menu_new_lot')] : []),
    ].join('\n');
  bot.use(identityGate(identity, { startMenu, log: (m) => console.warn(`[bot] ${m}`) }));
  bot.use(conversations.middleware()); // flow buttons, free text a flow waits for, /cancel
  registerRooms(bot, { api: new RoomsApi(http), conversations }); // before /start: it takes the door's checkin_<room> payload
  registerDirectory(bot, { api: new DirectoryApi(http) }); // before /start: it takes a shared card's who_<employee> payload
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
  registerTimesheets(bot, { api: new TimesheetsApi(http), conversations });
  registerCompany(bot, { api: new CompanyApi(http), defaultRegion: options.calendarRegion });
  registerSeating(bot, { webAppUrl: options.webAppUrl ?? defaultWebAppUrl(options.apiUrl) });
  const knowledge = registerKnowledge(bot, { api: new KnowledgeApi(http), conversations });
  /** Free text no command and no waiting flow took, offered in this order; the short help answers what none of them did. */
  const freeText: FreeTextHandler[] = [
    ...(options.freeText ?? []),
    // a question the knowledge base can answer (for what the asker may read) is answered; anything else gets the help
    knowledge.freeText,
  ];
  // last: whatever nobody took gets one answer (unknown commands, free text, buttons nobody knows)
  registerFallback(bot, { conversations, startMenu, freeText });
  bot.catch(async (err, ctx) => {
    if (err instanceof UpdateClaimError) {
      if (options.claimFailure === 'throw') throw err;
      console.error(`[bot] ${err.message}; update skipped`);
      return;
    }
    console.error(`[bot] update ${ctx.update.update_id}: ${err instanceof Error ? err.message : err}`);
    if (ctx.callbackQuery) await ctx.answerCbQuery(t(langOf(ctx), 'error.generic'), { show_alert: true }).catch(() => undefined);
    else if (ctx.chat) await ctx.reply(t(langOf(ctx), 'error.generic')).catch(() => undefined);
  });
  return bot;
}

/** A bot's id: the digits before the colon of its token (what getMe answers as `id`). */
export const botIdOf = (token: string) => token.split(':')[0];
