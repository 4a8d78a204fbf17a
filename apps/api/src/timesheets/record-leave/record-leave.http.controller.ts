import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { RecordLeaveDto, TimesheetsWaitForQueryDto, type Actor, type LeaveView } from '@megabot/contracts';
import { leaveWriteSide } from '@megabot/domain';
import type { CommandContext } from '@megabot/event-store';
import { DataSource } from 'typeorm';
import { CurrentEmployee } from '../../core/access/actor';
import { ForAdmin } from '../../core/access/policy';
import { CommandRoute, QueryRoute } from '../../core/api-docs';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { CommandCtx } from '../../core/request-context';
import { ExecuteCommand } from '../../core/write-side';
import { employeeIdOf } from '../../identity/employees/employees.params';

/** An employee's leave (admins): days nobody expects time on, so no reminders for them. */
@ApiTags('timesheets')
@ForAdmin()
@Controller('timesheets/employees/:employeeId/leave')
export class RecordLeaveController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ds: DataSource,
    private readonly progress: ReadModelProgress,
  ) {}

  @Post()
  @CommandRoute('Record leave of an employee, dates included (admins); the same leave id and days again record nothing', {
    409: 'The leave id is taken with other days',
  })
  async record(@Param('employeeId') employeeId: string, @Body() body: RecordLeaveDto, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'RecordLeave' as const, employeeId: employeeIdOf(employeeId), ...body, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(leaveWriteSide, command, ctx));
    return result;
  }

  @Post(':leaveId/cancel')
  @CommandRoute('Cancel recorded leave (admins)', { 404: 'No such leave' })
  async cancel(@Param('employeeId') employeeId: string, @Param('leaveId') leaveId: string, @CurrentEmployee() actor: Actor, @CommandCtx() ctx: CommandContext) {
    const command = { type: 'CancelLeave' as const, employeeId: employeeIdOf(employeeId), leaveId, actor };
    const { result } = await this.commands.execute(new ExecuteCommand(leaveWriteSide, command, ctx));
    return result;
  }

  @Get()
  @QueryRoute("An employee's leave, latest first (admins)")
  async list(@Param('employeeId') employeeId: string, @Query() query: TimesheetsWaitForQueryDto): Promise<{ items: LeaveView[] }> {
    await this.progress.waitFor('timesheets', query.waitFor);
    const items: LeaveView[] = await this.ds.query(
      `SELECT leave_id AS "leaveId", employee_id AS "employeeId", "from", "to", kind, cancelled FROM timesheets.leaves WHERE employee_id = $1 ORDER BY "from" DESC, leave_id`,
      [employeeIdOf(employeeId)],
    );
    return { items };
  }
}
