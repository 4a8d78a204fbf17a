import type { Context } from 'telegraf';

/**
 * A taker of free text that no command and no waiting flow used ("what is the weather like today?"): answers true
 * when it answered the user (and the chain stops there), false to leave the text to the next one.
 */
export interface FreeTextHandler {
  /** For logs and tests. */
  name: string;
  handle(ctx: Context, text: string): Promise<boolean>;
}

/**
 * The free-text chain: its handlers in order, each offered the text until one answers; the bot puts the short help
 * (which always answers) last, so free text never goes unanswered. A feature that understands free text (the
 * knowledge assistant) puts itself in front of the help with one line in createBot's list.
 */
export function freeTextChain(handlers: readonly FreeTextHandler[]) {
  return async (ctx: Context, text: string): Promise<string | undefined> => {
    for (const h of handlers) if (await h.handle(ctx, text)) return h.name;
    return undefined;
  };
}
