import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { displayStreamId, type DisplayTokenIssuedDto } from '@megabot/contracts';
import { displayWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { CommandCtx } from '../../../core/request-context';
import { ExecuteCommand, WriteSides } from '../../../core/write-side';
import { DISPLAY_SCHEDULE_PATH } from '../display-schedule.service';
import { newDisplayToken } from '../display-token';
import { displayIdOf } from '../displays.params';

@ApiTags('displays')
@ForAdmin()
@Controller('displays')
export class RotateDisplayTokenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSides: WriteSides,
  ) {}

  @Post(':displayId/rotate-token')
  @CommandRoute('Issue a new token for a display (admins); the old one gets 401 from now on. The new token is shown this once', {
    404: 'No such display',
    409: 'The display is retired',
  })
  async rotate(@Param('displayId') displayId: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext): Promise<DisplayTokenIssuedDto> {
    displayIdOf(displayId);
    const token = newDisplayToken();
    const command = { type: 'RotateDisplayToken' as const, displayId, tokenHash: token.hash, tokenHint: token.hint, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(displayWriteSide, command, ctx));
    const { state } = await this.writeSides.of(displayWriteSide).current(displayStreamId(displayId));
    return {
      ...result,
      displayId,
      roomId: state.status === 'none' ? '' : state.roomId,
      // A retried request wrote nothing: its token was never stored, so it is not shown (rotate again for a new one).
      token: result.duplicate ? null : token.token,
      tokenHint: result.duplicate ? '' : token.hint,
      schedulePath: DISPLAY_SCHEDULE_PATH,
    };
  }
}
