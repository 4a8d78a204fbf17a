import type { Telegraf } from 'telegraf';
import type { RunningEmulator } from '../../apps/telegram-emulator/src';
import { createBot, type BotOptions } from '../../apps/bot/src/bot';
import { IdentityApi } from '../../apps/bot/src/identity/identity.api';
import { identityLookup } from '../../apps/bot/src/identity/identity.gate';
import { ApiClient } from '../../apps/bot/src/shared/api-client';
import type { TestSystem } from './test-system';

/**
 * The real bot, long-polling the local Bot API emulator and calling a test system's API as the bot service, as the
 * bot's end-to-end tests run it (feature switches read fresh each time); `options` as createBot takes them.
 */
export async function launchBot(system: TestSystem, emu: RunningEmulator, options: Partial<BotOptions> = {}): Promise<Telegraf> {
  const http = options.http ?? new ApiClient(system.apiUrl, { credential: system.botToken });
  const bot = createBot({
    token: emu.token,
    apiRoot: emu.apiRoot,
    apiUrl: system.apiUrl,
    http,
    lookupActor: identityLookup(new IdentityApi(http)),
    switchesTtlMs: 0,
    ...options,
  });
  void bot.launch();
  await new Promise((r) => setTimeout(r, 200)); // getMe and the first getUpdates
  return bot;
}
