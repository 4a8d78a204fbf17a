import { ConfiguredRolesService } from './roles.service';

describe('ConfiguredRolesService', () => {
  const roles = new ConfiguredRolesService({
    databaseUrl: 'postgres://x',
    httpAdapter: 'fastify',
    dbPoolSize: 1,
    readWaitTimeoutMs: 0,
    adminEmployeeIds: ['e-anna'],
    auditorEmployeeIds: ['e-chloe', 'e-anna'],
  });

  it('gives everyone the employee role and the configured ones admin / auditor', async () => {
    expect(await roles.rolesOf('e-anna')).toEqual(['employee', 'admin', 'auditor']);
    expect(await roles.rolesOf('e-chloe')).toEqual(['employee', 'auditor']);
    expect(await roles.rolesOf('e-boris')).toEqual(['employee']);
    expect(await roles.actor('e-boris')).toEqual({ employeeId: 'e-boris', roles: ['employee'] });
  });

  it('refuses a non-admin with a 403 problem', async () => {
    await expect(roles.requireAdmin('e-anna', 'void a bid')).resolves.toBeUndefined();
    await expect(roles.requireAdmin('e-chloe', 'void a bid')).rejects.toMatchObject({
      problem: { status: 403, code: 'auth.admin_required', title: 'Only an admin may void a bid' },
    });
  });
});
