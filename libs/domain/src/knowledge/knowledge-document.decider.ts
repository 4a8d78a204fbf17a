import {
  KNOWLEDGE_ACCESS_TOKEN_PATTERN,
  KNOWLEDGE_SCHEMA_VERSIONS,
  knowledgeDocumentStreamId,
  knowledgeGroupStreamId,
  type KnowledgeAccess,
  type KnowledgeDocumentAccessChanged,
  type KnowledgeDocumentDeleted,
  type KnowledgeDocumentPublished,
  type KnowledgeGroupsMirrored,
} from '@megabot/contracts';
import { CLEARANCE_LEVELS } from '@megabot/contracts';
import type { Decider } from '../shared/decider';
import { versionsFrom, type WriteSideDefinition } from '../shared/write-side';
import { KnowledgeErrors } from './knowledge.errors';

export type KnowledgeDocumentEvent = KnowledgeDocumentPublished | KnowledgeDocumentAccessChanged | KnowledgeDocumentDeleted;

/** A document as a connector read it from its source (the Published payload). */
export type KnowledgeDocumentSnapshot = KnowledgeDocumentPublished['data'];

/** Stream `knowledge-doc-<documentKey>`: the connector saw the document as it is now. */
export interface ObserveKnowledgeDocument {
  type: 'ObserveKnowledgeDocument';
  document: KnowledgeDocumentSnapshot;
}
/** Gone at the source (prune pass or change feed), or its source removed. */
export interface DeleteKnowledgeDocument {
  type: 'DeleteKnowledgeDocument';
  sourceId: string;
  nativeId: string;
  reason: KnowledgeDocumentDeleted['data']['reason'];
}
export type KnowledgeDocumentCommand = ObserveKnowledgeDocument | DeleteKnowledgeDocument;

/** What the index was last told about a document (the body is not kept: its hash says whether it changed). */
export interface KnowledgeDocumentFacts {
  title: string;
  breadcrumb: string[];
  url: string;
  contentHash: string;
  language: KnowledgeDocumentSnapshot['language'];
  access: KnowledgeAccess;
}
export type KnowledgeDocumentState = { status: 'none' } | ({ status: 'present' | 'deleted' } & KnowledgeDocumentFacts);

export const initialKnowledgeDocumentState: KnowledgeDocumentState = Object.freeze({ status: 'none' }) as KnowledgeDocumentState;

export function factsOf(d: KnowledgeDocumentSnapshot): KnowledgeDocumentFacts {
  return { title: d.title, breadcrumb: d.breadcrumb, url: d.url, contentHash: d.contentHash, language: d.language, access: d.access };
}

export function evolveKnowledgeDocument(state: KnowledgeDocumentState, event: KnowledgeDocumentEvent): KnowledgeDocumentState {
  switch (event.type) {
    case 'KnowledgeDocumentPublished':
      return { status: 'present', ...factsOf(event.data) };
    case 'KnowledgeDocumentAccessChanged':
      return state.status === 'none' ? state : { ...state, access: event.data.access };
    case 'KnowledgeDocumentDeleted':
      return state.status === 'none' ? state : { ...state, status: 'deleted' };
    default:
      return state;
  }
}

/** Tokens sorted and unique: the same permissions always compare (and hash) equal, in whatever order a source lists them. */
export function normalizeKnowledgeAccess(access: KnowledgeAccess): KnowledgeAccess {
  return { public: access.public, allow: [...new Set(access.allow)].sort(), classification: access.classification };
}

const sameAccess = (a: KnowledgeAccess, b: KnowledgeAccess) => JSON.stringify(normalizeKnowledgeAccess(a)) === JSON.stringify(normalizeKnowledgeAccess(b));

/** Everything the index shows of a document but its permissions. */
const contentOf = (f: KnowledgeDocumentFacts) => JSON.stringify([f.title, f.breadcrumb, f.url, f.contentHash, f.language]);

function checkSnapshot(d: KnowledgeDocumentSnapshot): void {
  if (!d.nativeId || d.nativeId.length > 1000) throw KnowledgeErrors.invalidDocument(d.nativeId, 'a native id of 1 to 1000 characters is required');
  if (!/^[0-9a-f]{64}$/.test(d.contentHash)) throw KnowledgeErrors.invalidDocument(d.nativeId, 'contentHash must be SHA-256 in hex');
  if (!CLEARANCE_LEVELS.includes(d.access.classification))
    throw KnowledgeErrors.invalidDocument(d.nativeId, `unknown classification ${d.access.classification}`);
  const bad = d.access.allow.find((t) => !KNOWLEDGE_ACCESS_TOKEN_PATTERN.test(t));
  if (bad !== undefined) throw KnowledgeErrors.invalidDocument(d.nativeId, `access token "${bad}" is not one of user:, group:, department:, office:, project:`);
}

