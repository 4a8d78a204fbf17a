import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity read side.
 *
 * `identity` (rebuilt by `projections:rebuild -- identity`): employees with their
 * access attributes and bound Telegram account, the Telegram bindings (the
 * bot's lookup), and the chats the bot administers (from its my_chat_member
 * reports).
 *
 * `identity_ops` is deliberately outside it: side effects that must survive a
 * rebuild and never fire twice - the codes waiting to be e-mailed and the
 * mail queue (one row per CodeIssued event id), the mail reactor's checkpoint, and the
 * offboarding tasks (per dismissal and chat) with their attempts.
 */
export class IdentityReadModel1765300000000 implements MigrationInterface {
  name = 'IdentityReadModel1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`CREATE TABLE identity.employees (
      employee_id text PRIMARY KEY,
      full_name text NOT NULL,
      email text NOT NULL,
      department text NOT NULL,
      position text NOT NULL,
      office text NOT NULL,
      manager_id text,
      roles text[] NOT NULL DEFAULT '{}',
      clearance text NOT NULL,
      projects text[] NOT NULL DEFAULT '{}',
      status text NOT NULL,
      hired_at timestamptz NOT NULL,
      dismissed_at timestamptz,
      dismiss_reason text,
      telegram_user_id bigint,
      telegram_bound_at timestamptz,
      employments integer NOT NULL DEFAULT 1,
      revision bigint NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX employees_email ON identity.employees (email)`);
    await q.query(`CREATE INDEX employees_status_name ON identity.employees (status, full_name)`);
    await q.query(`CREATE TABLE identity.telegram_bindings (
      telegram_user_id bigint PRIMARY KEY,
      employee_id text NOT NULL,
      bound_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX telegram_bindings_employee ON identity.telegram_bindings (employee_id)`);
    await q.query(`CREATE TABLE identity.chats (
      chat_id bigint PRIMARY KEY,
      title text NOT NULL,
      type text NOT NULL,
      bot_status text NOT NULL,
      can_restrict boolean NOT NULL,
      changed_at timestamptz NOT NULL,
      revision bigint NOT NULL
    )`);
    await q.query(`CREATE TABLE identity.checkpoint (
      projection text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO identity.checkpoint (projection, commit_position, prepare_position) VALUES ('identity', 0, 0)`);

    await q.query(`CREATE SCHEMA IF NOT EXISTS identity_ops`);
    await q.query(`CREATE TABLE identity_ops.pending_codes (
      telegram_user_id bigint NOT NULL,
      code text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (telegram_user_id, code)
    )`);
    await q.query(`CREATE TABLE identity_ops.mail_queue (
      event_id uuid PRIMARY KEY,
      recipient text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      sent_at timestamptz,
      transport text
    )`);
    await q.query(`CREATE INDEX mail_queue_due ON identity_ops.mail_queue (next_attempt_at) WHERE sent_at IS NULL`);
    await q.query(`CREATE TABLE identity_ops.checkpoints (
      name text PRIMARY KEY,
      commit_position bigint NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE identity_ops.offboarding_tasks (
      task_id text PRIMARY KEY,
      dismissal_event_id uuid NOT NULL,
      employee_id text NOT NULL,
      telegram_user_id bigint NOT NULL,
      chat_id bigint NOT NULL,
      chat_title text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      UNIQUE (dismissal_event_id, chat_id)
    )`);
    await q.query(`CREATE TABLE identity_ops.telegram_notices (
      event_id uuid PRIMARY KEY,
      telegram_user_id bigint NOT NULL,
      employee_id text NOT NULL,
      reason text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`);
    await q.query(`CREATE INDEX telegram_notices_pending ON identity_ops.telegram_notices (created_at) WHERE delivered_at IS NULL`);
    await q.query(`CREATE INDEX offboarding_tasks_due ON identity_ops.offboarding_tasks (status, next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS identity_ops CASCADE`);
    await q.query(`DROP SCHEMA IF EXISTS identity CASCADE`);
  }
}
