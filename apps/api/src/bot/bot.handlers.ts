import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a claimed update_id is remembered: Telegram gives up redelivering after 24 hours. */
export const CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Old claims are purged at most this often (piggybacked on claims, one cheap DELETE). */
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Claims Telegram updates for the bot instances: the first claim of an update_id
 * wins (INSERT … ON CONFLICT DO NOTHING RETURNING), every later one — a webhook
 * redelivery, another instance — gets `first: false` and drops the update.
 */
@Injectable()
export class BotUpdateClaims implements OnModuleDestroy {
  private lastPurge = 0;
  private purging: Promise<unknown> | null = null;

  constructor(private readonly ds: DataSource) {}

  async claim(updateId: number): Promise<{ updateId: number; first: boolean }> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO bot.processed_updates (update_id, claimed_at) VALUES ($1, now())
       ON CONFLICT (update_id) DO NOTHING RETURNING update_id`,
      [updateId],
    );
    this.maybePurge();
    return { updateId, first: rows.length === 1 };
  }

  /** Deletes claims older than the retention; at most once per PURGE_EVERY_MS per process. */
  async purge(retentionMs = CLAIM_RETENTION_MS): Promise<number> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.processed_updates WHERE claimed_at < now() - $1 * interval '1 millisecond'`, [retentionMs])) as [
      unknown,
      number,
    ];
    return count ?? 0;
  }

  private maybePurge(): void {
    const now = Date.now();
    if (this.purging || now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    this.purging = this.purge()
      .catch(() => undefined)
      .finally(() => (this.purging = null));
  }

  async onModuleDestroy(): Promise<void> {
    await this.purging;
  }
}
