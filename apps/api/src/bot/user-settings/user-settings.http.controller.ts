import { Caller, type RequestActor } from '../../core/access/actor';
import { ForTelegramUser } from '../../core/access/policy';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PutBotUserSettingsDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { ChooseLanguage, GetUserSettingsQuery } from './user-settings.handlers';

@ApiTags('bot')
@ForTelegramUser()
@Controller('bot/users')
export class UserSettingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':telegramUserId/settings')
  @ApiOperation({ summary: "A Telegram user's bot settings (language: null follows their Telegram client)" })
  @ApiParam({ name: 'telegramUserId' })
  get(@Param('telegramUserId') id: string, @Caller() caller: RequestActor) {
    return this.queries.execute(new GetUserSettingsQuery(ownId(id, caller)));
  }

  @Put(':telegramUserId/settings')
  @ApiOperation({ summary: 'Choose the bot language of a Telegram user (null: follow the Telegram client)' })
  @ApiParam({ name: 'telegramUserId' })
  put(@Param('telegramUserId') id: string, @Body() body: PutBotUserSettingsDto, @Caller() caller: RequestActor) {
    return this.commands.execute(new ChooseLanguage(ownId(id, caller), body.language ?? null));
  }
}

/** The settings of the bot's own user only: a Telegram account chooses its language, nobody else's. */
function ownId(id: string, caller: RequestActor): number {
  if (!/^[1-9]\d{0,14}$/.test(id)) throw problem(400, 'validation.failed', 'telegramUserId must be a positive integer');
  if (Number(id) !== caller.telegramUserId) throw problem(403, 'auth.not_your_settings', 'These are the settings of another Telegram account');
  return Number(id);
}
