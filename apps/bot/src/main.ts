import { createBot } from './bot';
import { startNotificationDelivery } from './auction/auction.notifications';
import { devBindings, devRecipients } from './shared/actor';
import { ApiClient } from './shared/api-client';

/**
 * The bot process. TELEGRAM_BOT_TOKEN (+ TELEGRAM_API_ROOT for the local
 * emulator), API_URL. Polling; webhook mode arrives with the bot feature work.
 */
async function main() {
  const token = process.env.TELEGRAM_BOT_TOKEN;
  const apiUrl = process.env.API_URL;
  const problems = [];
  if (!token || !/^\d+:[A-Za-z0-9_-]{20,}$/.test(token)) problems.push('TELEGRAM_BOT_TOKEN must be a bot token ("<digits>:<secret>")');
  if (!apiUrl || !/^https?:\/\//.test(apiUrl)) problems.push('API_URL must be the API base URL, e.g. http://127.0.0.1:3000');
  if (problems.length) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  const bot = createBot({ token: token!, apiRoot: process.env.TELEGRAM_API_ROOT || undefined, apiUrl: apiUrl!, actorOf: devBindings(process.env.BOT_DEV_BINDINGS) });
  const me = await bot.telegram.getMe();
  await bot.telegram.setMyCommands([
    { command: 'start', description: 'Start / Начать' },
    { command: 'lots', description: 'Auction lots / Лоты аукциона' },
  ]);
  const recipients = devRecipients(process.env.BOT_DEV_BINDINGS);
  const delivery = recipients.size ? startNotificationDelivery({ api: new ApiClient(apiUrl!), telegram: bot.telegram, recipients: () => recipients }) : undefined;
  console.log(`[bot] @${me.username} polling${delivery ? `, delivering auction notifications to ${recipients.size} bound employees` : ''}`);
  process.send?.({ type: 'ready', username: me.username });
  const stop = (signal: string) => {
    void delivery?.stop();
    bot.stop(signal);
    setTimeout(() => process.exit(0), 200);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await bot.launch({ dropPendingUpdates: false });
}

main().catch((e) => {
  console.error(`[bot] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
