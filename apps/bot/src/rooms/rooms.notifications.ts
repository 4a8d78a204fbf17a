import type { RoomsNotificationView } from '@megabot/contracts';
import type { Telegram } from 'telegraf';
import { html } from '../shared/escape';
import { t, type Language } from '../shared/i18n';
import { RoomsApi } from './rooms.api';
import { checkInButton, hhmm, seriesButtons, type Keyboard } from './rooms.views';

export interface RoomsDeliveryOptions {
  apiUrl: string;
  telegram: Telegram;
  /** Who receives notices in Telegram (bound employees), in which language. */
  recipients: () => Map<string, { telegramId: number; language: Language }>;
  intervalMs?: number;
  log?: (message: string) => void;
}

/**
 * Delivers the rooms outbox: reminders with a check-in button, released
 * bookings, flagged series (keep / cancel buttons). Marked delivered before
 * it is sent and sent only by the call that made the mark, so several bot
 * instances or a restart never send a notice twice (at most once: a send
 * that fails after the mark is logged).
 */
export function startRoomsNotificationDelivery(options: RoomsDeliveryOptions): { stop(): Promise<void>; tick(): Promise<number> } {
  const api = new RoomsApi(options.apiUrl);
  const log = options.log ?? ((m: string) => console.warn(`[bot] ${m}`));
  let stopped = false;
  let running: Promise<number> | undefined;

  const tick = async (): Promise<number> => {
    let sent = 0;
    for (const [employee, to] of options.recipients()) {
      const { items } = await api.pendingNotifications(employee, 50);
      for (const n of items) {
        if (!(await api.markDelivered(n.id)).first) continue;
        const { text, keyboard } = roomsNotificationMessage(to.language, n);
        try {
          await options.telegram.sendMessage(to.telegramId, text, { parse_mode: 'HTML', reply_markup: keyboard });
          sent++;
        } catch (e) {
          log(`rooms notice ${n.id} to ${n.recipientId} not sent: ${(e as Error).message}`);
        }
      }
    }
    return sent;
  };

  const loop = async () => {
    while (!stopped) {
      running = tick().catch((e) => {
        log(`rooms notice delivery: ${(e as Error).message}`);
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

export function roomsNotificationMessage(lang: Language, n: RoomsNotificationView): { text: string; keyboard: Keyboard } {
  const d = n.data as { title?: string | null; roomName?: string; start?: string; missedInARow?: number };
  const facts = { title: html(d.title ?? t(lang, 'rooms.busy_title')), room: html(d.roomName ?? n.roomId), from: d.start ? hhmm(d.start) : '' };
  switch (n.kind) {
    case 'reminder':
      return { text: t(lang, 'rooms.reminder', facts), keyboard: n.bookingId ? checkInButton(lang, n.bookingId) : { inline_keyboard: [] } };
    case 'released':
      return { text: t(lang, 'rooms.released', facts), keyboard: { inline_keyboard: [] } };
    case 'series_flagged':
      return { text: t(lang, 'rooms.series_flagged', { ...facts, count: d.missedInARow ?? 0 }), keyboard: n.seriesId ? seriesButtons(lang, n.seriesId) : { inline_keyboard: [] } };
  }
}
