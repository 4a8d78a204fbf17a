import { FixtureServer } from './fixtures/fixture-server';
import { retryAfterMs, SourceHttp, SourceHttpError } from './source-http';

describe('SourceHttp', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('gives up on a source that keeps throttling, and never puts the query or the credential in the error', async () => {
    const server = await new FixtureServer(() => ({ json: { ok: true } })).start();
    try {
      server.throttle(10, '1');
      const waits: number[] = [];
      const http = new SourceHttp({ authorization: 'Bearer s3cret', maxAttempts: 3, sleep: async (ms) => void waits.push(ms) });
      const error = await http.getJson(`${server.url}/api?token=s3cret`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceHttpError);
      expect((error as Error).message).toBe(`${server.url}/api?…: still throttled (429) after 3 attempt(s)`);
      expect(waits).toEqual([1000, 1000]);
      const tooLong = new SourceHttp({ maxRetryAfterMs: 5000, sleep: async () => undefined });
      server.throttle(1, '3600');
      await expect(tooLong.getJson(`${server.url}/api`)).rejects.toThrow('still throttled');
    } finally {
      await server.stop();
    }
  });
});
