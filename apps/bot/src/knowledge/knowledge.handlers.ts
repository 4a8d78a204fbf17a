import type { KnowledgeAnswerView } from '@megabot/contracts';
import type { Context, Telegraf } from 'telegraf';
import { actorOf } from '../shared/actor';
import { ApiProblem } from '../shared/api-client';
import { defineFlow, type Conversations } from '../shared/conversation';
import type { FreeTextHandler } from '../shared/free-text';
import { langOf } from '../shared/language';
import type { KnowledgeApi } from './knowledge.api';
import { t } from './knowledge.i18n';
import { answerMessages, KNOWLEDGE_CALLBACK } from './knowledge.views';
import { StreamedReply } from './streamed-reply';

export interface KnowledgeDeps {
  api: KnowledgeApi;
  conversations: Conversations;
}

export interface KnowledgeFeature {
  /**
   * Answers free text as a question to the knowledge base (cited answer, rating buttons, or "I don't know"). For the
   * bot's free-text fallback: text outside any flow or command can be handed here.
   */
  answerFreeText(ctx: Context, text: string): Promise<void>;
  /**
   * For the bot's free-text chain: text outside any flow or command is asked of the knowledge base and answered when
   * something the asker may read answers it; otherwise (or when the assistant cannot be reached) it is left to the
   * next handler, the short help.
   */
  freeText: FreeTextHandler;
}

/**
 * The knowledge assistant in the bot: `/ask <question>`, or `/ask` and then the question (a one-step flow); the answer
 * with its sources as links and 👍/👎 buttons (`kn:<u|d>:<answerId>`, each press recorded once by its callback id).
 * The API decides what the asker may read: the bot only shows what it was answered.
 */
export function registerKnowledge(bot: Telegraf, deps: KnowledgeDeps): KnowledgeFeature {
  const { api } = deps;

  const answerFreeText = async (ctx: Context, text: string) => {
    const lang = langOf(ctx);
    const question = text.trim();
    if (question.length < 2) {
      await ctx.reply(t(lang, 'knowledge.too_short'));
      return;
    }
    await ctx.sendChatAction('typing').catch(() => undefined);
    const { answer, streamed } = await ask(ctx, question);
    await show(ctx, answer, question, streamed);
  };

  /** Asks the API; a model's answer shows in a message as it is written (StreamedReply), an extractive one comes at once. */
  const ask = async (ctx: Context, question: string) => {
    const chatId = ctx.chat!.id;
    const streamed = new StreamedReply({
      send: async (text) => (await ctx.reply(text, { link_preview_options: { is_disabled: true } })).message_id,
      edit: async (id, text) => void (await ctx.telegram.editMessageText(chatId, id, undefined, text, { link_preview_options: { is_disabled: true } })),
    });
    const answer = await api.ask(question, actorOf(ctx).telegramUserId, `tg-u-${ctx.update.update_id}`, (text) => streamed.update(text));
    return { answer, streamed };
  };

  /** The answer with its sources: the streamed message becomes its first part, the rest (if any) follows. */
  const show = async (ctx: Context, answer: KnowledgeAnswerView, question: string, streamed: StreamedReply) => {
    const { texts, keyboard } = answerMessages(langOf(ctx), answer, question);
    const extra = (last: boolean) => ({
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true },
      ...(last && keyboard ? { reply_markup: keyboard } : {}),
    });
    const placed = await streamed.finish(
      async (id) => void (await ctx.telegram.editMessageText(ctx.chat!.id, id, undefined, texts[0], extra(texts.length === 1))),
    );
    for (const [i, text] of texts.entries()) if (i > 0 || placed === undefined) await ctx.reply(text, extra(i === texts.length - 1));
  };

  const freeText: FreeTextHandler = {
    name: 'knowledge',
    handle: async (ctx, text) => {
      const question = text.trim();
      if (question.length < 2 || question.startsWith('/')) return false;
      let asked: Awaited<ReturnType<typeof ask>>;
      try {
        asked = await ask(ctx, question);
      } catch (e) {
        console.warn(`[bot] knowledge: free text not asked (${(e as Error).message}); the help answers it`);
        return false;
      }
      // Nothing shown yet and nothing to say: the help answers instead. A streamed text is always concluded.
      if (asked.answer.mode === 'unknown' && !asked.streamed.started) return false;
      await show(ctx, asked.answer, question, asked.streamed);
      return true;
    },
  };

  const askFlow = defineFlow<Record<string, never>>({
    name: 'knowledge.ask',
    ttlSeconds: 600,
    first: 'question',
    example: {},
    steps: {
      question: {
        prompt: (s) => s.show(t(s.lang, 'knowledge.prompt')),
        text: async (input, s) => ({ done: true, after: () => answerFreeText(s.ctx, input) }),
      },
    },
  });
  deps.conversations.register(askFlow);

  bot.command('ask', async (ctx) => {
    const question = ctx.payload?.trim();
    if (question) return answerFreeText(ctx, question);
    await deps.conversations.start(ctx, askFlow, {});
  });

  bot.action(KNOWLEDGE_CALLBACK, async (ctx) => {
    const lang = langOf(ctx);
    const [, rating, answerId] = ctx.match;
    try {
      await api.rate(answerId, rating === 'u' ? 'up' : 'down', actorOf(ctx).telegramUserId, `tg-cb-${ctx.callbackQuery.id}`);
    } catch (e) {
      if (!(e instanceof ApiProblem) || e.problem.status !== 404) throw e;
      await ctx.answerCbQuery(t(lang, 'knowledge.rate_gone'));
      return;
    }
    await ctx.answerCbQuery(t(lang, 'knowledge.thanks'));
    // The buttons go: the rating is recorded (pressing again would only repeat it).
    await ctx.editMessageReplyMarkup({ inline_keyboard: [] }).catch(() => undefined);
  });

  return { answerFreeText, freeText };
}
