import type { ConversationScope, ConversationStateView } from '@megabot/contracts';
import { ApiProblem } from '../api-client';
import type { BotStateApi } from '../bot-state.api';

/** Another update (on this or another instance) changed the state since it was read. */
export class ConversationConflict extends Error {
  constructor(
    readonly scope: ConversationScope,
    readonly key: string,
    readonly currentVersion: number,
  ) {
    super(`conversation ${scope}/${key} changed (now version ${currentVersion})`);
    this.name = 'ConversationConflict';
  }
}

export interface StateWrite {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  ttlSeconds: number;
}

/** The bot's conversation state, kept by the API (Postgres): never in process memory. */
export class ConversationStore {
  constructor(private readonly api: BotStateApi) {}

  get(scope: ConversationScope, key: string): Promise<ConversationStateView | null> {
    return this.api.getConversation(scope, key);
  }

  /** Writes if the state is still at `expectedVersion` (0: none); ConversationConflict otherwise. */
  async put(scope: ConversationScope, key: string, state: StateWrite, expectedVersion: number): Promise<ConversationStateView> {
    try {
      return await this.api.putConversation(scope, key, state, expectedVersion);
    } catch (e) {
      throw asConflict(e, scope, key);
    }
  }

  async delete(scope: ConversationScope, key: string, expectedVersion: number): Promise<void> {
    try {
      await this.api.deleteConversation(scope, key, expectedVersion);
    } catch (e) {
      throw asConflict(e, scope, key);
    }
  }

  /**
   * Read-modify-write of a state with optimistic retries: `change` gets the current state (null: none) and answers the
   * new one (null: delete it, undefined: leave it). A conflict re-reads and calls `change` again (at most `attempts`).
   */
  async update(
    scope: ConversationScope,
    key: string,
    change: (current: ConversationStateView | null) => StateWrite | null | undefined | Promise<StateWrite | null | undefined>,
    options: { attempts?: number; current?: ConversationStateView | null } = {},
  ): Promise<ConversationStateView | null> {
    let current = options.current !== undefined ? options.current : await this.get(scope, key);
    for (let attempt = 1; ; attempt++) {
      try {
        const next = await change(current);
        if (next === undefined) return current;
        if (next === null) {
          if (current) await this.delete(scope, key, current.version);
          return null;
        }
        return await this.put(scope, key, next, current?.version ?? 0);
      } catch (e) {
        if (!(e instanceof ConversationConflict) || attempt >= (options.attempts ?? 3)) throw e;
        current = await this.get(scope, key);
      }
    }
  }
}

function asConflict(e: unknown, scope: ConversationScope, key: string): unknown {
  if (e instanceof ApiProblem && e.problem.status === 409 && e.problem.code === 'bot.conversation_conflict') {
    return new ConversationConflict(scope, key, Number(e.problem.currentVersion ?? 0));
  }
  return e;
}
