import type { Context, MiddlewareFn } from 'telegraf';

/**
 * Every callback query is answered exactly once (Telegram refuses a second answer, and an unanswered one keeps the
 * button spinning). Installed early in the chain, it makes `ctx.answerCbQuery` answer-once for the rest of the update:
 * a later call with a text (an error found after the press was answered) is shown as a message instead, so the user
 * still sees it; a later call without a text does nothing. When the handlers finish without answering, the query is
 * answered empty. A failed update is answered by the bot's error handler (through the same guard).
 */
export function answerEveryCallbackOnce(): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    let answered = false;
    const answer = ctx.answerCbQuery.bind(ctx);
    ctx.answerCbQuery = async (text, extra) => {
      if (answered) {
        if (text) await ctx.reply(text);
        return true;
      }
      answered = true;
      return answer(text, extra);
    };
    await next();
    if (!answered) await ctx.answerCbQuery().catch(() => undefined);
  };
}
