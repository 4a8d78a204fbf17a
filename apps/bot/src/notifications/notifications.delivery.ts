import type { Notice } from '@megabot/contracts';
import type { Telegram } from 'telegraf';
import { resolveLanguage, type Language } from '../shared/i18n';
import { DEFAULT_LANGUAGE } from '../shared/language';
import { Poller } from '../shared/poller';
import type { NoticeMessage, NoticeRenderer, NoticeRenderers } from './notice-message';
import type { NotificationsApi } from './notifications.api';

export interface NotificationDeliveryOptions {
  api: NotificationsApi;
  /** A client whose sends go through the bot's send queue (Telegram's rate limits, 429 retry_after). */
  telegram: Telegram;
  renderers: NoticeRenderers;
  /** Notices per claim (default 50). */
  batchSize?: number;
  /** How long a claim keeps the notices from other instances (default 60 s; sending one claim takes a few seconds). */
  leaseSeconds?: number;
  intervalMs?: number;
  /** The language of recipients who chose none and whose Telegram client language is not known (BOT_DEFAULT_LANGUAGE; default as the bot's replies). */
  defaultLanguage?: Language;
  log?: (message: string) => void;
}

export type DeliveryOutcome = 'delivered' | 'undeliverable' | 'failed';

export interface DeliveryRound {
  claimed: number;
  delivered: number;
  undeliverable: number;
  /** Not sent or not confirmed: due again when the lease runs out. */
  failed: number;
}

/**
 * The one deliverer of every feature's notices: claims what is due for everyone (one call), renders each notice
 * with its feature's renderer, sends it through the send queue and confirms it. Any number of bot instances may run
 * it: a claim leases its notices to the caller.
 *
 * At least once: a notice is settled only by the confirmation after Telegram accepted it; when the send fails, or
 * the bot dies between claim and send, the lease runs out and the notice is claimed again (by any instance). A send
 * that Telegram refuses for good - the user blocked the bot, or has no chat with it - is confirmed undeliverable, so
 * it neither comes back nor holds up anyone else. The one duplicate: a crash after Telegram accepted the message
 * and before the confirmation reached the API sends it again after the lease.
 *
 * The claim's notices are sent together; the send queue keeps each chat's messages in claim order (oldest first) at
 * about one per second, and the API hands out at most five per person per claim, so a round ends well inside the lease.
 */
export function notificationDelivery(options: NotificationDeliveryOptions): Poller<DeliveryRound> {
  const log = options.log ?? ((m: string) => console.warn(`[bot] ${m}`));
  const batchSize = options.batchSize ?? 50;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const { api, telegram, renderers } = options;
  const defaultLanguage = options.defaultLanguage ?? DEFAULT_LANGUAGE;

  const deliver = async (n: Notice): Promise<DeliveryOutcome> => {
    let message: NoticeMessage;
    try {
      const render = renderers[n.feature] as NoticeRenderer<Notice> | undefined;
      if (!render) throw new Error(`no renderer for ${n.feature} notices`);
      // the notice's language is the recipient's choice, else their Telegram client's (the API coalesces the two)
      message = render(resolveLanguage(n.language, undefined, defaultLanguage), n);
    } catch (e) {
      log(`notice ${n.id} (${n.feature} ${n.kind}) not rendered: ${(e as Error).message}`);
      return 'failed';
    }
    try {
      await telegram.sendMessage(n.telegramUserId, message.text, {
        ...(message.parseMode ? { parse_mode: message.parseMode } : {}),
        ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
      });
    } catch (e) {
      const refusal = refusedForGood(e);
      if (!refusal) {
        log(`notice ${n.id} (${n.feature} ${n.kind}) to ${n.telegramUserId} not sent (attempt ${n.attempt}): ${(e as Error).message}`);
        return 'failed';
      }
      return settle(n, 'undeliverable', refusal);
    }
    return settle(n, 'delivered');
  };

  const settle = async (n: Notice, outcome: 'delivered' | 'undeliverable', error?: string): Promise<DeliveryOutcome> => {
    try {
      await api.confirm(n.id, outcome, error);
      return outcome;
    } catch (e) {
      log(`notice ${n.id} ${outcome} but not confirmed (${(e as Error).message}): it is handed out again after its lease`);
      return 'failed';
    }
  };

  const round = async (): Promise<DeliveryRound> => {
    const { items } = await api.claim(batchSize, leaseSeconds);
    const outcomes = await Promise.all(items.map(deliver));
    const count = (o: DeliveryOutcome) => outcomes.filter((x) => x === o).length;
    return { claimed: items.length, delivered: count('delivered'), undeliverable: count('undeliverable'), failed: count('failed') };
  };

  return new Poller(round, { name: 'notification delivery', intervalMs: options.intervalMs ?? 1000, again: (r) => r.claimed === batchSize, log });
}

/**
 * Telegram's answer when a message to this user can never go through until they write to the bot again: 403 (blocked
 * by the user, deactivated, never started) or 400 "chat not found". Undefined for anything worth retrying.
 */
function refusedForGood(e: unknown): string | undefined {
  const response = (e as { response?: { error_code?: number; description?: string } }).response;
  if (response?.error_code === 403) return response.description ?? 'Forbidden';
  if (response?.error_code === 400 && /chat not found/i.test(response.description ?? '')) return response.description;
  return undefined;
}
