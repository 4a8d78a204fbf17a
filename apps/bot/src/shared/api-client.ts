import type { CommandResultDto, LotDetailView, LotListView, NotificationListView, ProblemDetails } from '@megabot/contracts';

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

  listLots(query: { status?: 'open' | 'closed'; limit?: number; offset?: number; waitFor?: string } = {}): Promise<LotListView> {
    return this.get(`/auctions${qs(query)}`);
  }

  getLot(lotId: string, waitFor?: string): Promise<LotDetailView> {
    return this.get(`/auctions/${encodeURIComponent(lotId)}${qs({ waitFor })}`);
  }

  placeBid(lotId: string, amount: number, actor: string, idempotencyKey: string): Promise<CommandResultDto> {
    return this.post(`/auctions/${encodeURIComponent(lotId)}/bids`, { amount }, actor, idempotencyKey);
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
  claimUpdate(updateId: number): Promise<{ updateId: number; first: boolean }> {
    return this.post(`/bot/updates/${encodeURIComponent(String(updateId))}/claim`, {});
  }

  private async get<T>(path: string): Promise<T> {
    return this.parse<T>(await fetch(this.baseUrl + path, { headers: { accept: 'application/json' } }));
  }

  private async post<T>(path: string, body: unknown, actor?: string, key?: string): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (actor) headers['x-employee-id'] = actor;
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return this.parse<T>(res);
  }

  private async parse<T>(res: Response): Promise<T> {
    const body = (await res.json().catch(() => ({}))) as T & ProblemDetails;
    if (!res.ok) throw new ApiProblem({ ...body, status: res.status, title: body.title ?? res.statusText, type: body.type ?? 'about:blank' });
    return body;
  }
}

function qs(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | number][];
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}` : '';
}
