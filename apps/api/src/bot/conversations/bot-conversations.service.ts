import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CONVERSATION_DATA_MAX_BYTES, type ConversationScope, type ConversationStateView, type PutConversationDto } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { BackgroundPurge } from '../background-purge';

/** Expired states are deleted at most this often (piggybacked on writes, one cheap DELETE). */

type Row = Record<string, any>;

/**
 * The bot's conversation state (per user: flow + step + data; per message: what its inline keyboard means), so any
 * bot instance handles the next update. Optimistic versions: a write names the version it read (0: none) and fails
 * with 409 when another instance wrote in between, instead of clobbering it. An expired state reads as absent.
 */
@Injectable()
export class BotConversations implements OnModuleDestroy {
  private readonly purger = new BackgroundPurge(() => this.purge());

  constructor(private readonly ds: DataSource) {}

  async get(scope: ConversationScope, key: string): Promise<ConversationStateView | null> {
    const [row]: Row[] = await this.ds.query(`SELECT * FROM bot.conversations WHERE scope = $1 AND key = $2 AND expires_at > now()`, [scope, key]);
    return row ? toView(row) : null;
  }

  async put(scope: ConversationScope, key: string, put: PutConversationDto): Promise<ConversationStateView> {
    const data = JSON.stringify(put.data);
    if (Buffer.byteLength(data, 'utf8') > CONVERSATION_DATA_MAX_BYTES) {
      throw problem(422, 'bot.conversation_too_large', `Conversation data may not exceed ${CONVERSATION_DATA_MAX_BYTES} bytes`);
    }
    const params = [scope, key, put.flow, put.step, data, put.ttlSeconds];
    // expectedVersion 0: create, or replace an expired state (its version keeps counting, so an old reader still conflicts)
    const rows: Row[] =
      put.expectedVersion === 0
        ? await this.ds.query(
            `INSERT INTO bot.conversations AS c (scope, key, flow, step, data, version, expires_at, updated_at)
             VALUES ($1, $2, $3, $4, $5::jsonb, 1, now() + $6 * interval '1 second', now())
             ON CONFLICT (scope, key) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
               version = c.version + 1, expires_at = EXCLUDED.expires_at, updated_at = now()
             WHERE c.expires_at <= now()
             RETURNING *`,
            params,
          )
        : (
            (await this.ds.query(
              `UPDATE bot.conversations SET flow = $3, step = $4, data = $5::jsonb, version = version + 1,
                 expires_at = now() + $6 * interval '1 second', updated_at = now()
               WHERE scope = $1 AND key = $2 AND version = $7 AND expires_at > now()
               RETURNING *`,
              [...params, put.expectedVersion],
            )) as [Row[], number]
          )[0];
    this.purger.maybeRun();
    if (rows.length === 1) return toView(rows[0]);
    throw await this.conflict(scope, key, put.expectedVersion);
  }

  /** Ends a state read at `expectedVersion`; one that is already gone (or expired) is fine, a newer one is a conflict. */
  async delete(scope: ConversationScope, key: string, expectedVersion: number): Promise<void> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.conversations WHERE scope = $1 AND key = $2 AND version = $3`, [scope, key, expectedVersion])) as [
      unknown,
      number,
    ];
    if (count === 1) return;
    const current = await this.get(scope, key);
    if (current) throw await this.conflict(scope, key, expectedVersion, current);
  }

  async purge(): Promise<number> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.conversations WHERE expires_at <= now()`)) as [unknown, number];
    return count ?? 0;
  }

  private async conflict(scope: ConversationScope, key: string, expected: number, current?: ConversationStateView | null) {
    current ??= await this.get(scope, key);
    return problem(
      409,
      'bot.conversation_conflict',
      'The conversation state changed since it was read',
      `expected version ${expected}, the current one is ${current ? current.version : 'none (absent or expired)'}`,
      { currentVersion: current ? current.version : 0 },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.purger.settle();
  }
}

export function toView(row: Row): ConversationStateView {
  return {
    scope: row.scope,
    key: row.key,
    flow: row.flow,
    step: row.step,
    data: typeof row.data === 'string' ? JSON.parse(row.data) : row.data,
    version: Number(row.version),
    expiresAt: new Date(row.expires_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
