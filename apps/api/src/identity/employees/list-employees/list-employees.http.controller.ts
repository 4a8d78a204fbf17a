import { ForAuditor } from '../../../core/access/policy';
import { EMPLOYEE_SORT_FIELDS, type Actor, type EmployeeSortField } from '@megabot/contracts';
import { CurrentEmployee } from '../../../core/access/actor';
import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { problem } from '../../../core/problem';
import { ListEmployeesQuery } from './list-employees.handler';

@ApiTags('identity')
@ForAuditor()
@Controller('identity/employees')
export class ListEmployeesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Employees (admins and auditors), by name' })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'dismissed'] })
  @ApiQuery({ name: 'q', required: false, description: 'Part of the name, e-mail or id' })
  @ApiQuery({ name: 'sort', required: false, enum: EMPLOYEE_SORT_FIELDS })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(
    @CurrentEmployee() actor: Actor,
    @Query('status') status?: string,
    @Query('q') q?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
    @Query('sort') sort?: string,
    @Query('order') order?: string,
  ) {
    if (status !== undefined && status !== 'active' && status !== 'dismissed') throw problem(400, 'validation.failed', 'status must be active or dismissed');
    if (sort !== undefined && !EMPLOYEE_SORT_FIELDS.includes(sort as EmployeeSortField))
      throw problem(400, 'validation.failed', `sort must be one of ${EMPLOYEE_SORT_FIELDS.join(', ')}`);
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw problem(400, 'validation.failed', 'order must be asc or desc');
    return this.queries.execute(
      new ListEmployeesQuery(status, q?.slice(0, 100), bounded(limit, 50, 500), bounded(offset, 0, 1e9), sort as EmployeeSortField | undefined, order),
    );
  }
}

function bounded(value: string | undefined, def: number, max: number): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw problem(400, 'validation.failed', `limit/offset must be an integer from 0 to ${max}`);
  return n;
}
