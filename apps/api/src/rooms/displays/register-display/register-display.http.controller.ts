import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RegisterDisplayDto, type DisplayTokenIssuedDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../../core/api-docs';
import { problem } from '../../../core/problem';
import { Actor, CommandCtx } from '../../../core/request-context';
import { RolesService } from '../../../core/roles.service';
import { derivedId } from '../../rooms.params';
import { DISPLAY_SCHEDULE_PATH } from '../display-schedule.service';
import { newDisplayToken } from '../display-token';
import { RegisterDisplayCommand } from './register-display.handler';

@ApiTags('displays')
@Controller('displays')
export class RegisterDisplayController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  @Post()
  @CommandRoute('Register a door display for a room (admins). The answer carries the device token - shown this once, only its hash is kept', {
    201: '`token` for the device, `schedulePath` to poll; `position` for waitFor',
    403: 'Not an admin',
    404: 'No such room',
    409: 'The display id is taken, or the room is retired',
  })
  async register(@Body() body: RegisterDisplayDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext): Promise<DisplayTokenIssuedDto> {
    // `schedule` would shadow the device endpoint in /displays/:id/... paths of routers that match in order.
    if (body.displayId === 'schedule') throw problem(422, 'displays.invalid_id', 'displayId "schedule" is reserved');
    await this.roles.requireAdmin(actorId, 'register room displays');
    // Without an id, one derived from the request: a retry registers the same display, not a second one.
    const displayId = body.displayId ?? derivedId('d-', actorId, ctx.commandId);
    const token = newDisplayToken();
    const actor = await this.roles.actor(actorId);
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
