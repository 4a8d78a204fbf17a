import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PutBotUserSettingsDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { ChooseLanguage, GetUserSettingsQuery } from './user-settings.handlers';

@ApiTags('bot')
@Controller('bot/users')
export class UserSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':telegramUserId/settings')
  @ApiOperation({ summary: "A Telegram user's bot settings (language: null follows their Telegram client)" })
  @ApiParam({ name: 'telegramUserId' })
  get(@Param('telegramUserId') id: string) {
    return this.queries.execute(new GetUserSettingsQuery(checkUserId(id)));
  }

  @Put(':telegramUserId/settings')
  @ApiOperation({ summary: 'Choose the bot language of a Telegram user (null: follow the Telegram client)' })
  @ApiParam({ name: 'telegramUserId' })
  put(@Param('telegramUserId') id: string, @Body() body: PutBotUserSettingsDto) {
    return this.commands.execute(new ChooseLanguage(checkUserId(id), body.language ?? null));
  }
}

function checkUserId(id: string): number {
  if (!/^[1-9]\d{0,14}$/.test(id)) throw problem(400, 'validation.failed', 'telegramUserId must be a positive integer');
  return Number(id);
}
