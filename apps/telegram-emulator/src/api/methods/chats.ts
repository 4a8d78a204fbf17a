import { randomBytes } from 'node:crypto';
import { botMember, changeMember, chatForBot, isActive, isAdmin, memberOf, requireUser } from '../../core/chats';
import { badRequest } from '../../core/errors';
import { addMessage, deliverMessageToBot } from '../../core/messages';
import type { ChatState } from '../../core/store';
import type { ChatInviteLink, ChatMember } from '../../types';
import type { MethodCall, MethodTable } from '../dispatcher';

export const CHAT_ACTIONS = [
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
];

const DEFAULT_PERMISSIONS = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_change_info: false,
  can_invite_users: true,
  can_pin_messages: false,
  can_manage_topics: false,
};

function groupChat(call: MethodCall): ChatState {
  const state = chatForBot(call.ctx, call.params.chatId(), { sending: false });
  if (state.chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  return state;
}

/** The bot must be an administrator with the given right. */
function requireRight(call: MethodCall, state: ChatState, right: keyof ChatMember, error: string): void {
  const me = botMember(call.ctx, state);
  if (!isAdmin(me) || (me.status === 'administrator' && me[right] !== true)) throw badRequest(error);
}

const RESTRICT_ERROR = 'not enough rights to restrict/unrestrict chat member';

export const chatMethods: MethodTable = {
  getChat: ({ ctx, params }) => {
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    const full: Record<string, unknown> = { ...state.chat, accent_color_id: 0, max_reaction_count: 11 };
    if (state.chat.type !== 'private') {
      full.permissions = DEFAULT_PERMISSIONS;
      const primary = state.inviteLinks.find((l) => l.is_primary && !l.is_revoked);
      if (primary) full.invite_link = primary.invite_link;
      if (state.pinnedMessageId) {
        const pinned = state.messages.get(state.pinnedMessageId);
        if (pinned && !pinned.deleted) full.pinned_message = pinned.message;
      }
    } else if (state.chat.username) {
      full.active_usernames = [state.chat.username];
    }
    return full;
  },

  getChatMember: ({ ctx, params }) => {
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    const user = requireUser(ctx, params.requireInt('user_id', 'user not found'));
    if (state.chat.type === 'private') {
      if (user.id === ctx.bot.id) return botMember(ctx, state);
      if (user.id !== state.chat.id) throw badRequest('user not found');
      return { status: 'member', user };
    }
    return memberOf(state, user);
  },

  getChatAdministrators: ({ ctx, params }) => {
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    if (state.chat.type === 'private') return [];
    return [...state.members.values()].filter(isAdmin);
  },

  getChatMemberCount: ({ ctx, params }) => {
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    if (state.chat.type === 'private') return 2;
    return [...state.members.values()].filter(isActive).length;
  },

  banChatMember: (call) => {
    const { ctx, params } = call;
    const state = groupChat(call);
    requireRight(call, state, 'can_restrict_members', RESTRICT_ERROR);
    const user = requireUser(ctx, params.requireInt('user_id', 'user not found'));
    if (user.id === ctx.bot.id) throw badRequest("can't remove self");
    const current = memberOf(state, user);
    if (current.status === 'creator') throw badRequest("can't remove chat owner");
    if (current.status === 'administrator') throw badRequest('user is an administrator of the chat');
    const untilDate = params.int('until_date') ?? 0;
    const untilForever = untilDate !== 0 && (untilDate - ctx.unixNow() < 30 || untilDate - ctx.unixNow() > 366 * 86400);
    const wasActive = isActive(current);
    changeMember(ctx, {
      state,
      user,
      by: ctx.bot,
      action: 'banned',
      next: { status: 'kicked', user, until_date: untilForever ? 0 : untilDate },
    });
    if (wasActive) {
      addMessage(ctx, state, 'service', { from: ctx.bot, left_chat_member: user, left_chat_participant: user });
    }
    return true;
  },

  unbanChatMember: (call) => {
    const { ctx, params } = call;
    const state = groupChat(call);
    if (state.chat.type === 'group') throw badRequest('method is available for supergroup and channel chats only');
    requireRight(call, state, 'can_restrict_members', RESTRICT_ERROR);
    const user = requireUser(ctx, params.requireInt('user_id', 'user not found'));
    const current = memberOf(state, user);
    const onlyIfBanned = params.bool('only_if_banned') ?? false;
    if (current.status === 'kicked') {
      changeMember(ctx, { state, user, by: ctx.bot, action: 'unbanned', next: { status: 'left', user } });
    } else if (!onlyIfBanned && isActive(current)) {
      if (current.status === 'creator') throw badRequest("can't remove chat owner");
      if (current.status === 'administrator') throw badRequest('user is an administrator of the chat');
      // "if the user is a member of the chat they will also be removed from the chat"
      changeMember(ctx, { state, user, by: ctx.bot, action: 'removed', next: { status: 'left', user } });
      addMessage(ctx, state, 'service', { from: ctx.bot, left_chat_member: user, left_chat_participant: user });
    }
    return true;
  },

  leaveChat: (call) => {
    const { ctx } = call;
    const state = chatForBot(ctx, call.params.chatId(), { sending: false });
    if (state.chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
    if (!isActive(memberOf(state, ctx.bot))) throw badRequest('bot is not a member of the group chat');
    changeMember(ctx, { state, user: ctx.bot, by: ctx.bot, action: 'left', next: { status: 'left', user: ctx.bot } });
    addMessage(ctx, state, 'service', { from: ctx.bot, left_chat_member: ctx.bot, left_chat_participant: ctx.bot });
    return true;
  },

  createChatInviteLink: (call) => {
    const { ctx, params } = call;
    const state = chatForBot(ctx, params.chatId(), { sending: false });
    if (state.chat.type === 'private') throw badRequest('not enough rights to manage chat invite link');
    requireRight(call, state, 'can_invite_users', 'not enough rights to manage chat invite link');
    const name = params.string('name');
    if (name !== undefined && name.length > 32) throw badRequest('invite link name is too long');
    const memberLimit = params.int('member_limit');
    const createsJoinRequest = params.bool('creates_join_request') ?? false;
    if (memberLimit !== undefined && (memberLimit < 1 || memberLimit > 99999)) throw badRequest('member_limit must be between 1 and 99999');
    if (memberLimit !== undefined && createsJoinRequest) {
      throw badRequest("member_limit can't be specified for links requiring administrator approval");
    }
    const link: ChatInviteLink = {
      invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
      creator: ctx.bot,
      creates_join_request: createsJoinRequest,
      is_primary: false,
      is_revoked: false,
      ...(name ? { name } : {}),
      ...(params.int('expire_date') !== undefined ? { expire_date: params.int('expire_date') } : {}),
      ...(memberLimit !== undefined ? { member_limit: memberLimit } : {}),
    };
    state.inviteLinks.push(link);
    ctx.events.emit({ type: 'invite_link_created', chat_id: state.chat.id, invite_link: link });
    return link;
  },

  approveChatJoinRequest: (call) => joinRequestDecision(call, true),
  declineChatJoinRequest: (call) => joinRequestDecision(call, false),

  sendChatAction: ({ ctx, params }) => {
    const state = chatForBot(ctx, params.chatId(), { sending: true });
    const action = params.string('action');
    if (!action || !CHAT_ACTIONS.includes(action)) throw badRequest('wrong parameter action in request');
    ctx.events.emit({ type: 'chat_action', chat_id: state.chat.id, action });
    return true;
  },

  pinChatMessage: (call) => {
    const { ctx, params } = call;
    const state = chatForBot(ctx, params.chatId(), { sending: true });
    if (state.chat.type !== 'private') requireRight(call, state, 'can_pin_messages', 'not enough rights to manage pinned messages in the chat');
    const messageId = params.requireInt('message_id', 'message identifier is not specified');
    const stored = state.messages.get(messageId);
    if (!stored || stored.deleted) throw badRequest('message to pin not found');
    state.pinnedMessageId = messageId;
    ctx.events.emit({ type: 'chat_updated', chat_id: state.chat.id, pinned_message_id: messageId });
    return true;
  },

  unpinChatMessage: (call) => {
    const { ctx, params } = call;
    const state = chatForBot(ctx, params.chatId(), { sending: true });
    if (state.chat.type !== 'private') requireRight(call, state, 'can_pin_messages', 'not enough rights to manage pinned messages in the chat');
    state.pinnedMessageId = undefined;
    ctx.events.emit({ type: 'chat_updated', chat_id: state.chat.id, pinned_message_id: null });
    return true;
  },
};

function joinRequestDecision(call: MethodCall, approve: boolean): true {
  const { ctx, params } = call;
  const state = chatForBot(ctx, params.chatId(), { sending: false });
  requireRight(call, state, 'can_invite_users', 'not enough rights to manage chat invite link');
  const user = requireUser(ctx, params.requireInt('user_id', 'user not found'));
  const link = state.joinRequests.get(user.id);
  if (!link) throw badRequest('HIDE_REQUESTER_MISSING');
  state.joinRequests.delete(user.id);
  if (!approve) {
    ctx.events.emit({
      type: 'member_changed',
      chat_id: state.chat.id,
      chat_title: state.chat.title,
      user,
      by: ctx.bot,
      action: 'join_declined',
      old_status: 'left',
      new_status: 'left',
    });
    return true;
  }
  changeMember(ctx, { state, user, by: ctx.bot, action: 'joined', next: { status: 'member', user }, inviteLink: link });
  const stored = addMessage(ctx, state, 'service', { from: user, new_chat_participant: user, new_chat_member: user, new_chat_members: [user] });
  deliverMessageToBot(ctx, state, stored);
  return true;
}
