import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-ins waiting for the employee's answer in the bot are notices of the one outbox too (feature `auth`). */
export class AuthNotices1766250000000 implements MigrationInterface {
  name = 'AuthNotices1766250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(`ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity', 'auth'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notify.deliveries WHERE feature = 'auth'`);
    await q.query(`ALTER TABLE notify.deliveries DROP CONSTRAINT IF EXISTS deliveries_feature_check`);
    await q.query(`ALTER TABLE notify.deliveries ADD CONSTRAINT deliveries_feature_check CHECK (feature IN ('auction', 'rooms', 'identity'))`);
  }
}
