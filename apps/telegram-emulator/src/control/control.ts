import { randomBytes, randomInt } from 'node:crypto';
import { formatText } from '../api/formatting';
import { resolveCommandsFor, resolveMenuButton } from '../api/methods/bot-settings';
import { botMember, changeMember, DEFAULT_BOT_ADMIN_RIGHTS, ensurePrivateChat, isActive, isAdmin, memberOf, privateChatOf } from '../core/chats';
import type { EmulatorContext } from '../core/context';
import { ControlError } from '../core/errors';
import type { EmulatorEvent } from '../core/event-log';
import { addMessage, asReply, deliverMessageToBot, findLiveMessage } from '../core/messages';
import type { ChatState, EmulatorUser, StoredMessage } from '../core/store';
import type { RateLimitConfig } from '../rate-limit/rate-limiter';
import type {
  BotCommand,
  Chat,
  ChatInviteLink,
  ChatMember,
  InlineKeyboardButton,
  InlineQuery,
  InlineQueryResult,
  MenuButton,
  Message,
  ReplyKeyboardMarkup,
  User,
  WebhookInfo,
} from '../types';
import { TELEGRAM_PUBLIC_KEYS } from '../webapp/init-data';
import { randomPerson } from './names';

export interface UserInput {
  id?: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
  label?: string;
  phone_number?: string;
  /** The user has already started the bot (private chat exists). */
  started?: boolean;
}

export interface ActionResult {
  message: Message;
  /** update_id of the update the bot gets, or null when the bot does not see it (privacy mode, filtered…). */
  updateId: number | null;
  /** Event sequence number of the action (use as `after` in waitFor…). */
  seq: number;
}

export interface CallbackResult {
  callbackQueryId: string;
  updateId: number | null;
  seq: number;
}

export interface WebAppLaunch {
  /** URL to load in the web app frame: the app URL with `#tgWebAppData=…` like Telegram clients do. */
  url: string;
  initData: string;
  queryId?: string;
  /** Hex Ed25519 key that verifies `signature` (the emulator's; real Telegram uses TELEGRAM_PUBLIC_KEYS). */
  publicKeyHex: string;
}

export interface ChatSummary {
  chat: Chat;
  bot_status: ChatMember['status'];
  member_count: number;
  last_message?: Message;
  started?: boolean;
  blocked?: boolean;
}

export interface ChatDetails extends ChatSummary {
  members: ChatMember[];
  reply_keyboard: ReplyKeyboardMarkup | null;
  force_reply: { message_id: number; input_field_placeholder?: string } | null;
  invite_links: ChatInviteLink[];
  pinned_message_id?: number;
  menu_button: MenuButton;
}

export interface ChatHistory {
  chat: Chat | null;
  messages: StoredMessage[];
  events: EmulatorEvent[];
}

const THEME = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#707579',
  link_color: '#3390ec',
  button_color: '#3390ec',
  button_text_color: '#ffffff',
  secondary_bg_color: '#f4f4f5',
  header_bg_color: '#ffffff',
  accent_text_color: '#3390ec',
  section_bg_color: '#ffffff',
  section_header_text_color: '#3390ec',
  subtitle_text_color: '#707579',
  destructive_text_color: '#e53935',
};

/**
 * Acts as Telegram's users and clients: sends messages, presses buttons, opens web apps, manages groups,
 * and lets tests inspect what the bot did. The dev chat uses the same operations over HTTP (/_emulator/…).
 */
export class EmulatorControl {
  constructor(private readonly ctx: EmulatorContext) {}

  // ---------------------------------------------------------------- users

  createUser(input: UserInput = {}): EmulatorUser {
    const { store } = this.ctx;
    if (input.id !== undefined && (!Number.isSafeInteger(input.id) || input.id <= 0)) throw new ControlError(400, 'id must be a positive integer');
    if (input.id === this.ctx.bot.id) throw new ControlError(409, 'id is taken by the bot');
    if (input.username !== undefined && !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(input.username)) {
      throw new ControlError(400, 'username must be 4-32 characters: letters, digits and underscores, starting with a letter');
    }
    const existing = input.id !== undefined ? store.users.get(input.id) : undefined;
    const person = input.first_name ? null : randomPerson(input.language_code === 'en' ? 'en' : input.language_code === 'ru' ? 'ru' : undefined);
    const user: EmulatorUser = {
      ...(existing ?? {}),
      id: input.id ?? store.newUserId(),
      is_bot: false,
      first_name: input.first_name ?? existing?.first_name ?? person!.first_name,
    };
    const lastName = input.last_name ?? existing?.last_name ?? person?.last_name;
    if (lastName) user.last_name = lastName;
    for (const key of ['username', 'language_code', 'label', 'phone_number'] as const) {
      const value = input[key] ?? existing?.[key] ?? (key === 'language_code' ? person?.language_code : undefined);
      if (value) user[key] = value;
    }
    if (input.is_premium) user.is_premium = true;
    if (!user.phone_number) user.phone_number = `+7999${String(user.id % 10_000_000).padStart(7, '0')}`;
    store.users.set(user.id, user);
    this.ctx.events.emit({ type: existing ? 'user_updated' : 'user_created', user });
    if (input.started) {
      const state = ensurePrivateChat(this.ctx, user);
      state.started = true;
    }
    return { ...user };
  }

