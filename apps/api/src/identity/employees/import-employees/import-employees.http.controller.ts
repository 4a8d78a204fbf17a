import { PassThrough } from 'node:stream';
import { Body, Controller, Headers, Logger, Post, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { EMPLOYEE_IMPORT_STREAM_TYPE, ImportEmployeesDto, type Actor, type EmployeeImportReportView, type EmployeeImportStreamLine } from '@megabot/contracts';
import type { CommandContext } from '@megabot/event-store';
import { CurrentEmployee } from '../../../core/access/actor';
import { ForAdmin } from '../../../core/access/policy';
import { CommandRoute } from '../../../core/api-docs';
import { problemOf } from '../../../core/problem-details.filter';
import { CommandCtx } from '../../../core/request-context';
import { ImportEmployeesCommand } from './import-employees.handler';

@ApiTags('identity')
@ForAdmin()
@Controller('identity/employees')
export class ImportEmployeesController {
  private readonly logger = new Logger('EmployeeImport');

  constructor(private readonly commands: CommandBus) {}

  @Post('import')
  @CommandRoute(
    'Import employees from a CSV (admins): new ones hired, changed ones updated, equal ones left alone, rejected rows with the reason. ' +
      'With Accept: application/x-ndjson the progress streams (EmployeeImportStreamLine per line)',
    { 400: 'No CSV, or one over the size limit' },
    200,
  )
  async import(
    @Body() body: ImportEmployeesDto,
    @CurrentEmployee() actor: Actor,
    @CommandCtx() ctx: CommandContext,
    @Headers('accept') accept: string | undefined,
  ): Promise<EmployeeImportReportView | StreamableFile> {
    const run = (onProgress?: (done: number, total: number) => void) => this.commands.execute(new ImportEmployeesCommand(body.csv, actor, ctx, onProgress));
    if (!accept?.includes(EMPLOYEE_IMPORT_STREAM_TYPE)) return run();
    const lines = new PassThrough();
    const send = (line: EmployeeImportStreamLine) => lines.write(`${JSON.stringify(line)}\n`);
    run((done, total) => send({ type: 'progress', done, total }))
      .then(
        (report) => send({ type: 'report', report }),
        (e: unknown) => send({ type: 'problem', problem: problemOf(e, this.logger) }),
      )
      .finally(() => lines.end());
    return new StreamableFile(lines, { type: `${EMPLOYEE_IMPORT_STREAM_TYPE}; charset=utf-8` });
  }
}
