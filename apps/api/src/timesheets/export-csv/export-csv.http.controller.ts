import { Controller, Get, Header, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { ExportQueryDto, type Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { ExportCsvQuery, type ExportScope } from './export-csv.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class ExportCsvController {
  constructor(
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  /** One of `employeeId`, `team` (a manager's id) or `project`; none: your own time. */
  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @QueryRoute('Time entries as CSV: a person (you, a direct report), a team (yours) or a project; admins and auditors: any', {
    403: 'Not yours to export (timesheets.export_forbidden)',
  })
  async export(@Query() query: ExportQueryDto, @CurrentEmployee() actor: Actor): Promise<string> {
    const given = [query.employeeId, query.team, query.project].filter((v) => v !== undefined);
    if (given.length > 1) throw problem(400, 'validation.failed', 'Give one of employeeId, team or project');
    const scope: ExportScope = query.team
      ? { kind: 'team', managerId: query.team }
      : query.project
        ? { kind: 'project', project: query.project }
        : { kind: 'person', employeeId: query.employeeId ?? actor.employeeId };
    await this.progress.waitFor('timesheets', query.waitFor);
    return this.queries.execute(new ExportCsvQuery(scope, query.from, query.to, actor));
  }
}