  /** Registers many users at once (e.g. the app's seeded employees); marks them `seeded`. */
  createUsers(inputs: UserInput[], opts: { seeded?: boolean } = {}): EmulatorUser[] {
    return inputs.map((input) => {
      const user = this.createUser(input);
      if (opts.seeded) this.ctx.store.users.get(user.id)!.seeded = true;
      return { ...this.ctx.store.users.get(user.id)! };
    });
  }

  listUsers(): EmulatorUser[] {
    return [...this.ctx.store.users.values()].map((u) => ({ ...u }));
  }

  getUser(userId: number): EmulatorUser {
    const user = this.ctx.store.users.get(userId);
    if (!user) throw new ControlError(404, `user ${userId} not found`);
    return { ...user };
  }

  // ---------------------------------------------------------------- acting as a user

  /** The user writes to the bot (private chat by default) or to a group they are in. */
  sendMessage(input: { userId: number; chatId?: number; text: string; replyToMessageId?: number }): ActionResult {
    const user = this.user(input.userId);
    const state = this.chatForUser(user, input.chatId);
    const formatted = formatText({ text: input.text ?? '' });
    if (formatted.text.length === 0) throw new ControlError(400, 'message text is empty');
    if (formatted.text.length > 4096) throw new ControlError(400, 'message is too long');
    const fields: Partial<Message> = { from: this.ctx.store.publicUser(user), text: formatted.text };
    if (formatted.entities.length) fields.entities = formatted.entities;
    this.attachReply(state, fields, input.replyToMessageId);
    this.consumeOneTimeKeyboard(state, formatted.text);
    if (state.forceReply && fields.reply_to_message?.message_id === state.forceReply.message_id) state.forceReply = null;
    return this.userMessage(state, fields);
  }

  /**
   * The user sends a photo (optionally captioned) to the bot: two sizes with file ids of their own, as a Telegram
   * client's upload arrives. The file itself is not stored (a bot that downloads it gets nothing).
   */
  sendPhoto(input: { userId: number; chatId?: number; caption?: string }): ActionResult & { fileId: string } {
    const user = this.user(input.userId);
    const state = this.chatForUser(user, input.chatId);
    const unique = randomBytes(8).toString('hex');
    const photo = [
      { file_id: `AgAC-${unique}-s`, file_unique_id: `${unique}s`, width: 90, height: 90, file_size: 1_500 },
      { file_id: `AgAC-${unique}-m`, file_unique_id: `${unique}m`, width: 640, height: 640, file_size: 48_000 },
    ];
    const fields: Partial<Message> = { from: this.ctx.store.publicUser(user), photo };
    if (input.caption) fields.caption = input.caption;
    return { ...this.userMessage(state, fields), fileId: photo[1].file_id };
  }

  /** The user shares their phone number (a request_contact keyboard button). */
  sendContact(input: { userId: number; chatId?: number; phoneNumber?: string; firstName?: string; lastName?: string }): ActionResult {
    const user = this.user(input.userId);
    const state = this.chatForUser(user, input.chatId);
    const phone = input.phoneNumber ?? user.phone_number ?? '+79990000000';
    const contact = {
      phone_number: phone,
      first_name: input.firstName ?? user.first_name,
      ...((input.lastName ?? user.last_name) ? { last_name: input.lastName ?? user.last_name } : {}),
      user_id: user.id,
    };
    this.consumeOneTimeKeyboard(state, undefined, 'request_contact');
    return this.userMessage(state, { from: this.ctx.store.publicUser(user), contact });
  }

  /** The user presses an inline keyboard button with callback_data (by data or by button text). */
  pressButton(input: { userId: number; chatId?: number; messageId: number; data?: string; text?: string }): CallbackResult {
    const user = this.user(input.userId);
    const state = this.chatForUser(user, input.chatId, { allowNotStarted: false });
    const stored = findLiveMessage(state, input.messageId);
    if (!stored) throw new ControlError(404, `message ${input.messageId} not found in chat ${state.chat.id}`);
    const button = this.findInlineButton(stored.message, input);
    if (button.callback_data === undefined) {
      throw new ControlError(400, 'this button has no callback_data (url/web_app buttons are handled by the client)');
    }
    const id = `${BigInt(randomInt(1, 2 ** 47)) * 131_072n + BigInt(randomInt(0, 131_072))}`;
    const query = {
      id,
      from: this.ctx.store.publicUser(user),
      message: structuredClone(stored.message),
      chat_instance: state.chatInstance,
      data: button.callback_data,
    };
    this.ctx.store.callbackQueries.set(id, { query, chat_id: state.chat.id, createdAt: this.ctx.now() });
    const event = this.ctx.events.emit({
      type: 'callback_query',
      chat_id: state.chat.id,
      callback_query_id: id,
      message_id: stored.message.message_id,
      user,
      data: button.callback_data,
      button_text: button.text,
    });
    const update = isActive(botMember(this.ctx, state)) ? this.ctx.enqueueUpdate({ callback_query: query }, state.chat.id) : null;
    return { callbackQueryId: id, updateId: update?.update_id ?? null, seq: event.seq };
  }

