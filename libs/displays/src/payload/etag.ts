import { createHash } from 'node:crypto';

/**
 * ETag of a payload (PROTOCOL.md §4): the first 16 hex digits of SHA-256
 * over its lines except etag= and refresh=, with now= cut to its date - so
 * it changes with everything the panel shows and never with the time of day.
 */
export function payloadEtag(lines: readonly string[]): string {
  const content = lines
    .filter((l) => !l.startsWith('etag=') && !l.startsWith('refresh='))
    .map((l) => (l.startsWith('now=') ? l.slice(0, 'now=YYYY-MM-DD'.length) : l))
    .join('\n');
  return createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 16);
}
