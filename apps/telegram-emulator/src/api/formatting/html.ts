import type { MessageEntity } from '../../types';
import { byteOffset, EntityParseError, type FormattedText, sortEntities } from './entity-utils';

const SUPPORTED = new Set(['a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins', 'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote']);
const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Decodes an HTML entity at `i` (pointing to '&'); returns the character and the index after ';' or null. */
function decodeEntity(text: string, i: number): { ch: string; next: number } | null {
  const semi = text.indexOf(';', i + 1);
  if (semi < 0 || semi - i > 10) return null;
  const body = text.slice(i + 1, semi);
  if (body in NAMED) return { ch: NAMED[body], next: semi + 1 };
  const num = /^#(x[0-9a-fA-F]{1,6}|[0-9]{1,7})$/.exec(body);
  if (!num) return null;
  const code = num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
  return { ch: String.fromCodePoint(code), next: semi + 1 };
}

interface Open {
  tag: string;
  attrs: Record<string, string>;
  offset: number;
}

/**
 * Parses Telegram's HTML subset (modeled on TDLib's parse_html). Throws EntityParseError with Telegram's wording,
 * e.g. `Can't find end tag corresponding to start tag "b"`.
 */
export function parseHtml(source: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '&') {
      const decoded = decodeEntity(source, i);
      if (decoded) {
        out += decoded.ch;
        i = decoded.next;
        continue;
      }
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const begin = i;
    i++;
    if (source[i] !== '/') {
      while (i < source.length && !isSpace(source[i]) && source[i] !== '>') i++;
      if (i >= source.length) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(source, begin)}`);
      const tag = source.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED.has(tag)) {
        throw new EntityParseError(`Unsupported start tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
      }
      const attrs: Record<string, string> = {};
      while (source[i] !== '>') {
        while (i < source.length && isSpace(source[i])) i++;
        if (source[i] === '>') break;
        const nameStart = i;
        while (i < source.length && !isSpace(source[i]) && source[i] !== '=' && source[i] !== '>') i++;
        const name = source.slice(nameStart, i).toLowerCase();
        if (!name) {
          throw new EntityParseError(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
        }
        while (i < source.length && isSpace(source[i])) i++;
        if (source[i] !== '=') {
          if (tag === 'blockquote' && name === 'expandable') {
            attrs[name] = '';
            continue;
          }
          if (i >= source.length) {
            throw new EntityParseError(`Unclosed start tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
          }
          throw new EntityParseError(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
        }
        i++;
        while (i < source.length && isSpace(source[i])) i++;
        if (i >= source.length) {
          throw new EntityParseError(`Unclosed start tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
        }
        let value = '';
        const quote = source[i];
        if (quote !== '"' && quote !== "'") {
          while (i < source.length && /[A-Za-z0-9.-]/.test(source[i])) value += source[i++];
          if (!value) {
            throw new EntityParseError(`Expected quote in the tag "${tag}" at byte offset ${byteOffset(source, begin)}`);
          }
        } else {
          i++;
          while (i < source.length && source[i] !== quote) {
            if (source[i] === '&') {
              const decoded = decodeEntity(source, i);
              if (decoded) {
                value += decoded.ch;
                i = decoded.next;
                continue;
              }
            }
            value += source[i++];
          }
          if (source[i] !== quote) {
            throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(source, begin)}`);
          }
          i++;
        }
        attrs[name] = value;
      }
      if (tag === 'span' && attrs.class !== 'tg-spoiler') {
        throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(source, begin)}`);
      }
      if (tag === 'tg-emoji' && !/^\d+$/.test(attrs['emoji-id'] ?? '')) {
        throw new EntityParseError(`Custom emoji entity must contain a tg://emoji URL at byte offset ${byteOffset(source, begin)}`);
      }
      stack.push({ tag, attrs, offset: out.length });
      i++; // skip '>'
      continue;
    }
    // end tag
    if (stack.length === 0) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(source, begin)}`);
    i++;
    while (i < source.length && !isSpace(source[i]) && source[i] !== '>') i++;
    const endName = source.slice(begin + 2, i).toLowerCase();
    while (i < source.length && isSpace(source[i])) i++;
    if (source[i] !== '>') throw new EntityParseError(`Unclosed end tag at byte offset ${byteOffset(source, begin)}`);
    i++;
    const open = stack.pop() as Open;
    if (endName && endName !== open.tag) {
      throw new EntityParseError(`Unmatched end tag at byte offset ${byteOffset(source, begin)}, expected "</${open.tag}>", found "</${endName}>"`);
    }
    const length = out.length - open.offset;
    if (length <= 0) continue;
    const entity = toEntity(open, length);
    if (open.tag === 'pre') {
      // <pre><code class="language-x">…</code></pre> is a single pre entity with a language
      const last = entities[entities.length - 1];
      if (last && last.type === 'code' && last.offset === open.offset && last.length === length && last.language) {
        entities.pop();
        entity.language = last.language;
      }
    }
    entities.push(entity);
  }
  if (stack.length > 0) {
    throw new EntityParseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].tag}"`);
  }
  for (const e of entities) if (e.type === 'code') delete e.language;
  return { text: out, entities: sortEntities(entities) };
}

function toEntity(open: Open, length: number): MessageEntity {
  const base = { offset: open.offset, length };
  switch (open.tag) {
    case 'b':
    case 'strong':
      return { type: 'bold', ...base };
    case 'i':
    case 'em':
      return { type: 'italic', ...base };
    case 's':
    case 'strike':
    case 'del':
      return { type: 'strikethrough', ...base };
    case 'u':
    case 'ins':
      return { type: 'underline', ...base };
    case 'tg-spoiler':
    case 'span':
      return { type: 'spoiler', ...base };
    case 'tg-emoji':
      return { type: 'custom_emoji', ...base, custom_emoji_id: open.attrs['emoji-id'] };
    case 'pre':
      return { type: 'pre', ...base };
    case 'code': {
      const cls = open.attrs.class ?? '';
      const entity: MessageEntity = { type: 'code', ...base };
      if (cls.startsWith('language-') && cls.length > 9) entity.language = cls.slice(9);
      return entity;
    }
    case 'blockquote':
      return { type: 'expandable' in open.attrs ? 'expandable_blockquote' : 'blockquote', ...base };
    case 'a': {
      const href = open.attrs.href ?? '';
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) return { type: 'text_mention', ...base, user: { id: Number(mention[1]), is_bot: false, first_name: '' } };
      return { type: 'text_link', ...base, url: href };
    }
    default:
      return { type: 'bold', ...base };
  }
}
