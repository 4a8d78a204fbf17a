import { knowledgeDocumentKey, type KnowledgeAccess, type KnowledgeEvent } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import type { KnowledgeAnswerRow, KnowledgeDocumentRow, KnowledgeGroupSourceRow } from '@megabot/read-model';

/*
 * The knowledge index's rows as pure functions of the recorded events. Rows carry the last applied stream
 * revision: an event at or below it returns the row unchanged (the same object), so a replay changes nothing.
 * What a document's chunks need (re-chunk, new access, removal) is read from the row before and after a batch.
 */

const eventOf = (e: RecordedEvent) => ({ type: e.type, data: e.data }) as KnowledgeEvent;
const applied = (row: { revision: string } | undefined, event: RecordedEvent) => row !== undefined && BigInt(row.revision) >= event.revision;

export function documentKeyOf(event: RecordedEvent): string {
  const d = event.data as { sourceId: string; nativeId: string };
  return knowledgeDocumentKey(d.sourceId, d.nativeId);
}

/** The document after the event: published (first or again), its access changed, or deleted (a tombstone). */
export function evolveKnowledgeDocument(row: KnowledgeDocumentRow | undefined, event: RecordedEvent): KnowledgeDocumentRow | undefined {
  if (applied(row, event)) return row;
  const e = eventOf(event);
  const stamp = { revision: event.revision.toString(), position_commit: event.position.commit.toString(), position_prepare: event.position.prepare.toString() };
  switch (e.type) {
    case 'KnowledgeDocumentPublished': {
      const d = e.data;
      return {
        document_key: knowledgeDocumentKey(d.sourceId, d.nativeId),
        source_id: d.sourceId,
        native_id: d.nativeId,
        title: d.title,
        breadcrumb: d.breadcrumb,
        url: d.url,
        content_hash: d.contentHash,
        language: d.language,
        access: d.access,
        chunks: row?.deleted ? 0 : (row?.chunks ?? 0),
        model: row?.deleted ? null : (row?.model ?? null),
        deleted: false,
        modified_at: new Date(d.modifiedAt),
        ...stamp,
      };
    }
    case 'KnowledgeDocumentAccessChanged':
      return row && { ...row, access: e.data.access, ...stamp };
    case 'KnowledgeDocumentDeleted':
      return row && { ...row, deleted: true, chunks: 0, model: null, ...stamp };
    default:
      return row;
  }
}

/** What the batch asks of a document's chunks, from its row before and after. */
export type ChunkAction = 'rechunk' | 'access' | 'remove' | 'none';

export function chunkActionOf(before: KnowledgeDocumentRow | undefined, after: KnowledgeDocumentRow | undefined): ChunkAction {
  if (!after || after === before) return 'none';
  if (after.deleted) return before && !before.deleted ? 'remove' : 'none';
  if (!before || before.deleted) return 'rechunk';
  // The indexed text is title › breadcrumb › headings › passage: any of them changed, the chunks change.
  if (before.content_hash !== after.content_hash || before.title !== after.title || before.breadcrumb.join('\u0000') !== after.breadcrumb.join('\u0000')) {
    return 'rechunk';
  }
  return sameAccess(before.access, after.access) ? 'none' : 'access';
}

export function sameAccess(a: KnowledgeAccess, b: KnowledgeAccess): boolean {
  return a.public === b.public && a.classification === b.classification && [...a.allow].sort().join('\u0000') === [...b.allow].sort().join('\u0000');
}

/** The source's latest group mirror (its members are replaced as a whole). */
export function evolveGroupSource(row: KnowledgeGroupSourceRow | undefined, event: RecordedEvent): KnowledgeGroupSourceRow | undefined {
  if (applied(row, event)) return row;
  const e = eventOf(event);
  if (e.type !== 'KnowledgeGroupsMirrored') return row;
  return {
    source_id: e.data.sourceId,
    groups: Object.keys(e.data.groups).length,
    unmapped: e.data.unmapped,
    mirrored_at: new Date(e.data.mirroredAt),
    revision: event.revision.toString(),
  };
}

export function evolveAnswer(row: KnowledgeAnswerRow | undefined, event: RecordedEvent): KnowledgeAnswerRow | undefined {
  if (applied(row, event)) return row;
  const e = eventOf(event);
  const revision = event.revision.toString();
  if (e.type === 'KnowledgeAnswerGiven') {
    const d = e.data;
    return {
      answer_id: d.answerId,
      employee_id: d.employeeId,
      question: d.question,
      citations: d.citations,
      mode: d.mode,
      answered_at: new Date(d.answeredAt),
      rating: null,
      rated_at: null,
      revision,
    };
  }
  if (e.type === 'KnowledgeAnswerRated') return row && { ...row, rating: e.data.rating, rated_at: new Date(e.data.ratedAt), revision };
  return row;
}
