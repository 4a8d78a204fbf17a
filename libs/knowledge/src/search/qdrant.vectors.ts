import { createHash } from 'node:crypto';
import { CLEARANCE_LEVELS, type KnowledgeAccess } from '@megabot/contracts';
import { QdrantClient } from '@qdrant/js-client-rest';
import { compileAccess, type KnowledgeReader } from './reader';
import type { VectorSearch } from './search-index';

/** A chunk's vector as Qdrant keeps it, with the payload its access filter reads. */
export interface QdrantChunkPoint {
  chunkId: string;
  documentKey: string;
  vector: Float32Array;
  access: KnowledgeAccess;
}

/** Qdrant wants UUIDs or integers as point ids: a chunk id's SHA-1 shaped as a UUID (stable across runs). */
export function pointIdOf(chunkId: string): string {
  const h = createHash('sha1').update(chunkId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const payloadOf = (access: KnowledgeAccess) => {
  const compiled = compileAccess(access);
  return { public: compiled.public, allow: [...compiled.allow], rank: compiled.rank };
};

/**
 * The knowledge vectors in Qdrant (`QDRANT_URL`): one collection per embedding model (`<prefix>__<model>`, so a
 * new model indexes into a new collection beside the old one), payload indexes on the access fields, and the
 * reader's access filter inside every query - Qdrant never returns a point the reader may not read.
 * Writes are idempotent (point ids derived from chunk ids, deletes and payload updates by document key), so the
 * projector replaying a batch after a crash converges to the same collection.
 */
export class QdrantKnowledgeVectors implements VectorSearch {
  private readonly client: QdrantClient;
  private readonly ready = new Map<string, Promise<void>>();

  constructor(
    url: string,
    private readonly prefix = 'knowledge_chunks',
    apiKey?: string,
  ) {
    this.client = new QdrantClient({ url, ...(apiKey ? { apiKey } : {}), checkCompatibility: false });
  }

  collectionOf(model: string): string {
    return `${this.prefix}__${model.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  }

  async upsert(model: string, points: readonly QdrantChunkPoint[]): Promise<void> {
    if (!points.length) return;
    const collection = await this.ensure(model, points[0].vector.length);
    await this.client.upsert(collection, {
      wait: true,
      points: points.map((p) => ({
        id: pointIdOf(p.chunkId),
        vector: Array.from(p.vector),
        payload: { chunk_id: p.chunkId, document_key: p.documentKey, ...payloadOf(p.access) },
      })),
    });
  }

  /** Removes every point of the document (all chunks, in every collection this process knows, and the model's). */
  async deleteDocument(model: string, documentKey: string): Promise<void> {
    const collection = this.collectionOf(model);
    if (!(await this.exists(collection))) return;
    await this.client.delete(collection, { wait: true, filter: { must: [{ key: 'document_key', match: { value: documentKey } }] } });
  }

  async setAccess(model: string, documentKey: string, access: KnowledgeAccess): Promise<void> {
    const collection = this.collectionOf(model);
    if (!(await this.exists(collection))) return;
    await this.client.setPayload(collection, {
      wait: true,
      payload: payloadOf(access),
      filter: { must: [{ key: 'document_key', match: { value: documentKey } }] },
    });
  }

  async nearest(vector: Float32Array, model: string, reader: KnowledgeReader, limit: number): Promise<{ chunkId: string; score: number }[]> {
    const filter = qdrantAccessFilter(reader);
    if (!filter) return [];
    const collection = this.collectionOf(model);
    if (!(await this.exists(collection))) return [];
    const points = await this.client.search(collection, { vector: Array.from(vector), limit, filter, with_payload: ['chunk_id'] });
    return points.map((p) => ({ chunkId: String((p.payload as { chunk_id: string }).chunk_id), score: p.score }));
  }

  private async exists(collection: string): Promise<boolean> {
    return (await this.client.collectionExists(collection)).exists;
  }

  private ensure(model: string, size: number): Promise<string> {
    const collection = this.collectionOf(model);
    let ready = this.ready.get(collection);
    if (!ready) {
      ready = (async () => {
        if (await this.exists(collection)) return;
        await this.client.createCollection(collection, { vectors: { size, distance: 'Cosine' } });
        await this.client.createPayloadIndex(collection, { wait: true, field_name: 'allow', field_schema: 'keyword' });
        await this.client.createPayloadIndex(collection, { wait: true, field_name: 'document_key', field_schema: 'keyword' });
        await this.client.createPayloadIndex(collection, { wait: true, field_name: 'public', field_schema: 'bool' });
        await this.client.createPayloadIndex(collection, { wait: true, field_name: 'rank', field_schema: 'integer' });
      })();
      ready.catch(() => this.ready.delete(collection));
      this.ready.set(collection, ready);
    }
    return ready.then(() => collection);
  }
}

/**
 * knowledgeReadable as a Qdrant filter: classification rank at most the reader's, and public or one of the
 * reader's tokens allowed. Null for a reader who may read nothing (no query is sent).
 */
export function qdrantAccessFilter(reader: KnowledgeReader) {
  if (reader.clearance === null) return null;
  const rank = CLEARANCE_LEVELS.indexOf(reader.clearance);
  const anyOf: object[] = [{ key: 'public', match: { value: true } }];
  if (reader.tokens.size) anyOf.push({ key: 'allow', match: { any: [...reader.tokens] } });
  return { must: [{ key: 'rank', range: { lte: rank } }, { should: anyOf }] };
}
