import { createHash } from 'node:crypto';
import type { KnowledgeAccess } from '@megabot/contracts';
import type { KnowledgeDocumentSnapshot } from '@megabot/domain';

/**
 * The one port every knowledge source is read through (file share, MediaWiki, Confluence). The sync runner drives it:
 *
 *   changes(cursor)  the documents changed since the cursor (null: every document), page by page, each page with the
 *                    cursor that is safe to resume from after it; a page may repeat documents (overlapping windows):
 *                    the content hash makes a repeat cost nothing downstream.
 *   listIds()        the complete listing of the native ids that exist now, for the prune pass; it must throw rather
 *                    than end early (a partial listing would delete what it did not reach).
 *   groups()         the source's group membership mapped to employees, or null when the source has none.
 *
 * Permissions are resolved by the connector into KnowledgeAccess tokens; a document whose permissions cannot be
 * read is published with none (nobody may read it), never as public.
 */
export interface KnowledgeConnector {
  readonly sourceId: string;
  changes(cursor: string | null): AsyncIterable<KnowledgeChangePage>;
  listIds(): AsyncIterable<string[]>;
  groups(): Promise<MirroredGroups | null>;
}

export interface KnowledgeChangePage {
  documents: KnowledgeDocumentSnapshot[];
  /** Native ids the source's change feed reports deleted. */
  deletedIds: string[];
  /** Where the next incremental poll may start once this page is applied. */
  cursor: string | null;
  /** Documents the whole run will fetch, when the connector knows (for progress). */
  total?: number;
  /** Documents that could not be read (a broken PDF): counted as failed; what the index holds of them stays. */
  failures?: { nativeId: string; reason: string }[];
}

export interface MirroredGroups {
  /** Group name (as in `group:<sourceId>/<name>` tokens) -> employee ids. */
  groups: Record<string, string[]>;
  /** Members no employee could be found for (counted, not kept). */
  unmapped: number;
}

/** How connectors find the employee behind a source account (identity's read model in production). */
export interface EmployeeLookup {
  byEmail(email: string): Promise<string | null>;
}

/** Nobody may read it: what unknown or unreadable permissions become. */
export const NO_ACCESS = (classification: KnowledgeAccess['classification']): KnowledgeAccess => ({ public: false, allow: [], classification });

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Russian when at least a third of the letters are Cyrillic, English when there are Latin letters, else unknown. */
export function languageOf(text: string): 'ru' | 'en' | null {
  const cyrillic = (text.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (cyrillic + latin === 0) return null;
  return cyrillic * 3 >= cyrillic + latin ? 'ru' : 'en';
}

/** Blank-line separated paragraphs, no trailing spaces, at most one empty line in a row. */
export function normalizeBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A snapshot as the decider takes it: the body normalized, its hash and language computed here, once for all connectors. */
export function documentSnapshot(
  d: Omit<KnowledgeDocumentSnapshot, 'contentHash' | 'language'> & { language?: 'ru' | 'en' | null },
): KnowledgeDocumentSnapshot {
  const body = normalizeBody(d.body);
  return { ...d, body, contentHash: sha256Hex(body), language: d.language ?? languageOf(`${d.title}\n${body}`) };
}

/** Source settings arrive as strings, numbers, booleans or lists of strings (KnowledgeSourceConfigured.settings). */
export const settingList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value.trim() ? value.split(',').map((s) => s.trim()) : [];
