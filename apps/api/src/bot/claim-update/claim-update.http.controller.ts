import { ForBot } from '../../core/access/policy';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ClaimUpdateDto, HandledUpdatesDto } from '@megabot/contracts';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller, type RequestActor } from '../../core/access/actor';
import { problem } from '../../core/problem';
import { ClaimUpdate, HandledUpdates } from './claim-update.handler';

@ApiTags('bot')
@ForBot()
@Controller('bot')
export class ClaimUpdateController {
  constructor(private readonly commands: CommandBus) {}

  @Post('updates/handled')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reports updates handled (in batches): their claims are settled for good. A claim never reported handled is handed out again to a redelivery once its lease (30 s) ran out',
  })
  handled(@Body() body: HandledUpdatesDto, @Caller() caller: RequestActor) {
    return this.commands.execute(
      new HandledUpdates(body.updateIds, caller.botId !== undefined && /^\d{1,15}$/.test(caller.botId) ? Number(caller.botId) : undefined),
    );
  }

  @Post('updates/:updateId/claim')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Claim a Telegram update for handling; `first` is true only for the first claim of its update_id (de-duplicates redeliveries across bot instances); a first claim also answers who the named user is (employee, roles), their settings and conversation state (and a flow that timed out since), and the named message's state: all an update needs, in one round trip",
  })
  @ApiParam({ name: 'updateId', description: 'Telegram update_id (a non-negative integer)' })
  claim(@Param('updateId') updateId: string, @Body() body: ClaimUpdateDto = {}, @Caller() caller: RequestActor) {
    if (!/^\d{1,15}$/.test(updateId)) throw problem(400, 'validation.failed', 'updateId must be a non-negative integer (Telegram update_id)');
    // per bot: the id the bot names (getMe), else its X-Bot-Id header, else 0 (a bot that names none)
    const headerBot = caller.botId !== undefined && /^\d{1,15}$/.test(caller.botId) ? Number(caller.botId) : 0;
    return this.commands.execute(
      new ClaimUpdate(body?.botId ?? headerBot, Number(updateId), {
        userId: body?.userId,
        conversationKey: body?.conversationKey,
        telegramLanguage: body?.telegramLanguage,
        messageKey: body?.messageKey,
      }),
    );
  }
}
