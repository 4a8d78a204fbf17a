import type { DisplayPayload } from './build-payload';

export interface DisplayResponse {
  status: 200 | 304;
  headers: Record<string, string>;
  /** Empty on 304. */
  body: string;
}

/** Strong or weak, quoted or not: `"7f3a"`, `W/"7f3a"`, `7f3a`. A list matches if any entry does. */
function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((raw) => {
    const v = raw.trim().replace(/^W\//, '');
    return v === '*' || v.replace(/^"(.*)"$/, '$1') === etag;
  });
}

/**
 * The HTTP answer to `GET /displays/schedule` (PROTOCOL.md §1): 304 with
 * `X-Refresh-Sec` when the display already shows this content, else 200
 * with the payload, its ETag and the same refresh hint.
 */
export function respondToDisplay(payload: DisplayPayload, ifNoneMatch?: string | null): DisplayResponse {
  const common = { ETag: `"${payload.etag}"`, 'X-Refresh-Sec': String(payload.refreshSec), 'Cache-Control': 'no-store' };
  if (etagMatches(ifNoneMatch, payload.etag)) return { status: 304, headers: common, body: '' };
  return { status: 200, headers: { ...common, 'Content-Type': 'text/plain; charset=utf-8' }, body: payload.body };
}
