import type { MessageEntity } from '../../types';

interface Rule {
  type: string;
  regex: RegExp;
  /** Characters allowed right before the match. */
  before?: RegExp;
}

const RULES: Rule[] = [
  { type: 'bot_command', regex: /\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@/])/gu, before: /[\s([{'"]/u },
  { type: 'email', regex: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu, before: /[^A-Za-z0-9._%+-]/u },
  { type: 'mention', regex: /@[A-Za-z][A-Za-z0-9_]{3,31}(?![A-Za-z0-9_])/gu, before: /[^A-Za-z0-9_.]/u },
  { type: 'hashtag', regex: /#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu, before: /[^\p{L}\p{N}_#]/u },
  { type: 'url', regex: /(?:https?:\/\/|www\.|t\.me\/)[^\s<>"]+/giu, before: /[^A-Za-z0-9@./]/u },
];

const BLOCKING = new Set(['code', 'pre', 'text_link', 'text_mention', 'url', 'email', 'custom_emoji']);

/**
 * Finds the entities Telegram detects by itself (commands, mentions, hashtags, URLs, e-mails) and merges them
 * with the given ones, skipping matches that overlap code, pre or links.
 */
export function detectEntities(text: string, existing: MessageEntity[]): MessageEntity[] {
  const found: MessageEntity[] = [];
  const taken = (offset: number, length: number): boolean =>
    [...existing, ...found].some(
      (e) =>
        (BLOCKING.has(e.type) || e.type === 'bot_command' || e.type === 'mention' || e.type === 'hashtag') &&
        offset < e.offset + e.length &&
        e.offset < offset + length,
    );
  for (const rule of RULES) {
    rule.regex.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.regex.exec(text)) !== null) {
      const offset = m.index;
      let length = m[0].length;
      if (offset > 0 && rule.before && !rule.before.test(text[offset - 1])) continue;
      if (rule.type === 'url') {
        while (length > 0 && /[.,!?:;)\]'"]/.test(text[offset + length - 1])) length--;
      }
      if (length <= 1 || taken(offset, length)) continue;
      found.push({ type: rule.type, offset, length });
    }
  }
  return found;
}
