import type { MessageEntity } from '../../types';
import { byteOffset, EntityParseError, type FormattedText, sortEntities } from './entity-utils';

/**
 * Legacy "Markdown" parse mode: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting.
 * Errors read like Telegram's: `Can't find end of the entity starting at byte offset N`.
 */
export function parseMarkdownLegacy(text: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && '_*`['.includes(text[i + 1] ?? '')) {
      out += text[++i];
      continue;
    }
    if (c !== '_' && c !== '*' && c !== '`' && c !== '[') {
      out += c;
      continue;
    }
    const begin = i;
    const offset = out.length;
    if (c === '`' && text.startsWith('```', i)) {
      const end = text.indexOf('```', i + 3);
      if (end < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(text, begin)}`);
      let body = text.slice(i + 3, end);
      let language: string | undefined;
      const nl = body.indexOf('\n');
      if (nl > 0 && /^\S+$/.test(body.slice(0, nl))) {
        language = body.slice(0, nl);
        body = body.slice(nl + 1);
      }
      out += body;
      if (body.length) entities.push({ type: 'pre', offset, length: body.length, ...(language ? { language } : {}) });
      i = end + 2;
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', i + 1);
      if (close < 0 || text[close + 1] !== '(') {
        throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(text, begin)}`);
      }
      const urlEnd = text.indexOf(')', close + 2);
      if (urlEnd < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(text, begin)}`);
      const label = text.slice(i + 1, close);
      const url = text.slice(close + 2, urlEnd);
      out += label;
      if (label.length) entities.push({ type: 'text_link', offset, length: label.length, url });
      i = urlEnd;
      continue;
    }
    const end = text.indexOf(c, i + 1);
    if (end < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(text, begin)}`);
    const body = text.slice(i + 1, end);
    out += body;
    const type = c === '_' ? 'italic' : c === '*' ? 'bold' : 'code';
    if (body.length) entities.push({ type, offset, length: body.length });
    i = end;
  }
  return { text: out, entities: sortEntities(entities) };
}
