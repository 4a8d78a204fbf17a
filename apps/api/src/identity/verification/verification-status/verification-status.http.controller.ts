import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { telegramUserIdOf } from '../verification.params';
import { VerificationStatusQuery } from './verification-status.handler';

@ApiTags('identity')
@Controller('identity/verification')
export class VerificationStatusController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':telegramUserId')
  @ApiOperation({ summary: 'Where the verification of this Telegram account stands (VerificationStatusView)' })
  status(@Param('telegramUserId') telegramUserId: string) {
    return this.queries.execute(new VerificationStatusQuery(telegramUserIdOf(telegramUserId)));
  }
}
