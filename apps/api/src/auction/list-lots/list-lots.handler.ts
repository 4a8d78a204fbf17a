import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ListLotsQueryDto, LotListView, LotSortField, SortOrder } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { API_OPTIONS, type ApiOptions } from '../../core/api-options';
import { problem } from '../../core/problem';
import { aliasOf, toSummary, type LotWithAlias } from '../auction.read-model';

export class ListLotsQuery extends Query<LotListView> {
  constructor(
    readonly filter: ListLotsQueryDto,
    readonly viewerId?: string,
  ) {
    super();
  }
}

@QueryHandler(ListLotsQuery)
export class ListLotsHandler implements IQueryHandler<ListLotsQuery> {
  constructor(
    private readonly ds: DataSource,
    @Inject(API_OPTIONS) private readonly options: ApiOptions,
  ) {}

  async execute({ filter, viewerId }: ListLotsQuery): Promise<LotListView> {
    const limit = filter.limit ?? 20;
    const offset = filter.offset ?? 0;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.kind) where.push(`l.kind = ${param(filter.kind)}`);
    if (filter.status) where.push(`l.status = ${param(filter.status)}`);
    if (filter.endingWithinMinutes) {
      where.push(`l.status = 'open' AND l.closes_at > now() AND l.closes_at <= now() + make_interval(mins => ${param(filter.endingWithinMinutes)})`);
    }
    if (filter.q) {
      const text = param(`%${likeEscaped(filter.q)}%`);
      where.push(`(l.title ILIKE ${text} OR l.lot_id ILIKE ${text})`);
    }
    if (filter.seller) where.push(`l.seller_id = ${param(filter.seller)}`);
    if (filter.bidder) {
      // Who bid where is private to the bidder.
      if (filter.bidder !== viewerId) throw problem(403, 'auction.not_your_bids', 'bidder= lists your own bids only: it must be your own employee id');
      where.push(`EXISTS (SELECT 1 FROM auction.maxima m WHERE m.lot_id = l.lot_id AND m.bidder_id = ${param(filter.bidder)})`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // the page and the total in one statement (one snapshot, one round trip); a page past the end counts apart
    const rows: (LotWithAlias & { total: number })[] = await this.ds.query(
      `SELECT l.*, CASE WHEN l.leader_id IS NULL THEN NULL ELSE ${aliasOf('l.lot_id', 'l.leader_id')} END AS leader_alias_no, count(*) OVER ()::int AS total
       FROM auction.lots l ${clause} ORDER BY ${orderBy(filter.sort, filter.order)} LIMIT ${param(limit)} OFFSET ${param(offset)}`,
      params,
    );
    const total: number =
      rows[0]?.total ?? (offset === 0 ? 0 : (await this.ds.query(`SELECT count(*)::int AS total FROM auction.lots l ${clause}`, params.slice(0, -2)))[0].total);
    return { items: rows.map((r) => toSummary(r, viewerId, this.options.maskBidders === true)), total, limit, offset };
  }
}

/** Sort columns by name (never from the request's text); the lot id breaks ties so paging is stable. */
const SORT_COLUMNS: Record<LotSortField, string> = {
  closesAt: 'l.closes_at',
  title: 'l.title',
  currentPrice: 'COALESCE(l.current_price, l.starting_price)',
  bidCount: 'l.bid_count',
  openedAt: 'l.opened_at',
  lotId: 'l.lot_id',
};

function orderBy(sort: LotSortField = 'closesAt', order: SortOrder = 'asc'): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  return sort === 'lotId' ? `l.lot_id ${dir}` : `${SORT_COLUMNS[sort]} ${dir}, l.lot_id ${dir}`;
}

/** A search text taken literally: % and _ match themselves. */
const likeEscaped = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);
