import type {
  BotLanguage,
  BotUserSettingsView,
  ClaimUpdateView,
  CommandResultDto,
  ConversationScope,
  ConversationStateView,
  FeatureSwitchListView,
  LotDetailView,
  LotKind,
  LotListView,
  NotificationListView,
  OpenLotDto,
  PlaceBidResultDto,
  ProblemDetails,
} from '@megabot/contracts';

/** Filters of the lot list (`GET /auctions`). */
export interface LotListQuery {
  status?: 'open' | 'closed';
  kind?: LotKind;
  endingWithinMinutes?: number;
  bidder?: string;
  seller?: string;
  limit?: number;
  offset?: number;
  waitFor?: string;
}

/** A problem answered by the API (4xx/5xx), with its problem-details body. */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.title);
    this.name = 'ApiProblem';
  }
}

/**
 * The bot's only way to the system: the API over HTTP. Commands carry the
 * acting employee and an idempotency key (so a redelivered update has one
 * effect); reads can wait for the position a command returned.
 */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  /** `viewer`: the employee looking (required for `bidder=`, which lists their own bids only). */
  listLots(query: LotListQuery = {}, viewer?: string): Promise<LotListView> {
    return this.get(`/auctions${qs({ ...query })}`, viewer);
  }

  getLot(lotId: string, waitFor?: string, viewer?: string): Promise<LotDetailView> {
    return this.get(`/auctions/${encodeURIComponent(lotId)}${qs({ waitFor })}`, viewer);
  }

  placeBid(lotId: string, amount: number, actor: string, idempotencyKey: string): Promise<PlaceBidResultDto> {
    return this.post(`/auctions/${encodeURIComponent(lotId)}/bids`, { amount }, actor, idempotencyKey);
  }

  buyNow(lotId: string, actor: string, idempotencyKey: string): Promise<CommandResultDto> {
    return this.post(`/auctions/${encodeURIComponent(lotId)}/buy-now`, {}, actor, idempotencyKey);
  }

  openLot(lot: OpenLotDto, actor: string, idempotencyKey: string): Promise<CommandResultDto> {
    return this.post('/auctions', lot, actor, idempotencyKey);
  }

  /* ------------------------------------------------ the bot's own state */

  /** A conversation state; null when there is none (or it expired). */
  async getConversation(scope: ConversationScope, key: string): Promise<ConversationStateView | null> {
    try {
      return await this.get<ConversationStateView>(`/bot/conversations/${scope}/${encodeURIComponent(key)}`);
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
    return this.send('PUT', `/bot/conversations/${scope}/${encodeURIComponent(key)}`, { ...state, expectedVersion });
  }

  deleteConversation(scope: ConversationScope, key: string, expectedVersion: number): Promise<void> {
    return this.send('DELETE', `/bot/conversations/${scope}/${encodeURIComponent(key)}${qs({ expectedVersion })}`);
  }

  getUserSettings(telegramUserId: number): Promise<BotUserSettingsView> {
    return this.get(`/bot/users/${telegramUserId}/settings`);
  }

  putUserSettings(telegramUserId: number, language: BotLanguage | null): Promise<BotUserSettingsView> {
    return this.send('PUT', `/bot/users/${telegramUserId}/settings`, { language });
  }

  featureSwitches(): Promise<FeatureSwitchListView> {
    return this.get('/bot/switches');
  }

  pendingNotifications(employee: string, limit = 20): Promise<NotificationListView> {
    return this.get(`/notifications/pending${qs({ employee, limit })}`);
  }

  /** Marks a notification delivered; `first` is true only for the call that made the mark. */
  markDelivered(id: string): Promise<{ id: string; deliveredAt: string; first: boolean }> {
    return this.post(`/notifications/${encodeURIComponent(id)}/delivered`, {});
  }

  /**
   * Claims a Telegram update for handling; `first` is true only for the first claim of its update_id in the whole
   * system (a webhook redelivery or another instance gets false and drops the update).
   */
  claimUpdate(updateId: number, load: { userId?: number; conversationKey?: string; telegramLanguage?: 'ru' | 'en' } = {}): Promise<ClaimUpdateView> {
    return this.post(`/bot/updates/${encodeURIComponent(String(updateId))}/claim`, load);
  }

  private async get<T>(path: string, viewer?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (viewer) headers['x-employee-id'] = viewer;
    return this.parse<T>(await fetch(this.baseUrl + path, { headers }));
  }

  private post<T>(path: string, body: unknown, actor?: string, key?: string): Promise<T> {
    return this.send('POST', path, body, actor, key);
  }

  private async send<T>(method: string, path: string, body?: unknown, actor?: string, key?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (actor) headers['x-employee-id'] = actor;
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return this.parse<T>(res);
  }

  private async parse<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    const body = (await res.json().catch(() => ({}))) as T & ProblemDetails;
    if (!res.ok) throw new ApiProblem({ ...body, status: res.status, title: body.title ?? res.statusText, type: body.type ?? 'about:blank' });
    return body;
  }
}

function qs(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}
