import { Query } from '@nestjs/cqrs';
import type { LotDetailView, LotListView, ListLotsQueryDto } from '@megabot/contracts';

export class ListLotsQuery extends Query<LotListView> {
  constructor(readonly filter: ListLotsQueryDto) {
    super();
  }
}

export class GetLotQuery extends Query<LotDetailView> {
  constructor(readonly lotId: string) {
    super();
  }
}
