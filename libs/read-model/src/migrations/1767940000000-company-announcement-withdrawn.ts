import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A withdrawn announcement keeps its row, marked: its notices not sent yet stay back (the bot's claim skips them). */
export class CompanyAnnouncementWithdrawn1767940000000 implements MigrationInterface {
  name = 'CompanyAnnouncementWithdrawn1767940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE company.announcements ADD COLUMN withdrawn_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE company.announcements DROP COLUMN IF EXISTS withdrawn_at`);
  }
}
