import type { ClaimUpdateView } from '@megabot/contracts';
import type { Context, MiddlewareFn } from 'telegraf';
import { actorOfIdentity } from './actor';
import { messageKey, sessionOf, userKeyOf } from './conversation/session';
import { telegramLanguage, type Language } from './i18n';

/** Claiming an update failed (the API is unreachable or answered an error): the update is neither handled nor dropped. */
export class UpdateClaimError extends Error {
  constructor(
    readonly updateId: number,
    override readonly cause: unknown,
  ) {
    super(`could not claim update ${updateId}: ${cause instanceof Error ? cause.message : cause}`);
    this.name = 'UpdateClaimError';
  }
}

/** What a delivery does with an update whose claim another delivery holds unreported (ClaimUpdateView.pending). */
export interface PendingClaims {
  /** refuse: fail it (a webhook answers 500 and Telegram delivers it again); wait: claim again every `retryMs` (polling). */
  onPending: 'refuse' | 'wait';
  retryMs?: number;
}

/**
 * The first middleware of the bot: claims each update by the bot's id and its update_id through the API and drops the ones another
 * delivery (a webhook redelivery, another instance, a restarted poller) already claimed. The bot keeps no state in
 * memory, so this works across instances. A claim is a lease until the update is reported handled (`handled`, after
 * the handlers ran, also when they failed: the user got the error reply); a delivery that finds the claim still leased
 * and unreported fails (UpdateClaimError: the webhook answers 500, Telegram delivers it again), and an update whose
 * bot died on it is claimed again by a redelivery once the lease ran out (at least once; see the API's
 * ClaimUpdateHandler for the window).
 */
export function claimUpdates(
  claim: (
    updateId: number,
    load: { botId?: number; userId?: number; conversationKey?: string; telegramLanguage?: Language; messageKey?: string },
  ) => Promise<Omit<ClaimUpdateView, 'updateId'>>,
  log: (line: string) => void = () => undefined,
  handled: (updateId: number) => void = () => undefined,
  pending: PendingClaims = { onPending: 'refuse' },
): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    const pressed = ctx.callbackQuery?.message;
    let answer: Omit<ClaimUpdateView, 'updateId'>;
    for (;;) {
      try {
        // the same round trip loads who the user is, their language choice, their conversation state and the pressed
        // message's state (the session of this update), and records the client's language, for messages the bot sends
        // on its own (notifications, reminders)
        answer = await claim(updateId, {
          botId: ctx.botInfo?.id, // per bot (getMe): bots with other tokens may share the API and its update ids
          userId: ctx.from?.id,
          conversationKey: userKeyOf(ctx),
          telegramLanguage: telegramLanguage(ctx.from?.language_code),
          messageKey: pressed ? messageKey(pressed.chat.id, pressed.message_id) : undefined,
        });
      } catch (e) {
        throw new UpdateClaimError(updateId, e);
      }
      if (answer.first || !answer.pending) break;
      // another delivery holds the claim and has not reported the update handled. A webhook refuses it, so Telegram
      // delivers it again (handled by then, or taken over once the lease ran out because the holder died); a poller,
      // whose update comes only once, asks again until one of those happened. Acknowledged now, it would be lost.
      if (pending.onPending === 'refuse') throw new UpdateClaimError(updateId, new Error('another delivery holds its claim and has not handled it yet'));
      await new Promise((r) => setTimeout(r, pending.retryMs ?? 1000));
    }
    const first = answer.first;
    const session = sessionOf(ctx);
    if (answer.settings) session.language = answer.settings.language;
    if (answer.conversation !== undefined) session.conversation = answer.conversation;
    if (answer.identity !== undefined) session.actor = answer.identity && actorOfIdentity(answer.identity);
    if (answer.message !== undefined) session.message = answer.message;
    if (answer.timedOut) session.timedOut = answer.timedOut;
    if (!first) {
      log(`update ${updateId} was already handled; dropped`);
      return;
    }
    try {
      return await next();
    } finally {
      handled(updateId);
    }
  };
}

/**
 * Idempotency key of a command an update makes: the bot's id (getMe) with the update's id, so two bots sharing one API
 * never share a key; a redelivered update makes the same key (one effect).
 */
export const updateKey = (ctx: Context, kind: 'tg-u' | 'idv' | 'mcm' = 'tg-u') => `${kind}-${ctx.botInfo?.id ?? 0}-${ctx.update.update_id}`;

/** Idempotency key of a command a button press makes: the bot's id with the callback query's id. */
export const callbackKey = (ctx: Context) => `tg-cb-${ctx.botInfo?.id ?? 0}-${ctx.callbackQuery?.id ?? ctx.update.update_id}`;
