import { Injectable } from '@nestjs/common';
import type { CommandResultDto, EmployeeListView, EmployeeRecordDto, EmployeeView, UpdateEmployeeDto } from '@megabot/contracts';
import { normalizeEmail, type EmployeeRecordInput } from '@megabot/domain';
import { EMPLOYEE_COLUMNS, employeeViewOf, type EmployeeRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';
import { problem } from '../../core/problem';
import { ReadModelProgress } from '../../core/read-model-progress.service';
import { RolesService } from '../../core/roles.service';
import { IdentityDirectory } from '../identity.directory';
import { IdentityWriteModel, type IdentityCommandContext } from '../identity.write-model';

export interface EmployeeListQuery {
  status?: 'active' | 'dismissed';
  q?: string;
  limit?: number;
  offset?: number;
}

/** Admin commands on employee streams, and the checks the decider cannot make (unique e-mail, known manager). */
@Injectable()
export class EmployeesService {
  constructor(
    private readonly write: IdentityWriteModel,
    private readonly directory: IdentityDirectory,
    private readonly roles: RolesService,
    private readonly progress: ReadModelProgress,
    private readonly ds: DataSource,
  ) {}

  async hire(employeeId: string, body: EmployeeRecordDto, ctx: IdentityCommandContext & { actorId: string }): Promise<CommandResultDto & { employeeId: string }> {
    await this.checkRecord(employeeId, body);
    const { result } = await this.write.employee({ type: 'HireEmployee', employeeId, record: recordOf(body), actor: await this.roles.actor(ctx.actorId) }, ctx);
    await this.settle(result.position, { employees: [employeeId] });
    return { ...result, employeeId };
  }

  async rehire(employeeId: string, body: EmployeeRecordDto, ctx: IdentityCommandContext & { actorId: string }): Promise<CommandResultDto> {
    await this.checkRecord(employeeId, body);
    const { result } = await this.write.employee({ type: 'RehireEmployee', employeeId, record: recordOf(body), actor: await this.roles.actor(ctx.actorId) }, ctx);
    await this.settle(result.position, { employees: [employeeId] });
    return result;
  }

  async update(employeeId: string, body: UpdateEmployeeDto, ctx: IdentityCommandContext & { actorId: string }): Promise<CommandResultDto> {
    await this.checkRecord(employeeId, body);
    const changes: Partial<EmployeeRecordInput> = {};
    for (const [k, v] of Object.entries(body)) if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
    const { result } = await this.write.employee({ type: 'UpdateEmployee', employeeId, changes, actor: await this.roles.actor(ctx.actorId) }, ctx);
    await this.settle(result.position, { employees: [employeeId] });
    return result;
  }

  async dismiss(employeeId: string, reason: string | undefined, ctx: IdentityCommandContext & { actorId: string }): Promise<CommandResultDto> {
    const { result } = await this.write.employee({ type: 'DismissEmployee', employeeId, reason, actor: await this.roles.actor(ctx.actorId) }, ctx);
    await this.settle(result.position, { employees: [employeeId] });
    return result;
  }

  async unbindTelegram(employeeId: string, comment: string | undefined, ctx: IdentityCommandContext & { actorId: string }): Promise<CommandResultDto> {
    const { result, events } = await this.write.employee({ type: 'UnbindTelegram', employeeId, comment, actor: await this.roles.actor(ctx.actorId) }, ctx);
    const accounts = events.flatMap((e) => (e.type === 'TelegramUnbound' ? [e.data.telegramUserId] : []));
    await this.settle(result.position, { employees: [employeeId], accounts });
    return result;
  }

  /**
   * After a successful verification: binds the account to the employee; when the account was bound to another
   * employee, releases it there (an account acts as one employee). Command ids are derived from the verification's,
   * so a retried request binds once.
   */
  async bindTelegram(employeeId: string, telegramUserId: number, email: string, ctx: IdentityCommandContext): Promise<void> {
    const previous: { employee_id: string }[] = await this.ds.query(
      `SELECT employee_id FROM identity.employees WHERE telegram_user_id = $1 AND employee_id <> $2`,
      [telegramUserId, employeeId],
    );
    const bound = await this.write.employee(
      { type: 'BindTelegram', employeeId, telegramUserId, email },
      { ...ctx, commandId: `${ctx.commandId}:bind`, causationId: ctx.commandId, correlationId: ctx.correlationId ?? ctx.commandId },
    );
    let position = bound.result.position;
    for (const { employee_id } of previous) {
      const released = await this.write.employee(
        { type: 'ReleaseTelegram', employeeId: employee_id, telegramUserId, boundTo: employeeId },
        { ...ctx, commandId: `${ctx.commandId}:release:${employee_id}`, causationId: ctx.commandId, correlationId: ctx.correlationId ?? ctx.commandId },
      );
      if (released.events.length) position = released.result.position;
    }
    await this.settle(position, { employees: [employeeId, ...previous.map((p) => p.employee_id)], accounts: [telegramUserId] });
  }

  async get(employeeId: string): Promise<EmployeeView> {
    const view = await this.directory.employeeView(employeeId);
    if (!view) throw problem(404, 'identity.employee_not_found', `Employee ${employeeId} does not exist`);
    return view;
  }

  async list(query: EmployeeListQuery): Promise<EmployeeListView> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.q) where.push(`(full_name ILIKE $${params.push(`%${query.q}%`)} OR email ILIKE $${params.length} OR employee_id ILIKE $${params.length})`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM identity.employees ${filter}`, params);
    const rows: EmployeeRow[] = await this.ds.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM identity.employees ${filter} ORDER BY full_name, employee_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit ?? 50, query.offset ?? 0],
    );
    return { items: rows.map(employeeViewOf), total };
  }

  /** Unique e-mail among active employees and a known manager: the read model's answer (the decider cannot see other streams). */
  private async checkRecord(employeeId: string, body: { email?: string; managerId?: string | null }) {
    if (body.email !== undefined) {
      const other = await this.directory.byEmail(normalizeEmail(body.email));
      if (other && other.employee_id !== employeeId && other.status === 'active') {
        throw problem(409, 'identity.email_taken', `Another employee (${other.employee_id}) has the e-mail ${normalizeEmail(body.email)}`, undefined, {
          employeeId: other.employee_id,
        });
      }
    }
    if (body.managerId) {
      const manager = await this.directory.employee(body.managerId);
      if (!manager && body.managerId !== employeeId) throw problem(422, 'identity.unknown_manager', `Manager ${body.managerId} is not an employee`, undefined, { managerId: body.managerId });
      // Managers form a tree: the new manager must not report (directly or not) to this employee.
      const chain = [employeeId];
      for (let m: string | null = body.managerId; m !== null && m !== employeeId && !chain.includes(m) && chain.length < 1000; ) {
        chain.push(m);
        m = (await this.directory.employee(m))?.manager_id ?? null;
        if (m === employeeId) {
          throw problem(422, 'identity.manager_cycle', `Managers would form a cycle: ${[...chain, m].join(' → ')}`, undefined, { managerId: body.managerId });
        }
      }
    }
  }

  /** Read-your-writes for the lookups: wait for the identity projection, then drop this process's cached entries. */
  private async settle(position: string, change: { employees?: string[]; accounts?: number[] }) {
    await this.progress.waitFor('identity', position).catch(() => undefined);
    this.directory.invalidate(change);
  }
}

export function recordOf(body: EmployeeRecordDto): EmployeeRecordInput {
  return {
    fullName: body.fullName,
    email: body.email,
    department: body.department,
    position: body.position,
    office: body.office,
    managerId: body.managerId ?? null,
    roles: body.roles,
    clearance: body.clearance,
    projects: body.projects,
  };
}
