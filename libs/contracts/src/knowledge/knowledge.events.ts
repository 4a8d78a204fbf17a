/**
 * The knowledge assistant's write side: what the connectors saw at the sources, as events. The projector chunks,
 * embeds and indexes from these; the index never holds anything the log does not.
 *
 *   knowledge-source-<sourceId>   KnowledgeSourceConfigured, KnowledgeSourceRemoved, KnowledgeSyncRequested, KnowledgeSyncCompleted (admins, sync)
 *   knowledge-doc-<documentKey>   KnowledgeDocumentPublished, KnowledgeDocumentAccessChanged, KnowledgeDocumentDeleted
 *   knowledge-group-<sourceId>    KnowledgeGroupsMirrored (the source's group membership, mapped to employees)
 *   knowledge-answer-<answerId>   KnowledgeAnswerGiven, KnowledgeAnswerRated
 *
 * `documentKey` = knowledgeDocumentKey(sourceId, nativeId): one stream per document per source, so a source's
 * documents change independently and a deletion is one event on that stream.
 */
import { CLEARANCE_LEVELS, type ClearanceLevel } from '../identity/identity.events';

export const KNOWLEDGE_SOURCE_KINDS = ['confluence', 'mediawiki', 'fileshare'] as const;
export type KnowledgeSourceKind = (typeof KNOWLEDGE_SOURCE_KINDS)[number];

/**
 * Who may read a document, decided at the source and mirrored here. A reader may read it when
 * - their clearance ranks at or above `classification` (CLEARANCE_LEVELS order), and
 * - `public` is true, or one of their access tokens is in `allow`.
 * A document with `public: false` and an empty `allow` is readable by nobody (unknown permissions deny).
 *
 * Tokens (a reader's own set comes from identity through the trust boundary, plus mirrored groups):
 *   `user:<employeeId>`  `group:<sourceId>/<group>`  `department:<d>`  `office:<o>`  `project:<p>`
 * A source's space or namespace permissions are resolved by the connector into these tokens.
 */
export interface KnowledgeAccess {
  public: boolean;
  allow: string[];
  classification: ClearanceLevel;
}

export const KNOWLEDGE_ACCESS_TOKEN_PATTERN = /^(user|group|department|office|project):.{1,200}$/;

export interface KnowledgeSourceConfigured {
  type: 'KnowledgeSourceConfigured';
  data: {
    sourceId: string;
    kind: KnowledgeSourceKind;
    name: string;
    /** Base URL of the Confluence / MediaWiki API, or the file share's folder. */
    location: string;
    /** Kind-specific settings (spaces, namespaces, globs); never a secret. */
    settings: Record<string, string | number | boolean | string[]>;
    /** Name of the secret holding the credential (an environment variable); the value never enters the log. */
    credentialRef: string | null;
    /** Minutes between scheduled syncs; null: only on demand. */
    syncEveryMinutes: number | null;
    configuredBy: string;
    configuredAt: string;
  };
}

export interface KnowledgeSourceRemoved {
  type: 'KnowledgeSourceRemoved';
  data: { sourceId: string; removedBy: string; removedAt: string };
}

/**
 * An admin asked for a sync now (added by the sources side; additive: no other event changed). The sync runner in the
 * projector starts one when a request is newer than the last completed run; `full` re-reads every document (content
 * and permissions), `incremental` polls the changes since the cursor. Both end with the prune pass.
 */
export interface KnowledgeSyncRequested {
  type: 'KnowledgeSyncRequested';
  data: { sourceId: string; mode: 'incremental' | 'full'; requestedBy: string; requestedAt: string };
}

/** One sync run finished: the cursor the next incremental poll starts from, and what it did. */
export interface KnowledgeSyncCompleted {
  type: 'KnowledgeSyncCompleted';
  data: {
    sourceId: string;
    mode: 'incremental' | 'full';
    /** Opaque to everyone but the connector (a last-modified timestamp, a recent-changes continue token). */
    cursor: string | null;
    published: number;
    unchanged: number;
    accessChanged: number;
    deleted: number;
    failed: number;
    startedAt: string;
    completedAt: string;
  };
}

/**
 * A document as the source has it now: first seen, or its content, title, place or link changed. `contentHash` is
 * SHA-256 (hex) of `body`: the projector re-embeds only when it differs from the indexed one.
 */
export interface KnowledgeDocumentPublished {
  type: 'KnowledgeDocumentPublished';
  data: {
    sourceId: string;
    /** The source's own id (Confluence page id, MediaWiki page id, path in the share). */
    nativeId: string;
    title: string;
    /** Where it sits, outermost first (space › parent page, namespace, folders). */
    breadcrumb: string[];
    url: string;
    /** Normalized text: Markdown-ish, headings as `#` lines, paragraphs separated by blank lines. */
    body: string;
    contentHash: string;
    language: 'ru' | 'en' | null;
    access: KnowledgeAccess;
    /** The source's version or last-modified stamp of this content. */
    sourceVersion: string;
    modifiedAt: string;
  };
}

