import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

/**
 * Input that once reached PostgreSQL, class-transformer or a check that throws, answered with a 500: now refused at the
 * edge with a specific 4xx problem that names the field. Both HTTP adapters parse bodies their own way, so both are tried.
 */
describe.each(['fastify', 'express'] as const)('hostile input refused at the edge (%s)', (httpAdapter) => {
  let system: TestSystem;
  let admin: Record<string, string>;
  let anna: Record<string, string>;
  /** A request with a raw body (a string is sent as is, anything else as JSON). */
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${system.apiUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, any>;
    try {
      json = JSON.parse(text);
    } catch {
      json = { text };
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: json };
  };
  const fieldsOf = (body: Record<string, any>) => ((body.errors ?? []) as { field: string }[]).map((e) => e.field);

  beforeAll(async () => {
    system = await startTestSystem({ httpAdapter, adminEmployeeIds: ['hi-admin'] });
    await system.employees('hi-admin', 'hi-anna');
    admin = system.as('hi-admin');
    anna = system.as('hi-anna');
    expect((await call('POST', '/rooms/offices', admin, { officeId: 'hi-office', name: 'HI', timeZone: 'Europe/Moscow' })).status).toBe(201);
    expect((await call('POST', '/rooms/offices/hi-office/rooms', admin, { roomId: 'hi-room', name: 'HI room', floor: 1, capacity: 4 })).status).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  describe('text PostgreSQL cannot store: one rule for every string', () => {
    it.each([
      ['a lone low surrogate', 'Room \udfff'],
      ['a lone high surrogate', '\ud800 Room'],
      ['a NUL character', 'Room\u0000'],
    ])('%s in a body field: 400 naming the field', async (_what, name) => {
      const r = await call('POST', '/rooms/offices', admin, { officeId: 'hi-office-2', name, timeZone: 'Europe/Moscow' });
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.code).toBe('validation.unstorable_text');
      expect(fieldsOf(r.body)).toEqual(['name']);
    });

    it('in a nested field and in a key: the path of the field is named', async () => {
      const nested = await call('POST', '/rooms/hi-room/series/plan', anna, {
        rule: { frequency: 'weekly', startDate: '2026-12-01', count: 2, startTime: '10:00', endTime: '11:00\u0000' },
      });
      expect(nested.status).toBe(400);
      expect(fieldsOf(nested.body)).toEqual(['rule.endTime']);
      const key = await call('PATCH', '/bot/switches/hi.switch', admin, { roles: { 'tester\udfff': true } });
      expect(key.status).toBe(400);
      expect(fieldsOf(key.body)).toEqual(['roles']);
    });

    it('a well-formed pair of surrogates (an emoji) is text like any other', async () => {
      const r = await call('POST', '/rooms/offices', admin, { officeId: 'hi-emoji', name: 'Office \ud83d\ude80', timeZone: 'Europe/Moscow' });
      expect(r.status).toBe(201);
    });

    it('in a query string: GET /identity/employees?q=%00 is 400 naming q', async () => {
      const r = await call('GET', '/identity/employees?q=%00', admin);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation.unstorable_text');
      expect(fieldsOf(r.body)).toEqual(['q']);
      expect((await call('GET', '/identity/employees?q=anna', admin)).status).toBe(200);
    });

    it('in a path parameter', async () => {
      const r = await call('GET', '/identity/employees/hi%00anna', admin);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation.unstorable_text');
    });

    it('PATCH /identity/employees/:id {"email":"\\udfff"}: 400 naming email (the e-mail check threw "URI malformed")', async () => {
      const r = await call('PATCH', '/identity/employees/hi-anna', admin, { email: '\udfff' });
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(['email']);
    });
  });

  describe('depth and size of a body, before class-transformer', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    it.each([64, 2_000, 5_000, 50_000])('a value nested %i deep: 400 naming the field', async (n) => {
      const r = await call('POST', '/rooms/hi-room/series/plan', anna, `{"rule":{"frequency":${deep(n)}}}`);
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.code).toBe('validation.too_deep');
      expect(fieldsOf(r.body)).toEqual(['rule.frequency']);
    });

    it('a deep object on another route (was "Maximum call stack size exceeded")', async () => {
      let body = '1';
      for (let i = 0; i < 3_000; i++) body = `{"a":${body}}`;
      const r = await call('POST', '/auctions', anna, `{"title":"x","details":${body}}`);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation.too_deep');
    });

    it('a body over the size limit: 413 problem', async () => {
      const r = await call('POST', '/rooms/offices', admin, { officeId: 'hi-big', name: 'x'.repeat(2 * 1024 * 1024), timeZone: 'Europe/Moscow' });
      expect(r.status).toBe(413);
      expect(r.type).toContain('application/problem+json');
      expect(r.body.code).toBe('http.payload_too_large');
    });

    it('a number JSON cannot hold exactly (1e400 parses to Infinity, 1e308 overflows a bigint): 400 naming the field', async () => {
      const r = await call('POST', '/bot/updates/7001/claim', system.bot(), '{"userId":1e400}');
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(['userId']);
    });
  });

  describe('the 500s found by fuzzing, each a specific 4xx', () => {
    it('a session cookie with a malformed percent-encoding (was "URI malformed" in the guard): 401', async () => {
      for (const cookie of ['mb_session=%E0%A4%A', `mb_session=${'%'.repeat(20)}`]) {
        const r = await call('GET', '/rooms/bookings/mine', { cookie });
        expect(r.status).toBe(401);
        expect(r.type).toContain('application/problem+json');
      }
    });

    it.each([
      ['{}', '{}'],
      ['null', 'null'],
      ['a byte-order mark', '\ufeff{}'],
      ['{"rule":[]}', '{"rule":[]}'],
      ['{"rule":null}', '{"rule":null}'],
      ['{"rule":"weekly"}', '{"rule":"weekly"}'],
    ])('POST /rooms/:id/series/plan %s: 400', async (_what, body) => {
      const r = await call('POST', '/rooms/hi-room/series/plan', anna, body);
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
    });

    it('POST /rooms/:id/series/plan with no rule names the rule', async () => {
      const r = await call('POST', '/rooms/hi-room/series/plan', anna, {});
      expect(fieldsOf(r.body)).toEqual(['rule']);
    });

    it('PATCH /bot/switches/:key {"appVersions":null}: 400 naming appVersions', async () => {
      for (const field of ['appVersions', 'roles', 'users']) {
        const r = await call('PATCH', '/bot/switches/hi.switch', admin, { [field]: null });
        expect(r.status).toBe(400);
        expect(fieldsOf(r.body)).toEqual([field]);
      }
      // an entry's null still removes that entry
      expect((await call('PATCH', '/bot/switches/hi.switch', admin, { appVersions: { '0.2.*': null } })).status).toBe(200);
    });

    it('POST /bot/updates/:id/claim {"userId":1e308}: 400 naming userId', async () => {
      const r = await call('POST', '/bot/updates/7002/claim', system.bot(), '{"userId":1e308}');
      expect(r.status).toBe(400);
      expect(fieldsOf(r.body)).toEqual(['userId']);
      expect((await call('POST', '/bot/updates/7003/claim', system.bot(), { userId: 7_000_000_001 })).status).toBe(200);
    });
  });
});
