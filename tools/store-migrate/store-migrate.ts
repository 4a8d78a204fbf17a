import { comparePositions, formatPosition, START_POSITION, type GlobalPosition } from '@megabot/contracts';
import { canonicalJson, verifyChain, WrongExpectedRevisionError, type ChainReport, type EventStore, type RecordedEvent } from '@megabot/event-store';

export interface CopyProgress {
  /** Source events handled so far. */
  events: number;
  /** Of them, written to the target by this run. */
  written: number;
  /** Of them, found in the target already (an earlier run). */
  present: number;
  /** Events in the source, when the caller knows (the copy then waits up to 10 s for events held back behind an open transaction). */
  total?: number;
}

export interface CopyOptions {
  /** Events read from the source log at once. */
  pageSize?: number;
  total?: number;
  onProgress?: (p: CopyProgress) => void;
  /**
   * Source positions to find again in the target (reactor checkpoints): each
   * maps to the target position of the last event at or before it.
   */
  positions?: GlobalPosition[];
}

export interface CopyReport extends CopyProgress {
  /** Events per stream in the source, as copied. */
  streams: Map<string, number>;
  /** For each asked source position (formatted), the target position that stands for it. */
  positions: Map<string, GlobalPosition>;
}

/**
 * Copies every event of the source log into the target, in the source's
 * global order (so every reader of the target sees streams interleaved as
 * before), keeping event ids, types, data and metadata (hashes included).
 * Each run of consecutive events of one stream is one append at the revision
 * its first event had in the source: the target then holds the same revisions,
 * and a re-run finds its events there already (idempotent), also after a run
 * that stopped halfway.
 */
