import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  createKnowledgeAnswerer,
  createKnowledgeEmbedder,
  createKnowledgeVectors,
  describeKnowledgeSetup,
  groupToken,
  KnowledgeSearchIndex,
  type Answerer,
  type IndexedChunk,
  type KnowledgeReader,
  readerOf,
  type SearchHit,
  type SearchOptions,
} from '@megabot/knowledge';
import type { KnowledgeAccess } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../core/api-options';
import type { RequestActor } from '../core/access/actor';

interface DocumentRow {
  document_key: string;
  title: string;
  breadcrumb: string[];
  url: string;
  deleted: boolean;
  position_commit: string;
  position_prepare: string;
}
interface ChunkRow {
  chunk_id: string;
  document_key: string;
  ordinal: number;
  headings: string[];
  text: string;
  index_text: string;
  language: 'ru' | 'en';
  access: KnowledgeAccess;
  embedding: number[] | null;
  model: string | null;
}

/**
 * The knowledge index as the API searches it: the projection's chunks (schema `knowledge`) held in process by a
 * KnowledgeSearchIndex. Before every search it reads the documents the projection wrote since it last looked
 * (each document row carries the log position of its last change, deletions stay as tombstones), so a permission
 * change or a deletion committed by the projector is in force for the very next question. A rebuilt schema (new
 * table) is loaded afresh.
 */
@Injectable()
export class KnowledgeIndex {
  private readonly logger = new Logger('KnowledgeIndex');
  private index: KnowledgeSearchIndex;
  private readonly embedder;
  private readonly vectors;
  readonly answerer: Answerer;
  private table: number | null = null;
  private position = { commit: '0', prepare: '0' };
  private refreshing?: Promise<void>;

  constructor(
    @Inject(API_OPTIONS) options: ApiOptions,
    private readonly ds: DataSource,
  ) {
    const settings = options.knowledge ?? {};
    this.embedder = createKnowledgeEmbedder(settings);
    this.vectors = createKnowledgeVectors(settings);
    this.answerer = createKnowledgeAnswerer(settings, (m) => this.logger.warn(m));
    this.index = this.fresh();
    this.logger.log(describeKnowledgeSetup(settings));
  }

  /** The asker's tokens and clearance: identity's attributes as the trust boundary resolved them, and the groups mirrored from the sources. */
  async readerOf(actor: RequestActor): Promise<KnowledgeReader> {
    if (!actor.employeeId || !actor.attributes) return { tokens: new Set(), clearance: null };
    const groups: { source_id: string; group_name: string }[] = (await this.migrated())
      ? await this.ds.query(`SELECT source_id, group_name FROM knowledge.group_members WHERE employee_id = $1`, [actor.employeeId])
      : [];
    return readerOf(
      actor.employeeId,
      { active: true, attributes: actor.attributes },
      groups.map((g) => groupToken(g.source_id, g.group_name)),
    );
  }

  async search(question: string, reader: KnowledgeReader, options: SearchOptions = {}): Promise<SearchHit[]> {
    await this.refresh();
    return this.index.search(question, reader, { limit: 8, ...options });
  }

  get stats() {
    return { documents: this.index.documents, chunks: this.index.size };
  }

  /** Loads what the projection changed since the last look (one query when nothing did); concurrent callers share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private fresh() {
    return new KnowledgeSearchIndex({ embedder: this.embedder, vectors: this.vectors });
  }

  private async migrated(): Promise<boolean> {
    const [{ table }] = await this.ds.query(`SELECT to_regclass('knowledge.documents')::oid AS table`);
    return table !== null;
  }

  private async load(): Promise<void> {
    const [{ table }]: { table: number | null }[] = await this.ds.query(`SELECT to_regclass('knowledge.documents')::oid AS table`);
    if (table === null) return;
    if (table !== this.table) {
      // First look, or the projection was rebuilt into a new table: start over.
      this.index = this.fresh();
      this.position = { commit: '0', prepare: '0' };
      this.table = table;
    }
    const documents: DocumentRow[] = await this.ds.query(
      `SELECT document_key, title, breadcrumb, url, deleted, position_commit, position_prepare FROM knowledge.documents
        WHERE (position_commit, position_prepare) > ($1::bigint, $2::bigint) ORDER BY position_commit, position_prepare`,
      [this.position.commit, this.position.prepare],
    );
    if (!documents.length) return;
    const live = documents.filter((d) => !d.deleted);
    const chunks: ChunkRow[] = live.length
      ? await this.ds.query(
          `SELECT chunk_id, document_key, ordinal, headings, text, index_text, language, access, embedding, model FROM knowledge.chunks
            WHERE document_key = ANY($1::text[]) ORDER BY document_key, ordinal`,
          [live.map((d) => d.document_key)],
        )
      : [];
    const byDocument = new Map<string, ChunkRow[]>();
    for (const c of chunks) byDocument.set(c.document_key, [...(byDocument.get(c.document_key) ?? []), c]);
    for (const d of documents) {
      const rows = d.deleted ? [] : (byDocument.get(d.document_key) ?? []);
      this.index.replaceDocument(
        d.document_key,
        rows.map((c): IndexedChunk => ({
          chunkId: c.chunk_id,
          documentKey: c.document_key,
          ordinal: c.ordinal,
          title: d.title,
          breadcrumb: d.breadcrumb,
          url: d.url,
          headings: c.headings,
          text: c.text,
          indexText: c.index_text,
          language: c.language,
          access: c.access,
          vector: c.embedding ? Float32Array.from(c.embedding) : null,
          model: c.model,
        })),
      );
    }
    const last = documents[documents.length - 1];
    this.position = { commit: last.position_commit, prepare: last.position_prepare };
  }
}