/** The permissions changed, the content did not: the index payload is updated without re-embedding. */
export interface KnowledgeDocumentAccessChanged {
  type: 'KnowledgeDocumentAccessChanged';
  data: { sourceId: string; nativeId: string; access: KnowledgeAccess; changedAt: string };
}

/** Gone at the source (found missing by the prune pass, or deleted in the change feed), or its source removed. */
export interface KnowledgeDocumentDeleted {
  type: 'KnowledgeDocumentDeleted';
  data: { sourceId: string; nativeId: string; reason: 'deleted_at_source' | 'source_removed' | 'excluded'; deletedAt: string };
}

/** The complete group membership of a source, mapped to employees (members the mapping could not place are counted, not kept). */
export interface KnowledgeGroupsMirrored {
  type: 'KnowledgeGroupsMirrored';
  data: { sourceId: string; groups: Record<string, string[]>; unmapped: number; mirroredAt: string };
}

/** An answer the assistant gave (what was asked, what was cited), for feedback and review. */
export interface KnowledgeAnswerGiven {
  type: 'KnowledgeAnswerGiven';
  data: {
    answerId: string;
    employeeId: string;
    question: string;
    /** Document keys cited, in citation order. */
    citations: string[];
    mode: 'generated' | 'extractive' | 'unknown';
    answeredAt: string;
  };
}

export interface KnowledgeAnswerRated {
  type: 'KnowledgeAnswerRated';
  data: { answerId: string; employeeId: string; rating: 'up' | 'down'; ratedAt: string };
}

export type KnowledgeEvent =
  | KnowledgeSourceConfigured
  | KnowledgeSourceRemoved
  | KnowledgeSyncRequested
  | KnowledgeSyncCompleted
  | KnowledgeDocumentPublished
  | KnowledgeDocumentAccessChanged
  | KnowledgeDocumentDeleted
  | KnowledgeGroupsMirrored
  | KnowledgeAnswerGiven
  | KnowledgeAnswerRated;
export type KnowledgeEventType = KnowledgeEvent['type'];

export const KNOWLEDGE_EVENT_TYPES: readonly KnowledgeEventType[] = [
  'KnowledgeSourceConfigured',
  'KnowledgeSourceRemoved',
  'KnowledgeSyncRequested',
  'KnowledgeSyncCompleted',
  'KnowledgeDocumentPublished',
  'KnowledgeDocumentAccessChanged',
  'KnowledgeDocumentDeleted',
  'KnowledgeGroupsMirrored',
  'KnowledgeAnswerGiven',
  'KnowledgeAnswerRated',
];
export const KNOWLEDGE_SCHEMA_VERSIONS: Readonly<Record<KnowledgeEventType, number>> = Object.freeze(
  Object.fromEntries(KNOWLEDGE_EVENT_TYPES.map((type) => [type, 1])) as Record<KnowledgeEventType, number>,
);

export const knowledgeSourceStreamId = (sourceId: string) => `knowledge-source-${sourceId}`;
export const knowledgeGroupStreamId = (sourceId: string) => `knowledge-group-${sourceId}`;
export const knowledgeAnswerStreamId = (answerId: string) => `knowledge-answer-${answerId}`;
export const KNOWLEDGE_DOCUMENT_STREAM_PREFIX = 'knowledge-doc-';

/** Source ids: letters, digits, `_`, `-`; at most 32 characters (they are part of stream ids and tokens). */
export const KNOWLEDGE_SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * The key of a document across sources: `<sourceId>:<nativeId>` with the native id percent-encoded (paths and titles
 * may hold any character), so it is unique, reversible and safe in a stream id.
 */
export const knowledgeDocumentKey = (sourceId: string, nativeId: string) => `${sourceId}:${encodeURIComponent(nativeId)}`;
export const knowledgeDocumentStreamId = (sourceId: string, nativeId: string) =>
  `${KNOWLEDGE_DOCUMENT_STREAM_PREFIX}${knowledgeDocumentKey(sourceId, nativeId)}`;

/** May a reader with these tokens and this clearance read a document with this access? The one rule; the index applies the same. */
export function knowledgeReadable(access: KnowledgeAccess, reader: { tokens: ReadonlySet<string>; clearance: ClearanceLevel | null }): boolean {
  if (reader.clearance === null) return false;
  if (CLEARANCE_LEVELS.indexOf(reader.clearance) < CLEARANCE_LEVELS.indexOf(access.classification)) return false;
  return access.public || access.allow.some((token) => reader.tokens.has(token));
}
