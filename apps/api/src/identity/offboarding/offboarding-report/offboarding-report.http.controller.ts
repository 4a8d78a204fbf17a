import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../core/request-context';
import { RolesService } from '../../../core/roles.service';
import { OffboardingReportQuery } from './offboarding-report.handler';

@ApiTags('identity')
@Controller('identity/offboarding')
export class OffboardingReportController {
  constructor(
    private readonly queries: QueryBus,
    private readonly roles: RolesService,
  ) {}

  @Get('report')
  @ApiOperation({ summary: 'Admins: removals from chats that are not done yet (with the last error); `all=true` adds the done ones' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  @ApiQuery({ name: 'all', required: false })
  async report(@Actor() actorId: string, @Query('all') all?: string) {
    await this.roles.requireAdmin(actorId, 'read the offboarding report');
    return this.queries.execute(new OffboardingReportQuery(all === 'true'));
  }
}
