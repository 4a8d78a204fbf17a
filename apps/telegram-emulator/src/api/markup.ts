import { badRequest } from '../core/errors';
import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyMarkup } from '../types';

const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates an inline keyboard like Telegram (BUTTON_DATA_INVALID for callback_data outside 1–64 bytes, …). */
export function validateInlineKeyboard(markup: Record<string, unknown>, opts: { allowWebApp: boolean }): InlineKeyboardMarkup {
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  let count = 0;
  const result: InlineKeyboardButton[][] = rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    return row.map((raw) => {
      count++;
      if (!isObject(raw)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      if (typeof raw.text !== 'string') throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      const actions = INLINE_ACTIONS.filter((k) => raw[k] !== undefined);
      if (actions.length === 0) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      const button = { ...raw } as unknown as InlineKeyboardButton;
      if (button.callback_data !== undefined) {
        const data = button.callback_data;
        const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
        if (typeof data !== 'string' || bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined && (typeof button.url !== 'string' || !isValidButtonUrl(button.url))) {
        throw badRequest('BUTTON_URL_INVALID');
      }
      if (button.web_app !== undefined) {
        if (!isObject(button.web_app) || typeof button.web_app.url !== 'string' || !/^https?:\/\//i.test(button.web_app.url)) {
          throw badRequest('BUTTON_URL_INVALID');
        }
        if (!opts.allowWebApp) throw badRequest('BUTTON_TYPE_INVALID');
      }
      if (button.text.trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
      return button;
    });
  });
  if (count > 100) throw badRequest('REPLY_MARKUP_TOO_LONG');
  return { inline_keyboard: result };
}

function isValidButtonUrl(url: string): boolean {
  if (/^tg:\/\//i.test(url)) return true;
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

function validateReplyKeyboard(markup: Record<string, unknown>, opts: { allowWebApp: boolean }): ReplyMarkup {
  const rows = markup.keyboard;
  if (!Array.isArray(rows)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
  const keyboard: KeyboardButton[][] = rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    return row.map((raw) => {
      if (typeof raw === 'string') return { text: raw };
      if (typeof raw === 'number') return { text: String(raw) };
      if (!isObject(raw) || typeof raw.text !== 'string') {
        throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
      }
      if (raw.web_app !== undefined && !opts.allowWebApp) throw badRequest('BUTTON_TYPE_INVALID');
      return { ...raw } as unknown as KeyboardButton;
    });
  });
  if (keyboard.every((row) => row.length === 0)) throw badRequest('reply markup keyboard is empty');
  const { keyboard: _k, ...rest } = markup;
  return { ...(rest as object), keyboard } as ReplyMarkup;
}

/**
 * Validates any reply_markup (inline keyboard, reply keyboard, remove keyboard, force reply).
 * `raw` is the parsed JSON value; null/undefined means "no markup".
 */
export function validateReplyMarkup(raw: unknown, opts: { allowWebApp: boolean }): ReplyMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (!isObject(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ('inline_keyboard' in raw) return validateInlineKeyboard(raw, opts);
  if ('keyboard' in raw) return validateReplyKeyboard(raw, opts);
  if ('remove_keyboard' in raw) {
    if (raw.remove_keyboard !== true) throw badRequest("can't parse reply keyboard markup JSON object");
    return { remove_keyboard: true, ...(raw.selective === true ? { selective: true } : {}) };
  }
  if ('force_reply' in raw) {
    if (raw.force_reply !== true) throw badRequest("can't parse reply keyboard markup JSON object");
    return { ...(raw as object), force_reply: true } as ReplyMarkup;
  }
  throw badRequest('can\'t find field "inline_keyboard"');
}

export const isInlineMarkup = (m: ReplyMarkup | undefined): m is InlineKeyboardMarkup => !!m && 'inline_keyboard' in m;
