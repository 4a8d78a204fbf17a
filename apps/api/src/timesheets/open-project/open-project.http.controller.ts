import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OpenProjectDto, PROJECT_CODE_PATTERN, type Actor } from '@megabot/contracts';
import { projectWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute } from '../../core/api-docs';
import { problem } from '../../core/problem';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';

const codeOf = (code: string) => {
  if (!PROJECT_CODE_PATTERN.test(code)) throw problem(400, 'validation.failed', 'code must be 1-64 letters, digits, "_" or "-"');
  return code;
};

/** Projects time is logged to; who works on one is the employee record's `projects` (identity). */
@ApiTags('timesheets')
@ForAdmin()
@Controller('timesheets')
export class OpenProjectController {
  constructor(private readonly commands: CommandBus) {}

  @Post('projects')
  @CommandRoute('Open a project for time logging (admins; the code is the one in employee records)', { 409: 'The project exists' })
  async open(@Body() body: OpenProjectDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { result } = await this.commands.execute(new ExecuteCommand(projectWriteSide, { type: 'OpenProject', code: body.code, name: body.name, actor }, ctx));
    return result;
  }

  @Post('projects/:code/close')
  @CommandRoute('Close a project: no new time on it (admins)', { 404: 'No such project' })
  async close(@Param('code') code: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { result } = await this.commands.execute(new ExecuteCommand(projectWriteSide, { type: 'CloseProject', code: codeOf(code), actor }, ctx));
    return result;
  }

  @Post('projects/:code/reopen')
  @CommandRoute('Reopen a closed project (admins)', { 404: 'No such project' })
  async reopen(@Param('code') code: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const { result } = await this.commands.execute(new ExecuteCommand(projectWriteSide, { type: 'ReopenProject', code: codeOf(code), actor }, ctx));
    return result;
  }
}
