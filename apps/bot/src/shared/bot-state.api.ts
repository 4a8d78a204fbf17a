import type {
  BotLanguage,
  BotUserSettingsView,
  ClaimUpdateView,
  ConversationScope,
  ConversationStateView,
  FeatureSwitchListView,
  SendBudgetGrant,
} from '@megabot/contracts';
import { ApiProblem, seg, type ApiClient } from './api-client';

/** The bot's own state, kept by the API: update claims, conversation states, language choices, feature switches, the send budget. */
export class BotStateApi {
  constructor(private readonly http: ApiClient) {}

  /**
   * Claims a Telegram update for handling; `first` is true only for the first claim of this bot's update_id in the whole
   * system (a webhook redelivery or another instance gets false and drops the update). Sent once, never retried: a
   * retry of a claim that went through would answer `first: false` and drop the update.
   */
  claimUpdate(
    updateId: number,
    load: { botId?: number; userId?: number; conversationKey?: string; telegramLanguage?: BotLanguage; messageKey?: string } = {},
  ): Promise<ClaimUpdateView> {
    return this.http.request({ method: 'POST', path: `/bot/updates/${seg(updateId)}/claim`, body: load });
  }

  /** Tokens of this bot's Telegram send budget, shared with its other instances (a short timeout: sends wait on it). */
  takeSendBudget(request: { want: number; ratePerS: number; burst: number }): Promise<SendBudgetGrant> {
    return this.http.request({ method: 'POST', path: '/bot/send-budget', body: request, timeoutMs: 2000 });
  }

  /**
   * Reports an update handled, settling its claim for good. Batched: the updates handled within 50 ms (or 500 of them)
   * go in one call. A report that does not arrive only lets the claim's lease run out (30 s): a redelivery after that,
   * which Telegram only makes for an update it was not acknowledged, would be handled again.
   */
  reportHandled(updateId: number): void {
    this.handled.push(updateId);
    if (this.handled.length >= 500) void this.flushHandled();
    else if (!this.handledTimer) {
      this.handledTimer = setTimeout(() => void this.flushHandled(), 50);
      this.handledTimer.unref();
    }
  }
  private handled: number[] = [];
  private handledTimer?: NodeJS.Timeout;

  /** Sends the handled reports gathered so far (also before the bot stops). */
  async flushHandled(): Promise<void> {
    clearTimeout(this.handledTimer);
    this.handledTimer = undefined;
    const updateIds = this.handled.splice(0);
    if (!updateIds.length) return;
    try {
      await this.http.request({ method: 'POST', path: '/bot/updates/handled', body: { updateIds } });
    } catch (e) {
      console.warn(`[bot] reporting ${updateIds.length} update(s) handled failed (their claims lapse after the lease): ${(e as Error).message}`);
    }
  }

  /** A conversation state; null when there is none (or it expired). */
  async getConversation(scope: ConversationScope, key: string): Promise<ConversationStateView | null> {
    try {
      return await this.http.get<ConversationStateView>(`/bot/conversations/${scope}/${seg(key)}`);
    } catch (e) {
      if (e instanceof ApiProblem && e.problem.status === 404) return null;
      throw e;
    }
  }

  /** Writes a state if it is still at `expectedVersion` (0: none); a 409 ApiProblem (`currentVersion`) otherwise. */
  putConversation(
    scope: ConversationScope,
    key: string,
    state: { flow: string; step: string; data: Record<string, unknown>; ttlSeconds: number },
    expectedVersion: number,
  ): Promise<ConversationStateView> {
    return this.http.request({ method: 'PUT', path: `/bot/conversations/${scope}/${seg(key)}`, body: { ...state, expectedVersion } });
  }

  deleteConversation(scope: ConversationScope, key: string, expectedVersion: number): Promise<void> {
    return this.http.request({ method: 'DELETE', path: `/bot/conversations/${scope}/${seg(key)}`, query: { expectedVersion } });
  }

  getUserSettings(telegramUserId: number): Promise<BotUserSettingsView> {
    return this.http.get(`/bot/users/${telegramUserId}/settings`, undefined, telegramUserId);
  }

  putUserSettings(telegramUserId: number, language: BotLanguage | null): Promise<BotUserSettingsView> {
    return this.http.request({ method: 'PUT', path: `/bot/users/${telegramUserId}/settings`, body: { language }, actor: telegramUserId });
  }

  featureSwitches(): Promise<FeatureSwitchListView> {
    return this.http.get('/bot/switches');
  }
}
