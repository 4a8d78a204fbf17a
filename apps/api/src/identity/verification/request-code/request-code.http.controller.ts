import { Caller, type RequestActor } from '../../../core/access/actor';
import { ForTelegramUser } from '../../../core/access/policy';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequestVerificationCodeDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandCtx } from '../../../core/request-context';
import { RequestCode } from './request-code.handler';

@ApiTags('identity')
@ForTelegramUser()
@Controller('identity/verification')
export class RequestCodeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('code')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The user typed their e-mail (or asks for a new code): "if this address is registered, a code was sent" - the same answer either way',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Derived from the Telegram update: a redelivered update has one effect' })
  @ApiResponse({ status: 409, description: 'Locked, or too many codes this hour (`retryAt`)' })
  @ApiResponse({ status: 422, description: 'Not an e-mail address, or not a corporate domain' })
  requestCode(@Body() body: RequestVerificationCodeDto, @Caller() caller: RequestActor, @CommandCtx() ctx: CommandContext) {
    return this.commands.execute(new RequestCode({ type: 'RequestVerificationCode', telegramUserId: caller.telegramUserId!, email: body.email }, ctx));
  }
}
