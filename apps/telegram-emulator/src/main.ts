import { readFileSync } from 'node:fs';
import type { EmulatorUserSeed } from './options';
import { startEmulator } from './emulator';

/**
 * Runs the emulator as a process.
 *   EMULATOR_PORT        port (default 8081; 0 = any free port)
 *   EMULATOR_HOST        interface (default 127.0.0.1)
 *   EMULATOR_TOKEN       bot token (random if unset)
 *   EMULATOR_BOT_USERNAME bot username (default emulator_bot)
 *   EMULATOR_USERS_FILE  JSON file: an array of users (or { "users": [...] }) to seed
 */
async function main(): Promise<void> {
  let users: EmulatorUserSeed[] = [];
  const usersFile = process.env.EMULATOR_USERS_FILE;
  if (usersFile) {
    const parsed: unknown = JSON.parse(readFileSync(usersFile, 'utf8'));
    const list = Array.isArray(parsed) ? parsed : (parsed as { users?: unknown }).users;
    if (!Array.isArray(list)) throw new Error(`${usersFile} must contain an array of users or { "users": [...] }`);
    users = list as EmulatorUserSeed[];
  }
  const emulator = await startEmulator({
    port: process.env.EMULATOR_PORT !== undefined ? Number(process.env.EMULATOR_PORT) : 8081,
    host: process.env.EMULATOR_HOST,
    token: process.env.EMULATOR_TOKEN || undefined,
    botUsername: process.env.EMULATOR_BOT_USERNAME || undefined,
    users,
  });
  process.stdout.write(
    [
      'Telegram Bot API emulator is running',
      `  dev chat:  ${emulator.devChatUrl}`,
      `  api root:  ${emulator.apiRoot}   (Telegraf: { telegram: { apiRoot } })`,
      `  token:     ${emulator.token}`,
      `  bot:       @${emulator.bot.username}`,
      `  users:     ${users.length} seeded`,
      '',
    ].join('\n'),
  );
  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
