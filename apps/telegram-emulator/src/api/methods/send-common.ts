import { chatForBot } from '../../core/chats';
import { badRequest } from '../../core/errors';
import { addMessage, asReply, findLiveMessage, type MessageFields } from '../../core/messages';
import type { ChatState } from '../../core/store';
import type { Message, ReplyKeyboardMarkup, ReplyMarkup } from '../../types';
import type { MethodCall } from '../dispatcher';
import { isInlineMarkup, validateReplyMarkup } from '../markup';

export interface SendContext<T = undefined> {
  state: ChatState;
  /** What `content` returned (validated text, caption, file…). */
  content: T;
  replyTo?: Message;
  markup?: ReplyMarkup;
}

/** Deterministic JSON (sorted keys) to compare contents and markups like Telegram's "not modified" check. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function parseMarkup(call: MethodCall, state: ChatState): ReplyMarkup | undefined {
  const raw = call.params.json('reply_markup', 'reply keyboard markup JSON object');
  return validateReplyMarkup(raw, { allowWebApp: state.chat.type === 'private' });
}

/**
 * Common part of every send method, in Telegram's order: chat access, the method's own content validation,
 * reply_markup, reply target, then flood limits (a refused message does not count).
 */
export function prepareSend<T>(call: MethodCall, content: (state: ChatState) => T): SendContext<T> {
  const { ctx, params } = call;
  const state = chatForBot(ctx, params.chatId(), { sending: true });
  const validated = content(state);
  const markup = parseMarkup(call, state);
  let replyToId = params.int('reply_to_message_id');
  let allowWithoutReply = params.bool('allow_sending_without_reply') ?? false;
  const replyParameters = params.json('reply_parameters', 'reply parameters JSON object') as
    { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
  if (replyParameters && typeof replyParameters === 'object') {
    replyToId = replyParameters.message_id;
    allowWithoutReply = replyParameters.allow_sending_without_reply ?? allowWithoutReply;
  }
  let replyTo: Message | undefined;
  if (replyToId !== undefined) {
    const target = findLiveMessage(state, replyToId);
    if (target) replyTo = asReply(target.message);
    else if (!allowWithoutReply) throw badRequest('message to be replied not found');
  }
  ctx.limiter.checkLimits(call.method, state.chat);
  return { state, content: validated, replyTo, markup };
}

/** Stores the bot's message, applies reply keyboards / force reply to the chat and returns the Bot API Message. */
export function completeSend<T>(call: MethodCall, send: SendContext<T>, fields: MessageFields): Message {
  const { ctx, params } = call;
  const { state, markup, replyTo } = send;
  const messageFields: MessageFields = { from: ctx.bot, ...fields };
  if (replyTo) messageFields.reply_to_message = replyTo;
  if (isInlineMarkup(markup)) messageFields.reply_markup = markup;
  if (params.bool('protect_content')) messageFields.has_protected_content = true;
  const stored = addMessage(ctx, state, 'out', messageFields, {
    disable_notification: params.bool('disable_notification') ?? false,
    reply_markup: markup ?? null,
    method: call.method,
  });
  if (markup && !isInlineMarkup(markup)) {
    if ('keyboard' in markup) {
      state.replyKeyboard = markup as ReplyKeyboardMarkup;
      state.forceReply = null;
    } else if ('remove_keyboard' in markup) {
      state.replyKeyboard = null;
    } else if ('force_reply' in markup) {
      state.forceReply = { ...markup, message_id: stored.message.message_id };
    }
    ctx.events.emit({
      type: 'reply_keyboard',
      chat_id: state.chat.id,
      keyboard: state.replyKeyboard,
      force_reply: state.forceReply,
      message_id: stored.message.message_id,
    });
  }
  return structuredClone(stored.message);
}
