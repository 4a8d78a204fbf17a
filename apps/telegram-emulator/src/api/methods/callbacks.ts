import { badRequest, QUERY_TOO_OLD } from '../../core/errors';
import { addMessage, deliverMessageToBot } from '../../core/messages';
import type { InlineQueryResult } from '../../types';
import { formatText } from '../formatting';
import type { MethodTable } from '../dispatcher';

/** What Telegram checks of answerInlineQuery's results (the article type in full; other types by id). */
function checkInlineResults(raw: unknown): InlineQueryResult[] {
  if (!Array.isArray(raw)) throw badRequest("can't parse inline query results JSON object");
  if (raw.length > 50) throw badRequest('RESULTS_TOO_MUCH');
  const ids = new Set<string>();
  for (const r of raw as InlineQueryResult[]) {
    if (!r || typeof r !== 'object' || typeof r.type !== 'string') throw badRequest("can't parse InlineQueryResult JSON object");
    if (typeof r.id !== 'string' || r.id.length === 0 || Buffer.byteLength(r.id) > 64) throw badRequest('RESULT_ID_INVALID');
    if (ids.has(r.id)) throw badRequest('RESULT_ID_DUPLICATE');
    ids.add(r.id);
    if (r.type === 'article') {
      if (!r.title) throw badRequest('RESULT_TITLE_EMPTY');
      const content = r.input_message_content;
      if (!content?.message_text) throw badRequest('MESSAGE_EMPTY');
      // The message must parse as it would when sent (parse_mode, entities).
      formatText({ text: content.message_text, parseMode: content.parse_mode, entities: content.entities });
    }
  }
  return raw as InlineQueryResult[];
}

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

  answerInlineQuery: ({ ctx, params }) => {
    const id = params.string('inline_query_id');
    if (!id) throw badRequest('inline_query_id is empty');
    const record = ctx.store.inlineQueries.get(id);
    if (!record || record.answer || ctx.now() - record.createdAt > ctx.settings.callbackQueryTtlMs) throw badRequest(QUERY_TOO_OLD);
    const results = checkInlineResults(params.json('results', 'inline query results'));
    const nextOffset = params.string('next_offset') ?? '';
    if (Buffer.byteLength(nextOffset) > 64) throw badRequest('NEXT_OFFSET_INVALID');
    record.answer = {
      at: ctx.now(),
      results,
      cache_time: params.int('cache_time'),
      is_personal: params.bool('is_personal') ?? false,
      next_offset: nextOffset,
      button: params.json('button', 'InlineQueryResultsButton'),
    };
    ctx.events.emit({ type: 'inline_answer', chat_id: record.chat_id, inline_query_id: id, user_id: record.query.from.id, results, next_offset: nextOffset });
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
