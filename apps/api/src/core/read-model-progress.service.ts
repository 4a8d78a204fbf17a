import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { comparePositions, parsePosition, type GlobalPosition } from '@megabot/contracts';
import { PROJECTIONS_CHANNEL } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from './api-options';
import { DatabaseNotifications } from './database-notifications';
import { problem } from './problem';

interface Waiter {
  projection: string;
  target: GlobalPosition;
  resolve: () => void;
}

/**
 * Read-your-writes: a query may ask to wait until a projection has reached
 * the position a command returned. The projector announces each committed
 * checkpoint on a NOTIFY channel; a slow poll of the checkpoint table covers
 * a lost notification or the listening connection's reconnect.
 */
@Injectable()
export class ReadModelProgress implements OnModuleInit, OnModuleDestroy {
  private readonly known = new Map<string, GlobalPosition>();
  private readonly waiters = new Set<Waiter>();
  private readonly followers = new Map<string, Set<(position: GlobalPosition) => void>>();
  private ticks = 0;
  private poller?: NodeJS.Timeout;
  private closed = false;
  private unsubscribe?: () => void;

  constructor(
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
    private readonly dataSource: DataSource,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onModuleInit() {
    this.unsubscribe = await this.notifications.subscribe(PROJECTIONS_CHANNEL, {
      onNotify: (payload) => {
        const [name, pos] = payload.split(':');
        if (name && pos) this.advance(name, parsePosition(pos));
      },
    });
  }

  onModuleDestroy() {
    this.closed = true;
    this.unsubscribe?.();
    clearInterval(this.poller);
    for (const w of this.waiters) w.resolve();
  }

  /** Resolves once `projection` has committed `position`; a problem (503) after the timeout. */
  async waitFor(projection: string, position: string | undefined): Promise<void> {
    if (!position) return;
    const target = parsePosition(position);
    if (this.reached(projection, target)) return;
    await this.refresh(projection);
    if (this.reached(projection, target)) return;
    const timeoutMs = this.options.readWaitTimeoutMs;
    let waiter: Waiter | undefined;
    const reached = new Promise<void>((resolve) => {
      waiter = { projection, target, resolve };
      this.waiters.add(waiter);
    });
    this.ensurePolling();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([reached, timedOut]);
    clearTimeout(timer);
    this.waiters.delete(waiter!);
    if (outcome === 'timeout') {
      throw problem(
        503,
        'read_model.behind',
        'The read model has not caught up yet',
        `projection "${projection}" did not reach position ${position} within ${timeoutMs} ms`,
      );
    }
  }

  /**
   * Calls `listener` each time `projection` commits further (an in-memory
   * copy of a read model refreshes on it): on the projector's NOTIFY, and -
   * for a lost notification or while the listener reconnects - on a poll of
   * the checkpoint every second. Returns the unsubscribe.
   */
  follow(projection: string, listener: (position: GlobalPosition) => void): () => void {
    let set = this.followers.get(projection);
    if (!set) this.followers.set(projection, (set = new Set()));
    set.add(listener);
    this.ensurePolling();
    return () => {
      set.delete(listener);
      if (set.size === 0) this.followers.delete(projection);
    };
  }

  private reached(projection: string, target: GlobalPosition): boolean {
    const at = this.known.get(projection);
    return at !== undefined && comparePositions(at, target) >= 0;
  }

  private advance(projection: string, position: GlobalPosition) {
    const at = this.known.get(projection);
    if (at && comparePositions(at, position) >= 0) return;
    this.known.set(projection, position);
    for (const f of this.followers.get(projection) ?? []) f(position);
    for (const w of this.waiters) if (w.projection === projection && comparePositions(position, w.target) >= 0) w.resolve();
  }

  private async refresh(projection: string) {
    const rows = await this.dataSource.query(`SELECT commit_position, prepare_position FROM ${projection}.checkpoint WHERE projection = $1`, [projection]);
    if (rows.length) this.advance(projection, { commit: BigInt(rows[0].commit_position), prepare: BigInt(rows[0].prepare_position) });
  }

  private ensurePolling() {
    if (this.poller || this.closed) return;
    this.poller = setInterval(() => {
      if (this.waiters.size === 0 && this.followers.size === 0) {
        clearInterval(this.poller);
        this.poller = undefined;
        return;
      }
      const polled = new Set([...this.waiters].map((w) => w.projection));
      if (++this.ticks % 4 === 0) for (const p of this.followers.keys()) polled.add(p);
      for (const p of polled) void this.refresh(p).catch(() => undefined);
    }, 250);
    this.poller.unref();
  }
}