  /**
   * The user types `@bot <query>` in a chat (their private chat with the bot by default, or a group they are in):
   * the bot gets an inline_query update. Telegram sends one per change of the typed text; so does each call here.
   */
  inlineQuery(input: { userId: number; query: string; chatId?: number; offset?: string }): { inlineQueryId: string; updateId: number | null; seq: number } {
    const user = this.user(input.userId);
    const state = this.chatForUser(user, input.chatId, { allowNotStarted: true });
    if (input.query.length > 256) throw new ControlError(400, 'an inline query is at most 256 characters');
    const id = `${BigInt(randomInt(1, 2 ** 47)) * 131_072n + BigInt(randomInt(0, 131_072))}`;
    const chatType: InlineQuery['chat_type'] =
      state.chat.type === 'private' ? (state.chat.id === user.id ? 'sender' : 'private') : (state.chat.type as 'group' | 'supergroup');
    const query = { id, from: this.ctx.store.publicUser(user), query: input.query, offset: input.offset ?? '', chat_type: chatType };
    this.ctx.store.inlineQueries.set(id, { query, chat_id: state.chat.id, createdAt: this.ctx.now() });
    const event = this.ctx.events.emit({ type: 'inline_query', chat_id: state.chat.id, inline_query_id: id, user, query: input.query });
    const update = this.ctx.enqueueUpdate({ inline_query: query }, state.chat.id);
    return { inlineQueryId: id, updateId: update?.update_id ?? null, seq: event.seq };
  }

  /** The results the bot answered to an inline query, or null while it has not. */
  inlineAnswer(inlineQueryId: string): { results: InlineQueryResult[]; next_offset: string; is_personal: boolean; cache_time?: number } | null {
    const record = this.ctx.store.inlineQueries.get(inlineQueryId);
    if (!record) throw new ControlError(404, 'inline query not found');
    return record.answer
      ? structuredClone({
          results: record.answer.results,
          next_offset: record.answer.next_offset,
          is_personal: record.answer.is_personal,
          cache_time: record.answer.cache_time,
        })
      : null;
  }

  async waitForInlineAnswer(
    inlineQueryId: string,
    opts: { timeoutMs?: number } = {},
  ): Promise<{ results: InlineQueryResult[]; next_offset: string; is_personal: boolean }> {
    const now = this.inlineAnswer(inlineQueryId);
    if (now) return now;
    await this.waitFor((e) => e.type === 'inline_answer' && e.inline_query_id === inlineQueryId, { after: 0, timeoutMs: opts.timeoutMs });
    return this.inlineAnswer(inlineQueryId)!;
  }

  /**
   * The user picks one of the answered results: like a Telegram client, the result's message is sent to the chat the
   * query was typed in, from the user, "via @bot", with the result's inline keyboard. Returns the message.
   */
  chooseInlineResult(input: { userId: number; inlineQueryId: string; resultId: string }): ActionResult {
    const record = this.ctx.store.inlineQueries.get(input.inlineQueryId);
    if (!record || record.query.from.id !== input.userId) throw new ControlError(404, 'inline query not found');
    const result = record.answer?.results.find((r) => r.id === input.resultId);
    if (!result) throw new ControlError(404, `result ${input.resultId} was not answered to this query`);
    const content = result.input_message_content;
    if (!content?.message_text)
      throw new ControlError(400, `result ${input.resultId} has no text message to send (only articles with input_message_content are emulated)`);
    const state = this.ctx.store.chats.get(record.chat_id);
    if (!state) throw new ControlError(404, 'chat not found');
    const formatted = formatText({ text: content.message_text, parseMode: content.parse_mode, entities: content.entities });
    const fields: Partial<Message> = { from: this.ctx.store.publicUser(this.user(input.userId)), via_bot: this.ctx.bot, text: formatted.text };
    if (formatted.entities.length) fields.entities = formatted.entities;
    if (result.reply_markup) fields.reply_markup = structuredClone(result.reply_markup);
    this.ctx.events.emit({
      type: 'inline_result_chosen',
      chat_id: state.chat.id,
      inline_query_id: input.inlineQueryId,
      result_id: input.resultId,
      user_id: input.userId,
    });
    return this.userMessage(state, fields);
  }

  /** Answer the bot gave to a callback query, if any. */
  callbackAnswer(callbackQueryId: string): { text?: string; show_alert: boolean; url?: string } | null {
    const record = this.ctx.store.callbackQueries.get(callbackQueryId);
    if (!record) throw new ControlError(404, 'callback query not found');
    return record.answer ? { text: record.answer.text, show_alert: record.answer.show_alert, url: record.answer.url } : null;
  }

