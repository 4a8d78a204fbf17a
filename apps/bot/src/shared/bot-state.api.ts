import type { BotLanguage, BotUserSettingsView, ClaimUpdateView, ConversationScope, ConversationStateView, FeatureSwitchListView } from '@megabot/contracts';
import { ApiProblem, seg, type ApiClient } from './api-client';

/** The bot's own state, kept by the API: update claims, conversation states, language choices, feature switches. */
export class BotStateApi {
  constructor(private readonly http: ApiClient) {}

  /**
   * Claims a Telegram update for handling; `first` is true only for the first claim of this bot's update_id in the whole
   * system (a webhook redelivery or another instance gets false and drops the update). Sent once, never retried: a
   * retry of a claim that went through would answer `first: false` and drop the update.
   */
  claimUpdate(
    updateId: number,
    load: { botId?: number; userId?: number; conversationKey?: string; telegramLanguage?: BotLanguage } = {},
  ): Promise<ClaimUpdateView> {
    return this.http.request({ method: 'POST', path: `/bot/updates/${seg(updateId)}/claim`, body: load });
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
