import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FindColleagueQueryDto, type FindColleagueView } from '@megabot/contracts';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { personView } from '../../directory/directory.cards';
import { DirectoryIndex } from '../../directory/directory.index';
import { SeatingReadModel } from '../seating.read-model';

@ApiTags('seating')
@ForEmployee()
@Controller('seating')
export class FindColleagueController {
  constructor(
    private readonly directory: DirectoryIndex,
    private readonly seating: SeatingReadModel,
  ) {}

  /** The directory's search (active employees, what every colleague may see), with where each sits. */
  @Get('people')
  @QueryRoute('Find colleagues (as the directory search does) and where they sit: their assigned desk and their hot desk that day')
  async people(@Query() query: FindColleagueQueryDto): Promise<FindColleagueView> {
    await this.seating.reach(query.waitFor);
    const hits = this.directory.index.search(query.q, { limit: query.limit ?? 10 });
    const rows = hits.flatMap((h) => this.directory.active(h.employeeId) ?? []);
    const seats = await this.seating.seats(
      rows.map((r) => r.employee_id),
      query.date,
    );
    return { items: rows.map((r) => ({ ...personView(r), seats: seats.get(r.employee_id) ?? [] })) };
  }
}
