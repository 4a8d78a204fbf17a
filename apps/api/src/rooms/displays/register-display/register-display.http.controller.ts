import { ForAdmin } from '../../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RegisterDisplayDto, type DisplayTokenIssuedDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { problem } from '../../../core/problem';
import { CommandCtx } from '../../../core/request-context';
import { derivedId } from '../../rooms.params';
import { DISPLAY_SCHEDULE_PATH } from '../display-schedule.service';
import { newDisplayToken } from '../display-token';
import { RegisterDisplayCommand } from './register-display.handler';

@ApiTags('displays')
@ForAdmin()
@Controller('displays')
export class RegisterDisplayController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandRoute('Register a door display for a room (admins). The answer carries the device token - shown this once, only its hash is kept', {
    201: '`token` for the device, `schedulePath` to poll; `position` for waitFor',
    403: 'Not an admin',
    404: 'No such room',
    409: 'The display id is taken, or the room is retired',
  })
  async register(@Body() body: RegisterDisplayDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext): Promise<DisplayTokenIssuedDto> {
    // `schedule` would shadow the device endpoint in /displays/:id/... paths of routers that match in order.
    if (body.displayId === 'schedule') throw problem(422, 'displays.invalid_id', 'displayId "schedule" is reserved');
    // Without an id, one derived from the request: a retry registers the same display, not a second one.
    const displayId = body.displayId ?? derivedId('d-', actor.employeeId, ctx.commandId);
    const token = newDisplayToken();
    const command = { type: 'RegisterDisplay' as const, displayId, label: body.label, lang: body.lang, tokenHash: token.hash, tokenHint: token.hint, actor };
    const result = await this.commands.execute(new RegisterDisplayCommand(body.roomId, command, ctx));
    return {
      ...result,
      displayId,
      roomId: body.roomId,
      // A retried request wrote nothing: its token was never stored, so it is not shown (rotate for a new one).
      token: result.duplicate ? null : token.token,
      tokenHint: result.duplicate ? '' : token.hint,
      schedulePath: DISPLAY_SCHEDULE_PATH,
    };
  }
}
