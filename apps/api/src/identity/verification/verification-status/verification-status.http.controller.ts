import { ForTelegramUser } from '../../../core/access/policy';
import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type RequestActor } from '../../../core/access/actor';
import { VerificationStatusQuery } from './verification-status.handler';

@ApiTags('identity')
@ForTelegramUser()
@Controller('identity/verification')
export class VerificationStatusController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: "Where the verification of the bot's Telegram user stands (VerificationStatusView)" })
  status(@Caller() caller: RequestActor) {
    return this.queries.execute(new VerificationStatusQuery(caller.telegramUserId!));
  }
}
