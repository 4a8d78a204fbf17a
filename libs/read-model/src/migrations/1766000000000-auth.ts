import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trust boundary's state (schema `auth`, written by the API, not a
 * projection: a rebuild never touches it). Sessions of web front ends, the
 * bot-confirmed logins that open them, personal access tokens for the CLIs,
 * and the Web App initData already exchanged (replay protection). Secrets are
 * kept only as SHA-256 hashes.
 */
export class Auth1766000000000 implements MigrationInterface {
  name = 'Auth1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS auth`);
    await q.query(`CREATE TABLE auth.sessions (
      session_id text PRIMARY KEY,
      employee_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('login', 'webapp', 'widget')),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_reason text,
      user_agent text
    )`);
    await q.query(`CREATE INDEX sessions_employee ON auth.sessions (employee_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE TABLE auth.login_challenges (
      challenge_id text PRIMARY KEY,
      employee_id text,
      telegram_user_id bigint,
      browser_secret_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'denied', 'used')),
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      decided_at timestamptz
    )`);
    await q.query(`CREATE INDEX login_challenges_employee ON auth.login_challenges (employee_id, created_at)`);
    await q.query(`CREATE TABLE auth.tokens (
      token_id text PRIMARY KEY,
      employee_id text NOT NULL,
      name text NOT NULL,
      secret_hash text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX tokens_employee ON auth.tokens (employee_id)`);
    await q.query(`CREATE TABLE auth.webapp_init_data (
      hash text PRIMARY KEY,
      telegram_user_id bigint NOT NULL,
      used_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA auth CASCADE`);
  }
}
