import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CancelLotDto } from '@megabot/contracts';
import { auctionWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { ExecuteCommand } from '../../core/write-side';
import { lotIdOf } from '../auction.params';

@ApiTags('auction')
@Controller('auctions')
export class CancelLotController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  @Post(':lotId/cancel')
  @CommandRoute('Cancel a lot: an admin any time before the close (reason required), the seller while nobody bids', {
    409: 'Closed already, or (seller) it has bids',
    422: 'Neither seller nor admin; reason missing',
  })
  async cancel(@Param('lotId') lotId: string, @Body() body: CancelLotDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'CancelLot' as const, lotId: lotIdOf(lotId), reason: body.reason, actor: await this.roles.actor(actorId) };
    return (await this.commands.execute(new ExecuteCommand(auctionWriteSide, command, ctx))).result;
  }
}
