import { ForAuditor, ForBot } from '../../../core/access/policy';
import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { telegramUserIdOf } from '../verification.params';
import { TelegramBindingsQuery, TelegramLookupQuery } from './telegram-lookup.handler';

@ApiTags('identity')
@Controller('identity')
export class TelegramLookupController {
  constructor(private readonly queries: QueryBus) {}

  @Get('telegram/:telegramUserId')
  @ForBot()
  @ApiOperation({
    summary: 'Who this Telegram account acts as (an active employee bound to it), from a cache invalidated by identity events; 404 for a stranger',
  })
  @ApiResponse({ status: 404, description: 'Not bound (a stranger): the bot offers only the verification' })
  lookup(@Param('telegramUserId') telegramUserId: string) {
    return this.queries.execute(new TelegramLookupQuery(telegramUserIdOf(telegramUserId)));
  }

  @Get('telegram-bindings')
  @ForAuditor()
  @ApiOperation({ summary: 'Every active employee with a bound Telegram account (admins and auditors)' })
  bindings() {
    return this.queries.execute(new TelegramBindingsQuery());
  }
}
