import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { ConfigError, loadConfig } from '@megabot/config';
import { formatPosition } from '@megabot/contracts';
import { EventStoreDbEventStore, PostgresEventStore } from '@megabot/event-store';
import { openDatabase, readRuntime } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { copyStore, verifyCopy } from './store-migrate';
import { moveReactorCheckpoints, readReactorCheckpoints, rebuildAllProjections, switchedAt } from './switch-read-side';

const USAGE = `Usage: EVENTSTORE_URL=esdb://… npm run store:migrate [-- --copy-only] [--page-size N]

Moves the event store from PostgreSQL (DATABASE_URL, else the embedded database in DATA_DIR)
to EventStoreDB (EVENTSTORE_URL): copies every stream with its event ids, metadata and hashes,
in the original global order, verifies the copy (events per stream, content, hash chains),
then rebuilds every read model from EventStoreDB and moves the side-effect reactors'
checkpoints to the same events there. Safe to run again: what is copied already is kept.
Stop the API, the projector and the bot first, and start them with EVENTSTORE_URL afterwards.

  --copy-only     copy and verify only (the apps may keep running on PostgreSQL meanwhile);
                  run again without it, with the apps stopped, to switch
  --page-size N   events read from PostgreSQL at once (default 1000)`;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const copyOnly = argv.includes('--copy-only');
  const pageArg = argv.indexOf('--page-size');
  const pageSize = pageArg >= 0 ? Number(argv[pageArg + 1]) : 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new UsageError('--page-size needs a whole number');
  const config = loadConfig();
  if (!config.eventStoreUrl) throw new UsageError('EVENTSTORE_URL must name the EventStoreDB to copy into');
  const running = readRuntime(config.dataDir);
  if (running && !copyOnly) throw new UsageError(`npm start is running from ${config.dataDir} (pid ${running.pid}): stop it first, or pass --copy-only`);

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const source = await PostgresEventStore.create({ connectionString: db.url, poolSize: 2 });
  const target = new EventStoreDbEventStore(config.eventStoreUrl);
  const ds = createReadModelDataSource(db.url, { poolSize: 2, applicationName: 'megabot-store-migrate' });
  await ds.initialize();
  try {
    await migrateReadModel(ds);
    const switched = await switchedAt(ds);
    if (switched)
      throw new UsageError(
        `the read side was switched to EventStoreDB (${switched.target}) on ${switched.at.toISOString()}: events are written there now, nothing to copy`,
      );

    const total = await source.countEvents();
    const checkpoints = await readReactorCheckpoints(ds);
    const bar = progressBar('copy   ', 'events');
    bar.start(total, 0, { detail: '' });
    const copied = await copyStore(source, target, {
      pageSize,
      total,
      positions: checkpoints.map((c) => c.position),
      onProgress: (p) => bar.update(p.events, { detail: `${p.written} written, ${p.present} already there` }),
    }).finally(() => bar.stop());
    console.log(`copied ${copied.events} event(s) of ${copied.streams.size} stream(s): ${copied.written} written, ${copied.present} already in EventStoreDB`);

    const check = progressBar('verify ', 'streams');
    check.start(copied.streams.size, 0, { detail: '' });
    const verified = await verifyCopy(source, target, [...copied.streams.keys()].sort(), (n) => check.update(n)).finally(() => check.stop());
    const stillThere = await source.countEvents();
    console.log(
      `verified ${verified.streams} stream(s), ${verified.events} event(s): ${verified.mismatches.length} differ; hash chains: ${verified.chainsIntact} intact, ${verified.chainsBroken.length} broken`,
    );
    for (const m of verified.mismatches.slice(0, 20)) console.log(`  DIFFERS ${m.streamId}: ${m.reason}`);
    for (const c of verified.chainsBroken.slice(0, 20)) {
      console.log(
        `  CHAIN ${c.streamId}: broken at revision ${c.firstBroken?.revision} (${c.firstBroken?.reason})${c.inSource ? ', already so in PostgreSQL' : ''}`,
      );
    }
    if (copied.events !== stillThere) {
      console.log(`PostgreSQL holds ${stillThere} event(s) but ${copied.events} were readable: an app is still writing or a transaction is open. Run again.`);
      return 2;
    }
    if (!verified.ok) {
      console.log('the copy does not match: nothing was switched');
      return 2;
    }
    if (copyOnly) {
      console.log(
        'copy verified. To switch: stop the apps, run `EVENTSTORE_URL=… npm run store:migrate` (without --copy-only), then start them with EVENTSTORE_URL.',
      );
      return 0;
    }

    // Read-model checkpoints are PostgreSQL positions: meaningless in EventStoreDB. Rebuild every projection from there.
    const rebuildBar = progressBar('rebuild', 'events');
    let current = '';
    await rebuildAllProjections(
      target,
      ds,
      (name, p) => {
        if (name !== current) {
          if (current) rebuildBar.stop();
          current = name;
          rebuildBar.start(copied.events, 0, { detail: name });
        }
        rebuildBar.update(p.processed, { detail: name });
      },
      config,
    ).finally(() => current && rebuildBar.stop());
    const moved = checkpoints.map((c) => ({ name: c.name, position: copied.positions.get(formatPosition(c.position))! }));
    await moveReactorCheckpoints(ds, moved, redact(config.eventStoreUrl));
    for (const c of checkpoints)
      console.log(`  reactor ${c.name}: ${formatPosition(c.position)} -> ${formatPosition(copied.positions.get(formatPosition(c.position))!)}`);
    console.log('read models rebuilt from EventStoreDB (the same as `npm run projections:rebuild -- <name>` for each), reactors moved.');
    console.log('Start the apps with EVENTSTORE_URL set from now on; the PostgreSQL events table stays as it was (a backup).');
    return 0;
  } finally {
    await target.close();
    await source.close();
    await ds.destroy();
    await db.stop();
  }
}

class UsageError extends Error {}

function progressBar(label: string, unit: string) {
  return new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {detail}`, noTTYOutput: true, notTTYSchedule: 1000, stream: process.stderr },
    Presets.shades_classic,
  );
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
    else if (e instanceof ConfigError) console.error(e.message);
    else console.error(`store:migrate failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
