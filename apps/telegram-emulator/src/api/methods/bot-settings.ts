import { lookupChat } from '../../core/chats';
import type { EmulatorContext } from '../../core/context';
import { badRequest } from '../../core/errors';
import type { BotCommand, MenuButton } from '../../types';
import type { MethodCall, MethodTable } from '../dispatcher';

const SCOPES_WITH_CHAT = ['chat', 'chat_administrators', 'chat_member'];
const SCOPES = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', ...SCOPES_WITH_CHAT];

/** Canonical key of a BotCommandScope (+ language) under which commands are stored. */
export function scopeKey(scope: { type: string; chat_id?: number | string; user_id?: number }, language: string): string {
  const parts = [scope.type];
  if (scope.chat_id !== undefined) parts.push(String(scope.chat_id));
  if (scope.user_id !== undefined) parts.push(String(scope.user_id));
  return `${parts.join(':')}|${language}`;
}

function readScope(call: MethodCall): { key: (lang: string) => string; scope: Record<string, unknown> } {
  const { ctx, params } = call;
  const raw = (params.json('scope', 'BotCommandScope JSON object') ?? { type: 'default' }) as Record<string, unknown>;
  if (typeof raw !== 'object' || typeof raw.type !== 'string' || !SCOPES.includes(raw.type)) {
    throw badRequest('unsupported bot command scope type');
  }
  const scope: { type: string; chat_id?: number; user_id?: number } = { type: raw.type };
  if (SCOPES_WITH_CHAT.includes(raw.type)) {
    const chatId = typeof raw.chat_id === 'string' && /^-?\d+$/.test(raw.chat_id) ? Number(raw.chat_id) : raw.chat_id;
    const state = chatId === undefined ? undefined : lookupChat(ctx, chatId as number | string);
    if (!state) throw badRequest('chat not found');
    scope.chat_id = state.chat.id;
    if (raw.type === 'chat_member') {
      const userId = Number(raw.user_id);
      if (!Number.isSafeInteger(userId)) throw badRequest('user not found');
      scope.user_id = userId;
    }
  }
  return { key: (lang) => scopeKey(scope, lang), scope: raw };
}

