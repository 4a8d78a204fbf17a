import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { BidView, LotDetailView, LotKind, LotListView, LotSummaryView } from '@megabot/contracts';
import { BidEntity, LotEntity } from '@megabot/read-model';
import type { Repository } from 'typeorm';
import { problem } from '../core/problem';
import { GetLotQuery, ListLotsQuery } from './auction.queries';

const BID_HISTORY_LIMIT = 100;

@QueryHandler(ListLotsQuery)
export class ListLotsHandler implements IQueryHandler<ListLotsQuery> {
  constructor(@InjectRepository(LotEntity) private readonly lots: Repository<LotEntity>) {}

  async execute({ filter }: ListLotsQuery): Promise<LotListView> {
    const limit = filter.limit ?? 20;
    const offset = filter.offset ?? 0;
    const where: Partial<Pick<LotEntity, 'kind' | 'status'>> = {};
    if (filter.kind) where.kind = filter.kind;
    if (filter.status) where.status = filter.status;
    const [rows, total] = await this.lots.findAndCount({ where, order: { closesAt: 'ASC', lotId: 'ASC' }, take: limit, skip: offset });
    return { items: rows.map(toSummary), total, limit, offset };
  }
}

@QueryHandler(GetLotQuery)
export class GetLotHandler implements IQueryHandler<GetLotQuery> {
  constructor(
    @InjectRepository(LotEntity) private readonly lots: Repository<LotEntity>,
    @InjectRepository(BidEntity) private readonly bids: Repository<BidEntity>,
  ) {}

  async execute({ lotId }: GetLotQuery): Promise<LotDetailView> {
    const lot = await this.lots.findOneBy({ lotId });
    if (!lot) throw problem(404, 'auction.lot_not_found', `Lot ${lotId} does not exist`);
    const bids = await this.bids.find({ where: { lotId }, order: { revision: 'DESC' }, take: BID_HISTORY_LIMIT });
    return {
      ...toSummary(lot),
      description: lot.description,
      minIncrement: Number(lot.minIncrement),
      details: lot.details as LotDetailView['details'],
      openedAt: lot.openedAt.toISOString(),
      closedAt: lot.closedAt?.toISOString() ?? null,
      outcome: (lot.outcome as LotDetailView['outcome']) ?? null,
      winnerId: lot.winnerId,
      bids: bids.map(toBidView),
    };
  }
}

function toSummary(l: LotEntity): LotSummaryView {
  const current = l.currentPrice === null ? null : Number(l.currentPrice);
  return {
    lotId: l.lotId,
    kind: l.kind as LotKind,
    title: l.title,
    sellerId: l.sellerId,
    status: l.status as 'open' | 'closed',
    currency: l.currency,
    startingPrice: Number(l.startingPrice),
    currentPrice: current,
    minimumBid: current === null ? Number(l.startingPrice) : current + Number(l.minIncrement),
    leaderId: l.leaderId,
    bidCount: l.bidCount,
    closesAt: l.closesAt.toISOString(),
  };
}

function toBidView(b: BidEntity): BidView {
  return { bidderId: b.bidderId, amount: Number(b.amount), placedAt: b.placedAt.toISOString(), revision: Number(b.revision) };
}
