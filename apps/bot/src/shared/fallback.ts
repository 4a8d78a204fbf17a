import type { Context, Telegraf } from 'telegraf';
import type { Conversations } from './conversation';
import { FLOW_CALLBACK } from './conversation';
import type { FreeTextHandler } from './free-text';
import { freeTextChain } from './free-text';
import { t, type Language } from './i18n';
import { langOf } from './language';

export interface FallbackDeps {
  conversations: Conversations;
  /** The main menu (every feature's commands). */
  startMenu: (ctx: Context, lang: Language) => Promise<string>;
  /** Free text nobody else took, in order; the help is added last. */
  freeText: readonly FreeTextHandler[];
}

/** The help as the last free-text handler: a short "what I can do" with the main menu; it always answers. */
export function helpText(
  deps: Pick<FallbackDeps, 'conversations' | 'startMenu'>,
  key: 'fallback.help' | 'fallback.unknown_command' = 'fallback.help',
): FreeTextHandler {
  return {
    name: 'help',
    async handle(ctx, text) {
      const lang = langOf(ctx);
      const waiting = (await deps.conversations.current(ctx)) !== null;
      const command = text.split(/\s/)[0].slice(0, 64);
      await ctx.reply([t(lang, key, { command }), '', await deps.startMenu(ctx, lang), ...(waiting ? ['', t(lang, 'flow.still_waiting')] : [])].join('\n'), {
        link_preview_options: { is_disabled: true },
      });
      return true;
    },
  };
}

/**
 * The last handlers of the bot, so that every update a user sends gets exactly one visible reaction: an unknown
 * command and free text (through the free-text chain, ending with the help) in a private chat, and a callback query
 * nobody recognised (an older version's keyboard, garbage, a flow button whose flow is over): answered "this button
 * is no longer valid" and the current screen sent again (the question a flow waits on, else the main menu). Register
 * after every feature.
 */
export function registerFallback(bot: Telegraf, deps: FallbackDeps) {
  const chain = freeTextChain([...deps.freeText, helpText(deps)]);
  const unknownCommand = helpText(deps, 'fallback.unknown_command');
  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return; // a group's chatter is not addressed to the bot
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    if (text?.startsWith('/')) return void (await unknownCommand.handle(ctx, text));
    await chain(ctx, text ?? ''); // a sticker, a photo…: the help too
  });
  bot.on('callback_query', async (ctx) => {
    const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '';
    const lang = langOf(ctx);
    const flowButton = FLOW_CALLBACK.test(data);
    await ctx.answerCbQuery((flowButton && deps.conversations.timedOut(ctx)) || t(lang, flowButton ? 'flow.over' : 'fallback.button_invalid'));
    if (await deps.conversations.reshow(ctx)) return;
    await ctx.reply([t(lang, 'fallback.current_screen'), '', await deps.startMenu(ctx, lang)].join('\n'));
  });
}
