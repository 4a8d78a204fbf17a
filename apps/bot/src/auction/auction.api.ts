import type { CommandResultDto, LotDetailView, LotKind, LotListView, OpenLotDto, PlaceBidResultDto } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

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

/** The auction part of the API. Commands carry the acting employee and an idempotency key (a redelivered update has one effect). */
export class AuctionApi {
  constructor(private readonly http: ApiClient) {}

  /** `viewer`: the employee looking (required for `bidder=`, which lists their own bids only). */
  listLots(query: LotListQuery = {}, viewer?: number): Promise<LotListView> {
    return this.http.get('/auctions', { ...query }, viewer);
  }

  /** `waitFor`: a position a command returned; the API answers once its read model has it. */
  getLot(lotId: string, waitFor?: string, viewer?: number): Promise<LotDetailView> {
    return this.http.get(`/auctions/${seg(lotId)}`, { waitFor }, viewer);
  }

  placeBid(lotId: string, amount: number, actor: number, idempotencyKey: string): Promise<PlaceBidResultDto> {
    return this.http.request({ method: 'POST', path: `/auctions/${seg(lotId)}/bids`, body: { amount }, actor, idempotencyKey });
  }

  buyNow(lotId: string, actor: number, idempotencyKey: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'POST', path: `/auctions/${seg(lotId)}/buy-now`, body: {}, actor, idempotencyKey });
  }

  openLot(lot: OpenLotDto, actor: number, idempotencyKey: string): Promise<CommandResultDto> {
    return this.http.request({ method: 'POST', path: '/auctions', body: lot, actor, idempotencyKey });
  }
}
