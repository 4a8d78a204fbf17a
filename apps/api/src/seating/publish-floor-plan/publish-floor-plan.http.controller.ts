import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { PublishFloorPlanDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { ForAdmin } from '../../core/access/policy';
import { CurrentEmployee } from '../../core/access/actor';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { floorRef } from '../seating.params';
import { PublishFloorPlanCommand } from './publish-floor-plan.handler';

@ApiTags('seating')
@ForAdmin()
@Controller('seating')
export class PublishFloorPlanController {
  constructor(private readonly commands: CommandBus) {}

  @Put('offices/:officeId/floors/:floor/plan')
  @CommandRoute(
    "Publish or replace a floor's plan: the SVG is sanitized (scripts, handlers, foreign objects, external references removed) and its named shapes read",
    {
      200: 'Published (or unchanged); the counts of what the plan holds',
      404: 'No such office',
      409: 'The office is archived, or the new plan makes an assigned desk in use a hot desk',
      422: 'The SVG is broken or unsafe beyond repair (entities, DTDs), or its names do not hold together (`code` seating.invalid_svg / invalid_plan / unknown_room)',
    },
    200,
  )
  publish(
    @Param('officeId') officeId: string,
    @Param('floor') floor: string,
    @Body() body: PublishFloorPlanDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
  ) {
    const command = { type: 'PublishFloorPlan' as const, ...floorRef(officeId, floor), name: body.name, svg: body.svg, actor };
    return this.commands.execute(new PublishFloorPlanCommand(command, ctx));
  }
}