export async function copyStore(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyReport> {
  const pageSize = options.pageSize ?? 1000;
  const progress: CopyProgress = { events: 0, written: 0, present: 0, total: options.total };
  const streams = new Map<string, number>();
  const wanted = [...(options.positions ?? [])].sort(comparePositions);
  /** For each wanted position, the last source event at or before it. */
  const standIn = new Map<string, { streamId: string; revision: bigint }>();
  let after: GlobalPosition | undefined;
  for (let waits = 0; ;) {
    const page = await source.readAll({ after, maxCount: pageSize });
    if (page.length === 0) {
      // Postgres hands out settled events only: a transaction still open elsewhere holds the rest back for a moment.
      if (options.total === undefined || progress.events >= options.total || ++waits > 100) break;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    for (const run of runsOf(page)) {
      await copyRun(target, run, progress);
      for (const e of run) {
        streams.set(e.streamId, (streams.get(e.streamId) ?? 0) + 1);
        for (const p of wanted) if (comparePositions(e.position, p) <= 0) standIn.set(formatPosition(p), { streamId: e.streamId, revision: e.revision });
      }
      options.onProgress?.({ ...progress });
    }
    after = page[page.length - 1].position;
  }
  const positions = new Map<string, GlobalPosition>();
  for (const p of wanted) {
    const at = standIn.get(formatPosition(p));
    if (!at) {
      positions.set(formatPosition(p), START_POSITION); // before every event: the start of the target too
      continue;
    }
    const [event] = await target.readStream(at.streamId, { fromRevision: at.revision, maxCount: 1 });
    if (!event) throw new Error(`${at.streamId} revision ${at.revision} is missing in the target`);
    positions.set(formatPosition(p), event.position);
  }
  return { ...progress, streams, positions };
}

/** Consecutive events of the same stream (their revisions are consecutive too). */
function runsOf(page: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const e of page) {
    const last = runs[runs.length - 1];
    if (last && last[0].streamId === e.streamId && last[last.length - 1].revision + 1n === e.revision) last.push(e);
    else runs.push([e]);
  }
  return runs;
}

async function copyRun(target: EventStore, run: RecordedEvent[], progress: CopyProgress): Promise<void> {
  const streamId = run[0].streamId;
  const first = run[0].revision;
  const data = (events: RecordedEvent[]) => events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
  progress.events += run.length;
  try {
    const r = await target.append(streamId, data(run), first === 0n ? 'no_stream' : first - 1n);
    if (r.duplicate) progress.present += run.length;
    else progress.written += run.length;
    return;
  } catch (e) {
    if (!(e instanceof WrongExpectedRevisionError)) throw e;
  }
  // The target has part of this run already (an earlier run stopped with other page boundaries), or something else.
  const there = await target.readStream(streamId, { fromRevision: first, maxCount: run.length });
  there.forEach((t, i) => {
    if (t.id !== run[i].id) {
      throw new Error(
        `${streamId} revision ${t.revision} is event ${t.id} in the target but ${run[i].id} in the source: the target holds other events, copy into an empty EventStoreDB`,
      );
    }
  });
  if (there.length === 0) throw new Error(`${streamId} in the target ends before revision ${first}: its earlier events are missing there`);
  progress.present += there.length;
  const rest = run.slice(there.length);
  if (rest.length === 0) return;
  await target.append(streamId, data(rest), there[there.length - 1].revision);
  progress.written += rest.length;
}

export interface StreamMismatch {
  streamId: string;
  reason: string;
}

export interface VerifyReport {
  streams: number;
  events: number;
  /** Streams whose copy differs from the source (count, ids, types, data, metadata). */
  mismatches: StreamMismatch[];
  /** Hash-chained streams (auction) whose chain verifies in the target. */
  chainsIntact: number;
  /** Chains broken in the target; `inSource` tells whether the source was broken the same way. */
  chainsBroken: (ChainReport & { inSource: boolean })[];
  ok: boolean;
}

/**
 * Compares every copied stream with its source, event by event (ids, types,
 * data and metadata, canonically), and recomputes the hash chains of the
 * streams that carry them (auction) in the target. A chain that was already
 * broken in the source is reported as such, not as a failed copy.
 */
export async function verifyCopy(
  source: EventStore,
  target: EventStore,
  streams: Iterable<string>,
  onProgress?: (streamsChecked: number) => void,
): Promise<VerifyReport> {
  const report: VerifyReport = { streams: 0, events: 0, mismatches: [], chainsIntact: 0, chainsBroken: [], ok: true };
  for (const streamId of streams) {
    const [s, t] = await Promise.all([source.readStream(streamId), target.readStream(streamId)]);
    report.streams++;
    report.events += t.length;
    const reason = difference(s, t);
    if (reason) report.mismatches.push({ streamId, reason });
    if (t.some((e) => typeof e.metadata.hash === 'string')) {
      const chain = verifyChain(streamId, t);
      if (chain.status === 'intact') report.chainsIntact++;
      else report.chainsBroken.push({ ...chain, inSource: verifyChain(streamId, s).status !== 'intact' });
    }
    onProgress?.(report.streams);
  }
  report.ok = report.mismatches.length === 0 && report.chainsBroken.every((c) => c.inSource);
  return report;
}

function difference(source: RecordedEvent[], target: RecordedEvent[]): string | undefined {
  if (source.length !== target.length) return `${source.length} event(s) in the source, ${target.length} in the target`;
  for (let i = 0; i < source.length; i++) {
    const [a, b] = [source[i], target[i]];
    const at = `revision ${a.revision}`;
    if (a.revision !== b.revision) return `${at}: revision ${b.revision} in the target`;
    if (a.id !== b.id) return `${at}: event ${a.id} in the source, ${b.id} in the target`;
    if (a.type !== b.type) return `${at}: type ${a.type} in the source, ${b.type} in the target`;
    if (canonicalJson(a.data) !== canonicalJson(b.data)) return `${at}: the data differs`;
    if (canonicalJson(a.metadata) !== canonicalJson(b.metadata)) return `${at}: the metadata differs`;
  }
  return undefined;
}
