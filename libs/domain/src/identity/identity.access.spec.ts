import type { EmployeeEvent } from '@megabot/contracts';
import { fold } from '../shared/decider';
import { accessOf, employeeHasRole } from './identity.access';
import { ADMIN, annaHired, employeeDecider, employeeHistory, hireAnna } from './identity.fixtures';

const stateOf = (events: EmployeeEvent[]) => fold(employeeDecider, events);

describe('accessOf', () => {
  it('is null for an unknown employee', () => {
    expect(accessOf(employeeDecider.initialState)).toBeNull();
    expect(employeeHasRole(null, 'employee')).toBe(false);
  });

  it('gives roles and ABAC attributes; department and office come from the record', () => {
    expect(accessOf(stateOf([annaHired()]))).toEqual({
      employeeId: 'e-anna',
      active: true,
      roles: ['employee'],
      attributes: { department: 'Engineering', office: 'Moscow HQ', clearance: 'confidential', clearanceRank: 2, projects: ['auction', 'megabot'] },
    });
  });

  it('follows updates', () => {
    const events = employeeHistory(
      [
        [
          {
            type: 'UpdateEmployee',
            employeeId: 'e-anna',
            changes: { department: 'Sales', office: 'Berlin', roles: ['employee', 'admin'], projects: [] },
            actor: ADMIN,
          },
          1,
        ],
      ],
      [annaHired()],
    );
    const access = accessOf(stateOf(events));
    expect(access).toMatchObject({ roles: ['employee', 'admin'], attributes: { department: 'Sales', office: 'Berlin', projects: [] } });
    expect(employeeHasRole(access, 'admin')).toBe(true);
  });

  it('a dismissed employee is inactive with no roles', () => {
    const events = employeeHistory([
      [hireAnna({ roles: ['employee', 'auditor'] }), 0],
      [{ type: 'DismissEmployee', employeeId: 'e-anna', actor: ADMIN }, 5],
    ]);
    const access = accessOf(stateOf(events));
    expect(access).toMatchObject({ employeeId: 'e-anna', active: false, roles: [] });
    expect(employeeHasRole(access, 'employee')).toBe(false);
  });

  it('returns copies (a caller cannot change the state through it)', () => {
    const state = stateOf([annaHired()]);
    accessOf(state)!.attributes.projects.push('hack');
    accessOf(state)!.roles.push('admin');
    expect(accessOf(state)).toMatchObject({ roles: ['employee'], attributes: { projects: ['auction', 'megabot'] } });
  });
});
