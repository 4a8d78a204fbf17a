import { ForTelegramUser } from '../../../core/access/policy';
import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VerificationStatusView } from '@megabot/contracts';
import { Caller, type RequestActor } from '../../../core/access/actor';
import type { CommandContext } from '@megabot/event-store';
import { CommandCtx } from '../../../core/request-context';
import { ExecuteCommand } from '../../../core/write-side';
import { VERIFICATION_WRITE_SIDE, type VerificationDefinition } from '../../identity.write-sides';
import { VerificationStatusQuery } from '../verification-status/verification-status.handler';

@ApiTags('identity')
@ForTelegramUser()
@Controller('identity/verification')
export class CancelVerificationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(VERIFICATION_WRITE_SIDE) private readonly verification: VerificationDefinition,
  ) {}

  @Post('cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'The user gives up; the pending code is void (counters and a lock stay)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Derived from the Telegram update: a redelivered update has one effect' })
  async cancel(@Caller() caller: RequestActor, @CommandCtx() ctx: CommandContext): Promise<VerificationStatusView> {
    await this.commands.execute(new ExecuteCommand(this.verification, { type: 'CancelVerification', telegramUserId: caller.telegramUserId! }, ctx));
    return this.queries.execute(new VerificationStatusQuery(caller.telegramUserId!));
  }
}
