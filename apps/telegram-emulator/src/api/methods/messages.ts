import { chatForBot, isAdmin, memberOf } from '../../core/chats';
import { badRequest, NOT_MODIFIED } from '../../core/errors';
import { findLiveMessage } from '../../core/messages';
import type { ChatState, StoredMessage } from '../../core/store';
import type { InlineKeyboardMarkup, Message } from '../../types';
import type { MethodCall, MethodTable } from '../dispatcher';
import { formatText } from '../formatting';
import { isInlineMarkup } from '../markup';
import { completeSend, parseMarkup, prepareSend, stableStringify } from './send-common';

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

export function formatMessageText(call: MethodCall, field = 'text', parseModeField = 'parse_mode', entitiesField = 'entities') {
  const { ctx, params } = call;
  const text = params.string(field) ?? '';
  const entities = params.json(entitiesField, 'message entities');
  if (entities !== undefined && !Array.isArray(entities)) throw badRequest(`field "${entitiesField}" must be an Array`);
  return formatText({
    text,
    parseMode: params.string(parseModeField),
    entities: entities as Message['entities'],
    resolveUser: (id) => (ctx.store.users.get(id) ? ctx.store.publicUser(ctx.store.users.get(id)!) : undefined),
  });
}

/** Finds the message an edit method targets: chat_id + message_id (inline messages are not emulated). */
function messageToEdit(call: MethodCall): { state: ChatState; stored: StoredMessage } {
  const { ctx, params } = call;
  if (params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const state = chatForBot(ctx, params.chatId(), { sending: true });
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const stored = findLiveMessage(state, messageId);
  if (!stored) throw badRequest('message to edit not found');
  if (stored.message.from?.id !== ctx.bot.id) throw badRequest("message can't be edited");
  return { state, stored };
}

function inlineMarkupForEdit(call: MethodCall, state: ChatState): InlineKeyboardMarkup | undefined {
  const markup = parseMarkup(call, state);
  if (markup !== undefined && !isInlineMarkup(markup)) throw badRequest('inline keyboard expected');
  if (markup && markup.inline_keyboard.every((row) => row.length === 0)) return undefined;
  return markup;
}

/** Applies an edit, keeping the previous version, and reports it. */
function applyEdit(call: MethodCall, state: ChatState, stored: StoredMessage, patch: Partial<Message>): Message {
  const { ctx } = call;
  const m = stored.message;
  stored.edits.push({
    at: ctx.now(),
    text: m.text,
    caption: m.caption,
    entities: m.entities ?? m.caption_entities,
    reply_markup: m.reply_markup,
  });
  const previous = structuredClone(m);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete (m as unknown as Record<string, unknown>)[key];
    else (m as unknown as Record<string, unknown>)[key] = value;
  }
  m.edit_date = ctx.unixNow();
  ctx.events.emit({ type: 'message_edited', chat_id: state.chat.id, message: structuredClone(m), previous, method: call.method });
  return structuredClone(m);
}

const emptyToUndefined = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);

export const messageMethods: MethodTable = {
  sendMessage: (call) => {
    const send = prepareSend(call, () => {
      if (!call.params.has('text')) throw badRequest('message text is empty');
      const formatted = formatMessageText(call);
      if (formatted.text.length === 0) throw badRequest('message text is empty');
      if (formatted.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
      return formatted;
    });
    const formatted = send.content;
    return completeSend(call, send, {
      text: formatted.text,
      ...(formatted.entities.length ? { entities: formatted.entities } : {}),
    });
  },

  editMessageText: (call) => {
    const { state, stored } = messageToEdit(call);
    if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
    const formatted = formatMessageText(call);
    if (formatted.text.length === 0) throw badRequest('message text is empty');
    if (formatted.text.length > MAX_TEXT_LENGTH) throw badRequest('MESSAGE_TOO_LONG');
    const markup = inlineMarkupForEdit(call, state);
    const m = stored.message;
    const same =
      m.text === formatted.text &&
      stableStringify(m.entities ?? []) === stableStringify(formatted.entities) &&
      stableStringify(m.reply_markup ?? null) === stableStringify(markup ?? null);
    if (same) throw badRequest(NOT_MODIFIED);
    return applyEdit(call, state, stored, {
      text: formatted.text,
      entities: emptyToUndefined(formatted.entities),
      reply_markup: markup,
    });
  },

  editMessageCaption: (call) => {
    const { state, stored } = messageToEdit(call);
    if (!stored.message.photo && !stored.message.document) throw badRequest('there is no caption in the message to edit');
    const formatted = formatMessageText(call, 'caption', 'parse_mode', 'caption_entities');
    if (formatted.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
    const markup = inlineMarkupForEdit(call, state);
    const m = stored.message;
    const same =
      (m.caption ?? '') === formatted.text &&
      stableStringify(m.caption_entities ?? []) === stableStringify(formatted.entities) &&
      stableStringify(m.reply_markup ?? null) === stableStringify(markup ?? null);
    if (same) throw badRequest(NOT_MODIFIED);
    return applyEdit(call, state, stored, {
      caption: formatted.text || undefined,
      caption_entities: emptyToUndefined(formatted.entities),
      reply_markup: markup,
    });
  },

  editMessageReplyMarkup: (call) => {
    const { state, stored } = messageToEdit(call);
    const markup = inlineMarkupForEdit(call, state);
    if (stableStringify(stored.message.reply_markup ?? null) === stableStringify(markup ?? null)) {
      throw badRequest(NOT_MODIFIED);
    }
    return applyEdit(call, state, stored, { reply_markup: markup });
  },

  deleteMessage: (call) => {
    const { ctx, params } = call;
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    const messageId = params.requireInt('message_id', 'message identifier is not specified');
    deleteOne(call, state, messageId);
    return true;
  },

  deleteMessages: (call) => {
    const { ctx, params } = call;
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    const ids = params.json('message_ids', 'message_ids JSON array');
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || ids.some((id) => !Number.isInteger(id))) {
      throw badRequest('message_ids must be a non-empty Array of at most 100 Integers');
    }
    let deleted = 0;
    for (const id of ids as number[]) {
      if (findLiveMessage(state, id) && canDelete(call, state, findLiveMessage(state, id)!)) {
        deleteOne(call, state, id);
        deleted++;
      }
    }
    if (deleted === 0) throw badRequest('message to delete not found');
    return true;
  },
};

function canDelete(call: MethodCall, state: ChatState, stored: StoredMessage): boolean {
  const { ctx } = call;
  if (state.chat.type === 'private') return true;
  if (stored.message.from?.id === ctx.bot.id) return true;
  const me = memberOf(state, ctx.bot);
  return isAdmin(me) && me.can_delete_messages !== false;
}

function deleteOne(call: MethodCall, state: ChatState, messageId: number): void {
  const { ctx } = call;
  const stored = findLiveMessage(state, messageId);
  if (!stored) throw badRequest('message to delete not found');
  if (!canDelete(call, state, stored)) throw badRequest("message can't be deleted");
  stored.deleted = { at: ctx.now(), by: 'bot' };
  ctx.events.emit({ type: 'message_deleted', chat_id: state.chat.id, message_id: messageId, by: 'bot' });
}
