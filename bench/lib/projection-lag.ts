import { Client } from 'pg';
import { summarize } from './stats';

/**
 * How far a projection trails the log while load runs. Every `everyMs` one query reads the log's head (its last
 * event in global order) and the projection's checkpoint; an event that was the head at time t is projected at the
 * first sample whose checkpoint has reached it, and its lag is the time between (resolution: the sampling interval).
 */
export function sampleProjectionLag(databaseUrl: string, projection: { schema: string; name: string }, everyMs = 10) {
  const client = new Client({ connectionString: databaseUrl });
  const pending: { t: number; tx: bigint; pos: bigint }[] = [];
  const lags: number[] = [];
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const t = Date.now();
      const { rows } = await client.query(
        // The head through the global-order index (ordering the subquery by its own ::text output sorted the whole log as text).
        `SELECT h.transaction_id::text AS head_tx, h.position::text AS head_pos, c.commit_position::text AS tx, c.prepare_position::text AS pos
         FROM ${projection.schema}.checkpoint c
         LEFT JOIN LATERAL (SELECT transaction_id, position FROM es.events ORDER BY transaction_id DESC, position DESC LIMIT 1) h ON true
         WHERE c.projection = $1`,
        [projection.name],
      );
      const r = rows[0];
      if (r?.head_tx) {
        const cp = { tx: BigInt(r.tx), pos: BigInt(r.pos) };
        const head = { t, tx: BigInt(r.head_tx), pos: BigInt(r.head_pos) };
        const last = pending[pending.length - 1];
        if (!last || last.tx !== head.tx || last.pos !== head.pos) pending.push(head);
        while (pending.length && (cp.tx > pending[0].tx || (cp.tx === pending[0].tx && cp.pos >= pending[0].pos))) lags.push(t - pending.shift()!.t);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    await client.end();
    return { samples: lags.length, resolutionMs: everyMs, lagMs: summarize(lags) };
  };
}
