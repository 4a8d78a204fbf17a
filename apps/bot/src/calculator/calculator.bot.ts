import { Telegraf, TelegramError, type Context } from 'telegraf';
import { INITIAL_STATE, MESSAGES, keyboard, languageOf, parseCallbackData, press, render, type Lang } from './calculator';
import { SendQueue, useSendQueue } from '../shared/send-queue';

export interface CalculatorBotOptions {
  token: string;
  /** Bot API root (the local emulator's); Telegram's when omitted. */
  apiRoot?: string;
  log?: (line: string) => void;
}

/** Telegram's answer when an edit would change nothing. */
const NOT_MODIFIED = /message is not modified/i;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The calculator bot. It keeps nothing in memory: /start sends the display with the keypad, and every press carries
 * the state of the message it was pressed on (in its callback_data), so any instance can handle any press.
 */
export function createCalculatorBot(options: CalculatorBotOptions): Telegraf {
  const log = options.log ?? ((line: string) => console.log(`[calculator] ${line}`));
  // webhookReply off: every Bot API call is a real request, so a failed edit or answer is seen (and logged)
  const bot = new Telegraf(options.token, { telegram: { webhookReply: false, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) } });
  useSendQueue(bot, new SendQueue({ log })); // per-chat pacing and 429 retry_after for every edit and answer
  registerCalculator(bot, log);
  return bot;
}

export function registerCalculator(bot: Telegraf, log: (line: string) => void): void {
  const langOf = (ctx: Context): Lang => languageOf(ctx.from?.language_code);

  bot.start(async (ctx) => {
    await ctx.reply(render(INITIAL_STATE, langOf(ctx)), { reply_markup: { inline_keyboard: keyboard(INITIAL_STATE) } });
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const lang = langOf(ctx);
    let toast: string | undefined;
    try {
      const pressed = 'data' in query ? parseCallbackData(query.data) : null;
      if (!pressed) {
        toast = MESSAGES[lang].unknownKey;
        return;
      }
      const next = press(pressed.state, pressed.key);
      const text = render(next, lang);
      const current = query.message && 'text' in query.message ? query.message.text : undefined;
      if (text === current) return; // the same text is the same state: Telegram would answer "message is not modified"
      await ctx.editMessageText(text, { reply_markup: { inline_keyboard: keyboard(next) } });
    } catch (e) {
      if (!NOT_MODIFIED.test(errorText(e))) {
        log(`update ${ctx.update.update_id}: could not edit the display: ${errorText(e)}`);
        toast = MESSAGES[lang].failed;
      }
    } finally {
      // always answer, or the client keeps the button spinning
      await ctx.answerCbQuery(toast).catch((e: unknown) => log(`update ${ctx.update.update_id}: answerCallbackQuery failed: ${errorText(e)}`));
    }
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type === 'private') await ctx.reply(MESSAGES[langOf(ctx)].hint);
  });

  bot.catch((e, ctx) => {
    log(`update ${ctx.update.update_id}: ${errorText(e)}`);
    // a request Telegram refused (blocked by the user, bad request) will not get better: drop the update;
    // anything else (network, 5xx, 429) fails the webhook call and Telegram redelivers it
    if (e instanceof TelegramError && e.code >= 400 && e.code < 500 && e.code !== 429) return;
    throw e;
  });
}
