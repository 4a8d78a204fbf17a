import type { CommandResultDto, LotDetailView, LotListView, ProblemDetails } from '@megabot/contracts';

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

  private async get<T>(path: string): Promise<T> {
    return this.parse<T>(await fetch(this.baseUrl + path, { headers: { accept: 'application/json' } }));
  }

  private async post<T>(path: string, body: unknown, actor: string, key: string): Promise<T> {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-employee-id': actor, 'idempotency-key': key },
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
