import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookNowDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { Actor, CommandCtx } from '../../core/request-context';
import { RolesService } from '../../core/roles.service';
import { roomIdOf } from '../rooms.params';
import { BookNowCommand } from './book-now.handler';

@ApiTags('rooms')
@Controller('rooms')
export class BookNowController {
  constructor(
    private readonly commands: CommandBus,
    private readonly roles: RolesService,
  ) {}

  @Post(':roomId/book-now')
  @CommandRoute('Book a free room from now for 15/30/60 minutes (shortened to the next meeting or the closing time)', { 409: 'The room is busy now' })
  async bookNow(@Param('roomId') roomId: string, @Body() body: BookNowDto, @Actor() actorId: string, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    return this.commands.execute(new BookNowCommand(roomId, body.minutes, body.title, await this.roles.actor(actorId), ctx));
  }
}
