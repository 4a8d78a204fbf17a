import type { KnowledgeAnswerView } from '@megabot/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { html } from '../shared/escape';
import type { Language } from '../shared/i18n';
import { t } from './knowledge.i18n';

/** Telegram's limit is 4096 characters per message; a little room is left for entities. */
export const MESSAGE_LIMIT = 4000;

/** Callback data of the rating buttons: `kn:<u|d>:<answerId>`. */
export const KNOWLEDGE_CALLBACK = /^kn:([ud]):([A-Za-z0-9_-]{8,64})$/;

/** Telegram links only web (and tg:) addresses; a file-share path is shown as text. */
const linkable = (url: string) => /^(https?|tg):\/\//i.test(url);

/**
 * The answer as Telegram messages (HTML): the answer's paragraphs with their [n] markers, then the sources as links
 * with their place (breadcrumb › section); split at paragraph boundaries so no message passes Telegram's limit; the
 * rating buttons on the last message.
 */
export function answerMessages(lang: Language, answer: KnowledgeAnswerView, question: string): { texts: string[]; keyboard?: InlineKeyboardMarkup } {
  if (answer.mode === 'unknown') return { texts: [t(lang, 'knowledge.unknown', { question: html(question.slice(0, 200)) })] };
  const sources = answer.citations.map((c) => {
    const title = linkable(c.url) ? `<a href="${html(c.url).replace(/"/g, '&quot;')}">${html(c.title)}</a>` : `${html(c.title)} (<code>${html(c.url)}</code>)`;
    const place = [...c.breadcrumb, ...c.section].map(html).join(' › ');
    return `[${c.n}] ${title}${place ? ` — ${place}` : ''}`;
  });
  const paragraphs = [...answer.text.split(/\n{2,}/).map(html), `${t(lang, 'knowledge.sources')}\n${sources.join('\n')}`];
  return {
    texts: packParagraphs(paragraphs, MESSAGE_LIMIT),
    keyboard: {
      inline_keyboard: [
        [
          { text: t(lang, 'knowledge.rate_up'), callback_data: `kn:u:${answer.answerId}` },
          { text: t(lang, 'knowledge.rate_down'), callback_data: `kn:d:${answer.answerId}` },
        ],
      ],
    },
  };
}

/** Paragraphs packed into messages of at most `limit` characters (a paragraph longer than that is cut at line ends, then hard). */
export function packParagraphs(paragraphs: string[], limit: number): string[] {
  const pieces = paragraphs.flatMap((p) => (p.length <= limit ? [p] : cut(p, limit)));
  const out: string[] = [];
  let open = '';
  for (const piece of pieces) {
    if (open && open.length + 2 + piece.length > limit) {
      out.push(open);
      open = '';
    }
    open = open ? `${open}\n\n${piece}` : piece;
  }
  if (open) out.push(open);
  return out;
}

function cut(text: string, limit: number): string[] {
  const out: string[] = [];
  let open = '';
  for (const line of text.split('\n')) {
    for (let i = 0; i < line.length || i === 0; i += limit) {
      const part = line.slice(i, i + limit);
      if (open && open.length + 1 + part.length > limit) {
        out.push(open);
        open = '';
      }
      open = open ? `${open}\n${part}` : part;
      if (!line.length) break;
    }
  }
  if (open) out.push(open);
  return out;
}
