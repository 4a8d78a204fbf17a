import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge index (see knowledge/knowledge.rows.ts): `knowledge` is the projection's schema (rebuilt from
 * the log); `knowledge_ops` survives rebuilds: the embeddings already computed per model and text, so neither a
 * rebuild nor a republished unchanged passage is embedded again.
 */
export class KnowledgeIndex1767400000000 implements MigrationInterface {
  name = 'KnowledgeIndex1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS knowledge`);
    await q.query(`CREATE TABLE knowledge.documents (
      document_key text PRIMARY KEY,
      source_id text NOT NULL,
      native_id text NOT NULL,
      title text NOT NULL,
      breadcrumb text[] NOT NULL DEFAULT '{}',
      url text NOT NULL,
      content_hash text NOT NULL,
      language text,
      access jsonb NOT NULL,
      chunks integer NOT NULL,
      model text,
      deleted boolean NOT NULL,
      modified_at timestamptz NOT NULL,
      revision bigint NOT NULL,
      position_commit bigint NOT NULL,
      position_prepare bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX documents_position ON knowledge.documents (position_commit, position_prepare)`);
    await q.query(`CREATE TABLE knowledge.chunks (
      chunk_id text PRIMARY KEY,
      document_key text NOT NULL,
      ordinal integer NOT NULL,
      headings text[] NOT NULL DEFAULT '{}',
      text text NOT NULL,
      index_text text NOT NULL,
      language text NOT NULL,
      access jsonb NOT NULL,
      embedding real[],
      model text
    )`);
    await q.query(`CREATE INDEX chunks_document ON knowledge.chunks (document_key)`);
    await q.query(`CREATE TABLE knowledge.group_members (
      source_id text NOT NULL,
      group_name text NOT NULL,
      employee_id text NOT NULL,
      PRIMARY KEY (source_id, group_name, employee_id)
    )`);
    await q.query(`CREATE INDEX group_members_employee ON knowledge.group_members (employee_id)`);
    await q.query(`CREATE TABLE knowledge.group_sources (
      source_id text PRIMARY KEY,
      groups integer NOT NULL,
      unmapped integer NOT NULL,
      mirrored_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE knowledge.answers (
      answer_id text PRIMARY KEY,
      employee_id text NOT NULL,
      question text NOT NULL,
      citations text[] NOT NULL DEFAULT '{}',
      mode text NOT NULL,
      answered_at timestamptz NOT NULL,
      rating text,
      rated_at timestamptz,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX answers_answered_at ON knowledge.answers (answered_at)`);
    await q.query(`CREATE TABLE knowledge.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO knowledge.checkpoint (projection, commit_position, prepare_position) VALUES ('knowledge', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS knowledge_ops`);
    await q.query(`CREATE TABLE knowledge_ops.embeddings (
      model text NOT NULL,
      text_hash text NOT NULL,
      embedding real[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (model, text_hash)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA knowledge CASCADE`);
    await q.query(`DROP SCHEMA knowledge_ops CASCADE`);
  }
}
