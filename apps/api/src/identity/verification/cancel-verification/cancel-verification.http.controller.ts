import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CancelVerificationDto, type VerificationStatusView } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandCtx } from '../../../core/request-context';
import { ExecuteCommand } from '../../../core/write-side';
import { VERIFICATION_WRITE_SIDE, type VerificationDefinition } from '../../identity.write-sides';
import { VerificationStatusQuery } from '../verification-status/verification-status.handler';

@ApiTags('identity')
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
  async cancel(@Body() body: CancelVerificationDto, @CommandCtx() ctx: CommandContext): Promise<VerificationStatusView> {
    await this.commands.execute(new ExecuteCommand(this.verification, { type: 'CancelVerification', telegramUserId: body.telegramUserId }, ctx));
    return this.queries.execute(new VerificationStatusQuery(body.telegramUserId));
  }
}
