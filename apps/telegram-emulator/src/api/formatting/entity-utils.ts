import type { MessageEntity } from '../../types';

/** UTF-8 byte offset of UTF-16 position `index` in `text` (Telegram reports parse errors in bytes). */
export const byteOffset = (text: string, index: number): number => Buffer.byteLength(text.slice(0, index), 'utf8');

export class EntityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntityParseError';
  }
}

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/** Sort like Telegram: by offset, longer (outer) first; stable otherwise. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.offset - b.e.offset || b.e.length - a.e.length || a.i - b.i)
    .map(({ e }) => e);
}

const isTrimSpace = (ch: string): boolean => /\s/u.test(ch);

/** Telegram strips leading and trailing white space of a message and moves the entities accordingly. */
export function trimFormatted({ text, entities }: FormattedText): FormattedText {
  let start = 0;
  let end = text.length;
  while (start < end && isTrimSpace(text[start])) start++;
  while (end > start && isTrimSpace(text[end - 1])) end--;
  if (start === 0 && end === text.length) return { text, entities };
  const trimmed: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to > from) trimmed.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: trimmed };
}
