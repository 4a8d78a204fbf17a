import type { Telegram } from 'telegraf';
import { botIdOf, createBot } from './bot';
import { readBotConfig } from './bot.config';
import { startWebhookBot } from './bot.webhook';
import { IdentityApi } from './identity/identity.api';
import { identityLookup } from './identity/identity.gate';
import { offboardingExecutor } from './identity/identity.offboarding';
import { NotificationsApi } from './notifications/notifications.api';
import { notificationDelivery } from './notifications/notifications.delivery';
import { NOTICE_RENDERERS } from './notifications/renderers';
import { ApiClient } from './shared/api-client';
import { seatingMenuButton } from './seating/seating.handlers';
import { setUpInBackground } from './shared/background-setup';

/** The real Telegram Bot API (telegraf's default root), when TELEGRAM_API_ROOT names no other. */
const TELEGRAM_API_ROOT = 'https://api.telegram.org';

const COMMANDS = [
  { command: 'start', description: 'Start / Начать' },
  { command: 'lots', description: 'Auction lots / Лоты аукциона' },
  { command: 'rooms', description: 'Book a meeting room / Забронировать переговорную' },
  { command: 'mybookings', description: 'My room bookings / Мои брони' },
  { command: 'who', description: 'Find a colleague / Найти коллегу' },
  { command: 'privacy', description: 'My directory card / Моя карточка' },
  { command: 'seating', description: 'Office plan / План офиса' },
  { command: 'links', description: 'Useful links / Полезные ссылки' },
  { command: 'holidays', description: 'Holiday calendar / Календарь праздников' },
  { command: 'announcements', description: 'Announcements on or off / Объявления' },
  { command: 'team', description: "My team's time / Время команды" },
  { command: 'mybids', description: 'My bids / Мои ставки' },
  { command: 'mylots', description: 'My lots / Мои лоты' },
  { command: 'language', description: 'Language / Язык' },
  { command: 'cancel', description: 'Cancel / Отмена' },
];

/**
 * The bot process. See readBotConfig: TELEGRAM_BOT_TOKEN (+ TELEGRAM_API_ROOT for the local emulator), API_URL,
 * BOT_MODE=polling (default; telegraf's launch deletes any webhook first) or webhook (BOT_WEBHOOK_URL,
 * BOT_WEBHOOK_SECRET, BOT_PORT, BOT_DROP_PENDING). SIGTERM / SIGINT: stop taking updates, finish the ones in progress.
 */
async function main(env: NodeJS.ProcessEnv = process.env) {
  const config = readBotConfig(env);
  const http = new ApiClient(config.apiUrl, { credential: config.apiToken, botId: botIdOf(config.token) });
  // Who a Telegram user is: the identity lookup (binding by a code e-mailed to the corporate address).
  const identity = new IdentityApi(http);
  const lookupActor = identityLookup(identity);
  const base = {
    token: config.token,
    apiRoot: config.apiRoot,
    apiUrl: config.apiUrl,
    http,
    lookupActor,
    appVersion: config.appVersion,
    sendRatePerS: config.sendRatePerS,
    sendBudget: config.sendBudget,
    calendarRegion: config.calendarRegion,
    defaultLanguage: config.defaultLanguage,
    webAppUrl: config.webAppUrl,
  };

  let stopUpdates: (signal: string) => Promise<void>;
  let telegram: Telegram;
  let username: string | undefined;
  if (config.mode === 'webhook') {
    const running = await startWebhookBot({
      ...base,
      webhookUrl: config.webhookUrl,
      secretToken: config.secretToken,
      port: config.port,
      host: config.host,
      dropPendingUpdates: config.dropPendingUpdates,
    });
    telegram = running.bot.telegram;
    username = running.bot.botInfo?.username;
    stopUpdates = () => running.stop();
  } else {
    const bot = createBot(base);
    const me = await bot.telegram.getMe();
    telegram = bot.telegram;
    username = me.username;
    // launch() deletes a registered webhook first (deleteWebhook), then long-polls
    void bot.launch({ dropPendingUpdates: false }).catch((e: unknown) => {
      console.error(`[bot] polling stopped: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    });
    stopUpdates = async (signal) => bot.stop(signal);
  }
  // the command menu is a convenience: a failure is logged with the method and retried in the background, never fatal
  const setup = setUpInBackground(
    [
      { method: 'setMyCommands', run: () => telegram.setMyCommands(COMMANDS) },
      // every private chat's menu button opens the seating plan
      { method: 'setChatMenuButton', run: () => telegram.setChatMenuButton({ menuButton: seatingMenuButton(config.webAppUrl, config.defaultLanguage) }) },
    ],
    { log: (m) => console.warn(`[bot] ${m}`) },
  );
  // telegram sends through the bot's send queue (installed by createBot)
  const delivery = notificationDelivery({
    api: new NotificationsApi(http),
    telegram,
    renderers: NOTICE_RENDERERS,
    defaultLanguage: config.defaultLanguage,
  }).start();
  const offboarding = offboardingExecutor({ api: identity, telegram }).start();
  console.log(
    `[bot] @${username} ${config.mode} on the Bot API at ${config.apiRoot ?? TELEGRAM_API_ROOT}, delivering every feature's notifications, executing offboarding`,
  );
  process.send?.({ type: 'ready', username, mode: config.mode });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    setup.stop();
    Promise.all([delivery.stop(), offboarding.stop(), stopUpdates(signal)]).then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`[bot] shutdown failed: ${e instanceof Error ? e.message : e}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`[bot] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
