import type { ChildProcess } from 'node:child_process';
import { allProjections } from '../../apps/projector/src/projections';
import { replayInto } from '../../apps/projector/src/rebuild';
import type { Projection } from '../../apps/projector/src/projection';
import { ready, Restartable, stop } from '../lib/processes';
import { startBenchSystem, type BenchSystem } from '../lib/system';
import { commandLog, randomOf, sendCommand, sleep, type Sent } from './commands';

/**
 * Crash and restart: kill -9 at random points while a bid storm runs, and check what the log and the read side say.
 *  - the projector, KILLS times during the storm (closing lots fall due meanwhile) → after the last restart every
 *    projection's tables equal a fresh replay of the whole log into a scratch schema;
 *  - the API, mid-command (a burst of bids in flight) → the client retries each unanswered command with the same
 *    idempotency key until it is answered: every command has its effect once (one append in the log);
 *  - the closing process manager, killed with the projector → every lot closes exactly once.
 */
export async function crashAndRestart(opts: { dist: string; log: (m: string) => void; seed: number; kills: number; stormMs: number }) {
  const { log } = opts;
  const random = randomOf(opts.seed);
  const sys = await startBenchSystem('crash', opts.dist);
  const children: ChildProcess[] = [];
  try {
    const { env: apiEnv, origin } = await sys.apiEnv();
    const api = new Restartable(sys.apiFile, apiEnv, children);
    const projector = new Restartable(sys.projectorFile, sys.env, children);
    await ready(api.current);
    const bidders = Array.from({ length: 16 }, (_, i) => `crash-bidder-${i}`);
    await sys.actors.hire(sys.store, origin, ['crash-seller', ...bidders]);

    // lots: half open past the probe, half falling due during the storm (no soft close: the deadline stays put)
    const lots = Array.from({ length: 16 }, (_, i) => `crash${i}`);
    const t0 = Date.now();
    const closing = lots.filter((_, i) => i % 2 === 1);
    const sent: Sent[] = [];
    for (const [i, lotId] of lots.entries()) {
      const closesAt = closing.includes(lotId) ? new Date(t0 + 5_000 + Math.floor((i * opts.stormMs) / lots.length)) : new Date(t0 + 86_400_000);
      const body = {
        lotId,
        kind: 'own_lot',
        title: lotId,
        startingPrice: 1000,
        closesAt: closesAt.toISOString(),
        rules: { softClose: { maxExtensions: 0 }, incrementTiers: [{ from: 0, increment: 10 }] },
      };
      sent.push(await sendCommand(origin, '/auctions', sys.actors.as('crash-seller'), `open-${lotId}`, body));
    }

    // 1. the bid storm, with the projector killed at random points
    const price = new Map(lots.map((l) => [l, 1000]));
    let bidNo = 0;
    let storming = true;
    const bidder = async (who: string) => {
      while (storming) {
        const lotId = lots[Math.floor(random() * lots.length)];
        const amount = price.get(lotId)! + 10 * (1 + Math.floor(random() * 5));
        price.set(lotId, amount);
        sent.push(await sendCommand(origin, `/auctions/${lotId}/bids`, sys.actors.as(who), `bid-${bidNo++}`, { amount }));
      }
    };
    const storm = Promise.all(bidders.map(bidder));
    const killAt = Array.from({ length: opts.kills }, () => random() * opts.stormMs).sort((a, b) => a - b);
    for (const at of killAt) {
      await sleep(Math.max(0, t0 + at - Date.now()));
      await projector.crashAndRestart(false);
    }
    await sleep(Math.max(0, t0 + opts.stormMs - Date.now()));
    storming = false;
    await storm;
    log(`crash: storm of ${sent.length} commands, projector killed ${projector.restarts} times`);

    // 2. the API killed with bids in flight; the client retries each with its key until it has an answer
    const apiRounds = [];
    for (let round = 0; round < 3; round++) {
      const burst = bidders.map((who, i) => {
        const lotId = lots[(round * bidders.length + i) % lots.length];
        const amount = price.get(lotId)! + 10;
        price.set(lotId, amount);
        return { who, path: `/auctions/${lotId}/bids`, key: `api-crash-${round}-${i}`, body: { amount } };
      });
      const first = burst.map((b) => sendCommand(origin, b.path, sys.actors.as(b.who), b.key, b.body));
      await sleep(random() * 30);
      await api.crashAndRestart(true);
      const answers = await Promise.all(first);
      const retried = await Promise.all(
        burst.map((b, i) =>
          answers[i].status === 0 || answers[i].status >= 500 ? sendCommand(origin, b.path, sys.actors.as(b.who), b.key, b.body, { retry: true }) : undefined,
        ),
      );
      // one command each, with every answer it got: the first (none, the API died) and the retries'
      burst.forEach((_, i) => sent.push(retried[i] ? { ...retried[i], statuses: [...answers[i].statuses, ...retried[i].statuses] } : answers[i]));
      apiRounds.push({ inFlight: burst.length, unansweredBeforeTheCrash: retried.filter(Boolean).length });
    }

    // 3. every closing lot falls due; the closing manager (killed with the projector) closes each once
    const lastDeadline = t0 + 5_000 + opts.stormMs;
    await waitFor(async () => Date.now() > lastDeadline + 2_000 && (await closedLots(sys)).size >= closing.length, 60_000);
    const closes = await closedLots(sys);

    // 4. the read side caught up, stopped; each projection against a fresh replay
    const projections = allProjections({});
    await waitFor(async () => (await Promise.all(projections.map((p) => caughtUp(sys, p)))).every(Boolean), 60_000);
    await stop(projector.current);
    const readModels = [];
    for (const p of projections) readModels.push(await compareWithReplay(sys, p));

    const commands = await commandLog(sys.store, sent);
    const report = {
      faultsInjected: { projectorKills: projector.restarts, apiKills: api.restarts },
      commands,
      apiCrashRounds: apiRounds,
      closing: {
        lots: closing.length,
        closedExactlyOnce: [...closes.values()].filter((n) => n === 1).length,
        closedTwiceOrMore: [...closes.values()].filter((n) => n > 1).length,
        notClosed: closing.length - closes.size,
      },
      readModels,
      readModelEqualsRebuild: readModels.every((r) => r.differingRows === 0),
    };
    const failed = [
      ...(commands.lost ? [`${commands.lost} acknowledged commands lost`] : []),
      ...(commands.duplicated ? [`${commands.duplicated} commands with more than one effect`] : []),
      ...(commands.serverErrorsOther5xx ? [`${commands.serverErrorsOther5xx} 5xx answers`] : []),
      ...(commands.unanswered ? [`${commands.unanswered} commands never answered`] : []),
      ...(report.closing.closedExactlyOnce !== closing.length ? ['a lot not closed exactly once'] : []),
      ...readModels.filter((r) => r.differingRows).map((r) => `read model ${r.projection} differs from its rebuild (${r.differing.join(', ')})`),
    ];
    return { ...report, failed };
  } finally {
    await Promise.all(children.map((c) => stop(c)));
    await sys.close();
  }
}

