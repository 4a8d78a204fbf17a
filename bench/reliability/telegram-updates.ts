import * as fc from 'fast-check';
import type { EventStore } from '@megabot/event-store';
import { HOSTILE_STRINGS } from '@megabot/testing/openapi-fuzz';
import { startEmulator, type EmulatorEvent } from '../../apps/telegram-emulator/src';
import type { BenchActors } from '../lib/actors';
import { startBotProcess } from '../lib/bots';
import { stop } from '../lib/processes';
import { drainWebhook } from '../lib/webhook';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a user may do to the bot: commands, text of any kind, contacts, presses on the bot's buttons or on forged data. */
type Action = { kind: 'text'; text: string } | { kind: 'contact'; phone: string } | { kind: 'press'; data: string; forged: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc
    .constantFrom('/start', '/lots', '/rooms', '/help', '/me', '/settings', '/cancel', '/language', '/book', '/start deep_link_x')
    .map((text) => ({ kind: 'text' as const, text })),
  fc
    .oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), fc.constant('я'.repeat(4096)))
    .map((text) => ({ kind: 'text' as const, text: text || '.' })),
  fc.constantFrom('+79990001122', '12', '').map((phone) => ({ kind: 'contact' as const, phone })),
  fc.constant({ kind: 'press' as const, data: '', forged: false }),
  fc
    .oneof(fc.constantFrom('a:o:nope', 'a:p:-1', 'a:p:99999999', 'r:b:x', 'x', ':::', 'a:o:' + 'x'.repeat(60)), fc.string({ maxLength: 64 }))
    .map((data) => ({ kind: 'press' as const, data, forged: true })),
);

/**
 * Random Telegram updates to the real bot through the local Bot API emulator (webhook delivery): employees and
 * strangers sending commands, odd text, contacts, button presses on what the bot showed them and on forged callback
 * data. Counted: updates injected, updates still undelivered after the drain, the bot's replies, deliveries the bot's
 * webhook failed (5xx/no answer), Bot API calls the emulator refused, and whether the bot process survived.
 */
export async function randomTelegramUpdates(opts: { dist: string; apiUrl: string; store: EventStore; actors: BenchActors; updates: number; seed: number }) {
  const emu = await startEmulator({ port: 0, rateLimits: { enabled: false } });
  const counts = { webhookErrors: 0, webhookErrorSample: [] as string[], botApiErrors: {} as Record<string, number>, replies: 0, callbackAnswers: 0 };
  /** The bot's latest message per chat with its buttons (what a user can press). */
  const views = new Map<number, { messageId: number; data: string[] }>();
  void emu.control
    .waitFor(
      (e: EmulatorEvent) => {
        if (e.type === 'webhook_error') {
          counts.webhookErrors++;
          if (counts.webhookErrorSample.length < 10) counts.webhookErrorSample.push(`update ${String(e.update_id)}: ${String(e.message)}`);
        }
        if (e.type === 'api_error') {
          const key = `${String(e.method)}: ${String(e.description)}`.slice(0, 120);
          counts.botApiErrors[key] = (counts.botApiErrors[key] ?? 0) + 1;
        }
        if (e.type === 'callback_answer') counts.callbackAnswers++;
        if ((e.type === 'message' && e.direction === 'out') || e.type === 'message_edited') {
          counts.replies++;
          const m = e.message as { message_id: number; reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } };
          const data = (m.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
          if (e.chat_id !== undefined) views.set(e.chat_id, { messageId: m.message_id, data });
        }
        return false;
      },
      { timeoutMs: 2 ** 31 - 1 },
    )
    .catch(() => undefined);
  const employees = Array.from({ length: 10 }, (_, i) => 810_000_001 + i);
  const strangers = Array.from({ length: 5 }, (_, i) => 820_000_001 + i);
  emu.control.createUsers(
    [...employees, ...strangers].map((id) => ({ id, first_name: `U${id}`, language_code: id % 2 ? 'en' : 'ru' })),
    { seeded: true },
  );
  await opts.actors.hire(
    opts.store,
    opts.apiUrl,
    employees.map((id) => ({ employeeId: `tg-${id}`, telegramUserId: id })),
  );
  const bot = await startBotProcess({ dist: opts.dist, emu, apiUrl: opts.apiUrl, apiToken: opts.actors.botToken, secret: 'reliability_secret', log: true });
  let injected = 0;
  let notInjectable = 0;
  let crashed: boolean;
  let undelivered: number;
  try {
    const users = [...employees, ...strangers];
    const plan = fc.sample(fc.tuple(fc.constantFrom(...users), action), { numRuns: opts.updates, seed: opts.seed });
    for (const [userId, a] of plan) {
      try {
        if (a.kind === 'text') emu.control.sendMessage({ userId, text: a.text });
        else if (a.kind === 'contact') emu.control.sendContact({ userId, phoneNumber: a.phone });
        else {
          const view = views.get(userId);
          if (!view) {
            emu.control.sendMessage({ userId, text: '/lots' });
          } else {
            const data = a.forged || !view.data.length ? a.data : view.data[injected % view.data.length];
            emu.control.pressButton({ userId, messageId: view.messageId, data });
          }
        }
        injected++;
      } catch {
        notInjectable++;
      }
      await sleep(15);
    }
    // every update delivered (the bot paces its replies per chat, so a backlog takes a while) before the bot stops
    undelivered = await drainWebhook(emu, 120_000);
  } finally {
    crashed = bot.child.exitCode !== null || bot.child.signalCode !== null;
    await stop(bot.child);
    await emu.stop();
  }
  const errorLines = bot.stderr.filter((l) => /error|unhandled|exception|failed/i.test(l));
  return {
    updatesInjected: injected,
    notInjectable,
    undelivered,
    ...counts,
    crashed,
    botErrorLogLines: errorLines.length,
    botErrorSample: [...new Set(errorLines)].slice(0, 5).map((l) => l.slice(0, 200)),
  };
}
