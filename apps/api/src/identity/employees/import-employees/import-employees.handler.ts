import { Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { HireEmployeeDto, UpdateEmployeeDto, type Actor, type EmployeeView } from '@megabot/contracts';
import { fingerprint, type CommandContext } from '@megabot/event-store';
import { problemOf } from '../../../core/problem-details.filter';
import { createValidationPipe } from '../../../core/validation';
import { runImport, type ImportRecord, type ImportReport, type ImportTarget } from '../../import/import-employees';
import { RunEmployeeCommand } from '../employee-command.handler';
import { recordOf } from '../employees.params';
import { ListEmployeesQuery } from '../list-employees/list-employees.handler';

/** An employee CSV imported as the calling admin (the admin site's import); `onProgress` follows the rows applied. */
export class ImportEmployeesCommand extends Command<ImportReport> {
  constructor(
    readonly csv: string,
    readonly actor: Actor,
    readonly context: CommandContext,
    readonly onProgress?: (done: number, total: number) => void,
  ) {
    super();
  }
}

const PAGE = 500;

/**
 * The CLI's import (plan, then hire / update / leave alone, rejected rows with the reason) run inside the API: each
 * row is the request the CLI would have sent - checked by the same DTO, with the same idempotency key and request
 * hash - handed to the employee command path as the admin's own command. A file imported twice, from here or from
 * the CLI, changes nothing the second time.
 */
@CommandHandler(ImportEmployeesCommand)
export class ImportEmployeesHandler implements ICommandHandler<ImportEmployeesCommand> {
  private readonly logger = new Logger('EmployeeImport');
  private readonly validation = createValidationPipe();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  execute({ csv, actor, context, onProgress }: ImportEmployeesCommand): Promise<ImportReport> {
    // a row as the CLI's request would have been: checked by the route's DTO, keyed and hashed the same, answered by status
    const asRequest = async <D extends object>(
      method: 'POST' | 'PATCH',
      path: string,
      dto: new () => D,
      body: object,
      key: string,
      run: (valid: D, ctx: CommandContext) => RunEmployeeCommand,
    ) => {
      try {
        const valid = (await this.validation.transform(body, { type: 'body', metatype: dto })) as D;
        const ctx: CommandContext = {
          commandId: `${actor.employeeId}/${key}`,
          correlationId: context.correlationId,
          actorId: actor.employeeId,
          commandHash: fingerprint([method, path, body]),
        };
        const { result } = await this.commands.execute(run(valid, ctx));
        return { status: method === 'POST' ? 201 : 200, body: { ...result } as Record<string, unknown> };
      } catch (e) {
        const problem = problemOf(e, this.logger);
        return { status: problem.status, body: problem as unknown as Record<string, unknown> };
      }
    };
    const target: ImportTarget = {
      employees: async () => {
        const all: EmployeeView[] = [];
        for (let offset = 0; ; offset += PAGE) {
          const { items } = await this.queries.execute(new ListEmployeesQuery(undefined, undefined, PAGE, offset, 'employeeId'));
          all.push(...items);
          if (items.length < PAGE) return all;
        }
      },
      hire: (record: ImportRecord, key) =>
        asRequest('POST', '/identity/employees', HireEmployeeDto, record, key, (valid, ctx) => {
          const command = { type: 'HireEmployee' as const, employeeId: record.employeeId, record: recordOf(valid), actor };
          return new RunEmployeeCommand(command, ctx);
        }),
      update: (employeeId, changes, key) =>
        asRequest('PATCH', `/identity/employees/${encodeURIComponent(employeeId)}`, UpdateEmployeeDto, changes, key, (valid, ctx) => {
          const only = Object.fromEntries(Object.entries(valid).filter(([, v]) => v !== undefined));
          return new RunEmployeeCommand({ type: 'UpdateEmployee' as const, employeeId, changes: only, actor }, ctx);
        }),
    };
    return runImport(csv, target, onProgress);
  }
}
