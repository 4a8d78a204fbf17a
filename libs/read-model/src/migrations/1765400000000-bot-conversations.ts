import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bot's server-side state (schema `bot`, not a projection: written directly by the API for the bot instances):
 * conversation state per user and per message with optimistic versions and expiry, the users' language choice, and
 * feature switches.
 */
export class BotConversations1765400000000 implements MigrationInterface {
  name = 'BotConversations1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS bot`);
    await q.query(`CREATE TABLE bot.conversations (
      scope text NOT NULL CHECK (scope IN ('user', 'message')),
      key text NOT NULL,
      flow text NOT NULL,
      step text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      version integer NOT NULL,
      expires_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    )`);
    await q.query(`CREATE INDEX conversations_expires_at ON bot.conversations (expires_at)`);
    await q.query(`CREATE TABLE bot.user_settings (
      telegram_user_id bigint PRIMARY KEY,
      language text CHECK (language IN ('ru', 'en')),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE bot.feature_switches (
      name text PRIMARY KEY,
      description text NOT NULL DEFAULT '',
      enabled_for_all boolean NOT NULL DEFAULT false,
      roles jsonb NOT NULL DEFAULT '{}'::jsonb,
      users jsonb NOT NULL DEFAULT '{}'::jsonb,
      app_versions jsonb NOT NULL DEFAULT '{}'::jsonb,
      revision integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS bot.feature_switches`);
    await q.query(`DROP TABLE IF EXISTS bot.user_settings`);
    await q.query(`DROP TABLE IF EXISTS bot.conversations`);
  }
}
