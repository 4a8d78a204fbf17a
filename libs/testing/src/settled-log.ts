import type { EventStore, RecordedEvent } from '@megabot/event-store';

/**
 * The global log as far as it holds every event of `streams`. The Postgres
 * store hands out settled events only: a transaction still open anywhere on
 * the server (another test suite on the shared database) fences newer events
 * for a moment, so one readAll right after an append may miss the tail.
 */
export async function readSettledLog(store: EventStore, streams: readonly string[], timeoutMs = 10_000): Promise<RecordedEvent[]> {
  let expected = 0;
  for (const s of streams) expected += (await store.readStream(s)).length;
  const wanted = new Set(streams);
  for (const deadline = Date.now() + timeoutMs; ;) {
    const all: RecordedEvent[] = [];
    for (;;) {
      const page = await store.readAll({ after: all.at(-1)?.position, maxCount: 5000 });
      all.push(...page);
      if (page.length < 5000) break;
    }
    if (all.filter((e) => wanted.has(e.streamId)).length >= expected) return all;
    if (Date.now() > deadline) throw new Error(`the global log did not show all ${expected} events of ${streams.join(', ')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
