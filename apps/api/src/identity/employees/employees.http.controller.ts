import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { DismissEmployeeDto, HireEmployeeDto, ID_PATTERN, RehireEmployeeDto, UnbindTelegramDto, UpdateEmployeeDto } from '@megabot/contracts';
import { problem } from '../../core/problem';
import { RolesService } from '../../core/roles.service';
import { Actor, CorrelationId, IdempotencyKey } from '../../core/request-context';
import { IdentityDirectory } from '../identity.directory';
import { EmployeesService } from './employees.service';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting admin' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key, one effect' };

function checkId(id: string): string {
  if (!ID_PATTERN.test(id)) throw problem(400, 'validation.failed', 'employeeId must be 1-64 letters, digits, "_" or "-"');
  return id;
}

@ApiTags('identity')
@Controller('identity/employees')
export class EmployeesHttpController {
  constructor(
    private readonly employees: EmployeesService,
    private readonly directory: IdentityDirectory,
    private readonly roles: RolesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Hire an employee (admins): corporate e-mail in an allowed domain, unique among active employees; known manager' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'The id exists, or another employee has the e-mail' })
  @ApiResponse({ status: 422, description: 'Not an admin, domain not allowed, unknown manager, invalid field' })
  hire(@Body() body: HireEmployeeDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    const { employeeId, ...record } = body;
    // Without a client-chosen id, the id follows from the idempotency key: a retried request hires the same employee once.
    const id = employeeId ?? `e-${createHash('sha256').update(commandId).digest('hex').slice(0, 24)}`;
    return this.employees.hire(id, record, { actorId, commandId, correlationId });
  }

  @Get()
  @ApiOperation({ summary: 'Employees (admins and auditors), by name' })
  @ApiHeader(ACTOR)
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'dismissed'] })
  @ApiQuery({ name: 'q', required: false, description: 'Part of the name, e-mail or id' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(@Actor() actorId: string, @Query('status') status?: string, @Query('q') q?: string, @Query('limit') limit?: string, @Query('offset') offset?: string) {
    await this.requireAdminOrAuditor(actorId, 'list employees');
    if (status !== undefined && status !== 'active' && status !== 'dismissed') throw problem(400, 'validation.failed', 'status must be active or dismissed');
    return this.employees.list({ status: status as 'active' | 'dismissed' | undefined, q: q?.slice(0, 100), limit: bounded(limit, 50, 500), offset: bounded(offset, 0, 1e9) });
  }

  @Get(':employeeId')
  @ApiOperation({ summary: 'One employee (admins, auditors, the employee themselves)' })
  @ApiHeader(ACTOR)
  async get(@Param('employeeId') employeeId: string, @Actor() actorId: string) {
    checkId(employeeId);
    if (actorId !== employeeId) await this.requireAdminOrAuditor(actorId, 'read employees');
    return this.employees.get(employeeId);
  }

  @Get(':employeeId/access')
  @ApiOperation({ summary: "The employee's access attributes (EmployeeAccessView): roles, department, office, clearance, projects - for guards, ABAC and auditors" })
  @ApiHeader(ACTOR)
  async access(@Param('employeeId') employeeId: string, @Actor() actorId: string) {
    checkId(employeeId);
    if (actorId !== employeeId) await this.requireAdminOrAuditor(actorId, "read an employee's access attributes");
    const view = await this.directory.access(employeeId);
    if (!view) throw problem(404, 'identity.employee_not_found', `Employee ${employeeId} does not exist`);
    return view;
  }

  @Patch(':employeeId')
  @ApiOperation({ summary: 'Change fields of an employee (admins); `managerId: null` removes the manager' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  update(@Param('employeeId') employeeId: string, @Body() body: UpdateEmployeeDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.employees.update(checkId(employeeId), body, { actorId, commandId, correlationId });
  }

  @Post(':employeeId/dismiss')
  @HttpCode(201)
  @ApiOperation({ summary: 'Dismiss (admins, not oneself): roles revoked, Telegram unbound, removed from the chats the bot administers' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  dismiss(@Param('employeeId') employeeId: string, @Body() body: DismissEmployeeDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.employees.dismiss(checkId(employeeId), body.reason, { actorId, commandId, correlationId });
  }

  @Post(':employeeId/rehire')
  @HttpCode(201)
  @ApiOperation({ summary: 'Hire a dismissed employee again (admins), with the full record; they verify their Telegram account again' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  rehire(@Param('employeeId') employeeId: string, @Body() body: RehireEmployeeDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.employees.rehire(checkId(employeeId), body, { actorId, commandId, correlationId });
  }

  @Post(':employeeId/telegram/unbind')
  @HttpCode(201)
  @ApiOperation({ summary: "Unbind the employee's Telegram account (admins, or the employee themselves); the account is told so" })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  unbind(@Param('employeeId') employeeId: string, @Body() body: UnbindTelegramDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.employees.unbindTelegram(checkId(employeeId), body.comment, { actorId, commandId, correlationId });
  }

  private async requireAdminOrAuditor(actorId: string, action: string) {
    const roles = await this.roles.rolesOf(actorId);
    if (!roles.includes('admin') && !roles.includes('auditor')) throw problem(403, 'auth.admin_required', `Only an admin or an auditor may ${action}`);
  }
}

function bounded(value: string | undefined, def: number, max: number): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw problem(400, 'validation.failed', `limit/offset must be an integer from 0 to ${max}`);
  return n;
}
