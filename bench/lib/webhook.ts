import type { RunningEmulator } from '../../apps/telegram-emulator/src';

/**
 * Waits until the emulator has delivered every queued update to the webhook (none pending, none in flight) or
 * `timeoutMs` passed, and returns how many are still undelivered. A probe calls it before it stops a bot: updates
 * still queued then are delivered to a closed port, and the emulator logs each attempt as a webhook error
 * ("Connection refused") that says nothing about the bot.
 */
export async function drainWebhook(emu: RunningEmulator, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = emu.control.webhookInfo();
    if ((info.pending_update_count === 0 && info.in_flight === 0) || Date.now() >= until) return info.pending_update_count;
    await new Promise((r) => setTimeout(r, 50));
  }
}
