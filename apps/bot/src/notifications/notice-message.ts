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
 * A feature's rendering of its notices, in `lang`: the recipient's language as their replies resolve it
 * (resolveLanguage: their /language choice, else their Telegram client's, else the deployment's default).
 */
export type NoticeRenderer<N extends Notice> = (lang: Language, notice: N) => NoticeMessage;

/** One renderer per feature that has notices: a feature added to the contract does not compile without one. */
export type NoticeRenderers = { [F in Notice['feature']]: NoticeRenderer<Extract<Notice, { feature: F }>> };
