import { Inject, Injectable } from '@nestjs/common';
import {
  AUCTION_SCHEMA_VERSIONS,
  AUCTION_STREAM_PREFIX,
  auctionStreamId,
  comparePositions,
  formatPosition,
  parsePosition,
  type AuctionEvent,
  type AuctionEventType,
  type AuditEventView,
  type AuditLotStateView,
  type AuditCheckpointVerifyView,
  type AuditCheckpointView,
  type AuditVerifyAllView,
  type AuditVerifyView,
  type GlobalPosition,
} from '@megabot/contracts';
import { auditLotState, auctionDecider, replayStep, type AuctionState } from '@megabot/domain';
import { checkpointSignatureValid, ChainVerifier, compareWithCheckpoint, takeCheckpoint, type EventStore, type RecordedEvent } from '@megabot/event-store';
import { saveCheckpoint } from '@megabot/read-model';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditKeys } from '../../core/audit-keys';
import { EVENT_STORE } from '../../core/api-options';
import { problem } from '../../core/problem';

/** A cut in history: events that occurred at or before `at`, or at or before log `position`. */
export interface AsOf {
  at?: Date;
  position?: GlobalPosition;
}

export interface Period {
  from?: Date;
  to?: Date;
}

const PAGE = 1000;

/**
 * Reads auction history for auditors straight from the event store (the
 * source of truth, not the read model): every event with its envelope and
 * the lot folded after it, through the write side's own upcaster and
 * `evolve`. Whole-log scans are paged and streamed, so a period export never
 * holds more than one page and one folded state per lot in memory.
 */
