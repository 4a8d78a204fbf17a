import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { problem } from '../../../core/problem';
import { MarkNoticeDelivered, PendingNoticesQuery } from './notices.handler';

@ApiTags('identity')
@Controller('identity/notices')
export class NoticesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('pending')
  @ApiOperation({ summary: 'Notices for Telegram accounts that lost their binding (the bot tells them)' })
  pending() {
    return this.queries.execute(new PendingNoticesQuery());
  }

  @Post(':id/delivered')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks a notice delivered; `first` only for the call that made the mark' })
  delivered(@Param('id') id: string) {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw problem(400, 'validation.failed', 'a notice id is a UUID');
    return this.commands.execute(new MarkNoticeDelivered(id));
  }
}
