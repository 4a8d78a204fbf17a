import type { Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import { hireAndBindTelegram } from '../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { startEmulator, type RunningEmulator } from '../../telegram-emulator/src';
import { createBot } from './bot';
import { IdentityApi } from './identity/identity.api';
import { identityLookup } from './identity/identity.gate';
import { ApiClient } from './shared/api-client';
import { callbackKey, updateKey } from './shared/update-claims';

const ANNA = { id: 730001, first_name: 'Anna', language_code: 'en', label: 'Anna', started: true };

/**
 * Two bots (different tokens: each developer's test bot, or a bot re-created with a new token) share one API. Their
 * Bot APIs number updates independently, so the same update_id reaches both: claims are kept per bot, and neither
 * drops the other's updates as "already handled".
 */
describe('bot: two bots with different tokens share one API', () => {
  let system: TestSystem;
  const emus: RunningEmulator[] = [];
  const bots: Telegraf[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    await hireAndBindTelegram(system, [{ employeeId: 'e-anna', telegramUserId: ANNA.id }]);
    const http = new ApiClient(system.apiUrl, { credential: system.botToken }); // one client, no X-Bot-Id: the claim names the bot
    for (const botUsername of ['first_test_bot', 'second_test_bot']) {
      const emu = await startEmulator({ port: 0, users: [ANNA], botUsername, firstUpdateId: 5_000 }); // the same update ids on both
      const bot = createBot({ token: emu.token, apiRoot: emu.apiRoot, apiUrl: system.apiUrl, http, lookupActor: identityLookup(new IdentityApi(http)) });
      void bot.launch();
      emus.push(emu);
      bots.push(bot);
    }
    await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    for (const bot of bots) bot.stop('test');
    for (const emu of emus) await emu.stop();
    await system.close();
  });

  const outs = (emu: RunningEmulator) => emu.control.messages(ANNA.id, { direction: 'out' }) as Message.TextMessage[];
  const until = async (fn: () => boolean, what: string) => {
    for (let i = 0; i < 400; i++) {
      if (fn()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('both bots answer every message, though their update ids are the same', async () => {
    expect(emus[0].token).not.toBe(emus[1].token);
    for (const [i, text] of ['/start', 'hello', '/foo'].entries()) {
      const a = emus[0].control.sendMessage({ userId: ANNA.id, text });
      await until(() => outs(emus[0]).length === i + 1, `the first bot's answer to ${text}`);
      const b = emus[1].control.sendMessage({ userId: ANNA.id, text });
      expect(b.updateId).toBe(a.updateId);
      await until(() => outs(emus[1]).length === i + 1, `the second bot's answer to ${text}`);
    }
    await new Promise((r) => setTimeout(r, 1200));
    expect(outs(emus[0]).map((m) => m.text.split('\n')[0])).toEqual(outs(emus[1]).map((m) => m.text.split('\n')[0]));
    expect(outs(emus[1])).toHaveLength(3);
  });

  it("commands' idempotency keys name the bot too (the same update or callback id on two bots are two commands)", () => {
    const ctx = (botId: number) => ({ botInfo: { id: botId }, update: { update_id: 5_000 }, callbackQuery: { id: '42' } }) as never;
    expect(updateKey(ctx(1))).not.toBe(updateKey(ctx(2)));
    expect(callbackKey(ctx(1))).not.toBe(callbackKey(ctx(2)));
    expect(callbackKey(ctx(1))).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
