import type { ProcessManager } from './process-manager';

export interface PollingOptions {
  /** The time the manager goes by; tests pass a controllable one. */
  clock?: () => Date;
  /** Longest sleep between two looks at the read model. */
  pollMs?: number;
  /** Rows read per query. */
  batchSize?: number;
  log?: (message: string) => void;
}

/**
 * A process manager that looks at the read model when it starts, at the
 * next known due time and at least every `pollMs`, and acts through the
 * event store. Keeps nothing between runs: what is still due after a
 * restart shows in the read model again, and the commands it sends carry
 * ids derived from what they are about, so a repeat is a no-op.
 */
export abstract class PollingManager implements ProcessManager {
  abstract readonly name: string;
  protected readonly clock: () => Date;
  protected readonly pollMs: number;
  protected readonly batchSize: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(protected readonly options: PollingOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
  }

  abstract tick(): Promise<unknown>;

  /** Milliseconds until the next known due time (at most pollMs). */
  protected async untilNext(): Promise<number> {
    return this.pollMs;
  }

  start(): void {
    this.stopped = false;
    this.wake(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private wake(delayMs: number) {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.loop();
    }, delayMs);
  }

  private async loop(): Promise<void> {
    let delay = this.pollMs;
    try {
      await this.tick();
      delay = Math.max(0, Math.min(this.pollMs, await this.untilNext()));
    } catch (e) {
      if (!this.stopped) this.options.log?.(`${this.name}: ${(e as Error).message}; retrying in ${this.pollMs} ms`);
    }
    this.wake(delay);
  }
}
