import type { OnModuleDestroy } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONVERSATION_DATA_MAX_BYTES, type ConversationScope, type ConversationStateView, type PutConversationDto } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { ASYNC_COMMIT } from '@megabot/read-model';
import { BackgroundPurge } from '../background-purge';

/**
 * The bot's conversation state (per user: flow + step + data; per message: what its inline keyboard means), so any
 * bot instance handles the next update. Optimistic versions: a write names the version it read (0: none) and fails
 * with 409 when another instance wrote in between, instead of clobbering it. An expired state reads as absent.
 */
interface ConversationRow {
  scope: ConversationScope;
  key: string;
  flow: string;
  step: string;
  data: Record<string, unknown> | string;
  version: string | number;
  expires_at: Date | string;
  updated_at: Date | string;
}

export class GetConversationQuery extends Query<ConversationStateView | null> {
  constructor(
    readonly scope: ConversationScope,
    readonly key: string,
  ) {
    super();
  }
}

export class SaveConversation extends Command<ConversationStateView> {
  constructor(
    readonly scope: ConversationScope,
    readonly key: string,
    readonly state: PutConversationDto,
  ) {
    super();
  }
}

/** Ends a state read at `expectedVersion`; one that is already gone (or expired) is fine, a newer one is a conflict. */
export class EndConversation extends Command<void> {
  constructor(
    readonly scope: ConversationScope,
    readonly key: string,
    readonly expectedVersion: number,
  ) {
    super();
  }
}

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(private readonly ds: DataSource) {}

  execute({ scope, key }: GetConversationQuery) {
    return readConversation(this.ds, scope, key);
  }
}

@CommandHandler(SaveConversation)
export class SaveConversationHandler implements ICommandHandler<SaveConversation>, OnModuleDestroy {
  // Expired states are deleted at most every 10 minutes, piggybacked on writes (one cheap DELETE); a user's timed-out
  // flow stays a day for its timeout to be announced with their next update (ClaimUpdateHandler).
  private readonly purger = new BackgroundPurge(() =>
    this.ds.query(
      `DELETE FROM bot.conversations WHERE expires_at <= now() AND (scope = 'message' OR timeout_announced OR expires_at <= now() - interval '1 day')`,
    ),
  );

  constructor(private readonly ds: DataSource) {}

  async execute({ scope, key, state }: SaveConversation): Promise<ConversationStateView> {
    const data = JSON.stringify(state.data);
    if (Buffer.byteLength(data, 'utf8') > CONVERSATION_DATA_MAX_BYTES) {
      throw problem(422, 'bot.conversation_too_large', `Conversation data may not exceed ${CONVERSATION_DATA_MAX_BYTES} bytes`);
    }
    const params = [scope, key, state.flow, state.step, data, state.ttlSeconds];
    // expectedVersion 0: create, or replace an expired state (its version keeps counting, so an old reader still conflicts)
    const rows: ConversationRow[] =
      state.expectedVersion === 0
        ? await this.ds.query(
            `INSERT INTO bot.conversations AS c (scope, key, flow, step, data, version, expires_at, updated_at)
             VALUES ($1, $2, $3, $4, $5::jsonb, 1, now() + $6 * interval '1 second', now())
             ON CONFLICT (scope, key) DO UPDATE SET flow = EXCLUDED.flow, step = EXCLUDED.step, data = EXCLUDED.data,
               version = c.version + 1, expires_at = EXCLUDED.expires_at, updated_at = now(), timeout_announced = false
             WHERE c.expires_at <= now()
             RETURNING *, ${ASYNC_COMMIT}`,
            params,
          )
        : (
            (await this.ds.query(
              `UPDATE bot.conversations SET flow = $3, step = $4, data = $5::jsonb, version = version + 1,
                 expires_at = now() + $6 * interval '1 second', updated_at = now()
               WHERE scope = $1 AND key = $2 AND version = $7 AND expires_at > now()
               RETURNING *, ${ASYNC_COMMIT}`,
              [...params, state.expectedVersion],
            )) as [ConversationRow[], number]
          )[0];
    this.purger.maybeRun();
    if (rows.length === 1) return conversationView(rows[0]);
    throw conflict(state.expectedVersion, await readConversation(this.ds, scope, key));
  }

  async onModuleDestroy(): Promise<void> {
    await this.purger.settle();
  }
}

@CommandHandler(EndConversation)
export class EndConversationHandler implements ICommandHandler<EndConversation> {
  constructor(private readonly ds: DataSource) {}

  async execute({ scope, key, expectedVersion }: EndConversation): Promise<void> {
    const [, count] = (await this.ds.query(`DELETE FROM bot.conversations WHERE scope = $1 AND key = $2 AND version = $3 RETURNING ${ASYNC_COMMIT}`, [
      scope,
      key,
      expectedVersion,
    ])) as [unknown, number];
    if (count === 1) return;
    const current = await readConversation(this.ds, scope, key);
    if (current) throw conflict(expectedVersion, current);
  }
}

async function readConversation(ds: DataSource, scope: ConversationScope, key: string): Promise<ConversationStateView | null> {
  const [row]: ConversationRow[] = await ds.query(`SELECT * FROM bot.conversations WHERE scope = $1 AND key = $2 AND expires_at > now()`, [scope, key]);
  return row ? conversationView(row) : null;
}

function conflict(expected: number, current: ConversationStateView | null) {
  return problem(
    409,
    'bot.conversation_conflict',
    'The conversation state changed since it was read',
    `expected version ${expected}, the current one is ${current ? current.version : 'none (absent or expired)'}`,
    { currentVersion: current ? current.version : 0 },
  );
}

export function conversationView(row: ConversationRow): ConversationStateView {
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