/**
 * New, changed content, title, place, link or language: published whole (the projector re-embeds only when the
 * hash differs from what it indexed). Only the permissions changed: AccessChanged (no re-embedding). Nothing
 * changed: no event, so an unchanged source costs nothing downstream.
 */
export function decideKnowledgeDocument(state: KnowledgeDocumentState, c: KnowledgeDocumentCommand, now: Date): KnowledgeDocumentEvent[] {
  if (c.type === 'DeleteKnowledgeDocument') {
    if (state.status !== 'present') return [];
    return [{ type: 'KnowledgeDocumentDeleted', data: { sourceId: c.sourceId, nativeId: c.nativeId, reason: c.reason, deletedAt: now.toISOString() } }];
  }
  const d = c.document;
  checkSnapshot(d);
  const document = { ...d, access: normalizeKnowledgeAccess(d.access) };
  if (state.status === 'present' && contentOf(state) === contentOf(factsOf(document))) {
    if (sameAccess(state.access, document.access)) return [];
    return [
      { type: 'KnowledgeDocumentAccessChanged', data: { sourceId: d.sourceId, nativeId: d.nativeId, access: document.access, changedAt: now.toISOString() } },
    ];
  }
  return [{ type: 'KnowledgeDocumentPublished', data: document }];
}

export const knowledgeDocumentDecider: Decider<KnowledgeDocumentCommand, KnowledgeDocumentEvent, KnowledgeDocumentState> = {
  initialState: initialKnowledgeDocumentState,
  evolve: evolveKnowledgeDocument,
  decide: decideKnowledgeDocument,
};

const documentRef = (c: KnowledgeDocumentCommand) => (c.type === 'ObserveKnowledgeDocument' ? c.document : c);

export const knowledgeDocumentWriteSide: WriteSideDefinition<KnowledgeDocumentCommand, KnowledgeDocumentEvent, KnowledgeDocumentState> = {
  name: 'knowledge.document',
  decider: knowledgeDocumentDecider,
  streamOf: (command) => knowledgeDocumentStreamId(documentRef(command).sourceId, documentRef(command).nativeId),
  schemaVersionOf: versionsFrom(KNOWLEDGE_SCHEMA_VERSIONS),
  // The body is large and the hash says the same: ids of sync commands are derived from the content hash anyway.
  fingerprint: (command) => (command.type === 'ObserveKnowledgeDocument' ? { ...command, document: { ...command.document, body: undefined } } : command),
};

/* ------------------------------------------------------------------ groups */

/** Stream `knowledge-group-<sourceId>`: the source's complete group membership, mapped to employees. */
export interface MirrorKnowledgeGroups {
  type: 'MirrorKnowledgeGroups';
  sourceId: string;
  groups: Record<string, string[]>;
  unmapped: number;
}
export type KnowledgeGroupsState = { groups: Record<string, string[]> | null; unmapped: number };

const normalizeGroups = (groups: Record<string, string[]>): Record<string, string[]> =>
  Object.fromEntries(
    Object.keys(groups)
      .sort()
      .map((g) => [g, [...new Set(groups[g])].sort()]),
  );

export const knowledgeGroupsDecider: Decider<MirrorKnowledgeGroups, KnowledgeGroupsMirrored, KnowledgeGroupsState> = {
  initialState: { groups: null, unmapped: 0 },
  evolve: (_state, event) => ({ groups: event.data.groups, unmapped: event.data.unmapped }),
  decide(state, c, now) {
    const groups = normalizeGroups(c.groups);
    if (state.groups && JSON.stringify(state.groups) === JSON.stringify(groups) && state.unmapped === c.unmapped) return [];
    return [{ type: 'KnowledgeGroupsMirrored', data: { sourceId: c.sourceId, groups, unmapped: c.unmapped, mirroredAt: now.toISOString() } }];
  },
};

export const knowledgeGroupsWriteSide: WriteSideDefinition<MirrorKnowledgeGroups, KnowledgeGroupsMirrored, KnowledgeGroupsState> = {
  name: 'knowledge.groups',
  decider: knowledgeGroupsDecider,
  streamOf: (command) => knowledgeGroupStreamId(command.sourceId),
  schemaVersionOf: versionsFrom(KNOWLEDGE_SCHEMA_VERSIONS),
};