@Injectable()
export class AuctionAuditService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly keys: AuditKeys,
    private readonly ds: DataSource,
  ) {}

  /** Every stored event of one lot in revision order; 404 when the lot never existed. */
  async streamOf(lotId: string): Promise<RecordedEvent[]> {
    const streamId = auctionStreamId(lotId);
    const events: RecordedEvent[] = [];
    for (;;) {
      const page = await this.store.readStream(streamId, { fromRevision: BigInt(events.length), maxCount: PAGE });
      events.push(...page);
      if (page.length < PAGE) break;
    }
    if (events.length === 0) throw problem(404, 'auction.lot_not_found', `Lot ${lotId} has no history`, undefined, { lotId });
    return events;
  }

  /** The lot's history with the state after each event, up to the cut. */
  async replay(lotId: string, asOf: AsOf = {}): Promise<AuditEventView[]> {
    const events = await this.streamOf(lotId);
    const views: AuditEventView[] = [];
    let state: AuctionState = auctionDecider.initialState;
    for (const e of events) {
      if (!included(e, asOf)) break;
      const step = foldOne(state, e);
      state = step.state;
      views.push(step.view);
    }
    return views;
  }

  /** One lot as of the cut (null when it did not exist yet). */
  async lotAt(lotId: string, asOf: AsOf): Promise<AuditLotStateView | null> {
    const events = await this.replay(lotId, asOf);
    return events.length ? events[events.length - 1].after : null;
  }

  /** Every lot as of the cut, folded from the global log. */
  async lotsAt(asOf: AsOf): Promise<AuditLotStateView[]> {
    const states = new Map<string, AuctionState>();
    const cutOff = new Set<string>(); // streams whose history passed the cut: later events of theirs are ignored
    for await (const page of this.auctionPages(asOf.position)) {
      for (const e of page) {
        if (cutOff.has(e.streamId)) continue;
        if (!included(e, asOf)) {
          cutOff.add(e.streamId);
          continue;
        }
        states.set(e.streamId, foldOne(states.get(e.streamId) ?? auctionDecider.initialState, e).state);
      }
    }
    return [...states.values()]
      .map(auditLotState)
      .filter((s): s is AuditLotStateView => s !== null)
      .sort((a, b) => a.lotId.localeCompare(b.lotId));
  }

  /**
   * Every auction event that occurred in the period, in global order, with
   * the lot after it. Lots are folded from their first event (which may lie
   * before the period) so the state column is right.
   */
  async *eventsInPeriod(
    period: Period,
    onProgress?: (p: { scanned: number; emitted: number; lastOccurredAt: string | null }) => void,
  ): AsyncGenerator<AuditEventView> {
    const states = new Map<string, AuctionState>();
    let scanned = 0;
    let emitted = 0;
    for await (const page of this.auctionPages()) {
      let last: string | null = null;
      for (const e of page) {
        scanned++;
        const step = foldOne(states.get(e.streamId) ?? auctionDecider.initialState, e);
        states.set(e.streamId, step.state);
        const at = new Date(step.view.occurredAt);
        last = step.view.occurredAt;
        if ((period.from && at < period.from) || (period.to && at >= period.to)) continue;
        emitted++;
        yield step.view;
      }
      onProgress?.({ scanned, emitted, lastOccurredAt: last });
    }
  }

  async verify(lotId: string): Promise<AuditVerifyView> {
    const events = await this.streamOf(lotId);
    const v = new ChainVerifier(auctionStreamId(lotId), this.keys.keyring);
    events.forEach((e) => v.add(e));
    return { lotId, ...v.report() };
  }

  /** Recomputes every auction stream's chain in one pass over the global log. */
  async verifyAll(onProgress?: (checked: number) => void): Promise<AuditVerifyAllView> {
    const verifiers = new Map<string, ChainVerifier>();
    let checked = 0;
    for await (const page of this.auctionPages()) {
      for (const e of page) {
        let v = verifiers.get(e.streamId);
        if (!v) verifiers.set(e.streamId, (v = new ChainVerifier(e.streamId, this.keys.keyring)));
        v.add(e);
      }
      checked += page.length;
      onProgress?.(checked);
    }
    // The global log is in commit order, not revision order: a stream's events are still in revision order
    // within it (one stream's appends commit in revision order), so the verifiers saw each stream in order.
    const reports = [...verifiers.values()].map((v) => ({ lotId: v.streamId.slice(AUCTION_STREAM_PREFIX.length), ...v.report() }));
    return {
      streams: reports.length,
      intact: reports.filter((r) => r.status === 'intact').length,
      broken: reports.filter((r) => r.status === 'broken'),
      unverifiable: reports.filter((r) => r.status === 'unverifiable'),
      checkedAt: new Date().toISOString(),
    };
  }

  /** Signs the heads of every auction stream now and keeps the checkpoint (auditors export it and keep it elsewhere too). */
  async takeCheckpoint(): Promise<AuditCheckpointView> {
    const checkpoint = await takeCheckpoint(
      this.store,
      AUCTION_STREAM_PREFIX,
      this.keys.keyring,
      this.keys.signer,
      `cp-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`,
    );
    await saveCheckpoint(this.ds, checkpoint);
    return checkpoint;
  }

  async checkpoints(limit = 50): Promise<{ items: Omit<AuditCheckpointView, 'heads' | 'signature'>[] }> {
    const rows: { checkpoint_id: string; taken_at: Date; position: string; signing_key_id: string; streams: number }[] = await this.ds.query(
      `SELECT checkpoint_id, taken_at, position, signing_key_id, streams FROM audit_ops.checkpoints ORDER BY taken_at DESC LIMIT $1`,
      [limit],
    );
    return {
      items: rows.map((r) => ({
        checkpointId: r.checkpoint_id,
        takenAt: new Date(r.taken_at).toISOString(),
        position: r.position,
        signingKeyId: r.signing_key_id,
        streams: r.streams,
      })),
    };
  }

  async checkpoint(checkpointId: string | 'latest'): Promise<AuditCheckpointView> {
    const [row]: { body: AuditCheckpointView }[] =
      checkpointId === 'latest'
        ? await this.ds.query(`SELECT body FROM audit_ops.checkpoints ORDER BY taken_at DESC LIMIT 1`)
        : await this.ds.query(`SELECT body FROM audit_ops.checkpoints WHERE checkpoint_id = $1`, [checkpointId]);
    if (!row) throw problem(404, 'audit.checkpoint_not_found', checkpointId === 'latest' ? 'No checkpoint was taken yet' : `No checkpoint ${checkpointId}`);
    return row.body;
  }

  /**
   * Checks a kept checkpoint (exported earlier, perhaps kept outside this system) against the streams as they are now:
   * its signature under this deployment's key, then every stream's head - cut short, rewritten at a checkpointed
   * revision, or gone.
   */
  async verifyCheckpoint(checkpoint: AuditCheckpointView): Promise<AuditCheckpointVerifyView> {
    const signatureValid = checkpointSignatureValid(checkpoint, this.keys.signer.publicKey);
    const deviations = await compareWithCheckpoint(checkpoint, {
      lastRevision: async (streamId) => {
        let from = 0n;
        let last: bigint | null = null;
        for (;;) {
          const page = await this.store.readStream(streamId, { fromRevision: from, maxCount: PAGE });
          if (page.length) last = page[page.length - 1].revision;
          if (page.length < PAGE) return last;
          from = last! + 1n;
        }
      },
      hashAt: async (streamId, revision) => {
        const [e] = await this.store.readStream(streamId, { fromRevision: revision, maxCount: 1 });
        return e && e.revision === revision && typeof e.metadata.hash === 'string' ? e.metadata.hash : null;
      },
    });
    return { checkpointId: checkpoint.checkpointId, signatureValid, streams: checkpoint.heads.length, deviations, checkedAt: new Date().toISOString() };
  }

  /** Pages of auction events of the global log (up to `until`, inclusive). */
  private async *auctionPages(until?: GlobalPosition): AsyncGenerator<RecordedEvent[]> {
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      if (page.length === 0) return;
      after = page[page.length - 1].position;
      const inRange = until ? page.filter((e) => comparePositions(e.position, until) <= 0) : page;
      const auction = inRange.filter((e) => e.streamId.startsWith(AUCTION_STREAM_PREFIX));
      if (auction.length) yield auction;
      if (inRange.length < page.length || page.length < PAGE) return;
    }
  }
}

