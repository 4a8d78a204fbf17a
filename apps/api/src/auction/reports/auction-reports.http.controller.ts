import { ForAdmin } from '../../core/access/policy';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ShillReportQueryDto } from '@megabot/contracts';
import { ShillReportQuery } from './shill-report.handler';

@ApiTags('auction')
@ForAdmin()
@Controller('auctions/reports')
export class AuctionReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('shill')
  @ApiOperation({ summary: 'Shill-bidding signals (admins): mutual bidding pairs and bidders who push prices but never win' })
  @ApiResponse({ status: 403, description: 'Not an admin' })
  async shill(@Query() query: ShillReportQueryDto) {
    return this.queries.execute(new ShillReportQuery(query));
  }
}
