import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';

/**
 * Shows a screen (HTML) by editing the message of the pressed button in place; a new message when the update is not a
 * button press. Skips the edit when nothing changed (Telegram answers "message is not modified").
 */
export async function editInPlace(ctx: Context, text: string, keyboard: InlineKeyboardMarkup = { inline_keyboard: [] }): Promise<{ message_id: number }> {
  const message = ctx.callbackQuery?.message;
  if (!message) return ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
  if ('text' in message && message.text === stripTags(text) && sameKeyboard(message, keyboard)) return message;
  try {
    await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: keyboard });
  } catch (e) {
    // a double tap: the other press already showed this very screen
    if (!/message is not modified/i.test((e as { description?: string }).description ?? (e as Error).message)) throw e;
  }
  return message;
}

function sameKeyboard(message: object, keyboard: InlineKeyboardMarkup) {
  const current = (message as { reply_markup?: InlineKeyboardMarkup }).reply_markup ?? { inline_keyboard: [] };
  return JSON.stringify(current.inline_keyboard.map((row) => row.map(pick))) === JSON.stringify(keyboard.inline_keyboard.map((row) => row.map(pick)));
}

const pick = (b: object) => ({ text: (b as { text: string }).text, data: (b as { callback_data?: string }).callback_data });

function stripTags(htmlText: string) {
  return htmlText
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}
