import { createHash } from 'node:crypto';
import type { KnowledgeDocumentPublished, KnowledgeGroupsMirrored } from '@megabot/contracts';
import type { RecordedEvent } from '@megabot/event-store';
import { chunkDocument, languageOf, type Embedder, type QdrantKnowledgeVectors } from '@megabot/knowledge';
import {
  KnowledgeAnswerRow,
  KnowledgeChunkRow,
  KnowledgeDocumentRow,
  KnowledgeGroupMemberRow,
  KnowledgeGroupSourceRow,
  type TableWriter,
} from '@megabot/read-model';
import type { Projection } from '../projection';
import { chunkActionOf, documentKeyOf, evolveAnswer, evolveGroupSource, evolveKnowledgeDocument } from './knowledge.fold';

const DOCUMENT_TYPES = new Set(['KnowledgeDocumentPublished', 'KnowledgeDocumentAccessChanged', 'KnowledgeDocumentDeleted']);
const GROUP_TYPES = new Set(['KnowledgeGroupsMirrored']);
const ANSWER_TYPES = new Set(['KnowledgeAnswerGiven', 'KnowledgeAnswerRated']);
const HANDLED = new Set([...DOCUMENT_TYPES, ...GROUP_TYPES, ...ANSWER_TYPES]);

export interface KnowledgeProjectionOptions {
  embedder: Embedder;
  /** Qdrant, when QDRANT_URL is set: vectors and access payload mirrored there (idempotent writes). */
  vectors?: QdrantKnowledgeVectors;
}

const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The knowledge index from the connectors' events: documents (tombstones for deleted ones), their chunks with
 * access and vectors, the mirrored group membership, and the answers given with their ratings.
 *
 * A batch folds each document's events with knowledge.fold, then acts on its chunks once, from the row before and
 * after: new or changed text is chunked (headings-aware, title and breadcrumb prefixed) and embedded, a permission
 * change rewrites the chunks' access without touching text or vectors, a deletion removes them. Vectors are
 * looked up first in knowledge_ops.embeddings (per model and text, outside the rebuilt schema): text that did not
 * change is never embedded again, a rebuild included.
 */
export class KnowledgeProjection implements Projection {
  readonly name = 'knowledge';
  readonly schema = 'knowledge';

  constructor(private readonly options: KnowledgeProjectionOptions) {}

  handles(type: string): boolean {
    return HANDLED.has(type);
  }

  async apply(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    const of = (types: Set<string>) => events.filter((e) => types.has(e.type));
    const documentEvents = of(DOCUMENT_TYPES);
    const groupEvents = of(GROUP_TYPES);
    const answerEvents = of(ANSWER_TYPES);

    const documents = await tables.load(KnowledgeDocumentRow, documentEvents.map(documentKeyOf));
    const before = new Map(documentEvents.map((e) => [documentKeyOf(e), documents.get(documentKeyOf(e))]));
    const bodies = new Map<string, KnowledgeDocumentPublished['data']>();
    for (const event of documentEvents) {
      const key = documentKeyOf(event);
      const { before: was, after } = documents.fold(key, event, evolveKnowledgeDocument);
      if (after !== was && event.type === 'KnowledgeDocumentPublished') bodies.set(key, event.data as KnowledgeDocumentPublished['data']);
    }

    const rechunk: KnowledgeDocumentRow[] = [];
    const removed: string[] = [];
    const reAccessed: KnowledgeDocumentRow[] = [];
    for (const [key, was] of before) {
      const after = documents.get(key);
      const action = chunkActionOf(was, after);
      if (action === 'rechunk') rechunk.push(after!);
      else if (action === 'remove') removed.push(key);
      else if (action === 'access') reAccessed.push(after!);
    }

    const chunks = await this.chunksOf(rechunk, bodies, tables);
    for (const doc of rechunk) {
      const own = chunks.filter((c) => c.document_key === doc.document_key);
      documents.set({ ...doc, chunks: own.length, model: own.find((c) => c.model)?.model ?? null });
    }

    await tables.upsert(KnowledgeDocumentRow, documents.changed(), { newerBy: 'revision' });
    const replaced = [...rechunk.map((d) => d.document_key), ...removed];
    if (replaced.length) await tables.query(`DELETE FROM ${tables.name(KnowledgeChunkRow)} WHERE document_key = ANY($1::text[])`, [replaced]);
    await tables.upsert(KnowledgeChunkRow, chunks);
    await tables.update(
      KnowledgeChunkRow,
      reAccessed.map((d) => ({ document_key: d.document_key, access: d.access })),
      { by: ['document_key'] },
    );

    await this.applyGroups(groupEvents, tables);
    const answers = await tables.load(
      KnowledgeAnswerRow,
      answerEvents.map((e) => (e.data as { answerId: string }).answerId),
    );
    for (const event of answerEvents) answers.fold((event.data as { answerId: string }).answerId, event, evolveAnswer);
    await tables.upsert(KnowledgeAnswerRow, answers.changed(), { newerBy: 'revision' });

    const vectors = this.options.vectors;
    if (vectors) {
      const model = this.options.embedder.model;
      for (const key of replaced) await vectors.deleteDocument(model, key);
      const points = chunks
        .filter((c) => c.embedding && c.model === model)
        .map((c) => ({ chunkId: c.chunk_id, documentKey: c.document_key, vector: Float32Array.from(c.embedding!), access: c.access }));
      await vectors.upsert(model, points);
      for (const d of reAccessed) await vectors.setAccess(model, d.document_key, d.access);
    }
  }

