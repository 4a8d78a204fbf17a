import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { LogTimeTextDto, type Actor } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForEmployee } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { CommandCtx } from '../../core/request-context';
import { RULES_409, RULES_422 } from '../timesheets.api-docs';
import { LogTimeTextCommand } from './log-time-text.handler';

@ApiTags('timesheets')
@ForEmployee()
@Controller('timesheets')
export class LogTimeTextController {
  constructor(private readonly commands: CommandBus) {}

  @Post('entries/text')
  @CommandRoute('Log time written as free text in Russian or English ("3.5h ACME-123 review", "вчера 2 часа на ревью")', {
    404: 'No such project',
    409: RULES_409,
    422: `${RULES_422}; or the text has no duration (timesheets.text_no_duration), names no project (timesheets.project_required)`,
  })
  async log(@Body() body: LogTimeTextDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    return this.commands.execute(new LogTimeTextCommand(body.text, actor, ctx));
  }
}
