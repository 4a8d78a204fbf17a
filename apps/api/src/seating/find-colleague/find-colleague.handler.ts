import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { FindColleagueQueryDto, FindColleagueView } from '@megabot/contracts';
import { personView } from '../../directory/directory.cards';
import { DirectoryIndex } from '../../directory/directory.index';
import { SeatingReadModel } from '../seating.read-model';

export class FindColleagueQuery extends Query<FindColleagueView> {
  constructor(readonly params: FindColleagueQueryDto) {
    super();
  }
}

/** The directory's search (active employees, what every colleague may see), with where each sits. */
@QueryHandler(FindColleagueQuery)
export class FindColleagueHandler implements IQueryHandler<FindColleagueQuery> {
  constructor(
    private readonly directory: DirectoryIndex,
    private readonly seating: SeatingReadModel,
  ) {}

  async execute({ params }: FindColleagueQuery): Promise<FindColleagueView> {
    await this.seating.reach(params.waitFor);
    const hits = this.directory.index.search(params.q, { limit: params.limit ?? 10 });
    const rows = hits.flatMap((h) => this.directory.active(h.employeeId) ?? []);
    const seats = await this.seating.seats(
      rows.map((r) => r.employee_id),
      params.date,
    );
    return { items: rows.map((r) => ({ ...personView(r), seats: seats.get(r.employee_id) ?? [] })) };
  }
}