  /**
   * Opens a Web App like a Telegram client: mints signed initData and returns the URL with `#tgWebAppData=…`.
   * `source`: inline (inline keyboard web_app button; has query_id, chat_type, chat_instance), keyboard (reply keyboard
   * button; no query_id, use sendWebAppData), menu (menu button; has query_id), direct (link; chat_type/instance).
   * When messageId is given the URL is taken from that message's web_app button.
   */
  openWebApp(input: {
    userId: number;
    url?: string;
    chatId?: number;
    messageId?: number;
    buttonText?: string;
    source?: 'inline' | 'keyboard' | 'menu' | 'direct';
    startParam?: string;
  }): WebAppLaunch {
    const user = this.user(input.userId);
    const source = input.source ?? (input.messageId !== undefined ? 'inline' : 'menu');
    const state = this.chatForUser(user, input.chatId, { allowNotStarted: true });
    let url = input.url;
    if (input.messageId !== undefined) {
      const stored = findLiveMessage(state, input.messageId);
      if (!stored) throw new ControlError(404, `message ${input.messageId} not found`);
      const button = this.findInlineButton(stored.message, { text: input.buttonText, webApp: true });
      url = button.web_app?.url;
    }
    if (!url && source === 'menu') {
      const menu = resolveMenuButton(this.ctx, state.chat.id);
      if (menu.type === 'web_app') url = menu.web_app.url;
    }
    if (!url) throw new ControlError(400, 'web app url is required');
    const queryId = source === 'inline' || source === 'menu' ? `AAH${randomBytes(18).toString('base64url')}` : undefined;
    const withChat = source === 'inline' || source === 'direct';
    const minted = this.ctx.signer.mint({
      user: this.ctx.store.publicUser(user),
      authDate: this.ctx.unixNow(),
      queryId,
      chatType: withChat ? (state.chat.type !== 'private' ? state.chat.type : source === 'direct' ? 'sender' : 'private') : undefined,
      chatInstance: withChat ? state.chatInstance : undefined,
      startParam: input.startParam,
    });
    if (queryId) {
      this.ctx.store.webAppQueries.set(queryId, { query_id: queryId, user_id: user.id, chat_id: state.chat.id, createdAt: this.ctx.now(), answered: false });
    }
    const hashParams = [
      `tgWebAppData=${encodeURIComponent(minted.initData)}`,
      'tgWebAppVersion=8.0',
      'tgWebAppPlatform=web',
      `tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(THEME))}`,
      ...(input.startParam ? [`tgWebAppStartParam=${encodeURIComponent(input.startParam)}`] : []),
    ].join('&');
    const launchUrl = url.includes('#') ? `${url}&${hashParams}` : `${url}#${hashParams}`;
    this.ctx.events.emit({ type: 'web_app_opened', chat_id: state.chat.id, user_id: user.id, url, source, query_id: queryId });
    return { url: launchUrl, initData: minted.initData, queryId, publicKeyHex: this.ctx.signer.publicKeyHex };
  }

  /** Telegram.WebApp.sendData() from a web app opened by a reply keyboard button: a web_app_data message. */
  sendWebAppData(input: { userId: number; data: string; buttonText: string }): ActionResult {
    const user = this.user(input.userId);
    if (Buffer.byteLength(input.data ?? '') === 0 || Buffer.byteLength(input.data) > 4096) {
      throw new ControlError(400, 'data must be 1-4096 bytes');
    }
    const state = this.chatForUser(user);
    return this.userMessage(state, {
      from: this.ctx.store.publicUser(user),
      web_app_data: { data: input.data, button_text: input.buttonText },
    });
  }

  /** The user blocks the bot: my_chat_member (member → kicked); sends then fail with 403. */
  blockBot(userId: number): void {
    const user = this.user(userId);
    const state = ensurePrivateChat(this.ctx, user);
    if (state.blocked) return;
    const old = botMember(this.ctx, state);
    state.blocked = true;
    this.privateBotStatusUpdate(state, user, old);
  }

  /** The user unblocks (restarts) the bot: my_chat_member (kicked → member). */
  unblockBot(userId: number): void {
    const user = this.user(userId);
    const state = ensurePrivateChat(this.ctx, user);
    if (!state.blocked) return;
    const old = botMember(this.ctx, state);
    state.blocked = false;
    state.started = true;
    this.privateBotStatusUpdate(state, user, old);
  }

  // ---------------------------------------------------------------- groups

  createGroup(input: {
    title: string;
    creatorId: number;
    type?: 'group' | 'supergroup';
    memberIds?: number[];
    username?: string;
    addBot?: boolean;
    botAdmin?: boolean;
  }): Chat {
    const type = input.type ?? 'supergroup';
    if (type !== 'group' && type !== 'supergroup') throw new ControlError(400, 'type must be group or supergroup');
    if (!input.title || input.title.trim() === '' || input.title.length > 128) throw new ControlError(400, 'title must be 1-128 characters');
    const creator = this.user(input.creatorId);
    const chat: Chat = { id: this.ctx.store.newGroupId(type), type, title: input.title.trim() };
    if (input.username) chat.username = input.username;
    const state = this.ctx.store.createChat(chat, this.ctx.now());
    state.members.set(creator.id, { status: 'creator', user: this.ctx.store.publicUser(creator), is_anonymous: false });
    for (const id of input.memberIds ?? []) {
      if (id === creator.id) continue;
      state.members.set(id, { status: 'member', user: this.ctx.store.publicUser(this.user(id)) });
    }
    this.ctx.events.emit({ type: 'chat_created', chat_id: chat.id, chat, creator_id: creator.id });
    addMessage(this.ctx, state, 'service', {
      from: this.ctx.store.publicUser(creator),
      ...(type === 'group' ? { group_chat_created: true as const } : { supergroup_chat_created: true as const }),
    });
    if (input.addBot || input.botAdmin) this.addBot({ chatId: chat.id, byUserId: creator.id, admin: input.botAdmin });
    return { ...chat };
  }

