import type { MessageEntity } from '../../types';
import { byteOffset, EntityParseError, type FormattedText, sortEntities } from './entity-utils';

type Kind = 'Bold' | 'Italic' | 'Underline' | 'Strikethrough' | 'Spoiler' | 'Code' | 'Pre' | 'PreCode' | 'TextUrl' | 'CustomEmoji';

interface Open {
  kind: Kind;
  argument: string;
  offset: number; // UTF-16 offset in the output
  byteStart: number; // byte offset in the source, for error messages
}

const RESERVED = '_*[]()~`>#+-=|{}.!';
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isEscapable = (ch: string | undefined): boolean => ch !== undefined && ch.charCodeAt(0) > 0 && ch.charCodeAt(0) <= 126;
const reservedError = (ch: string): EntityParseError => new EntityParseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);

/**
 * Parses MarkdownV2 (modeled on TDLib's parse_markdown_v2): every reserved character outside of an entity
 * must be escaped, e.g. "Hello." fails with `Character '.' is reserved and must be escaped with the preceding '\'`.
 * A `>` at the start of a line begins a block quote.
 */
export function parseMarkdownV2(text: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let quoteStart = -1;

  const closeQuoteIfLineEnds = (i: number): void => {
    // called when out just received '\n' at source index i: the quote continues only if the next line starts with '>'
    if (quoteStart >= 0 && text[i + 1] !== '>') {
      const end = out.length - 1; // do not include the line break
      if (end > quoteStart) entities.push({ type: 'blockquote', offset: quoteStart, length: end - quoteStart });
      quoteStart = -1;
    }
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && isEscapable(text[i + 1])) {
      i++;
      out += text[i];
      continue;
    }
    const top = stack[stack.length - 1];
    const inCode = top && (top.kind === 'Code' || top.kind === 'Pre' || top.kind === 'PreCode');
    if (c === '>' && !inCode && (i === 0 || text[i - 1] === '\n')) {
      if (quoteStart < 0) quoteStart = out.length;
      continue;
    }
    const reserved = inCode ? '`' : RESERVED;
    if (!reserved.includes(c)) {
      out += c;
      if (c === '\n') closeQuoteIfLineEnds(i);
      continue;
    }
    let isEnd = false;
    if (top) {
      switch (top.kind) {
        case 'Bold':
          isEnd = c === '*';
          break;
        case 'Italic':
          isEnd = c === '_' && text[i + 1] !== '_';
          break;
        case 'Code':
          isEnd = c === '`';
          break;
        case 'Pre':
        case 'PreCode':
          isEnd = c === '`' && text[i + 1] === '`' && text[i + 2] === '`';
          break;
        case 'TextUrl':
        case 'CustomEmoji':
          isEnd = c === ']';
          break;
        case 'Underline':
          isEnd = c === '_' && text[i + 1] === '_';
          break;
        case 'Strikethrough':
          isEnd = c === '~';
          break;
        case 'Spoiler':
          isEnd = c === '|' && text[i + 1] === '|';
          break;
      }
    }
    if (!isEnd) {
      const byteStart = byteOffset(text, i);
      let kind: Kind;
      let argument = '';
      switch (c) {
        case '_':
          if (text[i + 1] === '_') {
            kind = 'Underline';
            i++;
          } else kind = 'Italic';
          break;
        case '*':
          kind = 'Bold';
          break;
        case '~':
          kind = 'Strikethrough';
          break;
        case '|':
          if (text[i + 1] !== '|') throw reservedError(c);
          i++;
          kind = 'Spoiler';
          break;
        case '[':
          kind = 'TextUrl';
          break;
        case '`':
          if (text[i + 1] === '`' && text[i + 2] === '`') {
            i += 3;
            kind = 'Pre';
            let langEnd = i;
            while (langEnd < text.length && !isSpace(text[langEnd]) && text[langEnd] !== '`') langEnd++;
            if (i !== langEnd && langEnd < text.length && text[langEnd] !== '`') {
              kind = 'PreCode';
              argument = text.slice(i, langEnd);
              i = langEnd;
            }
            if (text[i] === '\n' || text[i] === '\r') {
              if ((text[i + 1] === '\n' || text[i + 1] === '\r') && text[i] !== text[i + 1]) i += 2;
              else i++;
            }
            i--;
          } else kind = 'Code';
          break;
        case '!':
          if (text[i + 1] === '[') {
            i++;
            kind = 'CustomEmoji';
            break;
          }
          throw reservedError(c);
        default:
          throw reservedError(c);
      }
      stack.push({ kind, argument, offset: out.length, byteStart });
      continue;
    }
    const open = stack.pop() as Open;
    const length = out.length - open.offset;
    let entity: MessageEntity | null = null;
    switch (open.kind) {
      case 'Bold':
        entity = { type: 'bold', offset: open.offset, length };
        break;
      case 'Italic':
        entity = { type: 'italic', offset: open.offset, length };
        break;
      case 'Code':
        entity = { type: 'code', offset: open.offset, length };
        break;
      case 'Strikethrough':
        entity = { type: 'strikethrough', offset: open.offset, length };
        break;
      case 'Underline':
        i++;
        entity = { type: 'underline', offset: open.offset, length };
        break;
      case 'Spoiler':
        i++;
        entity = { type: 'spoiler', offset: open.offset, length };
        break;
      case 'Pre':
      case 'PreCode':
        i += 2;
        entity = { type: 'pre', offset: open.offset, length };
        if (open.kind === 'PreCode') entity.language = open.argument;
        break;
      case 'TextUrl':
      case 'CustomEmoji': {
        let url = '';
        if (text[i + 1] !== '(') {
          if (open.kind === 'CustomEmoji') {
            throw new EntityParseError(`Custom emoji entity must contain a tg://emoji URL`);
          }
          url = out.slice(open.offset);
        } else {
          i += 2;
          const urlBegin = i;
          while (i < text.length && text[i] !== ')') {
            if (text[i] === '\\' && isEscapable(text[i + 1])) {
              url += text[i + 1];
              i += 2;
              continue;
            }
            url += text[i++];
          }
          if (text[i] !== ')') {
            throw new EntityParseError(`Can't find end of a URL at byte offset ${byteOffset(text, urlBegin)}`);
          }
        }
        if (open.kind === 'CustomEmoji') {
          const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url);
          if (!id) throw new EntityParseError(`Custom emoji URL must have an emoji identifier`);
          entity = { type: 'custom_emoji', offset: open.offset, length, custom_emoji_id: id[1] };
        } else {
          const mention = /^tg:\/\/user\?id=(\d+)$/.exec(url);
          entity = mention
            ? { type: 'text_mention', offset: open.offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: '' } }
            : { type: 'text_link', offset: open.offset, length, url };
        }
        break;
      }
    }
    if (entity && length > 0) entities.push(entity);
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw new EntityParseError(`Can't find end of ${open.kind} entity at byte offset ${open.byteStart}`);
  }
  if (quoteStart >= 0 && out.length > quoteStart) {
    entities.push({ type: 'blockquote', offset: quoteStart, length: out.length - quoteStart });
  }
  return { text: out, entities: sortEntities(entities) };
}
