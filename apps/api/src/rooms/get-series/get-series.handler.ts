import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SeriesView } from '@megabot/contracts';
import { RoomsErrors } from '@megabot/domain';
import { DataSource } from 'typeorm';
import type { Row } from '../rooms.read-model';

export class GetSeriesQuery extends Query<SeriesView> {
  constructor(readonly seriesId: string) {
    super();
  }
}

@QueryHandler(GetSeriesQuery)
export class GetSeriesHandler implements IQueryHandler<GetSeriesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ seriesId }: GetSeriesQuery): Promise<SeriesView> {
    const [r]: Row[] = await this.ds.query(`SELECT * FROM rooms.series WHERE series_id = $1`, [seriesId]);
    if (!r) throw RoomsErrors.seriesNotFound(seriesId);
    return {
      seriesId: r.series_id,
      roomId: r.room_id,
      organizerId: r.organizer_id,
      title: r.title,
      rule: r.rule,
      occurrences: r.occurrences,
      skipped: r.skipped,
      unattendedLimit: r.unattended_limit,
      missedInARow: r.missed_in_a_row,
      flagged: r.flagged,
      status: r.status,
      cancelledFrom: r.cancelled_from,
    };
  }
}
