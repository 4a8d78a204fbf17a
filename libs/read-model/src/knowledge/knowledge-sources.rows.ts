import type { KnowledgeAccess, KnowledgeSourceKind, KnowledgeSyncCompleted } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The knowledge sources' read model (schema `knowledge_sources`, rebuilt by `projections:rebuild --
 * knowledge-sources`): the sources admins configured, with their last run, and what the index was told about each
 * document (no body: its hash says whether it changed) - what the sync runner plans from and the admin API lists.
 * The runner's progress lives in `knowledge_sync` (operational, outside the rebuild).
 */

@Entity({ schema: 'knowledge_sources', name: 'sources' })
export class KnowledgeSourceRow {
  @PrimaryColumn({ type: 'text' }) source_id: string;
  @Column({ type: 'text' }) kind: KnowledgeSourceKind;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) location: string;
  @Column({ type: 'jsonb' }) settings: Record<string, unknown>;
  /** The name of the environment variable holding the credential; never the credential. */
  @Column({ type: 'text', nullable: true }) credential_ref: string | null;
  @Column({ type: 'integer', nullable: true }) sync_every_minutes: number | null;
  @Column({ type: 'text' }) status: 'active' | 'removed';
  @Column({ type: 'text', nullable: true }) requested_mode: 'incremental' | 'full' | null;
  @Column({ type: 'timestamptz', nullable: true }) requested_at: Date | null;
  @Column({ type: 'jsonb', nullable: true }) last_sync: KnowledgeSyncCompleted['data'] | null;
  @Column({ type: 'text' }) configured_by: string;
  @Column({ type: 'timestamptz' }) configured_at: Date;
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** One document per source and native id; `revision` is its knowledge-doc stream's. */
@Entity({ schema: 'knowledge_sources', name: 'documents' })
@Index('knowledge_documents_status', ['source_id', 'status'])
export class KnowledgeSourceDocumentRow {
  @PrimaryColumn({ type: 'text' }) source_id: string;
  @PrimaryColumn({ type: 'text' }) native_id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'jsonb' }) breadcrumb: string[];
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text' }) content_hash: string;
  @Column({ type: 'text', nullable: true }) language: 'ru' | 'en' | null;
  @Column({ type: 'jsonb' }) access: KnowledgeAccess;
  @Column({ type: 'text' }) status: 'present' | 'deleted';
  @Column({ type: 'timestamptz' }) updated_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}
