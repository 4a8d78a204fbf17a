import type { AuctionEvent } from '@megabot/contracts';
import { auctionWriteSide, DomainError, type AuctionCommand, type AuctionState } from '@megabot/domain';
import { StreamCommandProcessor, type ChainKey, type EventStore } from '@megabot/event-store';
import type { DataSource } from 'typeorm';
import { PollingManager, type PollingOptions } from '../../polling-manager';

export interface ClosingOptions extends PollingOptions {
  /** The auction chain's key (AUDIT_CHAIN_KEY): the LotClosed events it writes are chained like the API's. */
  chainKey?: ChainKey;
  /** Read-model schema of the auction projection. */
  schema?: string;
}

export interface ClosingRound {
  /** Lots found due. */
  due: number;
  /** LotClosed events this manager wrote. */
  closed: number;
}

/**
 * Process manager that closes each lot at its (possibly extended) deadline.
 *
 * It looks for due lots in the read model (`status = 'open' AND closes_at <=
 * now`) when it starts, at the next known deadline and at least every
 * `pollMs`, and sends CloseLot through a StreamCommandProcessor over the
 * event store. Exactly once, without coordination: the domain decides the
 * close against the stream itself (a second close is a no-op, a close
 * before the real - maybe extended - deadline is refused), and the stream's
 * optimistic concurrency lets only one of several racing instances write.
 * Nothing is kept between runs: after a restart the read model still shows
 * the lot open, so it is closed then.
 */
export class AuctionClosingManager extends PollingManager {
  readonly name = 'auction-closing';
  private readonly processor: StreamCommandProcessor<AuctionCommand, AuctionEvent, AuctionState>;
  private readonly schema: string;

  constructor(
    store: EventStore,
    private readonly ds: DataSource,
    options: ClosingOptions = {},
  ) {
    super({ ...options, batchSize: options.batchSize ?? 500 });
    this.schema = options.schema ?? 'auction';
    this.processor = new StreamCommandProcessor(store, auctionWriteSide, { clock: this.clock, chainKey: options.chainKey });
  }

  get stats() {
    return this.processor.stats;
  }

  /** Closes every lot due now; returns how many were due and how many this call closed. */
  async tick(): Promise<ClosingRound> {
    const round: ClosingRound = { due: 0, closed: 0 };
    const seen = new Set<string>();
    for (;;) {
      const now = this.clock();
      const due: { lot_id: string; round: number }[] = await this.ds.query(
        `SELECT lot_id, round FROM ${this.schema}.lots WHERE status = 'open' AND closes_at <= $1 ORDER BY closes_at, lot_id LIMIT $2`,
        [now.toISOString(), this.batchSize],
      );
      const fresh = due.filter((d) => !seen.has(d.lot_id));
      if (!fresh.length) break;
      fresh.forEach((d) => seen.add(d.lot_id));
      round.due += fresh.length;
      const results = await Promise.all(fresh.map((d) => this.close(d.lot_id, d.round)));
      round.closed += results.filter(Boolean).length;
      if (due.length < this.batchSize) break;
    }
    return round;
  }

  /** True when this call wrote the LotClosed. */
  private async close(lotId: string, round: number): Promise<boolean> {
    try {
      // One command id per listing: a retry, or a second instance, is the same command.
      const outcome = await this.processor.execute({ type: 'CloseLot', lotId }, { commandId: `auction-close-${lotId}-r${round}`, actorId: 'auction-closing' });
      return !outcome.duplicate && outcome.events.some((e) => e.type === 'LotClosed');
    } catch (e) {
      // not due yet: an extension the read model has not shown yet - the next look finds the new deadline
      if (e instanceof DomainError) return false;
      this.options.log?.(`closing ${lotId}: ${(e as Error).message}`);
      return false;
    }
  }

  /** Until the next known deadline (the base caps it at pollMs). */
  protected override async untilNext(): Promise<number> {
    const now = this.clock();
    const [row] = await this.ds.query(`SELECT min(closes_at) AS next FROM ${this.schema}.lots WHERE status = 'open' AND closes_at > $1`, [now.toISOString()]);
    if (!row?.next) return this.pollMs;
    return Math.max(0, Math.min(this.pollMs, new Date(row.next).getTime() - now.getTime()));
  }
}
