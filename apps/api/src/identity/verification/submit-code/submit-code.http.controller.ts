import { Caller, type RequestActor } from '../../../core/access/actor';
import { ForTelegramUser } from '../../../core/access/policy';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SubmitVerificationCodeDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandCtx } from '../../../core/request-context';
import { SubmitCode } from './submit-code.handler';

@ApiTags('identity')
@ForTelegramUser()
@Controller('identity/verification')
export class SubmitCodeController {
  constructor(private readonly commands: CommandBus) {}

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user typed the code: verified (the account is bound, the lookup finds it), rejected (attempts left) or locked' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Derived from the Telegram update: a redelivered update has one effect' })
  @ApiResponse({ status: 409, description: 'No code pending, the code expired, or locked' })
  @ApiResponse({ status: 422, description: 'Not a code of the right length' })
  submit(@Body() body: SubmitVerificationCodeDto, @Caller() caller: RequestActor, @CommandCtx() ctx: CommandContext) {
    return this.commands.execute(new SubmitCode({ type: 'SubmitVerificationCode', telegramUserId: caller.telegramUserId!, code: body.code }, ctx));
  }
}
