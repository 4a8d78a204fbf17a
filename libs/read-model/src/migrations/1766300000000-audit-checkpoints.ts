import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the auction streams' heads (schema `audit_ops`, written
 * by the API on request and by the projector periodically; not a projection).
 * Auditors export them and keep them outside: that is what catches a
 * consistent rewrite by someone who can write this database.
 */
export class AuditCheckpoints1766300000000 implements MigrationInterface {
  name = 'AuditCheckpoints1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit_ops`);
    await q.query(`CREATE TABLE audit_ops.checkpoints (
      checkpoint_id text PRIMARY KEY,
      taken_at timestamptz NOT NULL,
      position text NOT NULL,
      signing_key_id text NOT NULL,
      streams integer NOT NULL,
      body jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX checkpoints_taken_at ON audit_ops.checkpoints (taken_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit_ops CASCADE`);
  }
}
