import { ForEmployee } from '../../core/access/policy';
import type { Actor } from '@megabot/contracts';
import { CurrentEmployee } from '../../core/access/actor';
import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CreateSeriesDto } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { roomIdOf, ruleOf } from '../rooms.params';
import { CreateSeriesCommand } from './create-series.handler';

@ApiTags('rooms')
@ForEmployee()
@Controller('rooms')
export class CreateSeriesController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roomId/series')
  @CommandRoute('Book a recurring meeting (daily/weekly with an end); conflicting occurrences are reported in `conflicts`, never silently dropped')
  async createSeries(@Param('roomId') roomId: string, @Body() body: CreateSeriesDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    roomIdOf(roomId);
    const { title, attendees, unattendedLimit } = body;
    const organizerId = body.organizerId ?? actor.employeeId;
    const command = { type: 'CreateSeries' as const, organizerId, title, attendees, private: body.private, rule: ruleOf(body.rule), unattendedLimit, actor };
    return this.commands.execute(new CreateSeriesCommand(roomId, command, ctx));
  }
}
