import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CopyWeekDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { RULES_409, RULES_422 } from '../timesheets.api-docs';
import { CopyLastWeekCommand } from './copy-last-week.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class CopyLastWeekController {
  constructor(private readonly commands: CommandBus) {}

  @Post('week/copy')
  @CommandRoute("Copy last week's entries into this week (working days up to today with nothing logged yet)", { 409: RULES_409, 422: RULES_422 })
  async copy(@Body() body: CopyWeekDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    return this.commands.execute(new CopyLastWeekCommand(body.week, actor, ctx));
  }
}
