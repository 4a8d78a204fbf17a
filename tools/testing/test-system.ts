import type { INestApplication } from '@nestjs/common';
import { comparePositions, type GlobalPosition } from '@megabot/contracts';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { chainKeyOf, CheckpointSigner, keyringOf } from '@megabot/event-store';
import type { PostgresEventStore } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores } from '@megabot/testing/scratch-stores';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import type { ApiOptions } from '../../apps/api/src/core/api-options';
import { PersonalTokens } from '../../apps/api/src/core/access/personal-tokens';
import { hireAndBindTelegram, type BoundEmployee } from './identity-fixtures';
import { ProjectionRunner, readCheckpoint } from '../../apps/projector/src/projection-runner';
import { ProgressAnnouncer } from '../../apps/projector/src/progress-announcer';
import { allProcessManagers, allProjections, type ProcessManager } from '../../apps/projector/src/projections';

/**
 * The system as end-to-end tests need it: a fresh database, the event store,
 * the read model, every projection running (process managers on request), and the API listening on a
 * free port — the same parts as production, in one process.
 */
export interface TestSystem {
  databaseUrl: string;
  store: PostgresEventStore;
  ds: DataSource;
  api: INestApplication;
  apiUrl: string;
  /** The bot service's credential of this system (BOT_API_TOKEN). */
  botToken: string;
  /** Headers of the bot service, acting for a Telegram account when one is given. */
  bot(telegramUserId?: number): Record<string, string>;
  /**
   * Hires employees and binds a Telegram account to each (EmployeeHired + TelegramBound, as a verification writes
   * them), so they can act; `as(id)` then gives the bot's headers acting for them. Admins and auditors by role.
   */
  employees(...specs: (string | ({ id: string; roles?: string[] } & Pick<BoundEmployee, 'hiredAt' | 'managerId' | 'projects'>))[]): Promise<void>;
  /** Headers that act as an employee hired by `employees` (the bot, for their Telegram account). */
  as(employeeId: string): Record<string, string>;
  /** The Telegram account `employees` bound to an employee. */
  telegramIdOf(employeeId: string): number;
  /** A personal access token of an employee (issued straight into the auth schema, as `npm start` does for the CLIs). */
  token(employeeId: string): Promise<Record<string, string>>;
  /** Resolves once the projection (its schema's checkpoint) has committed the log up to `position` (30 s at most). */
  projected(projection: string, position: GlobalPosition): Promise<void>;
  /** Stops the projector (e.g. to test read-your-writes while it is down). */
  stopProjector(): Promise<void>;
  startProjector(): void;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  /** Also run the projector's process managers (closing lots, releasing rooms, offboarding). */
  processManagers?: boolean;
  /** The server to make the system's database on (default: the first of the test databases), e.g. one a test stops. */
  databaseUrl?: string;
}

/** Runs one step of closing; one that takes long is named (a hung teardown otherwise only says "exceeded timeout"). */
async function step(name: string, fn: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  const slow = setInterval(() => {
    // sockets named by their ends (an HTTP client's keep-alive, a database connection, a listener) to tell them apart
    const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().map((h) => {
      const s = h as { constructor: { name: string }; localPort?: number; remotePort?: number };
      return s.remotePort ? `${s.constructor.name}(${s.localPort}->${s.remotePort})` : s.constructor.name;
    });
    console.warn(`test system: closing the ${name} takes ${Math.round((Date.now() - started) / 1000)} s; active handles: ${handles.join(', ')}`);
  }, 10_000);
  slow.unref();
  try {
    await fn();
  } finally {
    clearInterval(slow);
  }
}