  /** A user joins (byUserId omitted or equal) or is added by another member: service message + chat_member. */
  addMember(input: { chatId: number; userId: number; byUserId?: number; inviteLink?: ChatInviteLink }): void {
    const state = this.group(input.chatId);
    const user = this.ctx.store.publicUser(this.user(input.userId));
    const by = input.byUserId !== undefined ? this.ctx.store.publicUser(this.user(input.byUserId)) : user;
    const current = memberOf(state, user);
    if (isActive(current)) throw new ControlError(409, 'user is already a member of the chat');
    if (by.id !== user.id && !isActive(memberOf(state, by))) throw new ControlError(403, 'only members can add users');
    if (current.status === 'kicked' && !isAdmin(memberOf(state, by))) throw new ControlError(403, 'user is banned in this chat');
    changeMember(this.ctx, {
      state,
      user,
      by,
      action: by.id === user.id ? 'joined' : 'added',
      next: { status: 'member', user },
      inviteLink: input.inviteLink,
    });
    const stored = addMessage(this.ctx, state, 'service', {
      from: by,
      new_chat_participant: user,
      new_chat_member: user,
      new_chat_members: [user],
    });
    deliverMessageToBot(this.ctx, state, stored);
  }

  /** A user leaves (byUserId omitted or equal) or is removed by an admin (supergroups: ban). */
  removeMember(input: { chatId: number; userId: number; byUserId?: number }): void {
    const state = this.group(input.chatId);
    const user = this.ctx.store.publicUser(this.user(input.userId));
    const by = input.byUserId !== undefined ? this.ctx.store.publicUser(this.user(input.byUserId)) : user;
    if (!isActive(memberOf(state, user))) throw new ControlError(409, 'user is not a member of the chat');
    const leaving = by.id === user.id;
    if (!leaving && !isAdmin(memberOf(state, by))) throw new ControlError(403, 'only administrators can remove members');
    const next: ChatMember = !leaving && state.chat.type === 'supergroup' ? { status: 'kicked', user, until_date: 0 } : { status: 'left', user };
    changeMember(this.ctx, { state, user, by, action: leaving ? 'left' : 'removed', next });
    const stored = addMessage(this.ctx, state, 'service', { from: by, left_chat_participant: user, left_chat_member: user });
    deliverMessageToBot(this.ctx, state, stored);
  }

  /** Adds the bot to a group (my_chat_member left → member/administrator, plus the new_chat_members message). */
  addBot(input: { chatId: number; byUserId: number; admin?: boolean }): void {
    const state = this.group(input.chatId);
    const by = this.ctx.store.publicUser(this.user(input.byUserId));
    if (!isActive(memberOf(state, by))) throw new ControlError(403, 'only members can add the bot');
    if (isActive(memberOf(state, this.ctx.bot))) throw new ControlError(409, 'the bot is already in the chat');
    if (input.admin && !isAdmin(memberOf(state, by))) throw new ControlError(403, 'only administrators can add the bot as an administrator');
    const bot = this.ctx.bot;
    changeMember(this.ctx, {
      state,
      user: bot,
      by,
      action: 'added',
      next: input.admin ? { status: 'administrator', user: bot, ...DEFAULT_BOT_ADMIN_RIGHTS } : { status: 'member', user: bot },
    });
    const stored = addMessage(this.ctx, state, 'service', {
      from: by,
      new_chat_participant: bot,
      new_chat_member: bot,
      new_chat_members: [bot],
    });
    deliverMessageToBot(this.ctx, state, stored);
  }

  /** Makes the bot an administrator (my_chat_member member → administrator). */
  promoteBot(input: { chatId: number; byUserId: number; rights?: Partial<ChatMember> }): void {
    const state = this.group(input.chatId);
    const by = this.admin(state, input.byUserId);
    if (!isActive(memberOf(state, this.ctx.bot))) throw new ControlError(409, 'the bot is not in the chat');
    const bot = this.ctx.bot;
    changeMember(this.ctx, {
      state,
      user: bot,
      by,
      action: 'promoted',
      next: { ...DEFAULT_BOT_ADMIN_RIGHTS, ...(input.rights ?? {}), status: 'administrator', user: bot },
    });
  }

  demoteBot(input: { chatId: number; byUserId: number }): void {
    const state = this.group(input.chatId);
    const by = this.admin(state, input.byUserId);
    if (memberOf(state, this.ctx.bot).status !== 'administrator') throw new ControlError(409, 'the bot is not an administrator');
    changeMember(this.ctx, { state, user: this.ctx.bot, by, action: 'demoted', next: { status: 'member', user: this.ctx.bot } });
  }

