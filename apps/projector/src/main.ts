import 'reflect-metadata';
import { loadConfig } from '@megabot/config';
import { chainKeyOf, CheckpointSigner, createEventStore, keyringOf } from '@megabot/event-store';
import { ed25519KeyFrom, openDatabase, secretFrom, startTracing } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { ProgressAnnouncer } from './progress-announcer';
import { ProjectionRunner } from './projection-runner';
import { allProcessManagers, allProjections } from './projections';

/** The projector process: every projection follows the global log from its checkpoint. */
async function main() {
  const config = loadConfig();
  const log = (m: string) => console.log(`[projector] ${m}`);
  const tracing = config.otlpEndpoint ? startTracing({ serviceName: 'megabot-projector', endpoint: config.otlpEndpoint }) : undefined;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = await createEventStore({ eventStoreUrl: config.eventStoreUrl, databaseUrl: db.url, poolSize: 4 });
  const ds = createReadModelDataSource(db.url, { poolSize: config.dbPoolSize, applicationName: 'megabot-projector' });
  await ds.initialize();
  await migrateReadModel(ds);
  const announcer = new ProgressAnnouncer(ds);
  const runners = allProjections(config).map((p) => new ProjectionRunner(store, ds, p, { log, announcer }));
  runners.forEach((r) => r.start());
  // Deadlines, releases, offboarding: each safe to run in every projector instance (see the classes).
  const chainKeys = (config.auditChainKey?.split(',').map((k) => k.trim()) ?? [secretFrom(undefined, config.dataDir, 'audit-chain-key')]).map(chainKeyOf);
  const audit = {
    chainKey: chainKeys[0],
    keyring: keyringOf(chainKeys),
    signer: new CheckpointSigner(ed25519KeyFrom(config.auditSigningKey, config.dataDir, 'audit-signing-key.pem')),
    checkpointEveryMinutes: config.auditCheckpointMinutes,
  };
  const managers = allProcessManagers({ store, ds, log, audit, knowledge: { shareRoots: config.knowledgeShareRoots, secrets: process.env } });
  managers.forEach((m) => m.start());
  log(
    `running ${runners.length} projection(s) and ${managers.map((m) => m.name).join(', ')} on ${config.eventStoreUrl ? 'EventStoreDB' : 'the Postgres event store'}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the current batch`);
    await Promise.all(managers.map((m) => m.stop()));
    await Promise.all(runners.map((r) => r.stop()));
    await tracing?.shutdown();
    await store.close();
    await ds.destroy();
    await db.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error(`[projector] failed to start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
