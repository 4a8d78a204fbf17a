import { comparePositions, type GlobalPosition } from '@megabot/contracts';

/**
 * Progress of a follower of the global log (a projection, a reactor) over batches that hold nothing it handles.
 *
 * Writing the checkpoint for each such batch cost one transaction per follower per batch (advisory lock, checkpoint
 * `SELECT … FOR UPDATE`, `UPDATE`, commit: a WAL flush), ten and more per batch of bids on a hot lot where one or two
 * followers had rows to write. The position passed over is kept in memory instead and written by the follower's next
 * transaction, or by `flush` once it has waited `everyMs`. A crash in between loses nothing: the follower reads those
 * events again, and they are ones it does nothing with. Only the follower itself writes it, and only forwards.
 */
export class DeferredCheckpoint {
  /** When the oldest unwritten pass-over happened; null when the stored checkpoint is current. */
  private since: number | null = null;
  private target: GlobalPosition | null = null;
  private timer?: NodeJS.Timeout;
  private flushing = false;

  constructor(
    /** Writes `position` in the follower's own transaction (forwards only; it must refuse a checkpoint reset behind it). */
    private readonly write: (position: GlobalPosition) => Promise<void>,
    private readonly everyMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A batch with nothing the follower handles, ending at `position`: true when it may pass without a transaction now
   * (it is remembered), false when the pass-overs have waited long enough and this batch's transaction should be written.
   */
  passOver(position: GlobalPosition): boolean {
    const t = this.now();
    this.since ??= t;
    if (t - this.since >= this.everyMs) return false;
    if (!this.target || comparePositions(position, this.target) > 0) this.target = position;
    return true;
  }

  /** The follower wrote its checkpoint at `position` in a transaction of its own: what was deferred up to there is written. */
  written(position: GlobalPosition): void {
    if (this.target && comparePositions(this.target, position) > 0) return;
    this.since = null;
    this.target = null;
  }

  /** Forgets what was passed over: the follower starts again from its stored checkpoint (a restart, a reset behind it). */
  reset(): void {
    this.since = null;
    this.target = null;
  }

  /** Writes deferred progress that has waited `everyMs` (the log went quiet after a pass-over); checked every half of it. */
  start(onError: (e: unknown) => void): void {
    this.timer = setInterval(() => void this.flush().catch(onError), Math.max(10, this.everyMs / 2));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Writes what was passed over once it has waited `everyMs`, or at once with `now` (the follower stopping). */
  async flush(now = false): Promise<void> {
    const target = this.target;
    if (!target || this.flushing || this.since === null || (!now && this.now() - this.since < this.everyMs)) return;
    this.flushing = true;
    try {
      await this.write(target);
      this.written(target);
    } finally {
      this.flushing = false;
    }
  }
}
