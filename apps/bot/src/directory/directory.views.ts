import type { DirectoryCardView, DirectoryPersonView, DirectorySearchHitView } from '@megabot/contracts';
import type { InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle } from 'telegraf/types';
import { html, htmlAttribute } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { t } from './directory.i18n';

/**
 * Callback data of the directory screens (≤ 64 bytes; a button that would
 * not fit is left out):
 *   d:c:<employee>   the card          d:r:<employee>   their direct reports
 *   d:v:<employee>   send the vCard
 */
export const DIRECTORY_CALLBACK = /^d:([crv]):([A-Za-z0-9_-]{1,64})$/;
/** `/start who_<employee>`: the card, from a shared card's "Open in the bot". */
export const WHO_PAYLOAD = /^who_([A-Za-z0-9_-]{1,60})$/;

type Keyboard = InlineKeyboardMarkup;
type Button = InlineKeyboardButton;

function button(text: string, data: string): Button | null {
  return Buffer.byteLength(data, 'utf8') <= 64 ? { text, callback_data: data } : null;
}
const rows = (...r: (Button | null)[][]): Keyboard => ({
  inline_keyboard: r.map((row) => row.filter((b): b is Button => b !== null)).filter((row) => row.length > 0),
});
/** Button labels are plain text of at most a line. */
const label = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** The card's text (HTML): what the API let this asker see, and which fields the colleague keeps hidden. */
export function cardText(lang: Language, card: DirectoryCardView): string {
  const lines = [`<b>${html(card.fullName)}</b>`, t(lang, 'directory.position', { position: html(card.position), department: html(card.department) })];
  lines.push(t(lang, 'directory.office', { office: html(card.office) }));
  if (card.email) lines.push(t(lang, 'directory.email', { email: html(card.email) }));
  if (card.telegramUserId !== null) lines.push(t(lang, 'directory.telegram', { id: card.telegramUserId }));
  if (card.photo?.startsWith('https://')) lines.push(t(lang, 'directory.photo', { url: htmlAttribute(card.photo) }));
  if (card.projects.length) lines.push(t(lang, 'directory.projects', { projects: html(card.projects.join(', ')) }));
  if (card.manager) lines.push(t(lang, 'directory.manager', { name: html(card.manager.fullName) }));
  if (card.managerChain.length > 1) lines.push(t(lang, 'directory.chain', { chain: card.managerChain.map((m) => html(m.fullName)).join(' → ') }));
  if (card.directReports.length) lines.push(t(lang, 'directory.reports_count', { count: card.directReports.length }));
  if (card.hidden.length)
    lines.push(
      t(lang, 'directory.hidden', { name: html(card.fullName.split(' ')[0]), fields: card.hidden.map((f) => t(lang, `directory.field_${f}`)).join(', ') }),
    );
  return lines.join('\n');
}

/** The card in the bot: with buttons to the manager, the direct reports and the vCard. */
export function cardView(lang: Language, card: DirectoryCardView): { text: string; keyboard: Keyboard } {
  return {
    text: cardText(lang, card),
    keyboard: rows(
      [
        card.manager ? button(label(t(lang, 'button.directory_manager', { name: card.manager.fullName })), `d:c:${card.manager.employeeId}`) : null,
        card.directReports.length ? button(t(lang, 'button.directory_reports', { count: card.directReports.length }), `d:r:${card.employeeId}`) : null,
      ],
      [button(t(lang, 'button.directory_vcard'), `d:v:${card.employeeId}`)],
    ),
  };
}

const personButton = (p: DirectoryPersonView) => button(label(`${p.fullName} — ${p.position}`), `d:c:${p.employeeId}`);

export function resultsView(lang: Language, query: string, items: DirectorySearchHitView[]): { text: string; keyboard: Keyboard } {
  if (!items.length) return { text: t(lang, 'directory.none', { query: html(query) }), keyboard: rows() };
  return { text: t(lang, 'directory.results', { query: html(query) }), keyboard: rows(...items.map((p) => [personButton(p)])) };
}

export function reportsView(lang: Language, card: DirectoryCardView): { text: string; keyboard: Keyboard } {
  const back = [button(label(t(lang, 'button.directory_back', { name: card.fullName })), `d:c:${card.employeeId}`)];
  if (!card.directReports.length) return { text: t(lang, 'directory.no_reports', { name: html(card.fullName) }), keyboard: rows(back) };
  return { text: t(lang, 'directory.reports', { name: html(card.fullName) }), keyboard: rows(...card.directReports.map((p) => [personButton(p)]), back) };
}

export function usageView(lang: Language): { text: string; keyboard: Keyboard } {
  return {
    text: t(lang, 'directory.usage'),
    keyboard: { inline_keyboard: [[{ text: t(lang, 'directory.search_inline'), switch_inline_query_current_chat: '' }]] },
  };
}

/** A card to share in any chat (inline mode): what every colleague sees, with a link that opens it in the bot. */
export function inlineArticle(lang: Language, card: DirectoryCardView, botUsername: string | undefined): InlineQueryResultArticle {
  return {
    type: 'article',
    id: card.employeeId,
    title: card.fullName,
    description: `${card.position} · ${card.department} · ${card.office}`,
    input_message_content: { message_text: cardText(lang, card), parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    ...(botUsername && {
      reply_markup: { inline_keyboard: [[{ text: t(lang, 'button.directory_open'), url: `https://t.me/${botUsername}?start=who_${card.employeeId}` }]] },
    }),
  };
}
