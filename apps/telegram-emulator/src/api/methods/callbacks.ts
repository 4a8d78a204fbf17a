import { badRequest, QUERY_TOO_OLD } from '../../core/errors';
import { addMessage, deliverMessageToBot } from '../../core/messages';
import type { MethodTable } from '../dispatcher';

export const callbackMethods: MethodTable = {
  answerCallbackQuery: ({ ctx, params }) => {
    const id = params.string('callback_query_id');
    if (!id) throw badRequest('callback_query_id is empty');
    const record = ctx.store.callbackQueries.get(id);
    if (!record || record.answer || ctx.now() - record.createdAt > ctx.settings.callbackQueryTtlMs) {
      throw badRequest(QUERY_TOO_OLD);
    }
    const text = params.string('text');
    if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    const url = params.string('url');
    const answer = {
      at: ctx.now(),
      text: text || undefined,
      show_alert: params.bool('show_alert') ?? false,
      url: url || undefined,
      cache_time: params.int('cache_time'),
    };
    record.answer = answer;
    ctx.events.emit({
      type: 'callback_answer',
      chat_id: record.chat_id,
      callback_query_id: id,
      message_id: record.query.message?.message_id,
      user_id: record.query.from.id,
      ...answer,
    });
    return true;
  },

  answerWebAppQuery: ({ ctx, params }) => {
    const id = params.string('web_app_query_id');
    const record = id ? ctx.store.webAppQueries.get(id) : undefined;
    if (!record || record.answered) throw badRequest('QUERY_ID_INVALID');
    const result = params.json('result', 'InlineQueryResult') as Record<string, unknown> | undefined;
    if (!result || typeof result !== 'object' || typeof result.type !== 'string' || typeof result.id !== 'string') {
      throw badRequest("can't parse InlineQueryResult JSON object");
    }
    record.answered = true;
    const content = (result.input_message_content ?? {}) as Record<string, unknown>;
    const text = String(content.message_text ?? result.title ?? result.id);
    const state = ctx.store.chats.get(record.chat_id);
    const user = ctx.store.users.get(record.user_id);
    if (state && user) {
      const stored = addMessage(ctx, state, 'in', { from: ctx.store.publicUser(user), via_bot: ctx.bot, text });
      deliverMessageToBot(ctx, state, stored);
    }
    ctx.events.emit({ type: 'web_app_answered', chat_id: record.chat_id, web_app_query_id: id, result });
    return { inline_message_id: `${record.chat_id}_${id}` };
  },
};
