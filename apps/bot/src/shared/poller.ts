export interface PollerOptions<T> {
  /** Named in log lines. */
  name: string;
  /** Pause between rounds that found nothing more to do (default 1 s). */
  intervalMs?: number;
  /** After a failed round the pause doubles up to this (default 30 s); a successful round resets it. */
  maxBackoffMs?: number;
  /** A round whose result says so is followed at once by the next (e.g. it took a full batch). */
  again?: (result: T) => boolean;
  log?: (message: string) => void;
}

/**
 * The bot's background work, polled from the API (the bot keeps no state; several instances share the work):
 * `start` runs `round` in a loop, `stop` ends the loop after the round in progress, `tick` runs one round now
 * (serialized with the loop, so one instance never runs two rounds at once). A failed round is logged and retried
 * with exponential backoff.
 */
export class Poller<T> {
  private readonly o: Required<Omit<PollerOptions<T>, 'again'>> & Pick<PollerOptions<T>, 'again'>;
  private running = false;
  private last: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;

  constructor(
    private readonly round: () => Promise<T>,
    options: PollerOptions<T>,
  ) {
    this.o = { intervalMs: 1000, maxBackoffMs: 30_000, log: (m) => console.warn(`[bot] ${m}`), ...options };
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    void this.loop();
    return this;
  }

  /** Ends the loop; resolves when the round in progress (if any) is over. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.wake?.();
    await this.last.catch(() => undefined);
  }

  /** One round now, after the one in progress; rejects when it fails. */
  tick(): Promise<T> {
    const next = this.last.catch(() => undefined).then(() => this.round());
    this.last = next;
    return next;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let pause = this.o.intervalMs;
      try {
        const result = await this.tick();
        this.failures = 0;
        if (this.o.again?.(result)) pause = 0;
      } catch (e) {
        this.failures++;
        pause = Math.min(this.o.maxBackoffMs, this.o.intervalMs * 2 ** this.failures);
        this.o.log(`${this.o.name}: ${e instanceof Error ? e.message : e} (again in ${pause} ms)`);
      }
      if (!this.running) break;
      await new Promise<void>((r) => {
        this.wake = r;
        this.timer = setTimeout(r, pause);
      });
    }
  }
}