export async function startTestSystem(api: Partial<ApiOptions> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
  const scratch = await openScratchStores(options.databaseUrl ?? testDatabases()[0].url);
  const { store, ds } = scratch;
  let runners: ProjectionRunner[] = [];
  let managers: ProcessManager[] = [];
  // The audit keys of this system: the API and the projector's closing manager chain under the same key.
  const chainSecret = randomBytes(32).toString('base64url');
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const audit = { chainKey: chainKeyOf(chainSecret), keyring: keyringOf([chainKeyOf(chainSecret)]), signer: new CheckpointSigner(signingKey) };
  const startProjector = () => {
    const announcer = new ProgressAnnouncer(ds);
    runners = allProjections().map((p) => new ProjectionRunner(store, ds, p, { announcer }));
    runners.forEach((r) => r.start());
    managers = options.processManagers ? allProcessManagers({ store, ds, audit }) : [];
    managers.forEach((m) => m.start());
  };
  const stopProjector = async () => {
    await Promise.all([...managers, ...runners].map((r) => r.stop()));
    runners = [];
    managers = [];
  };
  startProjector();
  const botToken = randomBytes(24).toString('base64url');
  const auth = { botApiTokens: [botToken], sessionSecret: randomBytes(32).toString('base64url'), secureCookies: false, devMode: true, ...api.auth };
  const app = await createApiApp(
    {
      databaseUrl: scratch.url,
      httpAdapter: 'fastify',
      dbPoolSize: 4,
      // Generous: on a loaded machine the projector (in this process, beside the API and the test) may trail by
      // seconds; a test that wants the 503 sets its own.
      readWaitTimeoutMs: 10_000,
      ...api,
      auth,
      audit: { chainKeys: [chainSecret], signingKey, ...api.audit },
    },
    ['error'], // a 500 is a bug: its stack belongs in the test output
  );
  await app.listen(0, '127.0.0.1');
  const bot = (telegramUserId?: number): Record<string, string> => ({
    authorization: `Bearer ${auth.botApiTokens[0] ?? botToken}`,
    ...(telegramUserId !== undefined && { 'x-telegram-user-id': String(telegramUserId) }),
  });
  const telegramIds = new Map<string, number>();
  const telegramIdOf = (employeeId: string) => {
    let id = telegramIds.get(employeeId);
    if (id === undefined) telegramIds.set(employeeId, (id = 7_000_000_000 + telegramIds.size + 1));
    return id;
  };
  const system: TestSystem = {
    databaseUrl: scratch.url,
    store,
    ds,
    api: app,
    apiUrl: await app.getUrl(),
    botToken: auth.botApiTokens[0] ?? botToken,
    bot,
    telegramIdOf,
    async employees(...specs) {
      const fresh = specs
        .map((s) => (typeof s === 'string' ? { id: s, roles: ['employee'] } : s))
        .filter((s) => !telegramIds.has(s.id))
        .map(({ id, ...s }) => ({ ...s, employeeId: id, telegramUserId: telegramIdOf(id) }));
      if (fresh.length) await hireAndBindTelegram(system, fresh);
    },
    as(employeeId) {
      const id = telegramIds.get(employeeId);
      if (id === undefined) throw new Error(`${employeeId} was not hired by system.employees()`);
      return bot(id);
    },
    async token(employeeId) {
      const { token } = await app.get(PersonalTokens).issue(employeeId, 'test', 'test', null);
      return { authorization: `Bearer ${token}` };
    },
    async projected(projection, position) {
      for (let i = 0; i < 1200; i++) {
        if (comparePositions(await readCheckpoint(ds, projection, projection), position) >= 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`the ${projection} projection did not reach ${position.commit}/${position.prepare}`);
    },
    stopProjector,
    startProjector,
    close: async () => {
      await step('api', async () => {
        // The test's own clients (a stopped bot's pollers, keep-alive agents) may still hold connections: after a grace
        // period they are cut, as the system goes away with them (a teardown otherwise waited for the sockets' timeouts).
        const server = app.getHttpServer() as Server;
        const cut = setTimeout(() => server.closeAllConnections(), 2000);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
        }
      });
      await step('projector', stopProjector);
      await step('stores', () => scratch.close());
    },
  };
  return system;
}
