import { badRequest } from '../../core/errors';
import type { MessageEntity, User } from '../../types';
import { detectEntities } from './autodetect';
import { EntityParseError, type FormattedText, sortEntities, trimFormatted } from './entity-utils';
import { parseHtml } from './html';
import { parseMarkdownLegacy } from './markdown-legacy';
import { parseMarkdownV2 } from './markdown-v2';

export { EntityParseError, type FormattedText } from './entity-utils';
export { parseHtml } from './html';
export { parseMarkdownV2 } from './markdown-v2';
export { parseMarkdownLegacy } from './markdown-legacy';
export { detectEntities } from './autodetect';

export interface FormatInput {
  text: string;
  parseMode?: string;
  entities?: MessageEntity[];
  /** Fills in text_mention users. */
  resolveUser?: (id: number) => User | undefined;
}

/** Raw parse by mode; throws EntityParseError on malformed markup. */
export function parseByMode(text: string, parseMode: string | undefined): FormattedText {
  const mode = (parseMode ?? '').toLowerCase();
  if (mode === '') return { text, entities: [] };
  if (mode === 'html') return parseHtml(text);
  if (mode === 'markdownv2') return parseMarkdownV2(text);
  if (mode === 'markdown') return parseMarkdownLegacy(text);
  throw badRequest('unsupported parse_mode');
}

/**
 * Turns (text, parse_mode | entities) into the stored text + entities the way Telegram does: parse the markup
 * (Bad Request "can't parse entities: …" on error), trim white space, detect commands/mentions/links.
 */
export function formatText(input: FormatInput): FormattedText {
  let parsed: FormattedText;
  if (input.entities && input.entities.length > 0) {
    parsed = { text: input.text, entities: validateEntities(input.entities, input.text.length) };
  } else {
    try {
      parsed = parseByMode(input.text, input.parseMode);
    } catch (error) {
      if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.message}`);
      throw error;
    }
  }
  const trimmed = trimFormatted(parsed);
  const entities = [...trimmed.entities, ...detectEntities(trimmed.text, trimmed.entities)];
  for (const e of entities) {
    if (e.type === 'text_mention' && e.user && input.resolveUser) {
      const user = input.resolveUser(e.user.id);
      if (user) e.user = user;
    }
  }
  return { text: trimmed.text, entities: sortEntities(entities) };
}

function validateEntities(entities: MessageEntity[], textLength: number): MessageEntity[] {
  return entities.map((raw, index) => {
    const e = raw as unknown as Record<string, unknown>;
    if (typeof e.type !== 'string' || typeof e.offset !== 'number' || typeof e.length !== 'number') {
      throw badRequest(`can't parse entities: entity ${index} must have fields "type", "offset" and "length"`);
    }
    if (e.offset < 0 || e.length < 0 || e.offset + e.length > textLength) {
      throw badRequest(`can't parse entities: entity ${index} is out of the text bounds`);
    }
    return { ...raw };
  });
}
