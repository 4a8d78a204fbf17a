import type { NotificationView } from '@megabot/contracts';
import type { Telegram } from 'telegraf';
import type { ApiClient } from '../shared/api-client';
import { callbackData } from '../shared/escape';
import { money, t, type Language, type MessageKey } from '../shared/i18n';

export interface Recipient {
  telegramId: number;
  language: Language;
}

export interface DeliveryOptions {
  api: ApiClient;
  telegram: Telegram;
  /** Who receives auction notifications in Telegram (bound employees). */
  recipients: () => Map<string, Recipient>;
  intervalMs?: number;
  log?: (message: string) => void;
}

/**
 * Delivers the auction's notification outbox. Each notification is marked
 * delivered *before* it is sent and only the call that made the mark sends,
 * so several bot instances (or a restart) never send it twice; sends go
 * through the bot's send queue (Telegram's rate limits, 429 retry_after).
 * The price of at-most-once: a message that fails after the mark (the user
 * blocked the bot) is logged, not retried.
 */
export function startNotificationDelivery(options: DeliveryOptions): { stop(): Promise<void>; tick(): Promise<number> } {
  const log = options.log ?? ((m: string) => console.warn(`[bot] ${m}`));
  let stopped = false;
  let running: Promise<number> | undefined;

  const deliverOne = async (n: NotificationView, to: Recipient): Promise<boolean> => {
    const mark = await options.api.markDelivered(n.id);
    if (!mark.first) return false; // another instance has it
    try {
      // Outbid comes with a button back to the lot card, where the next bid is one press away.
      const again = n.kind === 'outbid' && n.lotId.length <= 48;
      await options.telegram.sendMessage(
        to.telegramId,
        notificationText(to.language, n),
        again ? { reply_markup: { inline_keyboard: [[{ text: t(to.language, 'button.bid_again'), callback_data: callbackData(`a:c:${n.lotId}`) }]] } } : {},
      );
      return true;
    } catch (e) {
      log(`notification ${n.id} to ${n.recipientId} not sent: ${(e as Error).message}`);
      return false;
    }
  };

  const tick = async (): Promise<number> => {
    let sent = 0;
    for (const [employee, to] of options.recipients()) {
      const { items } = await options.api.pendingNotifications(employee, 50);
      for (const n of items) if (await deliverOne(n, to)) sent++;
    }
    return sent;
  };

  const loop = async () => {
    while (!stopped) {
      running = tick().catch((e) => {
        log(`notification delivery: ${(e as Error).message}`);
        return 0;
      });
      await running;
      if (!stopped) await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
    }
  };
  void loop();
  return {
    tick,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

const KEY: Record<NotificationView['kind'], MessageKey> = {
  outbid: 'notify.outbid',
  leading: 'notify.leading',
  won: 'notify.won',
  lost: 'notify.lost',
  sold: 'notify.sold',
  not_sold: 'notify.not_sold',
  extended: 'notify.extended',
  cancelled: 'notify.cancelled',
};

export function notificationText(lang: Language, n: NotificationView): string {
  const d = n.data as { title?: string; price?: number; currency?: string };
  return t(lang, KEY[n.kind], { title: d.title ?? n.lotId, price: typeof d.price === 'number' ? money(lang, d.price, d.currency) : '' });
}
