import { evaluateFeatureSwitch, type FeatureSwitchView } from '@megabot/contracts';

const sw = (rules: Partial<FeatureSwitchView>) => ({ all: false, roles: {}, users: {}, appVersions: {}, ...rules });

describe('evaluateFeatureSwitch', () => {
  it('is off when the switch does not exist, and follows `all` without other rules', () => {
    expect(evaluateFeatureSwitch(undefined, { employeeId: 'a' })).toBe(false);
    expect(evaluateFeatureSwitch(sw({ all: true }), { employeeId: 'a' })).toBe(true);
  });
  it('the employee entry beats roles, roles beat the app version, the version beats all', () => {
    const s = sw({ all: true, roles: { tester: true, employee: false }, users: { anna: false, boris: true }, appVersions: { '0.2.*': false, '0.3.1': true } });
    expect(evaluateFeatureSwitch(s, { employeeId: 'anna', roles: ['tester'] })).toBe(false);
    expect(evaluateFeatureSwitch(s, { employeeId: 'boris', roles: ['employee'] })).toBe(true);
    expect(evaluateFeatureSwitch(s, { employeeId: 'vera', roles: ['employee', 'tester'] })).toBe(true); // on if any role is on
    expect(evaluateFeatureSwitch(s, { employeeId: 'vera', roles: ['employee'] })).toBe(false);
    expect(evaluateFeatureSwitch(s, { employeeId: 'gleb', roles: ['admin'], appVersion: '0.2.7' })).toBe(false);
    expect(evaluateFeatureSwitch(s, { employeeId: 'gleb', roles: ['admin'], appVersion: '0.3.1' })).toBe(true);
    expect(evaluateFeatureSwitch(s, { employeeId: 'gleb', roles: ['admin'], appVersion: '0.4.0' })).toBe(true); // all
  });
  it('the longest matching version pattern wins', () => {
    const s = sw({ appVersions: { '0.2.*': true, '0.2.3': false, '0.': false } });
    expect(evaluateFeatureSwitch(s, { appVersion: '0.2.3' })).toBe(false);
    expect(evaluateFeatureSwitch(s, { appVersion: '0.2.4' })).toBe(true);
    expect(evaluateFeatureSwitch(s, { appVersion: '0.9.0' })).toBe(false);
    expect(evaluateFeatureSwitch(s, { appVersion: '1.0.0' })).toBe(false);
  });
});
