import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The verification-mail queue is filled by the projector (a reactor on
 * CodeIssued) and drained by the API, which alone holds the codes' HMAC key:
 * a queued row names the code by its verification, number and keyed hash;
 * the API finds the code among the ones it stored before appending, and
 * writes the text only when it sends.
 */
export class IdentityMailQueue1765300000001 implements MigrationInterface {
  name = 'IdentityMailQueue1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity_ops.mail_queue
      ADD COLUMN telegram_user_id bigint,
      ADD COLUMN code_no integer,
      ADD COLUMN code_hash text,
      ALTER COLUMN subject DROP NOT NULL,
      ALTER COLUMN body DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM identity_ops.mail_queue WHERE subject IS NULL OR body IS NULL`);
    await q.query(`ALTER TABLE identity_ops.mail_queue DROP COLUMN telegram_user_id, DROP COLUMN code_no, DROP COLUMN code_hash,
      ALTER COLUMN subject SET NOT NULL, ALTER COLUMN body SET NOT NULL`);
  }
}