  /** Removes the bot (basic group: left; supergroup: kicked), like an admin does in the Telegram apps. */
  removeBot(input: { chatId: number; byUserId: number }): void {
    const state = this.group(input.chatId);
    const by = this.admin(state, input.byUserId);
    if (!isActive(memberOf(state, this.ctx.bot))) throw new ControlError(409, 'the bot is not in the chat');
    const bot = this.ctx.bot;
    const next: ChatMember = state.chat.type === 'supergroup' ? { status: 'kicked', user: bot, until_date: 0 } : { status: 'left', user: bot };
    changeMember(this.ctx, { state, user: bot, by, action: 'removed', next });
    addMessage(this.ctx, state, 'service', { from: by, left_chat_participant: bot, left_chat_member: bot });
  }

  /** Joins a group through an invite link created by the bot (createChatInviteLink). */
  joinByInviteLink(input: { userId: number; inviteLink: string }): { chat: Chat; joined: boolean } {
    for (const state of this.ctx.store.chats.values()) {
      const link = state.inviteLinks.find((l) => l.invite_link === input.inviteLink);
      if (!link) continue;
      if (link.is_revoked || (link.expire_date && link.expire_date < this.ctx.unixNow())) throw new ControlError(410, 'invite link expired');
      const user = this.ctx.store.publicUser(this.user(input.userId));
      if (link.creates_join_request) {
        state.joinRequests.set(user.id, link);
        this.ctx.enqueueUpdate(
          { chat_join_request: { chat: state.chat, from: user, user_chat_id: user.id, date: this.ctx.unixNow(), invite_link: link } },
          state.chat.id,
        );
        this.ctx.events.emit({
          type: 'member_changed',
          chat_id: state.chat.id,
          user,
          by: user,
          action: 'join_requested',
          old_status: 'left',
          new_status: 'left',
        });
        return { chat: state.chat, joined: false };
      }
      this.addMember({ chatId: state.chat.id, userId: user.id, inviteLink: link });
      return { chat: state.chat, joined: true };
    }
    throw new ControlError(404, 'invite link not found');
  }

  // ---------------------------------------------------------------- inspection

  listChats(filter: { userId?: number } = {}): ChatSummary[] {
    return [...this.ctx.store.chats.values()]
      .filter((s) => filter.userId === undefined || (s.chat.type === 'private' ? s.chat.id === filter.userId : s.members.has(filter.userId)))
      .map((s) => this.summary(s));
  }

  getChat(chatId: number): ChatDetails {
    const state = this.ctx.store.chats.get(chatId);
    if (!state) throw new ControlError(404, `chat ${chatId} not found`);
    return {
      ...this.summary(state),
      members: [...state.members.values()].map((m) => structuredClone(m)),
      reply_keyboard: state.replyKeyboard,
      force_reply: state.forceReply,
      invite_links: state.inviteLinks,
      pinned_message_id: state.pinnedMessageId,
      menu_button: resolveMenuButton(this.ctx, chatId),
    };
  }

  /** Everything that happened in a chat: messages (with edit history and deletions) and events. */
  history(chatId: number): ChatHistory {
    const state = this.ctx.store.chats.get(chatId);
    return {
      chat: state ? { ...state.chat } : null,
      messages: state ? [...state.messages.values()].map((m) => structuredClone(m)) : [],
      events: this.ctx.events.list({ chatId }),
    };
  }

  /** Current (not deleted) messages of a chat, oldest first. */
  messages(chatId: number, filter: { direction?: StoredMessage['direction'] } = {}): Message[] {
    const state = this.ctx.store.chats.get(chatId);
    if (!state) return [];
    return [...state.messages.values()]
      .filter((m) => !m.deleted && (!filter.direction || m.direction === filter.direction))
      .map((m) => structuredClone(m.message));
  }

  events(sinceSeq = 0): EmulatorEvent[] {
    return this.ctx.events.list({ sinceSeq });
  }

  get lastSeq(): number {
    return this.ctx.events.lastSeq;
  }

