import type { KnowledgeAccess } from '@megabot/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/*
 * The knowledge index (schema `knowledge`, rebuilt by `projections:rebuild -- knowledge`): documents as the sources
 * have them (a deleted one stays as a tombstone, so readers of the index learn it is gone), their chunks with access
 * and vector, the mirrored group membership, and the answers given with their ratings. Property types are what pg
 * hands back: bigint as text, timestamptz as Date, real[] as number[].
 */

/** A document; `position_*` is the log position of the last event applied, so the API's in-process index reloads what changed since it looked. */
@Entity({ schema: 'knowledge', name: 'documents' })
@Index('documents_position', ['position_commit', 'position_prepare'])
export class KnowledgeDocumentRow {
  @PrimaryColumn({ type: 'text' }) document_key: string;
  @Column({ type: 'text' }) source_id: string;
  @Column({ type: 'text' }) native_id: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) breadcrumb: string[];
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text' }) content_hash: string;
  @Column({ type: 'text', nullable: true }) language: 'ru' | 'en' | null;
  @Column({ type: 'jsonb' }) access: KnowledgeAccess;
  @Column({ type: 'integer' }) chunks: number;
  /** The embedding model of its vectors (null: no vectors, e.g. Russian text with the English-only embedded model). */
  @Column({ type: 'text', nullable: true }) model: string | null;
  @Column({ type: 'boolean' }) deleted: boolean;
  @Column({ type: 'timestamptz' }) modified_at: Date;
  /** Last stream revision applied: an event at or below it is skipped. */
  @Column({ type: 'bigint' }) revision: string;
  @Column({ type: 'bigint' }) position_commit: string;
  @Column({ type: 'bigint' }) position_prepare: string;
}

/** A passage of a document, with the document's access copied (the filter reads it per chunk) and its vector. */
@Entity({ schema: 'knowledge', name: 'chunks' })
@Index('chunks_document', ['document_key'])
export class KnowledgeChunkRow {
  @PrimaryColumn({ type: 'text' }) chunk_id: string;
  @Column({ type: 'text' }) document_key: string;
  @Column({ type: 'integer' }) ordinal: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) headings: string[];
  @Column({ type: 'text' }) text: string;
  @Column({ type: 'text' }) index_text: string;
  @Column({ type: 'text' }) language: 'ru' | 'en';
  @Column({ type: 'jsonb' }) access: KnowledgeAccess;
  @Column({ type: 'real', array: true, nullable: true }) embedding: number[] | null;
  @Column({ type: 'text', nullable: true }) model: string | null;
}

/** Who is in a source's group (the latest mirror of the source's membership). */
@Entity({ schema: 'knowledge', name: 'group_members' })
@Index('group_members_employee', ['employee_id'])
export class KnowledgeGroupMemberRow {
  @PrimaryColumn({ type: 'text' }) source_id: string;
  @PrimaryColumn({ type: 'text' }) group_name: string;
  @PrimaryColumn({ type: 'text' }) employee_id: string;
}

/** The last membership mirror applied per source (its group stream revision guards against replays). */
@Entity({ schema: 'knowledge', name: 'group_sources' })
export class KnowledgeGroupSourceRow {
  @PrimaryColumn({ type: 'text' }) source_id: string;
  @Column({ type: 'integer' }) groups: number;
  @Column({ type: 'integer' }) unmapped: number;
  @Column({ type: 'timestamptz' }) mirrored_at: Date;
  @Column({ type: 'bigint' }) revision: string;
}

/** An answer given and its rating (for feedback review). */
@Entity({ schema: 'knowledge', name: 'answers' })
@Index('answers_answered_at', ['answered_at'])
export class KnowledgeAnswerRow {
  @PrimaryColumn({ type: 'text' }) answer_id: string;
  @Column({ type: 'text' }) employee_id: string;
  @Column({ type: 'text' }) question: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) citations: string[];
  @Column({ type: 'text' }) mode: 'generated' | 'extractive' | 'unknown';
  @Column({ type: 'timestamptz' }) answered_at: Date;
  @Column({ type: 'text', nullable: true }) rating: 'up' | 'down' | null;
  @Column({ type: 'timestamptz', nullable: true }) rated_at: Date | null;
  @Column({ type: 'bigint' }) revision: string;
}