  /** The chunks of the documents whose text changed, with vectors from the cache or the embedder. */
  private async chunksOf(
    docs: KnowledgeDocumentRow[],
    bodies: Map<string, KnowledgeDocumentPublished['data']>,
    tables: TableWriter,
  ): Promise<KnowledgeChunkRow[]> {
    const embedder = this.options.embedder;
    const rows: KnowledgeChunkRow[] = [];
    for (const doc of docs) {
      const body = bodies.get(doc.document_key)!.body;
      for (const chunk of chunkDocument({ title: doc.title, breadcrumb: doc.breadcrumb, body })) {
        rows.push({
          chunk_id: `${doc.document_key}#${chunk.ordinal}`,
          document_key: doc.document_key,
          ordinal: chunk.ordinal,
          headings: chunk.headings,
          text: chunk.text,
          index_text: chunk.indexText,
          language: doc.language ?? languageOf(chunk.text),
          access: doc.access,
          embedding: null,
          model: null,
        });
      }
    }
    const wanted = rows.filter((r) => embedder.covers(r.language));
    if (!wanted.length) return rows;
    const hashes = wanted.map((r) => textHash(r.index_text));
    const cached: { text_hash: string; embedding: number[] }[] = await tables.query(
      `SELECT text_hash, embedding FROM knowledge_ops.embeddings WHERE model = $1 AND text_hash = ANY($2::text[])`,
      [embedder.model, [...new Set(hashes)]],
    );
    const known = new Map(cached.map((c) => [c.text_hash, c.embedding]));
    const missing = [...new Set(hashes.filter((h) => !known.has(h)))];
    if (missing.length) {
      const texts = missing.map((h) => wanted[hashes.indexOf(h)].index_text);
      const vectors = await embedder.embed(texts);
      missing.forEach((h, i) => known.set(h, Array.from(vectors[i])));
      await tables.query(
        `INSERT INTO knowledge_ops.embeddings (model, text_hash, embedding)
         SELECT $1, h, (SELECT array_agg(x::real ORDER BY n) FROM jsonb_array_elements_text(v) WITH ORDINALITY AS e(x, n))
           FROM jsonb_to_recordset($2::jsonb) AS r(h text, v jsonb)
         ON CONFLICT DO NOTHING`,
        [embedder.model, JSON.stringify(missing.map((h) => ({ h, v: known.get(h) })))],
      );
    }
    wanted.forEach((r, i) => {
      r.embedding = known.get(hashes[i])!;
      r.model = embedder.model;
    });
    return rows;
  }

  private async applyGroups(events: RecordedEvent[], tables: TableWriter): Promise<void> {
    if (!events.length) return;
    const sources = await tables.load(
      KnowledgeGroupSourceRow,
      events.map((e) => (e.data as { sourceId: string }).sourceId),
    );
    const latest = new Map<string, KnowledgeGroupsMirrored['data']>();
    for (const event of events) {
      const { before, after } = sources.fold((event.data as { sourceId: string }).sourceId, event, evolveGroupSource);
      if (after !== before) latest.set(after!.source_id, event.data as KnowledgeGroupsMirrored['data']);
    }
    if (!latest.size) return;
    await tables.upsert(KnowledgeGroupSourceRow, sources.changed(), { newerBy: 'revision' });
    await tables.query(`DELETE FROM ${tables.name(KnowledgeGroupMemberRow)} WHERE source_id = ANY($1::text[])`, [[...latest.keys()]]);
    const members: KnowledgeGroupMemberRow[] = [];
    for (const [sourceId, data] of latest) {
      for (const [group, employees] of Object.entries(data.groups))
        for (const employee of new Set(employees)) members.push({ source_id: sourceId, group_name: group, employee_id: employee });
    }
    await tables.insertIgnore(KnowledgeGroupMemberRow, members);
  }
}