/** LotClosed events per lot stream. */
async function closedLots(sys: BenchSystem): Promise<Map<string, number>> {
  const rows: { stream_id: string; n: number }[] = await sys.ds.query(
    `SELECT stream_id, count(*)::int AS n FROM ${sys.store.schema}.events WHERE type = 'LotClosed' GROUP BY stream_id`,
  );
  return new Map(rows.map((r) => [r.stream_id, r.n]));
}

/** The projection's checkpoint has reached the log's last event. */
export async function caughtUp(sys: BenchSystem, p: Projection): Promise<boolean> {
  const [r] = await sys.ds.query(
    `SELECT NOT EXISTS (SELECT 1 FROM ${sys.store.schema}.events e
       WHERE (e.transaction_id::text::bigint, e.position) > (c.commit_position, c.prepare_position)) AS done
     FROM ${p.schema}.checkpoint c WHERE c.projection = $1`,
    [p.name],
  );
  return r?.done === true;
}

/**
 * Replays the whole log into `<schema>__replay` and compares every table with the live one, row for row (as
 * multisets), leaving out the columns the database stamps with now() when a row is written (they say when the
 * projector ran, not what it folded).
 */
export async function compareWithReplay(sys: BenchSystem, p: Projection) {
  const scratch = `${p.schema}__replay`;
  const replay = await replayInto(sys.store, sys.ds, p, scratch);
  const tables: { table_name: string }[] = await sys.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'checkpoint' ORDER BY 1`,
    [p.schema],
  );
  let rows = 0;
  let differingRows = 0;
  const differing: string[] = [];
  for (const { table_name: t } of tables) {
    const columns: { column_name: string }[] = await sys.ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND coalesce(column_default, '') NOT ILIKE '%now()%' ORDER BY ordinal_position`,
      [p.schema, t],
    );
    const list = columns.map((c) => `"${c.column_name}"`).join(', ');
    const [{ n, live }] = await sys.ds.query(
      `SELECT (SELECT count(*) FROM ((SELECT ${list} FROM ${p.schema}.${t} EXCEPT ALL SELECT ${list} FROM ${scratch}.${t})
                                  UNION ALL (SELECT ${list} FROM ${scratch}.${t} EXCEPT ALL SELECT ${list} FROM ${p.schema}.${t})) d)::int AS n,
              (SELECT count(*) FROM ${p.schema}.${t})::int AS live`,
    );
    rows += live;
    differingRows += n;
    if (n) differing.push(`${t}: ${n}`);
  }
  await sys.ds.query(`DROP SCHEMA ${scratch} CASCADE`);
  return { projection: p.name, eventsReplayed: replay.processed, tables: tables.length, rows, differingRows, differing };
}

export async function waitFor(ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await ok());) {
    if (Date.now() > deadline) throw new Error(`crash probe: not reached within ${timeoutMs} ms`);
    await sleep(250);
  }
}
