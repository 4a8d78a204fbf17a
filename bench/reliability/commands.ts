import { chainKeyOf, keyringOf, verifyChain, type PostgresEventStore } from '@megabot/event-store';
import { PROBLEM_CONTENT_TYPE } from '@megabot/contracts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seeded generator of numbers in [0, 1) (mulberry32): the fault probes' random points repeat with the seed. */
export function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A command as the client saw it: its id in the log, every answer it got (0 = no answer), the last answer's body. */
export interface Sent {
  commandId: string;
  statuses: number[];
  status: number;
  body?: Record<string, unknown>;
  /** 503 answers that were problem+json with a Retry-After header. */
  unavailableAsProblem: number;
}

/**
 * POSTs a command with an idempotency key as the bot does for a Telegram user. With `retry`, an answer that is none
 * (connection refused or cut) or a 5xx is retried with the same key - after Retry-After when given - until another
 * answer comes or `retryForMs` passes: what a well-behaved client does while the API or its database is down.
 */
export async function sendCommand(
  origin: string,
  path: string,
  headers: Record<string, string>,
  key: string,
  body: unknown,
  options: { retry?: boolean; retryForMs?: number } = {},
): Promise<Sent> {
  const sent: Sent = { commandId: `tg${headers['x-telegram-user-id']}/${key}`, statuses: [], status: 0, unavailableAsProblem: 0 };
  const deadline = Date.now() + (options.retryForMs ?? 60_000);
  for (;;) {
    let wait = 200;
    try {
      const res = await fetch(`${origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      sent.status = res.status;
      const text = await res.text();
      sent.body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      const retryAfter = Number(res.headers.get('retry-after'));
      if (res.status === 503 && res.headers.get('content-type')?.startsWith(PROBLEM_CONTENT_TYPE) && retryAfter > 0) {
        sent.unavailableAsProblem++;
        wait = Math.min(retryAfter * 1000, 2_000);
      }
    } catch {
      sent.status = 0;
      sent.body = undefined;
    }
    sent.statuses.push(sent.status);
    if (!options.retry || (sent.status !== 0 && sent.status < 500) || Date.now() > deadline) return sent;
    await sleep(wait);
  }
}

/**
 * What the log says of the commands sent: acknowledged (2xx) ones that wrote nothing are lost, and a command whose
 * events came in more than one append (transaction) had its effect twice.
 */
export async function commandLog(store: PostgresEventStore, sent: Sent[]) {
  const ids = sent.map((s) => s.commandId);
  const rows: { command_id: string; appends: number }[] = await store.pool
    .query(
      `SELECT metadata->>'commandId' AS command_id, count(DISTINCT transaction_id)::int AS appends
     FROM ${store.schema}.events WHERE metadata->>'commandId' = ANY($1) GROUP BY 1`,
      [ids],
    )
    .then((r) => r.rows);
  const appends = new Map(rows.map((r) => [r.command_id, r.appends]));
  // a bid that changes nothing (a maximum below one's own) answers 201 with outcome null and writes no event
  const wrote = (s: Sent) => s.status >= 200 && s.status < 300 && s.body?.outcome !== null;
  const statuses = sent.flatMap((s) => s.statuses);
  return {
    sent: sent.length,
    attempts: statuses.length,
    acknowledged: sent.filter((s) => s.status >= 200 && s.status < 300).length,
    refused4xx: sent.filter((s) => s.status >= 400 && s.status < 500).length,
    refusedByCode: sent.reduce<Record<string, number>>((by, s) => {
      if (s.status >= 400 && s.status < 500) by[String(s.body?.code ?? s.status)] = (by[String(s.body?.code ?? s.status)] ?? 0) + 1;
      return by;
    }, {}),
    unanswered: sent.filter((s) => s.status === 0 || s.status >= 500).length,
    noAnswer: statuses.filter((s) => s === 0).length,
    unavailable503: statuses.filter((s) => s === 503).length,
    serverErrorsOther5xx: statuses.filter((s) => s >= 500 && s !== 503).length,
    unavailable503AsProblemWithRetryAfter: sent.reduce((n, s) => n + s.unavailableAsProblem, 0),
    lost: sent.filter((s) => wrote(s) && !appends.has(s.commandId)).length,
    duplicated: [...appends.values()].filter((n) => n > 1).length,
  };
}

/** The audit hash chain of every stream with the given prefix, verified with the deployment's key. */
export async function verifyChains(store: PostgresEventStore, streamPrefix: string, chainKey: string) {
  const { rows } = await store.pool.query(`SELECT DISTINCT stream_id FROM ${store.schema}.events WHERE stream_id LIKE $1`, [`${streamPrefix}%`]);
  const keyring = keyringOf([chainKeyOf(chainKey)]);
  const reports = await Promise.all(rows.map(async (r: { stream_id: string }) => verifyChain(r.stream_id, await store.readStream(r.stream_id), keyring)));
  return {
    streams: reports.length,
    intact: reports.filter((r) => r.status === 'intact').length,
    broken: reports.filter((r) => r.status !== 'intact').map((r) => r.streamId),
  };
}
