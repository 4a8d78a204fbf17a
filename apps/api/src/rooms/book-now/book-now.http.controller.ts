import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { BookNowDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { roomIdOf } from '../rooms.params';
import { BookNowCommand } from './book-now.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class BookNowController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roomId/book-now')
  @CommandRoute('Book a free room from now for 15/30/60 minutes (shortened to the next meeting or the closing time)', { 409: 'The room is busy now' })
  async bookNow(@Param('roomId') roomId: string, @Body() body: BookNowDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    return this.commands.execute(new BookNowCommand(roomId, body.minutes, body.title, actor, ctx));
  }
}
