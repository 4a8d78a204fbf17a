import { Telegraf } from 'telegraf';
import { registerAuction } from './auction/auction.handlers';
import { actorOf, resolveActor, type ActorLookup } from './shared/actor';
import { ApiClient } from './shared/api-client';
import { html } from './shared/escape';
import { languageOf, t } from './shared/i18n';
import { claimUpdates, UpdateClaimError } from './shared/update-claims';
import { installSendQueue, SendQueue } from './shared/send-queue';

export interface BotOptions {
  token: string;
  /** Bot API root; the local emulator's when there is no real token. */
  apiRoot?: string;
  apiUrl: string;
  /** Who a Telegram user is (identity binding; dev bindings until then). */
  lookupActor: ActorLookup;
  /**
   * Claim every update through the API and drop duplicates (default true). In webhook mode a failed claim fails the
   * update (`claimFailure: 'throw'`: the webhook answers 500 and Telegram redelivers); in polling mode it is logged and
   * the update skipped (default 'skip': a throw would stop the poller).
   */
  dedupe?: boolean;
  claimFailure?: 'throw' | 'skip';
}

/** The bot: a presentation layer over the API, no state in process memory. */
export function createBot(options: BotOptions): Telegraf {
  const bot = new Telegraf(options.token, { telegram: options.apiRoot ? { apiRoot: options.apiRoot } : {} });
  installSendQueue(bot.telegram, new SendQueue({ log: (m) => console.warn(`[bot] ${m}`) }));
  const api = new ApiClient(options.apiUrl);
  if (options.dedupe !== false) bot.use(claimUpdates((id) => api.claimUpdate(id), (m) => console.log(`[bot] ${m}`))); // first in the chain
  bot.use(resolveActor(options.lookupActor));
  bot.start(async (ctx) => {
    const lang = languageOf(ctx.from.language_code);
    await ctx.reply(
      [t(lang, 'start.greeting', { name: html(ctx.from.first_name) }), t(lang, 'start.identity', { employee: html(actorOf(ctx).employeeId) }), '', t(lang, 'start.menu')].join('\n'),
      { parse_mode: 'HTML' },
    );
  });
  registerAuction(bot, api);
  bot.catch(async (err, ctx) => {
    if (err instanceof UpdateClaimError) {
      if (options.claimFailure === 'throw') throw err;
      console.error(`[bot] ${err.message}; update skipped`);
      return;
    }
    console.error(`[bot] update ${ctx.update.update_id}: ${err instanceof Error ? err.message : err}`);
    if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
    else if (ctx.chat) await ctx.reply(t(languageOf(ctx.from?.language_code), 'error.generic')).catch(() => undefined);
  });
  return bot;
}
