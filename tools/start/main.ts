import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '@megabot/config';
import { PostgresEventStore } from '@megabot/event-store';
import { clearRuntime, freePort, openDatabase, readRuntime, secretFrom, SERVER_NODE_FLAGS, writeRuntime } from '@megabot/platform';
import { createReadModelDataSource, migrateReadModel } from '@megabot/read-model';
import { PersonalTokens } from '../../apps/api/src/core/access/personal-tokens';
import { buildWebApp, WEB_APPS, type WebApp } from '../web-apps/build';
import { StartCredentials } from './credentials';
import { DEMO_ADMIN_IDS, DEMO_AUDITOR_IDS, DEMO_EMAIL_DOMAIN, DEMO_EMPLOYEES, demoTelegramUsers } from './demo-data';
import { seedDemoData, seedDemoDisplay, seedDemoEmployees } from './seed';

/**
 * `npm start`: the whole system on one machine with nothing installed —
 * embedded PostgreSQL (unless DATABASE_URL), migrations, the apps as child
 * processes, every credential they need (the bot's, tokens for the CLIs and
 * the admin site), demo data, and the URLs to open.
 */
async function main() {
  const config = loadConfig();
  const running = readRuntime(config.dataDir);
  if (running) throw new Error(`megabot is already running from ${config.dataDir} (pid ${running.pid}, API ${running.apiUrl}); stop it first`);

  fs.mkdirSync(config.dataDir, { recursive: true });
  say(`data in ${config.dataDir}`);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  say(db.embedded ? `embedded PostgreSQL ready (${redact(db.url)})` : `using DATABASE_URL (${redact(db.url)})`);

  if (!config.eventStoreUrl) await (await PostgresEventStore.create({ connectionString: db.url, poolSize: 1 })).close();
  const ds = createReadModelDataSource(db.url, { poolSize: 2 });
  await ds.initialize();
  const applied = await migrateReadModel(ds);
  await ds.destroy();
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

  const apiPort = await choosePort(config);
  // The bot's credential for the API: BOT_API_TOKEN if set, else one generated once and kept in DATA_DIR/bot-api-token.
  const botApiToken = secretFrom(process.env.BOT_API_TOKEN, config.dataDir, 'bot-api-token');
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    API_PORT: String(apiPort),
    API_HOST: config.apiHost,
    // Children log warnings and errors unless LOG_LEVEL asks for more.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // Until identity assigns roles, the seeded admins/auditors (e-anna opens the company's lots).
    ADMIN_EMPLOYEE_IDS: process.env.ADMIN_EMPLOYEE_IDS ?? DEMO_ADMIN_IDS.join(','),
    AUDITOR_EMPLOYEE_IDS: process.env.AUDITOR_EMPLOYEE_IDS ?? DEMO_AUDITOR_IDS.join(','),
    // The demo's corporate domain: the seeded employees' addresses, the only ones that get verification codes.
    IDENTITY_EMAIL_DOMAINS: process.env.IDENTITY_EMAIL_DOMAINS ?? DEMO_EMAIL_DOMAIN,
    // The door displays' check-in QR code links to the bot: the emulator's bot unless a real token is set.
    TELEGRAM_BOT_USERNAME: process.env.TELEGRAM_BOT_USERNAME ?? (config.telegramBotToken ? '' : 'megabot_dev_bot'),
    BOT_API_TOKEN: botApiToken,
    // Web Apps opened in the dev chat send initData signed with the emulator's bot token: the API checks it with that token.
    ...(config.telegramBotToken ? {} : { TELEGRAM_BOT_TOKEN: emulatorToken(config) }),
    // Local development: the mail outbox page, session cookies over http.
    DEV_MODE: process.env.DEV_MODE ?? 'true',
  };
  const children: ChildProcess[] = [];
  const dist = path.resolve(__dirname, '..', '..');
  const projector = start('projector', path.join(dist, 'apps/projector/src/main.js'), env, children);
  const api = start('api', path.join(dist, 'apps/api/src/main.js'), env, children);
  const apiUrl = await ready(api, 'api');

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await Promise.all(children.map((c) => stopChild(c)));
    await db.stop();
    clearRuntime(config.dataDir);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  for (const c of [projector, api]) c.on('exit', (code) => !stopping && (say(`a process exited (code ${code}); stopping`), void stop(1)));

  // Personal access tokens, issued straight into auth.tokens: the CLIs' (kept in DATA_DIR, reused while live) and the
  // seeding's (minutes). The demo admin and auditor are admin and auditor from the start (ADMIN_/AUDITOR_EMPLOYEE_IDS).
  const tokensDb = createReadModelDataSource(db.url, { poolSize: 1 });
  await tokensDb.initialize();
  const credentials = new StartCredentials(new PersonalTokens(tokensDb));
  const adminCli = await credentials.cliToken(config.dataDir, 'admin', DEMO_ADMIN_IDS[0]);
  const auditorCli = await credentials.cliToken(config.dataDir, 'auditor', DEMO_AUDITOR_IDS[0]);
  // Telegram: the real Bot API with a token, else the local emulator with a token of its own.
  let devChatUrl: string | undefined;
  // No dev bindings: every user of the dev chat verifies with the code e-mailed to their corporate address (identity).
  const botEnv: NodeJS.ProcessEnv = { ...process.env, API_URL: apiUrl, BOT_API_TOKEN: botApiToken };
  if (!config.telegramBotToken) {
    const emulator = await startEmulator(config, dist, children);
    devChatUrl = emulator.devChatUrl;
    Object.assign(botEnv, { TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.apiRoot });
  }
  const bot = start('bot', path.join(dist, 'apps/bot/src/main.js'), botEnv, children);
  await ready(bot, 'bot');
  bot.on('exit', (code) => !stopping && (say(`the bot exited (code ${code}); stopping`), void stop(1)));

  // The admin site and the seating Web App, built by Vite from node_modules (offline) when their sources changed.
  for (const app of Object.keys(WEB_APPS) as WebApp[]) {
    const web = await buildWebApp(app, say);
    if (web.built) say(`${app} web app built in ${(web.ms / 1000).toFixed(1)} s`);
  }
  const adminPort = (await portFree(config.apiHost, 3001)) ? 3001 : await freePort();
  // The admin site has no credential of its own: its users sign in through the bot, and it calls the API as them.
  const admin = start(
    'admin',
    path.join(dist, 'apps/admin/src/main.js'),
    { ...env, API_URL: apiUrl, ADMIN_PORT: String(adminPort), ADMIN_HOST: config.apiHost },
    children,
  );
  const adminUrl = await ready(admin, 'admin');
  admin.on('exit', (code) => !stopping && (say(`the admin site exited (code ${code}); stopping`), void stop(1)));

  writeRuntime(config.dataDir, { pid: process.pid, databaseUrl: db.url, apiUrl, devChatUrl, adminUrl, startedAt: new Date().toISOString() });
  const seeding = credentials.seeder();
  await seedDemoEmployees(apiUrl, seeding.as, say);
  await seedDemoData(apiUrl, seeding.as, say);
  const display = await seedDemoDisplay(apiUrl, seeding.as, say);
  await seeding.done();
  await tokensDb.destroy();
  for (const t of [adminCli, auditorCli]) if (t.issued) say(`personal access token written to ${shown(t.file)}`);

  const adminName = DEMO_EMPLOYEES.find((e) => e.id === DEMO_ADMIN_IDS[0])?.name ?? DEMO_ADMIN_IDS[0];
  const adminToken = `Authorization: Bearer $(cat ${shown(adminCli.file)})`;

  console.log(
    [
      '',
      '  Megabot is running',
      ...(devChatUrl
        ? [`    Dev chat     ${devChatUrl}   (talk to the bot as a seeded employee; no token needed)`]
        : [
            `    Bot          on the Bot API at ${botEnv.TELEGRAM_API_ROOT || 'https://api.telegram.org'} (TELEGRAM_BOT_TOKEN${botEnv.TELEGRAM_API_ROOT ? ', TELEGRAM_API_ROOT' : ''})`,
          ]),
      ...(config.smtpUrl
        ? []
        : [`    Mail outbox  ${apiUrl}/dev/outbox   (verification codes: pick an employee in the dev chat, send /start and their e-mail)`]),
      `    Admin        ${adminUrl}`,
      `    API          ${apiUrl}`,
      `    API docs     ${apiUrl}/docs`,
      `    Health       ${apiUrl}/health`,
      '',
      `  Every API call is authenticated. Tokens for the CLIs and curl (personal access tokens, kept in ${shown(config.dataDir)}):`,
      `    ${shown(adminCli.file)}     ${DEMO_ADMIN_IDS[0]} (admin): npm run identity:import, and curl`,
      `    ${shown(auditorCli.file)}   ${DEMO_AUDITOR_IDS[0]} (auditor): npm run audit`,
      `    Lots         curl -H "${adminToken}" ${apiUrl}/auctions`,
      `    A bid        curl -X POST -H "${adminToken}" -H 'content-type: application/json' -H 'idempotency-key: my-first-bid' \\`,
      `                   -d '{"amount": 900000}' ${apiUrl}/auctions/demo-bike-boris/bids`,
      ...(display.token
        ? [
            `    Door display curl -H 'Authorization: Bearer ${display.token}' '${apiUrl}/displays/schedule?proto=1&bat_mv=3900'`,
            `                 preview: curl -H "${adminToken}" -o door.png ${apiUrl}/displays/${display.displayId}/preview.png`,
          ]
        : []),
      `  The admin site signs in through the bot, as the seeded admin ${adminName}:`,
      ...(devChatUrl
        ? [`    1. in the dev chat pick ${adminName}, press Start and verify with the code from the mail outbox (once)`]
        : [`    1. bind your Telegram account to ${DEMO_ADMIN_IDS[0]} in the bot (once)`]),
      `    2. open ${adminUrl}, sign in as ${DEMO_ADMIN_IDS[0]} and press "It was me" on the bot's message${devChatUrl ? ' in the dev chat' : ''}`,
      `    (the auditor ${DEMO_AUDITOR_IDS[0]} signs in the same way and sees the audit views)`,
      `  Another web front end signs in the same way over the API: verify as ${adminName} in the dev chat, then`,
      `    curl -c jar -H 'content-type: application/json' -d '{"employeeId": "${DEMO_ADMIN_IDS[0]}"}' ${apiUrl}/auth/login`,
      `    press "It was me" in the dev chat, and take the session: curl -b jar -c jar -X POST ${apiUrl}/auth/login/<challengeId>/session`,
      `    (its answer carries the csrf to send as X-CSRF-Token on POST/PUT/PATCH/DELETE)`,
      '',
      '  Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );
}

/** The local Bot API emulator's bot token, kept in DATA_DIR so the bot keeps its identity. */
function emulatorToken(config: AppConfig): string {
  const file = path.join(config.dataDir, 'emulator.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { token: string }).token;
  } catch {
    const token = `${randomInt(100_000_000, 999_999_999)}:${randomBytes(26).toString('base64url')}`;
    fs.writeFileSync(file, JSON.stringify({ token }));
    return token;
  }
}

/** The local Bot API emulator as a child process. */
async function startEmulator(config: AppConfig, dist: string, children: ChildProcess[]) {
  const token = emulatorToken(config);
  const usersFile = path.join(config.dataDir, 'emulator-users.json');
  fs.writeFileSync(usersFile, JSON.stringify(demoTelegramUsers(), null, 2));
  const port = (await portFree(config.apiHost, 8081)) ? 8081 : await freePort();
  const env = {
    ...process.env,
    EMULATOR_PORT: String(port),
    EMULATOR_HOST: config.apiHost,
    EMULATOR_TOKEN: token,
    EMULATOR_USERS_FILE: usersFile,
    EMULATOR_BOT_USERNAME: 'megabot_dev_bot',
  };
  const child = start('telegram-emulator', path.join(dist, 'apps/telegram-emulator/src/main.js'), env, children);
  const apiRoot = `http://${config.apiHost}:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the Telegram emulator exited during start (code ${child.exitCode})`);
    const ok = await fetch(`${apiRoot}/bot${token}/getMe`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 200) throw new Error('the Telegram emulator did not answer within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  say(`Telegram Bot API emulator on ${apiRoot} (no TELEGRAM_BOT_TOKEN set)`);
  return { token, apiRoot, devChatUrl: `${apiRoot}/` };
}

function start(name: string, file: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  const child = fork(file, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...SERVER_NODE_FLAGS] });
  children.push(child);
  return child;
}

/** Resolves with the child's "ready" message (the API's carries its URL). */
function ready(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited during start (code ${code})`));
    child.on('message', (m: { type?: string; url?: string }) => {
      if (m?.type !== 'ready') return;
      child.off('exit', onExit);
      resolve(m.url ?? '');
    });
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function choosePort(config: AppConfig): Promise<number> {
  if (process.env.API_PORT || (await portFree(config.apiHost, config.apiPort))) return config.apiPort;
  const port = await freePort();
  say(`port ${config.apiPort} is busy; the API uses ${port} (set API_PORT to choose)`);
  return port;
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

const say = (m: string) => console.log(`[start] ${m}`);
/** A path as the user would type it from here (`.data/cli-token-admin`), absolute when outside the working directory. */
const shown = (p: string) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p) || '.');
const redact = (u: string) => u.replace(/:[^:@/]+@/, ':***@');

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : `[start] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
