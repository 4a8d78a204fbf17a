import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TakeSendBudgetDto, type SendBudgetGrant } from '@megabot/contracts';
import { Caller, type RequestActor } from '../../core/access/actor';
import { ForBot } from '../../core/access/policy';
import { problem } from '../../core/problem';
import { TakeSendBudget } from './send-budget.handler';

@ApiTags('bot')
@ForBot()
@Controller('bot/send-budget')
export class SendBudgetController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Take tokens of the bot's Telegram send budget, shared by all its instances (the bot's X-Bot-Id names the bucket)" })
  take(@Body() body: TakeSendBudgetDto, @Caller() caller: RequestActor): Promise<SendBudgetGrant> {
    if (!caller.botId) throw problem(400, 'auth.bot_id_required', 'X-Bot-Id is required: the send budget is per bot');
    return this.commands.execute(new TakeSendBudget(caller.botId, body.want, body.ratePerS, body.burst));
  }
}
