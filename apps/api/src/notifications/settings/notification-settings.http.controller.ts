import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationSettingsDto } from '@megabot/contracts';
import { ChangeNotificationSettingsCommand } from './change-notification-settings.command';
import { NotificationSettingsQuery } from './notification-settings.query';

@ApiTags('notifications')
@ForEmployee()
@Controller('notifications')
export class NotificationSettingsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: 'Your muted notification categories' })
  settings(@CurrentEmployee() actor: Actor) {
    return this.queries.execute(new NotificationSettingsQuery(actor.employeeId));
  }

  @Put('settings')
  @ApiOperation({ summary: 'Mute notification categories (outbid, leading, lot_closed, lot_extended, lot_cancelled, announcements); [] unmutes all' })
  changeSettings(@Body() body: NotificationSettingsDto, @CurrentEmployee() actor: Actor) {
    return this.commands.execute(new ChangeNotificationSettingsCommand(actor.employeeId, body.muted));
  }
}
