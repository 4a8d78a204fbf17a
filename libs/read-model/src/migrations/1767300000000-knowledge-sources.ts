import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge sources.
 *
 * `knowledge_sources` (rebuilt by `projections:rebuild -- knowledge-sources`): the configured sources with their
 * last run, and the documents as the index was told about them (facts and permissions, no body).
 *
 * `knowledge_sync` is outside it: the sync runner's progress per source (what it is doing now, how far, the last
 * error and when it tries again) - operational state a rebuild must not reset.
 */
export class KnowledgeSources1767300000000 implements MigrationInterface {
  name = 'KnowledgeSources1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS knowledge_sources`);
    await q.query(`CREATE TABLE knowledge_sources.sources (
      source_id text PRIMARY KEY,
      kind text NOT NULL,
      name text NOT NULL,
      location text NOT NULL,
      settings jsonb NOT NULL,
      credential_ref text,
      sync_every_minutes integer,
      status text NOT NULL,
      requested_mode text,
      requested_at timestamptz,
      last_sync jsonb,
      configured_by text NOT NULL,
      configured_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE knowledge_sources.documents (
      source_id text NOT NULL,
      native_id text NOT NULL,
      title text NOT NULL,
      breadcrumb jsonb NOT NULL,
      url text NOT NULL,
      content_hash text NOT NULL,
      language text,
      access jsonb NOT NULL,
      status text NOT NULL,
      updated_at timestamptz NOT NULL,
      revision bigint NOT NULL,
      PRIMARY KEY (source_id, native_id)
    )`);
    await q.query(`CREATE INDEX knowledge_documents_status ON knowledge_sources.documents (source_id, status)`);
    await q.query(`CREATE TABLE knowledge_sources.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO knowledge_sources.checkpoint (projection, commit_position, prepare_position) VALUES ('knowledge-sources', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS knowledge_sync`);
    await q.query(`CREATE TABLE knowledge_sync.progress (
      source_id text PRIMARY KEY,
      state text NOT NULL,
      mode text,
      phase text,
      done integer NOT NULL DEFAULT 0,
      total integer,
      counts jsonb,
      started_at timestamptz,
      updated_at timestamptz NOT NULL,
      last_error text,
      retry_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA knowledge_sync CASCADE`);
    await q.query(`DROP SCHEMA knowledge_sources CASCADE`);
  }
}
