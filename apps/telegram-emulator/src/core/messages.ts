import type { Message } from '../types';
import { botMember, isActive, isAdmin } from './chats';
import type { EmulatorContext } from './context';
import type { ChatState, StoredMessage } from './store';

export type MessageFields = Omit<Message, 'message_id' | 'chat' | 'date'>;

/** Stores a new message in the chat (assigning message_id/date) and reports it to the event log. */
export function addMessage(
  ctx: EmulatorContext,
  state: ChatState,
  direction: StoredMessage['direction'],
  fields: MessageFields,
  meta?: Record<string, unknown>,
): StoredMessage {
  const message: Message = {
    message_id: state.nextMessageId++,
    ...(fields.from ? { from: fields.from } : {}),
    chat: state.chat,
    date: ctx.unixNow(),
    ...fields,
  };
  const stored: StoredMessage = { chat_id: state.chat.id, direction, message, edits: [] };
  if (meta) (stored as StoredMessage & { meta?: Record<string, unknown> }).meta = meta;
  ctx.store.storeMessage(state, stored);
  ctx.events.emit({ type: 'message', chat_id: state.chat.id, direction, message: structuredClone(message), meta });
  return stored;
}

/** The message as embedded in reply_to_message (Telegram does not nest replies further). */
export function asReply(message: Message): Message {
  const { reply_to_message: _nested, ...rest } = message;
  return structuredClone(rest);
}

export function findLiveMessage(state: ChatState, messageId: number): StoredMessage | undefined {
  const stored = state.messages.get(messageId);
  return stored && !stored.deleted ? stored : undefined;
}

const SERVICE_FIELDS: Array<keyof Message> = ['new_chat_members', 'left_chat_member', 'group_chat_created', 'supergroup_chat_created', 'pinned_message'];

/** Privacy mode: in groups a bot sees commands, replies to its messages and service messages (unless admin/privacy off). */
export function botSeesMessage(ctx: EmulatorContext, state: ChatState, message: Message): boolean {
  const me = botMember(ctx, state);
  if (state.chat.type === 'private') return !state.blocked;
  if (!isActive(me)) return false;
  if (SERVICE_FIELDS.some((f) => message[f] !== undefined)) return true;
  if (!ctx.settings.privacyMode || isAdmin(me)) return true;
  if (message.reply_to_message?.from?.id === ctx.bot.id) return true;
  const text = message.text ?? message.caption ?? '';
  const entities = message.entities ?? message.caption_entities ?? [];
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const [, target] = text.slice(0, command.length).split('@');
    return target === undefined || target.toLowerCase() === (ctx.bot.username ?? '').toLowerCase();
  }
  return false;
}

/** Sends a user's message to the bot as a `message` update when the bot may see it. Returns the update id. */
export function deliverMessageToBot(ctx: EmulatorContext, state: ChatState, stored: StoredMessage): number | null {
  if (!botSeesMessage(ctx, state, stored.message)) return null;
  const update = ctx.enqueueUpdate({ message: structuredClone(stored.message) }, state.chat.id);
  return update?.update_id ?? null;
}
