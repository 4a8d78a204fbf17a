import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ShillReportQueryDto } from '@megabot/contracts';
import { RolesService } from '../../core/roles.service';
import { Actor } from '../../core/request-context';
import { ShillReportQuery } from './shill-report.handler';

@ApiTags('auction')
@Controller('auctions/reports')
export class AuctionReportsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly roles: RolesService,
  ) {}

  @Get('shill')
  @ApiOperation({ summary: 'Shill-bidding signals (admins): mutual bidding pairs and bidders who push prices but never win' })
  @ApiHeader({ name: 'X-Employee-Id', required: true, description: 'An admin' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  async shill(@Query() query: ShillReportQueryDto, @Actor() actorId: string) {
    await this.roles.requireAdmin(actorId, 'read the shill report');
    return this.queries.execute(new ShillReportQuery(query));
  }
}
