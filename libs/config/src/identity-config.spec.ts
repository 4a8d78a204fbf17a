import { ConfigError, loadConfig } from './config';

describe('identity configuration', () => {
  it('defaults: example.com, 6 digits, 10 minutes, 5 attempts, 30 minutes lock, 3 resends; no secret (generated per data folder)', () => {
    expect(loadConfig({})).toMatchObject({
      identityEmailDomains: ['example.com'],
      identityCodeLength: 6,
      identityCodeTtlMinutes: 10,
      identityMaxAttempts: 5,
      identityLockMinutes: 30,
      identityResendsPerHour: 3,
      identityCodeSecret: undefined,
    });
  });

  it('reads the domains (trimmed, lower case, de-duplicated) and the limits', () => {
    const c = loadConfig({
      IDENTITY_EMAIL_DOMAINS: ' Corp.Example.org, example.com,corp.example.org ',
      IDENTITY_CODE_LENGTH: '8',
      IDENTITY_RESENDS_PER_HOUR: '0',
    });
    expect(c.identityEmailDomains).toEqual(['corp.example.org', 'example.com']);
    expect(c.identityCodeLength).toBe(8);
    expect(c.identityResendsPerHour).toBe(0);
  });

  it('reports every invalid identity variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ IDENTITY_EMAIL_DOMAINS: 'example.com,not a domain', IDENTITY_CODE_LENGTH: '3', IDENTITY_CODE_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'IDENTITY_EMAIL_DOMAINS must be comma-separated domain names, e.g. company.com,corp.company.com (not valid: not a domain)',
      'IDENTITY_CODE_LENGTH must be an integer from 4 to 12 (got "3")',
      'IDENTITY_CODE_SECRET must be at least 16 characters',
    ]);
  });
});
