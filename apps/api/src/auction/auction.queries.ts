import { Query } from '@nestjs/cqrs';
import type { LotDetailView, LotListView, ListLotsQueryDto, ShillReportQueryDto, ShillReportView } from '@megabot/contracts';

export class ListLotsQuery extends Query<LotListView> {
  constructor(
    readonly filter: ListLotsQueryDto,
    readonly viewerId?: string,
  ) {
    super();
  }
}

export class GetLotQuery extends Query<LotDetailView> {
  constructor(
    readonly lotId: string,
    readonly viewerId?: string,
  ) {
    super();
  }
}

export class ShillReportQuery extends Query<ShillReportView> {
  constructor(readonly filter: ShillReportQueryDto) {
    super();
  }
}
