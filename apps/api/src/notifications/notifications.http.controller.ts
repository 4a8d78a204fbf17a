import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { NotificationSettingsDto, PendingNotificationsQueryDto } from '@megabot/contracts';
import { problem } from '../core/problem';
import { Actor } from '../core/request-context';
import { ChangeNotificationSettingsCommand, MarkDeliveredCommand, NotificationSettingsQuery, PendingNotificationsQuery } from './notifications.messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('pending')
  @ApiOperation({ summary: "Undelivered notifications of an employee, oldest first, without muted categories (the bot's delivery loop)" })
  pending(@Query() query: PendingNotificationsQueryDto) {
    return this.queries.execute(new PendingNotificationsQuery(query.employee, query.limit ?? 20));
  }

  @Post(':id/delivered')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification delivered (idempotent); it is never pending again, also after a projection rebuild' })
  @ApiParam({ name: 'id' })
  @ApiResponse({ status: 404, description: 'No such notification' })
  delivered(@Param('id') id: string) {
    if (!UUID.test(id)) throw problem(400, 'validation.failed', 'id must be a notification id (UUID)');
    return this.commands.execute(new MarkDeliveredCommand(id.toLowerCase()));
  }

  @Get('settings')
  @ApiOperation({ summary: 'Your muted notification categories' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  settings(@Actor() actorId: string) {
    return this.queries.execute(new NotificationSettingsQuery(actorId));
  }

  @Put('settings')
  @ApiOperation({ summary: 'Mute notification categories (outbid, leading, lot_closed, lot_extended, lot_cancelled); [] unmutes all' })
  @ApiHeader({ name: 'X-Employee-Id', required: true })
  changeSettings(@Body() body: NotificationSettingsDto, @Actor() actorId: string) {
    return this.commands.execute(new ChangeNotificationSettingsCommand(actorId, body.muted));
  }
}
