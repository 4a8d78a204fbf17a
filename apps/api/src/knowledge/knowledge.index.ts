import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  createKnowledgeAnswerer,
  createKnowledgeEmbedder,
  createKnowledgeVectors,
  describeKnowledgeSetup,
  embedderForModel,
  groupToken,
  KnowledgeSearchIndex,
  type Answerer,
  type IndexedChunk,
  type KnowledgeReader,
  type KnowledgeSettings,
  readerOf,
  type SearchHit,
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

type Position = { commit: string; prepare: string };
const START: Position = { commit: '0', prepare: '0' };

/**
 * The knowledge index as the API searches it: the projection's chunks (schema `knowledge`) held in process by a
 * KnowledgeSearchIndex. Before every search it reads the documents the projection wrote since it last looked
 * (each document row carries the log position of its last change, deletions stay as tombstones), so a permission
 * change or a deletion committed by the projector is in force for the very next question.
 *
 * A rebuilt projection (a new table: e.g. re-embedded with a new model by `projections:rebuild knowledge`) is a
 * new generation: it is loaded beside the current index, which keeps answering - and keeps taking the changes -
 * until the new one is complete, then replaces it in one step. Each generation embeds questions with the model
 * its vectors are of (when the configuration can run it), so a model change never compares vectors of two models.
 */
@Injectable()
export class KnowledgeIndex {
  private readonly logger = new Logger('KnowledgeIndex');
  private readonly settings: KnowledgeSettings;
  private readonly embedder;
  private readonly vectors;
  readonly answerer: Answerer;
  private current: { index: KnowledgeSearchIndex; table: number; position: Position } | null = null;
  private refreshing?: Promise<void>;
  /** A new generation loading beside the current one. */
  private loading?: Promise<void>;

  constructor(
    @Inject(API_OPTIONS) options: ApiOptions,
    private readonly ds: DataSource,
  ) {
    this.settings = options.knowledge ?? {};
    this.embedder = createKnowledgeEmbedder(this.settings);
    this.vectors = createKnowledgeVectors(this.settings);
    this.answerer = createKnowledgeAnswerer(this.settings, (m) => this.logger.warn(m));
    this.logger.log(describeKnowledgeSetup(this.settings));
  }

  /** The asker's tokens and clearance: identity's attributes as the trust boundary resolved them, and the groups mirrored from the sources. */
  async readerOf(actor: RequestActor): Promise<KnowledgeReader> {
    if (!actor.employeeId || !actor.attributes) return { tokens: new Set(), clearance: null };
    const groups: { source_id: string; group_name: string }[] =
      (await this.table()) !== null
        ? await this.ds.query(`SELECT source_id, group_name FROM knowledge.group_members WHERE employee_id = $1`, [actor.employeeId])
        : [];
    return readerOf(
      actor.employeeId,
      { active: true, attributes: actor.attributes },
      groups.map((g) => groupToken(g.source_id, g.group_name)),
    );
  }

  async search(question: string, reader: KnowledgeReader, limit = 8): Promise<SearchHit[]> {
    await this.refresh();
    return this.current ? this.current.index.search(question, reader, { limit }) : [];
  }

  get stats() {
    return { documents: this.current?.index.documents ?? 0, chunks: this.current?.index.size ?? 0, model: this.current?.index.model ?? null };
  }

  /** Loads what the projection changed since the last look (one query when nothing did); concurrent callers share one refresh. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Resolves when no new generation is loading (the one under way, if any, swapped in). */
  async settled(): Promise<void> {
    await this.loading;
  }

  private async table(): Promise<number | null> {
    const [{ table }]: { table: number | null }[] = await this.ds.query(`SELECT to_regclass('knowledge.documents')::oid AS table`);
    return table;
  }

  private async load(): Promise<void> {
    const table = await this.table();
    if (table === null) return;
    const current = this.current;
    // Nothing to answer from yet: the first generation is awaited.
    if (!current) return this.loadGeneration(table);
    // The rows read now come from the rebuilt table once it is swapped in: their positions are the log's, so the
    // current generation takes the changes after its own position from it all the same.
    current.position = await this.apply(current.index, current.position);
    if (table !== current.table) this.loading ??= this.loadGeneration(table).finally(() => (this.loading = undefined));
  }

  private async loadGeneration(table: number): Promise<void> {
    const [recorded]: { model: string }[] = await this.ds.query(
      `SELECT model FROM knowledge.documents WHERE model IS NOT NULL AND NOT deleted GROUP BY model ORDER BY count(*) DESC LIMIT 1`,
    );
    const embedder = (recorded && embedderForModel(recorded.model, this.settings)) ?? this.embedder;
    if (recorded && recorded.model !== this.embedder.model)
      this.logger.warn(
        `the knowledge index's vectors are of ${recorded.model}, the configured model is ${this.embedder.model}: ` +
          (embedder.model === recorded.model ? `questions use ${recorded.model}` : `${recorded.model} cannot run here, vectors are not searched`) +
          ' until `npm run projections:rebuild -- knowledge` re-embeds the index',
      );
    const index = new KnowledgeSearchIndex({ embedder, vectors: this.vectors });
    const position = await this.apply(index, START);
    this.current = { index, table, position };
    this.logger.log(`knowledge index generation loaded: ${index.documents} documents, ${index.size} chunks, model ${index.model}`);
  }

  /** Applies the documents changed after `position` to the index; returns the position reached. */
  private async apply(index: KnowledgeSearchIndex, position: Position): Promise<Position> {
    const documents: DocumentRow[] = await this.ds.query(
      `SELECT document_key, title, breadcrumb, url, deleted, position_commit, position_prepare FROM knowledge.documents
        WHERE (position_commit, position_prepare) > ($1::bigint, $2::bigint) ORDER BY position_commit, position_prepare`,
      [position.commit, position.prepare],
    );
    if (!documents.length) return position;
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
      index.replaceDocument(
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
    return { commit: last.position_commit, prepare: last.position_prepare };
  }
}
