import type { Chat, ChatInviteLink, ChatMember, User } from '../types';
import type { EmulatorContext } from './context';
import { badRequest, forbidden } from './errors';
import type { ChatState, EmulatorUser } from './store';

export const ACTIVE_STATUSES: ReadonlyArray<ChatMember['status']> = ['creator', 'administrator', 'member', 'restricted'];
export const isActive = (m: ChatMember | undefined): boolean => !!m && ACTIVE_STATUSES.includes(m.status);
export const isAdmin = (m: ChatMember | undefined): boolean => !!m && (m.status === 'creator' || m.status === 'administrator');

/** Rights the bot gets when a user promotes it (what the Telegram apps grant by default). */
export const DEFAULT_BOT_ADMIN_RIGHTS = {
  can_be_edited: false,
  is_anonymous: false,
  can_manage_chat: true,
  can_delete_messages: true,
  can_manage_video_chats: true,
  can_restrict_members: true,
  can_promote_members: false,
  can_change_info: true,
  can_invite_users: true,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_pin_messages: true,
  can_manage_topics: false,
} as const;

export function privateChatOf(user: User): Chat {
  const chat: Chat = { id: user.id, type: 'private', first_name: user.first_name };
  if (user.last_name) chat.last_name = user.last_name;
  if (user.username) chat.username = user.username;
  return chat;
}

/** The private chat between a user and the bot, created on first use. */
export function ensurePrivateChat(ctx: EmulatorContext, user: EmulatorUser): ChatState {
  let state = ctx.store.chats.get(user.id);
  if (!state) {
    state = ctx.store.createChat(privateChatOf(user), ctx.now());
    state.members.set(user.id, { status: 'member', user: ctx.store.publicUser(user) });
    state.members.set(ctx.bot.id, { status: 'member', user: ctx.bot });
    ctx.events.emit({ type: 'chat_created', chat_id: user.id, chat: state.chat });
  }
  return state;
}

export function memberOf(state: ChatState, user: User): ChatMember {
  return state.members.get(user.id) ?? { status: 'left', user };
}

export function botMember(ctx: EmulatorContext, state: ChatState): ChatMember {
  if (state.chat.type === 'private') return { status: state.blocked ? 'kicked' : 'member', user: ctx.bot, ...(state.blocked ? { until_date: 0 } : {}) };
  return memberOf(state, ctx.bot);
}

export function lookupChat(ctx: EmulatorContext, chatId: number | string): ChatState | undefined {
  return typeof chatId === 'string' ? ctx.store.findChatByUsername(chatId) : ctx.store.chats.get(chatId);
}

/**
 * Resolves chat_id for a Bot API call with Telegram's errors: 400 "chat not found", and for sending
 * 403 "bot can't initiate conversation with a user" / "bot was blocked by the user" / "bot is not a member of…".
 */
export function chatForBot(ctx: EmulatorContext, chatId: number | string, opts: { sending: boolean }): ChatState {
  const state = lookupChat(ctx, chatId);
  if (!state || (state.chat.type === 'private' && !state.started)) {
    if (opts.sending && typeof chatId === 'number' && ctx.store.users.has(chatId)) {
      throw forbidden("bot can't initiate conversation with a user");
    }
    if (typeof chatId === 'number' && chatId === ctx.bot.id && opts.sending) throw forbidden("bots can't send messages to bots");
    throw badRequest('chat not found');
  }
  if (!opts.sending) return state;
  if (state.chat.type === 'private') {
    if (state.blocked) throw forbidden('bot was blocked by the user');
    return state;
  }
  const me = memberOf(state, ctx.bot);
  const kind = state.chat.type === 'supergroup' ? 'supergroup chat' : state.chat.type === 'channel' ? 'channel chat' : 'group chat';
  if (me.status === 'kicked') throw forbidden(`bot was kicked from the ${kind}`);
  if (!isActive(me)) throw forbidden(`bot is not a member of the ${kind}`);
  return state;
}

export function requireUser(ctx: EmulatorContext, userId: number): User {
  if (userId === ctx.bot.id) return ctx.bot;
  const user = ctx.store.users.get(userId);
  if (!user) throw badRequest('user not found');
  return ctx.store.publicUser(user);
}

export interface MemberChange {
  state: ChatState;
  user: User;
  next: ChatMember;
  by: User;
  /** Short description for the dev chat: joined, left, added, removed, banned, unbanned, promoted, demoted. */
  action: string;
  inviteLink?: ChatInviteLink;
}

/**
 * Applies a membership change and emits what Telegram emits: `my_chat_member` when the bot itself changes,
 * `chat_member` for others when the bot is an administrator (and only if allowed_updates opts in).
 */
export function changeMember(ctx: EmulatorContext, change: MemberChange): void {
  const { state, user, next, by } = change;
  const old = memberOf(state, user);
  state.members.set(user.id, next);
  const payload = {
    chat: state.chat,
    from: by,
    date: ctx.unixNow(),
    old_chat_member: old,
    new_chat_member: next,
    ...(change.inviteLink ? { invite_link: change.inviteLink } : {}),
  };
  if (user.id === ctx.bot.id) {
    ctx.enqueueUpdate({ my_chat_member: payload }, state.chat.id);
  } else if (isAdmin(memberOf(state, ctx.bot))) {
    ctx.enqueueUpdate({ chat_member: payload }, state.chat.id);
  }
  ctx.events.emit({
    type: 'member_changed',
    chat_id: state.chat.id,
    chat_title: state.chat.title,
    user,
    by,
    action: change.action,
    old_status: old.status,
    new_status: next.status,
    member: next,
  });
}
