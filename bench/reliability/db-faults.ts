import type { ChildProcess } from 'node:child_process';
import { allProjections } from '../../apps/projector/src/projections';
import { ready, spawn, stop } from '../lib/processes';
import { startBenchSystem } from '../lib/system';
import { caughtUp, compareWithReplay, waitFor } from './crash-restart';
import { commandLog, randomOf, sendCommand, sleep, verifyChains, type Sent } from './commands';

/**
 * Database faults: the PostgreSQL under the API and the projector is stopped and started again (same port, same data)
 * `outages` times while bidders keep bidding. Each bidder is a well-behaved client: an unanswered command or a 503 is
 * retried with the same idempotency key. Checked: commands sent while the database is down are answered 503
 * problem+json with Retry-After (never another 5xx), the API and the projector reconnect by themselves (commands are
 * accepted again, the read side catches up), every acknowledged command is in the log once, the audit chains are
 * intact, and the read models equal a replay of the log.
 */
export async function databaseFaults(opts: { dist: string; log: (m: string) => void; seed: number; outages: number; outageMs: number }) {
  const random = randomOf(opts.seed);
  const sys = await startBenchSystem('dbfaults', opts.dist);
  const children: ChildProcess[] = [];
  try {
    const { env, origin } = await sys.apiEnv();
    const api = spawn(sys.apiFile, [], env, children);
    const projector = spawn(sys.projectorFile, [], sys.env, children);
    await ready(api);
    const bidders = Array.from({ length: 8 }, (_, i) => `dbf-bidder-${i}`);
    await sys.actors.hire(sys.store, origin, ['dbf-seller', ...bidders]);
    const lots = Array.from({ length: 8 }, (_, i) => `dbf${i}`);
    const sent: Sent[] = [];
    for (const lotId of lots) {
      const body = {
        lotId,
        kind: 'own_lot',
        title: lotId,
        startingPrice: 1000,
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        rules: { incrementTiers: [{ from: 0, increment: 10 }] },
      };
      sent.push(await sendCommand(origin, '/auctions', sys.actors.as('dbf-seller'), `open-${lotId}`, body, { retry: true }));
    }

    const price = new Map(lots.map((l) => [l, 1000]));
    let bidNo = 0;
    let loading = true;
    const bidder = async (who: string) => {
      while (loading) {
        const lotId = lots[Math.floor(random() * lots.length)];
        const amount = price.get(lotId)! + 10 * (1 + Math.floor(random() * 5));
        price.set(lotId, amount);
        sent.push(await sendCommand(origin, `/auctions/${lotId}/bids`, sys.actors.as(who), `bid-${bidNo++}`, { amount }, { retry: true, retryForMs: 120_000 }));
        await sleep(20);
      }
    };
    const load = Promise.all(bidders.map(bidder));

    // the outages; during each, a command without retries must get 503 problem+json with Retry-After
    const outages = [];
    for (let i = 0; i < opts.outages; i++) {
      await sleep(1_500 + random() * 1_500);
      await sys.stopDatabase();
      await sleep(opts.outageMs / 2);
      const during = await sendCommand(origin, `/auctions/${lots[0]}/bids`, sys.actors.as(bidders[0]), `during-outage-${i}`, { amount: 1 });
      const answered503AsProblem = during.status === 503 && during.unavailableAsProblem === 1;
      await sleep(opts.outageMs / 2);
      await sys.startDatabase();
      // reconnected: a new command is accepted (the client retries 503s meanwhile)
      const t0 = Date.now();
      const after = await sendCommand(
        origin,
        `/auctions/${lots[1]}/bids`,
        sys.actors.as(bidders[1]),
        `after-outage-${i}`,
        { amount: 1_000_000 * (i + 1) },
        { retry: true },
      );
      sent.push(after);
      outages.push({ statusDuringOutage: during.status, answered503AsProblem, reconnectedAfterMs: after.status === 201 ? Date.now() - t0 : null });
    }
    await sleep(1_000);
    loading = false;
    await load;
    opts.log(`database faults: ${sent.length} commands across ${opts.outages} outages`);

    const projections = allProjections({});
    let projectorReconnected = true;
    await waitFor(async () => (await Promise.all(projections.map((p) => caughtUp(sys, p)))).every(Boolean), 60_000).catch(() => (projectorReconnected = false));
    const processesAlive = [api, projector].every((c) => c.exitCode === null && c.signalCode === null);
    await stop(projector);
    const readModels = [];
    for (const p of projections) readModels.push(await compareWithReplay(sys, p));
    const commands = await commandLog(sys.store, sent);
    const chains = await verifyChains(sys.store, 'auction-', sys.chainKey);
    // a database fault says nothing about an event: none may be parked as poisoned
    const [{ parked }] = await sys.ds.query(`SELECT count(*)::int AS parked FROM projector_ops.parked_events`);
    const failed = [
      ...outages.flatMap((o, i) => [
        ...(o.answered503AsProblem ? [] : [`outage ${i + 1}: a command got ${o.statusDuringOutage}, not 503 problem+json with Retry-After`]),
        ...(o.reconnectedAfterMs === null ? [`outage ${i + 1}: the API did not accept commands again`] : []),
      ]),
      ...(projectorReconnected ? [] : ['the projector did not catch up after the outages']),
      ...(parked ? [`${parked} events parked as poisoned`] : []),
      ...(processesAlive ? [] : ['a process died']),
      ...(commands.lost ? [`${commands.lost} acknowledged commands lost`] : []),
      ...(commands.duplicated ? [`${commands.duplicated} commands with more than one effect`] : []),
      ...(commands.serverErrorsOther5xx ? [`${commands.serverErrorsOther5xx} 5xx answers other than 503`] : []),
      ...(commands.unanswered ? [`${commands.unanswered} commands never answered`] : []),
      ...(chains.broken.length ? [`broken audit chains: ${chains.broken.join(', ')}`] : []),
      ...readModels.filter((r) => r.differingRows).map((r) => `read model ${r.projection} differs from its rebuild (${r.differing.join(', ')})`),
    ];
    return {
      faultsInjected: { databaseOutages: opts.outages, outageMs: opts.outageMs },
      outages,
      commands,
      chains: { streams: chains.streams, intact: chains.intact },
      projectorReconnected,
      parkedEvents: parked as number,
      processesAlive,
      readModelEqualsRebuild: readModels.every((r) => r.differingRows === 0),
      readModelsDiffering: readModels.filter((r) => r.differingRows),
      failed,
    };
  } finally {
    await Promise.all(children.map((c) => stop(c)));
    await sys.startDatabase().catch(() => undefined);
    await sys.close();
  }
}
