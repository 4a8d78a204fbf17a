import type { RecordedEvent } from '@megabot/event-store';
import { KnowledgeSourceDocumentRow, KnowledgeSourceRow, type TableWriter } from '@megabot/read-model';
import type { Projection } from '../../projection';
import { evolveKnowledgeDocumentRow, evolveKnowledgeSourceRow } from './knowledge-sources.fold';

const SOURCE_TYPES = new Set(['KnowledgeSourceConfigured', 'KnowledgeSourceRemoved', 'KnowledgeSyncRequested', 'KnowledgeSyncCompleted']);
const DOCUMENT_TYPES = new Set(['KnowledgeDocumentPublished', 'KnowledgeDocumentAccessChanged', 'KnowledgeDocumentDeleted']);

type Data = { sourceId: string; nativeId?: string };
const data = (e: RecordedEvent) => e.data as Data;

/**
 * The knowledge sources and what each document was last published as (facts and permissions, no body): what the
 * sync runner plans from and the sources API lists. A batch loads the rows it touches, folds, writes one statement
 * per table. The index itself (chunks, vectors) is another projection's.
 */
export class KnowledgeSourcesProjection implements Projection {
  readonly name = 'knowledge-sources';
  readonly schema = 'knowledge_sources';

  handles(type: string): boolean {
    return SOURCE_TYPES.has(type) || DOCUMENT_TYPES.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const sourceEvents = events.filter((e) => SOURCE_TYPES.has(e.type));
    const documentEvents = events.filter((e) => DOCUMENT_TYPES.has(e.type));
    const sources = await tables.load(
      KnowledgeSourceRow,
      sourceEvents.map((e) => data(e).sourceId),
    );
    const keyOf = (e: RecordedEvent) => [data(e).sourceId, data(e).nativeId!] as const;
    const documents = await tables.load(KnowledgeSourceDocumentRow, documentEvents.map(keyOf));
    for (const e of sourceEvents) sources.fold(data(e).sourceId, e, evolveKnowledgeSourceRow);
    for (const e of documentEvents) documents.fold(keyOf(e), e, evolveKnowledgeDocumentRow);
    await tables.upsert(KnowledgeSourceRow, sources.changed(), { newerBy: 'revision' });
    await tables.upsert(KnowledgeSourceDocumentRow, documents.changed(), { newerBy: 'revision' });
  }
}
