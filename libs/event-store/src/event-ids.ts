import { createHash } from 'node:crypto';

/**
 * Deterministic event id for the n-th event of a command (name-based UUID,
 * version 5 layout), so a retried command produces the same ids and the
 * store's unique (stream, event id) turns it into a no-op.
 */
export function eventIdFor(commandId: string, index: number): string {
  return derivedUuid(`${commandId}:${index}`);
}

/** A UUID derived from a name: the same name, the same id (a retried request lands on the same record). */
export function derivedUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
