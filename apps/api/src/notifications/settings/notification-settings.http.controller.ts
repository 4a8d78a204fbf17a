import { Body, Controller, Get, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationSettingsDto } from '@megabot/contracts';
import { Actor } from '../../core/request-context';
import { ChangeNotificationSettingsCommand } from './change-notification-settings.command';
import { NotificationSettingsQuery } from './notification-settings.query';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationSettingsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

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
