import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EmployeeListView, EmployeeSortField } from '@megabot/contracts';
import { EMPLOYEE_COLUMNS, employeeViewOf, type EmployeeRow } from '@megabot/read-model';
import { DataSource } from 'typeorm';

export class ListEmployeesQuery extends Query<EmployeeListView> {
  constructor(
    readonly status: 'active' | 'dismissed' | undefined,
    /** Part of the name, e-mail or id. */
    readonly q: string | undefined,
    readonly limit: number,
    readonly offset: number,
    readonly sort: EmployeeSortField = 'fullName',
    readonly order: 'asc' | 'desc' = 'asc',
  ) {
    super();
  }
}

@QueryHandler(ListEmployeesQuery)
export class ListEmployeesHandler implements IQueryHandler<ListEmployeesQuery> {
  constructor(private readonly ds: DataSource) {}

  async execute({ status, q, limit, offset, sort, order }: ListEmployeesQuery): Promise<EmployeeListView> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (status) where.push(`status = $${params.push(status)}`);
    if (q) where.push(`(full_name ILIKE $${params.push(`%${q}%`)} OR email ILIKE $${params.length} OR employee_id ILIKE $${params.length})`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM identity.employees ${filter}`, params);
    const rows: EmployeeRow[] = await this.ds.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM identity.employees ${filter} ORDER BY ${SORT_COLUMNS[sort]} ${order === 'desc' ? 'DESC' : 'ASC'}, employee_id ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(employeeViewOf), total };
  }
}

/** Sort columns by name (never from the request's text); the id breaks ties so paging is stable. */
const SORT_COLUMNS: Record<EmployeeSortField, string> = {
  fullName: 'full_name',
  employeeId: 'employee_id',
  email: 'email',
  department: 'department',
  office: 'office',
  hiredAt: 'hired_at',
};
