import { DomainError } from '../shared/domain-error';
import { codesPerHour, DEFAULT_IDENTITY_POLICY, resolveIdentityPolicy } from './identity.policy';
import { checkCorporateEmail, clearanceRank, normalizeEmail, normalizeRoles, parseEmail } from './identity.rules';

describe('identity policy', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_IDENTITY_POLICY).toEqual({
      codeLength: 6,
      codeTtlMinutes: 10,
      maxAttempts: 5,
      lockMinutes: 30,
      resendsPerHour: 3,
      allowedEmailDomains: ['example.com'],
    });
    expect(codesPerHour(DEFAULT_IDENTITY_POLICY)).toBe(4);
  });

  it('normalizes the domains', () => {
    expect(resolveIdentityPolicy({ allowedEmailDomains: [' Corp.Example.COM', 'corp.example.com', 'example.org'] }).allowedEmailDomains).toEqual([
      'corp.example.com',
      'example.org',
    ]);
  });

  it.each([
    [{ codeLength: 3 }, 'codeLength'],
    [{ codeLength: 6.5 }, 'codeLength'],
    [{ codeTtlMinutes: 0 }, 'codeTtlMinutes'],
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ lockMinutes: -1 }, 'lockMinutes'],
    [{ resendsPerHour: 21 }, 'resendsPerHour'],
    [{ allowedEmailDomains: [] }, 'allowedEmailDomains'],
    [{ allowedEmailDomains: ['@example.com'] }, 'allowedEmailDomains'],
    [{ allowedEmailDomains: ['localhost'] }, 'allowedEmailDomains'],
  ])('refuses %j', (overrides, field) => {
    let caught: unknown;
    try {
      resolveIdentityPolicy(overrides);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'identity.invalid_policy', details: { field } });
  });
});

describe('identity rules', () => {
  it('normalizes e-mails to one spelling', () => {
    expect(normalizeEmail('  Anna.Ivanova@Example.COM\n')).toBe('anna.ivanova@example.com');
    expect(parseEmail('Anna+bot@Example.com')).toEqual({ email: 'anna+bot@example.com', domain: 'example.com' });
  });

  it('checks the domain exactly', () => {
    expect(checkCorporateEmail('a@example.com', ['example.com'])).toBe('a@example.com');
    expect(() => checkCorporateEmail('a@sub.example.com', ['example.com'])).toThrow(DomainError);
    expect(() => checkCorporateEmail('a@notexample.com', ['example.com'])).toThrow(DomainError);
  });

  it('ranks clearance levels', () => {
    expect(['public', 'internal', 'confidential', 'secret'].map((l) => clearanceRank(l as never))).toEqual([0, 1, 2, 3]);
  });

  it('keeps roles canonical', () => {
    expect(normalizeRoles(['admin', 'employee', 'admin'])).toEqual(['employee', 'admin']);
  });
});
