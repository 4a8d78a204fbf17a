import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import type { RecordedEvent } from '../event-store.port';

export interface SettledRead {
  events: RecordedEvent[];
  /** Newer committed events wait behind an open transaction (see PostgresEventStore.readSettled). */
  fenced: boolean;
}

/**
 * The settled tail of the global log, read once for every subscription of a store. A projector process follows the
 * log with one subscription per projection and process manager; at the head they all ask for the same new events
 * within milliseconds, and without sharing each read parsed and shipped every event again (a dozen reads of the same
 * rows per commit).
 *
 * Holds the last events read as one complete range: every event with `lower < position <= upper`, in order. A range
 * is complete because a read stops at the first event of a transaction still in flight (the fence), and every
 * transaction in flight then sorts after every event it returned, so nothing can appear inside the range later.
 * A read at the upper end is shared by the callers waiting on it; a caller takes an empty answer only from a read
 * begun after it asked (one begun earlier may predate the commit that woke it). Reads outside the range go to the
 * database on their own.
 */
export class SharedLogReads {
  private events: RecordedEvent[] = [];
  /** Exclusive lower end of the range; null until the first read. */
  private lower: GlobalPosition | null = null;
  private inFlight: { from: GlobalPosition; started: number; result: Promise<SettledRead> } | null = null;
  private reads = 0;

  constructor(
    private readonly read: (after: GlobalPosition, max: number) => Promise<SettledRead>,
    /** Events kept (the oldest go first). */
    private readonly capacity = 10_000,
  ) {}

  async readSettled(after: GlobalPosition, max: number): Promise<SettledRead> {
    const askedAt = this.reads;
    for (;;) {
      const served = this.serve(after, max);
      if (served) return served;
      if (this.lower === null || comparePositions(after, this.upper) !== 0) return this.readElsewhere(after, max);
      const read = this.inFlight ?? this.readAtUpper(max);
      const result = await read.result;
      if (comparePositions(read.from, after) === 0 && (result.events.length > 0 || read.started > askedAt)) {
        return { events: result.events.slice(0, max), fenced: result.fenced };
      }
    }
  }

  private get upper(): GlobalPosition {
    return this.events.length ? this.events[this.events.length - 1].position : this.lower!;
  }

  /** The events of the range after `after`, when the range holds any. */
  private serve(after: GlobalPosition, max: number): SettledRead | undefined {
    if (this.lower === null || comparePositions(after, this.lower) < 0 || comparePositions(after, this.upper) >= 0) return undefined;
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (comparePositions(this.events[mid].position, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return { events: this.events.slice(lo, lo + max), fenced: false };
  }

  private readAtUpper(max: number) {
    const from = this.upper;
    const started = ++this.reads;
    const result = this.read(from, max)
      .then((r) => {
        if (this.lower !== null && comparePositions(from, this.upper) === 0) this.extend(r.events);
        return r;
      })
      .finally(() => {
        if (this.inFlight?.started === started) this.inFlight = null;
      });
    this.inFlight = { from, started, result };
    return this.inFlight;
  }

  /** Before the range (a subscription catching up) or past it (a checkpoint another process moved): a read of its own. */
  private async readElsewhere(after: GlobalPosition, max: number): Promise<SettledRead> {
    this.reads++;
    const r = await this.read(after, max);
    // A newer complete range replaces the shared one: the subscriptions at the head will meet it.
    if (r.events.length && (this.lower === null || comparePositions(r.events[r.events.length - 1].position, this.upper) > 0)) {
      this.lower = after;
      this.events = [];
      this.extend(r.events);
    }
    return r;
  }

  private extend(events: RecordedEvent[]) {
    for (const e of events) this.events.push(e);
    const excess = this.events.length - this.capacity;
    if (excess > 0) {
      this.lower = this.events[excess - 1].position;
      this.events = this.events.slice(excess);
    }
  }
}
