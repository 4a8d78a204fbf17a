import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TimesheetsWaitForQueryDto, type ProjectView } from '@megabot/contracts';
import { DataSource } from 'typeorm';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class ListProjectsController {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('projects')
  @QueryRoute('Projects time can be logged to (open ones first)')
  async list(@Query() query: TimesheetsWaitForQueryDto): Promise<{ items: ProjectView[] }> {
    await this.progress.waitFor('timesheets', query.waitFor);
    const items: ProjectView[] = await this.ds.query(`SELECT code, name, status FROM timesheets.projects ORDER BY status DESC, code`);
    return { items };
  }
}
