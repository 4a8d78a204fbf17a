import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to embedded parts when nothing is set', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.eventStoreUrl).toBeUndefined();
    expect(c.apiPort).toBe(3000);
    expect(c.httpAdapter).toBe('fastify');
  });

  it('reports every invalid variable at once, with what was expected', () => {
    let err: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', API_PORT: 'eighty', EVENTSTORE_URL: 'not a url', TELEGRAM_BOT_TOKEN: 'abc', HTTP_ADAPTER: 'koa' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres:\/\//);
    expect(problems.join('\n')).toMatch(/API_PORT must be an integer from 0 to 65535 \(got "eighty"\)/);
    expect(problems.join('\n')).toMatch(/EVENTSTORE_URL is not a valid EventStoreDB connection string: it must be esdb:\/\/host:port/);
    expect(problems.join('\n')).toMatch(/TELEGRAM_BOT_TOKEN does not look like a bot token/);
    expect(problems.join('\n')).toMatch(/HTTP_ADAPTER must be one of fastify, express/);
  });

  it('reads roles, the bid rate limit and bidder masking', () => {
    expect(loadConfig({})).toMatchObject({ adminEmployeeIds: [], auditorEmployeeIds: [], bidRateLimitPerMinute: 60, auctionMaskBidders: false });
    const c = loadConfig({
      ADMIN_EMPLOYEE_IDS: ' e-anna, e-boris,,e-anna',
      AUDITOR_EMPLOYEE_IDS: 'e-chloe',
      BID_RATE_LIMIT_PER_MINUTE: '0',
      AUCTION_MASK_BIDDERS: 'true',
    });
    expect(c).toMatchObject({ adminEmployeeIds: ['e-anna', 'e-boris'], auditorEmployeeIds: ['e-chloe'], bidRateLimitPerMinute: 0, auctionMaskBidders: true });
    let err: unknown;
    try {
      loadConfig({ ADMIN_EMPLOYEE_IDS: 'e-anna,bad id', BID_RATE_LIMIT_PER_MINUTE: '-1', AUCTION_MASK_BIDDERS: 'maybe' });
    } catch (e) {
      err = e;
    }
    const text = (err as ConfigError).problems.join('\n');
    expect(text).toMatch(/ADMIN_EMPLOYEE_IDS must be comma-separated employee ids .*"bad id"/);
    expect(text).toMatch(/BID_RATE_LIMIT_PER_MINUTE must be an integer from 0/);
    expect(text).toMatch(/AUCTION_MASK_BIDDERS must be true or false/);
  });

  it('accepts EventStoreDB clusters and options as the client reads them, and says what is wrong with a bad one', () => {
    for (const ok of [
      'esdb://localhost:2113?tls=false',
      'esdb://a:2113,b:2113,c:2113',
      'esdb://admin:changeit@es-1.corp:2113,es-2.corp:2113,es-3.corp:2113?tls=true&nodePreference=leader&defaultDeadline=5000',
      'esdb+discover://eventstore.corp:2113?tls=false&node-preference=follower',
      'esdb://eventstore',
    ]) {
      expect([ok, loadConfig({ EVENTSTORE_URL: ok }).eventStoreUrl]).toEqual([ok, ok]);
    }
    const problem = (v: string) => {
      try {
        loadConfig({ EVENTSTORE_URL: v });
      } catch (e) {
        return (e as ConfigError).problems.join('\n');
      }
      return 'accepted';
    };
    expect(problem('http://localhost:2113')).toMatch(/it must be esdb:\/\/host:port \(a cluster: esdb:\/\/a:2113,b:2113,c:2113\)/);
    expect(problem('esdb://a:2113,,c:2113')).toMatch(/"" is not a host or host:port/);
    expect(problem('esdb://a:99999')).toMatch(/the port of "a:99999" is not between 1 and 65535/);
    expect(problem('esdb+discover://a:2113,b:2113')).toMatch(/takes the one DNS name of the cluster/);
    expect(problem('esdb://a:2113?tls=maybe')).toMatch(/tls must be true or false/);
    expect(problem('esdb://a:2113?nodePreference=nearest')).toMatch(/nodePreference must be leader, follower/);
    expect(problem('esdb://a:2113?tsl=false')).toMatch(/unknown option "tsl"/);
    expect(problem('esdb://admin:secret@a:2113?tls=maybe')).not.toMatch(/secret/);
  });

  it('never prints a password from a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:secret@' })).toThrow(/u:\*\*\*@/);
  });

  it('accepts production settings', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://postgres@db:5432/megabot',
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ',
      API_PORT: '8080',
    });
    expect(c).toMatchObject({ apiPort: 8080, eventStoreUrl: 'esdb://eventstore:2113?tls=false' });
  });
});