function readLanguage(call: MethodCall): string {
  const language = call.params.string('language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return language;
}

function validateCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest('field "commands" must be an Array');
  if (value.length > 100) throw badRequest('too many commands specified');
  return value.map((raw) => {
    if (!raw || typeof raw !== 'object') throw badRequest("can't parse BotCommand JSON object");
    const { command, description } = raw as Record<string, unknown>;
    if (typeof command !== 'string' || typeof description !== 'string') throw badRequest("can't parse BotCommand JSON object");
    const name = command.replace(/^\//, '');
    if (!/^[a-z0-9_]{1,32}$/.test(name)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.trim() === '') throw badRequest('command description is empty');
    if (description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command: name, description };
  });
}

function validateMenuButton(value: unknown): MenuButton {
  if (value === undefined) return { type: 'default' };
  const raw = value as Record<string, unknown>;
  if (!raw || typeof raw !== 'object') throw badRequest("can't parse menu button JSON object");
  if (raw.type === 'default' || raw.type === 'commands') return { type: raw.type };
  if (raw.type === 'web_app') {
    const webApp = raw.web_app as Record<string, unknown> | undefined;
    if (typeof raw.text !== 'string' || raw.text.trim() === '') throw badRequest('menu button text must be non-empty');
    if (!webApp || typeof webApp.url !== 'string' || !/^https?:\/\//i.test(webApp.url)) throw badRequest('BUTTON_URL_INVALID');
    return { type: 'web_app', text: raw.text, web_app: { url: webApp.url } };
  }
  throw badRequest('unsupported menu button type');
}

/** Commands a user sees in a chat, resolved over scopes and languages as the Telegram apps do. */
export function resolveCommandsFor(ctx: EmulatorContext, chatId: number, userId: number, isAdmin: boolean, language: string): BotCommand[] {
  const state = ctx.store.chats.get(chatId);
  const isPrivate = !state || state.chat.type === 'private';
  const scopes = isPrivate
    ? [{ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' }, { type: 'default' }]
    : [
        { type: 'chat_member', chat_id: chatId, user_id: userId },
        ...(isAdmin ? [{ type: 'chat_administrators', chat_id: chatId }] : []),
        { type: 'chat', chat_id: chatId },
        ...(isAdmin ? [{ type: 'all_chat_administrators' }] : []),
        { type: 'all_group_chats' },
        { type: 'default' },
      ];
  for (const scope of scopes) {
    for (const lang of language ? [language, ''] : ['']) {
      const commands = ctx.store.commands.get(scopeKey(scope, lang));
      if (commands && commands.length > 0) return commands;
    }
  }
  return [];
}

/** The menu button shown in a private chat: the chat's own, else the default, else "commands". */
export function resolveMenuButton(ctx: EmulatorContext, chatId: number): MenuButton {
  const own = ctx.store.menuButtons.get(chatId);
  if (own && own.type !== 'default') return own;
  const fallback = ctx.store.menuButtons.get(0);
  if (fallback && fallback.type !== 'default') return fallback;
  return { type: 'commands' };
}

function textSetting(name: string, field: string, max: number): MethodTable {
  const setter = `setMy${name}`;
  const getter = `getMy${name}`;
  return {
    [setter]: ({ ctx, params }) => {
      const value = params.string(field) ?? '';
      if (value.length > max) throw badRequest(`${field} is too long`);
      const lang = params.string('language_code') ?? '';
      ctx.store.botTexts.set(`${field}|${lang}`, value);
      ctx.events.emit({ type: 'commands_changed', setting: field, language_code: lang });
      return true;
    },
    [getter]: ({ ctx, params }) => {
      const lang = params.string('language_code') ?? '';
      const value = ctx.store.botTexts.get(`${field}|${lang}`) ?? ctx.store.botTexts.get(`${field}|`) ?? (field === 'name' ? ctx.bot.first_name : '');
      return { [field]: value };
    },
  };
}

export const botSettingMethods: MethodTable = {
  setMyCommands: (call) => {
    const commands = validateCommands(call.params.json('commands', 'commands JSON array'));
    const { key, scope } = readScope(call);
    const language = readLanguage(call);
    call.ctx.store.commands.set(key(language), commands);
    call.ctx.events.emit({ type: 'commands_changed', scope, language_code: language, commands });
    return true;
  },
  getMyCommands: (call) => {
    const { key } = readScope(call);
    return call.ctx.store.commands.get(key(readLanguage(call))) ?? [];
  },
  deleteMyCommands: (call) => {
    const { key, scope } = readScope(call);
    const language = readLanguage(call);
    call.ctx.store.commands.delete(key(language));
    call.ctx.events.emit({ type: 'commands_changed', scope, language_code: language, commands: [] });
    return true;
  },
  setChatMenuButton: ({ ctx, params }) => {
    let chatId = 0;
    if (params.has('chat_id')) {
      const state = lookupChat(ctx, params.chatId());
      if (!state || state.chat.type !== 'private') throw badRequest('chat not found');
      chatId = state.chat.id;
    }
    const button = validateMenuButton(params.json('menu_button', 'menu button JSON object'));
    ctx.store.menuButtons.set(chatId, button);
    ctx.events.emit({ type: 'menu_button_changed', chat_id: chatId || undefined, menu_button: button });
    return true;
  },
  getChatMenuButton: ({ ctx, params }) => {
    if (!params.has('chat_id')) return ctx.store.menuButtons.get(0) ?? { type: 'commands' };
    const state = lookupChat(ctx, params.chatId());
    if (!state || state.chat.type !== 'private') throw badRequest('chat not found');
    return ctx.store.menuButtons.get(state.chat.id) ?? ctx.store.menuButtons.get(0) ?? { type: 'commands' };
  },
  ...textSetting('Description', 'description', 512),
  ...textSetting('ShortDescription', 'short_description', 120),
  ...textSetting('Name', 'name', 64),
};
