import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { OffboardingReportQuery } from './offboarding-report.handler';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/offboarding')
export class OffboardingReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get('report')
  @ApiOperation({ summary: 'Admins: removals from chats that are not done yet (with the last error); `all=true` adds the done ones' })
  @ApiQuery({ name: 'all', required: false })
  async report(@CurrentEmployee() actor: Actor, @Query('all') all?: string) {
    return this.queries.execute(new OffboardingReportQuery(all === 'true'));
  }
}
