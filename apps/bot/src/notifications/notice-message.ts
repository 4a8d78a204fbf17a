import type { Notice } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Language } from '../shared/i18n';

/** What the bot sends for a notice. */
export interface NoticeMessage {
  text: string;
  /** Telegram's parse mode; plain text when absent. */
  parseMode?: 'HTML';
  keyboard?: InlineKeyboardMarkup;
}

/**
 * A feature's rendering of its notices. `lang` is the recipient's /language choice or Telegram client language; null
 * when the bot never heard from them (the renderer picks: a default language, or both).
 */
export type NoticeRenderer<N extends Notice> = (lang: Language | null, notice: N) => NoticeMessage;

/** One renderer per feature that has notices: a feature added to the contract does not compile without one. */
export type NoticeRenderers = { [F in Notice['feature']]: NoticeRenderer<Extract<Notice, { feature: F }>> };