  /** Resolves with the first event (after `after`, default: now) matching the predicate. */
  waitFor(predicate: (event: EmulatorEvent) => boolean, opts: { after?: number; timeoutMs?: number } = {}): Promise<EmulatorEvent> {
    const after = opts.after ?? this.ctx.events.lastSeq;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const past = this.ctx.events.list({ sinceSeq: after }).find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise<EmulatorEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for an emulator event`));
      }, timeoutMs);
      const unsubscribe = this.ctx.events.subscribe((event) => {
        if (event.seq > after && predicate(event)) {
          clearTimeout(timer);
          unsubscribe();
          resolve(event);
        }
      });
    });
  }

  /**
   * Waits for a message sent by the bot to a chat. By default only messages after the latest user action in that chat
   * (message, button press) count, so it returns "the bot's reply".
   */
  async waitForBotMessage(chatId: number, opts: { text?: string | RegExp; after?: number; timeoutMs?: number } = {}): Promise<Message> {
    const after = opts.after ?? this.lastUserActionSeq(chatId);
    const event = await this.waitFor(
      (e) =>
        e.type === 'message' &&
        e.chat_id === chatId &&
        e.direction === 'out' &&
        matchesText((e.message as Message).text ?? (e.message as Message).caption, opts.text),
      { after, timeoutMs: opts.timeoutMs },
    );
    return event.message as Message;
  }

  /** Waits for the bot to edit a message (optionally a given one) in a chat. */
  async waitForEdit(chatId: number, opts: { messageId?: number; text?: string | RegExp; after?: number; timeoutMs?: number } = {}): Promise<Message> {
    const after = opts.after ?? this.lastUserActionSeq(chatId);
    const event = await this.waitFor(
      (e) =>
        e.type === 'message_edited' &&
        e.chat_id === chatId &&
        (opts.messageId === undefined || (e.message as Message).message_id === opts.messageId) &&
        matchesText((e.message as Message).text ?? (e.message as Message).caption, opts.text),
      { after, timeoutMs: opts.timeoutMs },
    );
    return event.message as Message;
  }

  webhookInfo(): WebhookInfo & { in_flight: number } {
    const config = this.ctx.webhook.current;
    const error = this.ctx.webhook.lastErrorInfo;
    return {
      url: config?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.ctx.queue.size,
      ...(error ? { last_error_date: error.date, last_error_message: error.message } : {}),
      ...(config ? { max_connections: config.maxConnections } : {}),
      ...(this.ctx.queue.allowedUpdates ? { allowed_updates: this.ctx.queue.allowedUpdates } : {}),
      in_flight: this.ctx.webhook.inFlight,
    };
  }

  /** Updates waiting for the bot (not yet confirmed by getUpdates offset / acknowledged by the webhook). */
  pendingUpdates(): unknown[] {
    return this.ctx.queue.items().map((i) => structuredClone(i.update));
  }

  /** The command list a user sees in a chat (scopes and language resolved like the Telegram apps). */
  commandsFor(chatId: number, userId: number): BotCommand[] {
    const user = this.ctx.store.users.get(userId);
    const state = this.ctx.store.chats.get(chatId);
    const admin = state ? isAdmin(memberOf(state, { id: userId, is_bot: false, first_name: '' })) : false;
    return resolveCommandsFor(this.ctx, chatId, userId, admin, user?.language_code?.slice(0, 2) ?? '');
  }

  menuButtonFor(chatId: number): MenuButton {
    return resolveMenuButton(this.ctx, chatId);
  }

  botDescription(languageCode = ''): { description: string; short_description: string } {
    const texts = this.ctx.store.botTexts;
    const get = (field: string): string => texts.get(`${field}|${languageCode}`) ?? texts.get(`${field}|`) ?? '';
    return { description: get('description'), short_description: get('short_description') };
  }

  // ---------------------------------------------------------------- knobs

  /** The next `count` Bot API responses (default: any method but getUpdates) become 429 with retry_after. */
  injectRateLimit(input: { count: number; retryAfter?: number; methods?: string[] }): void {
    this.ctx.limiter.inject(input);
    this.ctx.events.emit({ type: 'rate_limited', injected: input.count, retry_after: input.retryAfter ?? 1, methods: input.methods });
  }

  setRateLimits(patch: Partial<RateLimitConfig>): RateLimitConfig {
    return this.ctx.limiter.configure(patch);
  }

  get rateLimits(): RateLimitConfig {
    return this.ctx.limiter.settings;
  }

  setPrivacyMode(enabled: boolean): void {
    this.ctx.settings.privacyMode = enabled;
  }

  setCallbackQueryTtl(ms: number): void {
    this.ctx.settings.callbackQueryTtlMs = ms;
  }

  get settings(): { privacyMode: boolean; callbackQueryTtlMs: number } {
    return { ...this.ctx.settings };
  }

  /**
   * Forgets chats, messages, updates, webhook, commands and limits. Users stay unless keepUsers is false
   * (seeded users always come back, as not started).
   */
  reset(opts: { keepUsers?: boolean } = {}): void {
    const users = [...this.ctx.store.users.values()];
    const keep = opts.keepUsers ?? true;
    this.ctx.queue.releaseWaiter();
    this.ctx.webhook.delete();
    this.ctx.webhook.resetErrors();
    this.ctx.queue.dropAll();
    this.ctx.queue.setAllowedUpdates(undefined);
    this.ctx.limiter.reset();
    this.ctx.store.clear();
    this.ctx.settings.privacyMode = this.ctx.options.privacyMode;
    this.ctx.settings.callbackQueryTtlMs = this.ctx.options.callbackQueryTtlMs;
    for (const user of users) if (keep || user.seeded) this.ctx.store.users.set(user.id, user);
    for (const seed of this.ctx.options.users) {
      if (seed.started && this.ctx.store.users.has(seed.id)) ensurePrivateChat(this.ctx, this.ctx.store.users.get(seed.id)!).started = true;
    }
    this.ctx.events.clear();
    this.ctx.events.emit({ type: 'reset' });
  }

  publicKey(): { emulator_public_key_hex: string; emulator_public_key_pem: string; telegram_public_keys_hex: typeof TELEGRAM_PUBLIC_KEYS } {
    return {
      emulator_public_key_hex: this.ctx.signer.publicKeyHex,
      emulator_public_key_pem: this.ctx.signer.publicKeyPem,
      telegram_public_keys_hex: TELEGRAM_PUBLIC_KEYS,
    };
  }

  // ---------------------------------------------------------------- internals

  private user(userId: number): EmulatorUser {
    const user = this.ctx.store.users.get(Number(userId));
    if (!user) throw new ControlError(404, `user ${userId} not found`);
    return user;
  }

  private group(chatId: number): ChatState {
    const state = this.ctx.store.chats.get(Number(chatId));
    if (!state) throw new ControlError(404, `chat ${chatId} not found`);
    if (state.chat.type === 'private') throw new ControlError(400, 'not a group chat');
    return state;
  }

  private admin(state: ChatState, userId: number): User {
    const by = this.ctx.store.publicUser(this.user(userId));
    if (!isAdmin(memberOf(state, by))) throw new ControlError(403, 'only administrators can do this');
    return by;
  }

  /** The chat a user acts in: their private chat with the bot (started on first use) or a group they belong to. */
  private chatForUser(user: EmulatorUser, chatId?: number, opts: { allowNotStarted?: boolean } = {}): ChatState {
    if (chatId === undefined || Number(chatId) === user.id) {
      const state = ensurePrivateChat(this.ctx, user);
      if (!opts.allowNotStarted) {
        if (state.blocked) this.unblockBot(user.id);
        state.started = true;
      }
      return state;
    }
    const state = this.group(chatId);
    if (!isActive(memberOf(state, user))) throw new ControlError(403, `user ${user.id} is not a member of chat ${chatId}`);
    return state;
  }

  private userMessage(state: ChatState, fields: Partial<Message>): ActionResult {
    const stored = addMessage(this.ctx, state, 'in', fields as Omit<Message, 'message_id' | 'chat' | 'date'>);
    const seq = this.ctx.events.lastSeq;
    const updateId = deliverMessageToBot(this.ctx, state, stored);
    return { message: structuredClone(stored.message), updateId, seq };
  }

  private attachReply(state: ChatState, fields: Partial<Message>, replyToMessageId?: number): void {
    if (replyToMessageId === undefined) return;
    const target = findLiveMessage(state, replyToMessageId);
    if (!target) throw new ControlError(404, `message ${replyToMessageId} not found`);
    fields.reply_to_message = asReply(target.message);
  }

  private consumeOneTimeKeyboard(state: ChatState, text?: string, kind?: 'request_contact'): void {
    const keyboard = state.replyKeyboard;
    if (!keyboard?.one_time_keyboard) return;
    const pressed = keyboard.keyboard.some((row) => row.some((b) => (kind ? b[kind] : b.text === text)));
    if (!pressed) return;
    state.replyKeyboard = null;
    this.ctx.events.emit({ type: 'reply_keyboard', chat_id: state.chat.id, keyboard: null, force_reply: state.forceReply, hidden_by_user: true });
  }

  private findInlineButton(message: Message, by: { data?: string; text?: string; webApp?: boolean }): InlineKeyboardButton {
    const buttons = (message.reply_markup?.inline_keyboard ?? []).flat();
    const button = buttons.find(
      (b) => (by.data === undefined || b.callback_data === by.data) && (by.text === undefined || b.text === by.text) && (!by.webApp || b.web_app !== undefined),
    );
    if (!button) throw new ControlError(404, `no such inline button on message ${message.message_id}`);
    return button;
  }

  private privateBotStatusUpdate(state: ChatState, user: EmulatorUser, old: ChatMember): void {
    const next = botMember(this.ctx, state);
    this.ctx.enqueueUpdate(
      {
        my_chat_member: {
          chat: privateChatOf(user),
          from: this.ctx.store.publicUser(user),
          date: this.ctx.unixNow(),
          old_chat_member: old,
          new_chat_member: next,
        },
      },
      state.chat.id,
    );
    this.ctx.events.emit({
      type: 'member_changed',
      chat_id: state.chat.id,
      user: this.ctx.bot,
      by: this.ctx.store.publicUser(user),
      action: state.blocked ? 'blocked' : 'unblocked',
      old_status: old.status,
      new_status: next.status,
    });
  }

  private lastUserActionSeq(chatId: number): number {
    const events = this.ctx.events.list({ chatId, types: ['message', 'callback_query', 'member_changed', 'web_app_opened'] });
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i];
      if (e.type !== 'message' || e.direction !== 'out') return e.seq;
    }
    return 0;
  }

  private summary(state: ChatState): ChatSummary {
    const live = [...state.messages.values()].filter((m) => !m.deleted);
    return {
      chat: { ...state.chat },
      bot_status: botMember(this.ctx, state).status,
      member_count: state.chat.type === 'private' ? 2 : [...state.members.values()].filter(isActive).length,
      ...(live.length ? { last_message: structuredClone(live[live.length - 1].message) } : {}),
      ...(state.chat.type === 'private' ? { started: state.started, blocked: state.blocked } : {}),
    };
  }
}

function matchesText(text: string | undefined, expected: string | RegExp | undefined): boolean {
  if (expected === undefined) return true;
  if (text === undefined) return false;
  return typeof expected === 'string' ? text === expected : expected.test(text);
}