function included(e: RecordedEvent, asOf: AsOf): boolean {
  if (asOf.position && comparePositions(e.position, asOf.position) > 0) return false;
  if (asOf.at && new Date(e.metadata.occurredAt) > asOf.at) return false;
  return true;
}

/** Folds one stored event and describes it (envelope, upcast flag, state after). */
function foldOne(state: AuctionState, e: RecordedEvent): { state: AuctionState; view: AuditEventView } {
  const step = replayStep(state, { type: e.type, data: e.data } as AuctionEvent);
  const schemaVersion = Number(e.metadata.schemaVersion ?? 1);
  const view: AuditEventView = {
    lotId: e.streamId.slice(AUCTION_STREAM_PREFIX.length),
    streamId: e.streamId,
    revision: Number(e.revision),
    position: formatPosition(e.position),
    eventId: e.id,
    type: e.type,
    schemaVersion,
    upcast: schemaVersion < (AUCTION_SCHEMA_VERSIONS[e.type as AuctionEventType] ?? 1),
    occurredAt: e.metadata.occurredAt,
    recordedAt: e.recordedAt.toISOString(),
    actorId: e.metadata.actorId ?? null,
    commandId: e.metadata.commandId ?? null,
    correlationId: e.metadata.correlationId ?? null,
    causationId: e.metadata.causationId ?? null,
    hash: typeof e.metadata.hash === 'string' ? e.metadata.hash : null,
    data: step.event.data,
    after: step.after,
  };
  return { state: step.state, view };
}

/** Parses the query's cut; both at once is ambiguous. */
export function asOfFrom(query: { at?: string; position?: string }): AsOf {
  if (query.at !== undefined && query.position !== undefined) {
    throw problem(400, 'audit.ambiguous_cut', 'Give either at (a timestamp) or position (a log position), not both');
  }
  return { at: query.at ? new Date(query.at) : undefined, position: query.position ? parsePosition(query.position) : undefined };
}
