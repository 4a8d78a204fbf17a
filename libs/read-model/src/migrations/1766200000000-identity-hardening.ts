import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trust boundary's hardening of verification: a pending code is kept
 * sealed (AES-GCM with a key derived from IDENTITY_CODE_SECRET, outside the
 * database) instead of in plaintext, and code requests are counted per
 * corporate address (keyed hash) so nobody can mail-bomb an address by
 * rotating Telegram accounts; an offboarding task is reported only by the
 * holder of its lease. Pending codes are short-lived: the plaintext
 * ones still there are dropped (their owners ask for a new code).
 */
export class IdentityHardening1766200000000 implements MigrationInterface {
  name = 'IdentityHardening1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM identity_ops.pending_codes`);
    await q.query(`ALTER TABLE identity_ops.pending_codes RENAME COLUMN code TO sealed_code`);
    await q.query(`CREATE TABLE identity_ops.code_requests (
      email_hash text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX code_requests_email ON identity_ops.code_requests (email_hash, requested_at)`);
    // An offboarding task is reported by the bot instance holding its lease, nobody else.
    await q.query(`ALTER TABLE identity_ops.offboarding_tasks ADD COLUMN lease_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_ops.offboarding_tasks DROP COLUMN lease_token`);
    await q.query(`DROP TABLE identity_ops.code_requests`);
    await q.query(`DELETE FROM identity_ops.pending_codes`);
    await q.query(`ALTER TABLE identity_ops.pending_codes RENAME COLUMN sealed_code TO code`);
  }
}
