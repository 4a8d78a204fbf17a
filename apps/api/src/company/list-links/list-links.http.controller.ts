import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CalendarQueryDto, type UsefulLinksView } from '@megabot/contracts';
import type { UsefulLinkRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { ForEmployee } from '../../core/access/policy';
import { QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { linksView, LINKS_SELECT } from '../company.read-model';

@ApiTags('company')
@ForEmployee()
@Controller('company')
export class ListLinksController {
  constructor(
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  @Get('links')
  @QueryRoute('Useful links by category')
  async links(@Query() query: CalendarQueryDto): Promise<UsefulLinksView> {
    await this.progress.waitFor('company', query.waitFor);
    return linksView((await this.ds.query(LINKS_SELECT)) as UsefulLinkRow[]);
  }
}
