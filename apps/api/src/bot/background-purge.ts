/** Housekeeping piggy-backed on writes: runs `purge` at most once per `everyMs` per process, never twice at once. */
export class BackgroundPurge {
  private last = 0;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly purge: () => Promise<unknown>,
    private readonly everyMs = 10 * 60 * 1000,
  ) {}

  /** Starts a purge in the background when one is due; failures are ignored (the next one retries). */
  maybeRun(): void {
    const now = Date.now();
    if (this.running || now - this.last < this.everyMs) return;
    this.last = now;
    this.running = this.purge()
      .catch(() => undefined)
      .finally(() => (this.running = null));
  }

  /** Waits for a purge in flight (shutdown). */
  async settle(): Promise<void> {
    await this.running;
  }
}
