import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CancelLotDto } from '@megabot/contracts';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@ForEmployee()
@Controller('auctions')
export class CancelLotController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lotId/cancel')
  @CommandRoute('Cancel a lot: an admin any time before the close (reason required), the seller while nobody bids', {
    409: 'Closed already, or (seller) it has bids',
    422: 'Neither seller nor admin; reason missing',
  })
  async cancel(@Param('lotId') lotId: string, @Body() body: CancelLotDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'CancelLot' as const, lotId: lotIdOf(lotId), reason: body.reason, actor: actor };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
