import { createHash, randomUUID } from 'node:crypto';
import {
  knowledgeDocumentStreamId,
  knowledgeGroupStreamId,
  KNOWLEDGE_SCHEMA_VERSIONS,
  type KnowledgeAccess,
  type KnowledgeDocumentPublished,
  type KnowledgeEvent,
} from '@megabot/contracts';
import type { EventStore } from '@megabot/event-store';
import type { FixtureDocument } from './knowledge-corpus.fixtures';

/**
 * The connectors' events as tests write them: appended straight to the event store, as the knowledge sources'
 * sync does (the projection and the API only ever read them).
 */
export async function appendKnowledge(store: EventStore, streamId: string, ...events: KnowledgeEvent[]) {
  return store.append(
    streamId,
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { occurredAt: new Date().toISOString(), schemaVersion: KNOWLEDGE_SCHEMA_VERSIONS[e.type] },
    })),
    'any',
  );
}

export function publishedOf(d: FixtureDocument, changes: Partial<KnowledgeDocumentPublished['data']> = {}): KnowledgeDocumentPublished {
  const body = changes.body ?? d.body;
  return {
    type: 'KnowledgeDocumentPublished',
    data: {
      sourceId: d.sourceId,
      nativeId: d.nativeId,
      title: d.title,
      breadcrumb: d.breadcrumb,
      url: d.url,
      body,
      contentHash: createHash('sha256').update(body).digest('hex'),
      language: d.language,
      access: d.access,
      sourceVersion: '1',
      modifiedAt: '2026-11-30T10:00:00.000Z',
      ...changes,
    },
  };
}

export const publish = (store: EventStore, d: FixtureDocument, changes: Partial<KnowledgeDocumentPublished['data']> = {}) =>
  appendKnowledge(store, knowledgeDocumentStreamId(d.sourceId, d.nativeId), publishedOf(d, changes));

export const changeAccess = (store: EventStore, d: FixtureDocument, access: KnowledgeAccess) =>
  appendKnowledge(store, knowledgeDocumentStreamId(d.sourceId, d.nativeId), {
    type: 'KnowledgeDocumentAccessChanged',
    data: { sourceId: d.sourceId, nativeId: d.nativeId, access, changedAt: '2026-12-01T10:00:00.000Z' },
  });

export const deleteDocument = (store: EventStore, d: FixtureDocument) =>
  appendKnowledge(store, knowledgeDocumentStreamId(d.sourceId, d.nativeId), {
    type: 'KnowledgeDocumentDeleted',
    data: { sourceId: d.sourceId, nativeId: d.nativeId, reason: 'deleted_at_source', deletedAt: '2026-12-02T10:00:00.000Z' },
  });

export const mirrorGroups = (store: EventStore, sourceId: string, groups: Record<string, string[]>) =>
  appendKnowledge(store, knowledgeGroupStreamId(sourceId), {
    type: 'KnowledgeGroupsMirrored',
    data: { sourceId, groups, unmapped: 0, mirroredAt: '2026-12-01T09:00:00.000Z' },
  });
