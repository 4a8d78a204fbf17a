import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RoomsPendingNotificationsQueryDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { MarkRoomsNotificationDeliveredCommand, PendingRoomsNotificationsQuery } from './notifications.handler';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The bot's delivery loop over the rooms notices. */
@ApiTags('rooms')
@Controller('rooms')
export class RoomsNotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('notifications/pending')
  @ApiOperation({ summary: "Undelivered rooms notices of an employee (reminders, releases, flagged series): the bot's delivery loop" })
  pending(@Query() query: RoomsPendingNotificationsQueryDto) {
    return this.queries.execute(new PendingRoomsNotificationsQuery(query.employee, query.limit ?? 20));
  }

  @Post('notifications/:id/delivered')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a rooms notice delivered (idempotent; `first` only for the call that marked it)' })
  delivered(@Param('id') id: string) {
    if (!UUID.test(id)) throw problem(400, 'validation.failed', 'id must be a notification id (UUID)');
    return this.commands.execute(new MarkRoomsNotificationDeliveredCommand(id.toLowerCase()));
  }
}
