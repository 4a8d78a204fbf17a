import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RetireDisplayDto, type CommandResultDto } from '@megabot/contracts';
import { displayWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { ExecuteCommand } from '../../../core/write-side';
import { displayIdOf } from '../displays.params';

@ApiTags('displays')
@ForAdmin()
@Controller('displays')
export class RetireDisplayController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':displayId/retire')
  @CommandRoute('Retire a display (admins): its token stops working', { 404: 'No such display' })
  async retire(
    @Param('displayId') displayId: string,
    @Body() body: RetireDisplayDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ): Promise<CommandResultDto & { displayId: string }> {
    displayIdOf(displayId);
    const { result } = await this.commands.execute(new ExecuteCommand(displayWriteSide, { type: 'RetireDisplay', displayId, reason: body.reason, actor }, ctx));
    return { ...result, displayId };
  }
}
