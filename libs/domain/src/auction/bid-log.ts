/**
 * An append-only, immutable list of a listing's bids (submitted maxima) in
 * stream order. Appending copies at most one small chunk (plus, once per
 * chunk, the list of chunk references), so folding a hot lot with tens of
 * thousands of bids stays linear while every folded state remains a
 * plain, immutable value.
 */
export interface BidEntry {
  readonly bidNo: number;
  readonly bidderId: string;
  readonly maximum: number;
  readonly placedAt: string;
}

export interface BidLog {
  readonly chunks: readonly (readonly BidEntry[])[];
  readonly tail: readonly BidEntry[];
  readonly size: number;
}

const CHUNK = 64;

export const EMPTY_BID_LOG: BidLog = Object.freeze({ chunks: [], tail: [], size: 0 });

export function appendBid(log: BidLog, entry: BidEntry): BidLog {
  if (log.tail.length < CHUNK) return { chunks: log.chunks, tail: [...log.tail, entry], size: log.size + 1 };
  return { chunks: [...log.chunks, log.tail], tail: [entry], size: log.size + 1 };
}

export function bidsInOrder(log: BidLog): BidEntry[] {
  const out: BidEntry[] = [];
  for (const c of log.chunks) for (const e of c) out.push(e);
  for (const e of log.tail) out.push(e);
  return out;
}

/** The newest entry matching `pred` (scans from the end: the entry sought is nearly always recent). */
export function findLastBid(log: BidLog, pred: (e: BidEntry) => boolean): BidEntry | undefined {
  for (let i = log.tail.length - 1; i >= 0; i--) if (pred(log.tail[i])) return log.tail[i];
  for (let c = log.chunks.length - 1; c >= 0; c--) {
    const chunk = log.chunks[c];
    for (let i = chunk.length - 1; i >= 0; i--) if (pred(chunk[i])) return chunk[i];
  }
  return undefined;
}
