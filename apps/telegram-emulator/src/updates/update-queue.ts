import { randomInt } from 'node:crypto';
import { conflict, GET_UPDATES_CONFLICT, type ApiError } from '../core/errors';
import type { Update, UpdateType } from '../types';

/** Update types Telegram does not send unless they are listed in allowed_updates explicitly. */
export const OPT_IN_UPDATE_TYPES: readonly string[] = ['chat_member', 'message_reaction', 'message_reaction_count'];

export interface QueuedUpdate {
  update: Update;
  type: UpdateType;
  /** Updates with the same key are delivered one at a time, in order (webhook). */
  chatKey: number;
  enqueuedAt: number;
}

interface Waiter {
  resolve: (updates: Update[]) => void;
  reject: (error: ApiError) => void;
  limit: number;
  timer: NodeJS.Timeout;
}

export function updateTypeOf(update: Update): UpdateType {
  const key = Object.keys(update).find((k) => k !== 'update_id');
  return key as UpdateType;
}

/** Key used to keep updates of one chat in order (chat id, else the user id). */
export function chatKeyOf(update: Update): number {
  const u = update as unknown as Record<string, Record<string, unknown> | undefined>;
  const payload = u[updateTypeOf(update)];
  if (!payload) return 0;
  const chat = (payload.chat ?? (payload.message as Record<string, unknown> | undefined)?.chat) as { id?: number } | undefined;
  if (chat?.id !== undefined) return chat.id;
  const from = payload.from as { id?: number } | undefined;
  return from?.id ?? 0;
}

/**
 * The bot's pending updates. Shared by getUpdates and the webhook deliverer exactly like Telegram's queue:
 * updates stay until confirmed by an offset (polling) or acknowledged with a 2xx (webhook).
 */
export class UpdateQueue {
  private pending: QueuedUpdate[] = [];
  private nextUpdateId: number;
  private waiter: Waiter | null = null;
  /** undefined = Telegram's default (everything except OPT_IN_UPDATE_TYPES). */
  private allowed: string[] | undefined;
  private readonly listeners = new Set<(item: QueuedUpdate) => void>();

  /** `firstUpdateId`: the update_id of the first update (random by default, like Telegram's). */
  constructor(
    private readonly now: () => number,
    firstUpdateId?: number,
  ) {
    this.nextUpdateId = firstUpdateId ?? randomInt(100_000_000, 900_000_000);
  }

  /** allowed_updates as last set by getUpdates/setWebhook (empty list = default set). */
  get allowedUpdates(): string[] | undefined {
    return this.allowed;
  }

  setAllowedUpdates(list: string[] | undefined): void {
    this.allowed = list && list.length > 0 ? [...new Set(list)] : undefined;
  }

  isAllowed(type: string): boolean {
    return this.allowed ? this.allowed.includes(type) : !OPT_IN_UPDATE_TYPES.includes(type);
  }

  /** Adds an update (assigning update_id) unless its type is filtered out by allowed_updates. */
  enqueue(payload: Omit<Update, 'update_id'>): Update | null {
    const update = { update_id: this.nextUpdateId++, ...payload } as Update;
    const type = updateTypeOf(update);
    if (!this.isAllowed(type)) return null;
    const item: QueuedUpdate = { update, type, chatKey: chatKeyOf(update), enqueuedAt: this.now() };
    this.pending.push(item);
    for (const listener of this.listeners) listener(item);
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      clearTimeout(waiter.timer);
      // deliver on the next tick so that updates produced by the same action (e.g. message + my_chat_member) batch
      setImmediate(() => waiter.resolve(this.peek(waiter.limit)));
    }
    return update;
  }

  onEnqueue(listener: (item: QueuedUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.pending.length;
  }

  items(): readonly QueuedUpdate[] {
    return this.pending;
  }

  peek(limit: number): Update[] {
    return this.pending.slice(0, limit).map((i) => i.update);
  }

  /** getUpdates offset semantics: positive = confirm everything below; negative = keep only the last |offset|. */
  applyOffset(offset: number): void {
    if (offset > 0) {
      this.pending = this.pending.filter((i) => i.update.update_id >= offset);
    } else if (offset < 0) {
      this.pending = this.pending.slice(Math.max(0, this.pending.length + offset));
    }
  }

  remove(updateId: number): void {
    this.pending = this.pending.filter((i) => i.update.update_id !== updateId);
  }

  dropAll(): void {
    this.pending = [];
  }

  /**
   * Long poll. A new call terminates the previous waiting one with 409 Conflict (as Telegram does).
   * `onAbandon` registers a hook so a closed client connection stops waiting.
   */
  poll(params: { offset: number; limit: number; timeoutMs: number }, onAbandon: (cancel: () => void) => void): Promise<Update[]> {
    this.terminateWaiter(conflict(GET_UPDATES_CONFLICT));
    this.applyOffset(params.offset);
    if (this.pending.length > 0 || params.timeoutMs <= 0) return Promise.resolve(this.peek(params.limit));
    return new Promise<Update[]>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        limit: params.limit,
        timer: setTimeout(() => {
          if (this.waiter === waiter) this.waiter = null;
          resolve(this.peek(params.limit));
        }, params.timeoutMs),
      };
      this.waiter = waiter;
      onAbandon(() => {
        if (this.waiter === waiter) {
          this.waiter = null;
          clearTimeout(waiter.timer);
          resolve([]);
        }
      });
    });
  }

  get hasWaiter(): boolean {
    return this.waiter !== null;
  }

  /** Ends a waiting getUpdates with an empty result (reset, shutdown). */
  releaseWaiter(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve([]);
  }

  /** Ends a waiting getUpdates with an error (another poller, webhook set, shutdown). */
  terminateWaiter(error: ApiError): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
}
