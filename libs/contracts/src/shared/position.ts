/**
 * A point in the global event log. EventStoreDB calls its parts commit and
 * prepare; the Postgres store uses (transaction id, sequence), ordered the
 * same way. Serialized as "commit-prepare" for HTTP.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export const START_POSITION: GlobalPosition = { commit: 0n, prepare: 0n };

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function formatPosition(p: GlobalPosition): string {
  return `${p.commit}-${p.prepare}`;
}

const POSITION_RE = /^(\d{1,20})-(\d{1,20})$/;

export function isPosition(text: string): boolean {
  return POSITION_RE.test(text);
}

export function parsePosition(text: string): GlobalPosition {
  const m = POSITION_RE.exec(text);
  if (!m) throw new Error(`not a log position: "${text}" (expected "<commit>-<prepare>")`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}
