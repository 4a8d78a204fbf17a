import { randomBytes, randomInt } from 'node:crypto';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  ChatInviteLink,
  ChatMember,
  ForceReply,
  InlineQuery,
  InlineQueryResult,
  MenuButton,
  Message,
  ReplyKeyboardMarkup,
  User,
} from '../types';

/** A user of the emulated Telegram (not the bot). */
export interface EmulatorUser extends User {
  /** Shown in the dev chat, e.g. "Anna Ivanova — seeded employee". */
  label?: string;
  phone_number?: string;
  /** Registered at start by the app (seeded) rather than created at run time. */
  seeded?: boolean;
}

export interface MessageVersion {
  at: number;
  text?: string;
  caption?: string;
  entities?: Message['entities'];
  reply_markup?: Message['reply_markup'];
}

export interface StoredMessage {
  chat_id: number;
  /** in = from a user to the bot, out = sent by the bot, service = join/leave notices etc. */
  direction: 'in' | 'out' | 'service';
  message: Message;
  /** Earlier versions, oldest first (editMessageText/ReplyMarkup/Caption). */
  edits: MessageVersion[];
  deleted?: { at: number; by: 'bot' | 'user' };
}

export interface ChatState {
  chat: Chat;
  /** Group members including the bot (key = user id). For private chats: the user and the bot. */
  members: Map<number, ChatMember>;
  messages: Map<number, StoredMessage>;
  nextMessageId: number;
  /** Random per chat (Telegram sends it in callback queries). */
  chatInstance: string;
  /** Reply keyboard currently shown to the users of the chat (null = none). */
  replyKeyboard: ReplyKeyboardMarkup | null;
  forceReply: (ForceReply & { message_id: number }) | null;
  inviteLinks: ChatInviteLink[];
  /** Pending join requests (user id → the link used). */
  joinRequests: Map<number, ChatInviteLink>;
  pinnedMessageId?: number;
  /** Private chats: the user has started the bot. */
  started: boolean;
  /** Private chats: the user blocked the bot. */
  blocked: boolean;
  createdAt: number;
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  kind: 'photo' | 'document';
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  width?: number;
  height?: number;
  /** Uploaded content; absent for files sent by URL (then `url` is set). */
  data?: Buffer;
  url?: string;
  file_path: string;
}

export interface CallbackQueryRecord {
  query: CallbackQuery;
  chat_id?: number;
  createdAt: number;
  answer?: { at: number; text?: string; show_alert: boolean; url?: string; cache_time?: number };
}

export interface InlineQueryRecord {
  query: InlineQuery;
  /** The chat the user typed in (a result they choose is sent there). */
  chat_id: number;
  createdAt: number;
  answer?: { at: number; results: InlineQueryResult[]; cache_time?: number; is_personal: boolean; next_offset: string; button?: unknown };
}

export interface WebAppQueryRecord {
  query_id: string;
  user_id: number;
  chat_id: number;
  createdAt: number;
  answered: boolean;
}

export class Store {
  readonly users = new Map<number, EmulatorUser>();
  readonly chats = new Map<number, ChatState>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  readonly webAppQueries = new Map<string, WebAppQueryRecord>();
  readonly inlineQueries = new Map<string, InlineQueryRecord>();
  /** key = `${scopeKey}|${language_code}` */
  readonly commands = new Map<string, BotCommand[]>();
  /** key = chat id or 0 for the default menu button. */
  readonly menuButtons = new Map<number, MenuButton>();
  readonly botTexts = new Map<string, string>();
  private nextGroupSeq = randomInt(100_000_000, 900_000_000);

  constructor(readonly bot: User) {}

  clear(): void {
    this.users.clear();
    this.chats.clear();
    this.files.clear();
    this.callbackQueries.clear();
    this.webAppQueries.clear();
    this.inlineQueries.clear();
    this.commands.clear();
    this.menuButtons.clear();
    this.botTexts.clear();
  }

  newGroupId(type: 'group' | 'supergroup'): number {
    const seq = this.nextGroupSeq++;
    return type === 'supergroup' ? -(1_000_000_000_000 + seq) : -(4_000_000_000 + seq);
  }

  newUserId(): number {
    let id: number;
    do id = randomInt(1_000_000_000, 7_000_000_000);
    while (this.users.has(id) || id === this.bot.id);
    return id;
  }

  createChat(chat: Chat, now: number): ChatState {
    const state: ChatState = {
      chat,
      members: new Map(),
      messages: new Map(),
      nextMessageId: 1,
      chatInstance: BigInt.asIntN(64, BigInt('0x' + randomBytes(8).toString('hex'))).toString(),
      replyKeyboard: null,
      forceReply: null,
      inviteLinks: [],
      joinRequests: new Map(),
      started: false,
      blocked: false,
      createdAt: now,
    };
    this.chats.set(chat.id, state);
    return state;
  }

  /** Public Bot API view of a user (without emulator-only fields). */
  publicUser(user: EmulatorUser | User): User {
    const result: User = { id: user.id, is_bot: user.is_bot, first_name: user.first_name };
    if (user.last_name) result.last_name = user.last_name;
    if (user.username) result.username = user.username;
    if (user.language_code) result.language_code = user.language_code;
    if (user.is_premium) result.is_premium = true;
    return result;
  }

  findUserByUsername(username: string): EmulatorUser | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    for (const user of this.users.values()) if (user.username?.toLowerCase() === name) return user;
    return undefined;
  }

  findChatByUsername(username: string): ChatState | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    for (const chat of this.chats.values()) if (chat.chat.type !== 'private' && chat.chat.username?.toLowerCase() === name) return chat;
    return undefined;
  }

  storeMessage(state: ChatState, stored: StoredMessage): StoredMessage {
    state.messages.set(stored.message.message_id, stored);
    return stored;
  }
}
