import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AUDIT_CSV_COLUMNS, type AuditEventView } from '@megabot/contracts';
import { readSettledLog } from '@megabot/testing';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

/** RFC 4180 parser for the round trip (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe('auction audit API', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const future = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    system = await startTestSystem({
      dbPoolSize: 4,
      readWaitTimeoutMs: 3000,
      adminEmployeeIds: ['admin'],
      auditorEmployeeIds: ['auditor'],
      bidRateLimitPerMinute: 0,
    });
    http = request(system.apiUrl);
    // the bootstrap admin and auditor act through the bot like everyone else, so they are hired and bound too
    await system.employees('admin', 'auditor', 'seller', 'e-1', 'e-2', 'e-3', 'e-boris');
  });
  afterAll(async () => {
    await system.close();
  });

  const asAuditor = (path: string) => http.get(path).set(system.as('auditor'));
  const open = (lotId: string, extra: Record<string, unknown> = {}) =>
    http
      .post('/auctions')
      .set(system.as('seller'))
      .send({ lotId, kind: 'own_lot', title: 'Bike, "blue"\nwith a basket', startingPrice: 1000, minIncrement: 100, closesAt: future(), ...extra })
      .expect(201);

  /** Random bids from three bidders (some rejected: too low, own bid); returns the position of the last write. */
  async function randomHistory(lotId: string, bids: [number, number][]): Promise<string> {
    let last = (await open(lotId)).body.position as string;
    for (const [who, amount] of bids) {
      const res = await http
        .post(`/auctions/${lotId}/bids`)
        .set(system.as(`e-${who}`))
        .send({ amount });
      if (res.status === 201) last = res.body.position;
      else expect([409, 422]).toContain(res.status);
    }
    return last;
  }

  it('replay equals the live read model, and point in time at every position equals the replay up to it (random histories)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 900, max: 4000 })), { minLength: 1, maxLength: 12 }),
        async (bids) => {
          const lotId = `r-${randomUUID().slice(0, 8)}`;
          const position = await randomHistory(lotId, bids);
          const replay = await asAuditor(`/audit/auctions/${lotId}/events`).expect(200);
          const events = replay.body.events as AuditEventView[];
          expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
          const final = events[events.length - 1].after!;
          const live = await http.get(`/auctions/${lotId}?waitFor=${position}`).set(system.as('auditor')).expect(200);
          expect(final).toMatchObject({
            status: live.body.status,
            currentPrice: live.body.currentPrice,
            leaderId: live.body.leaderId,
            bidCount: live.body.bidCount,
            minimumBid: live.body.minimumBid,
            closesAt: live.body.closesAt,
          });
          for (const [i, e] of events.entries()) {
            expect(e).toMatchObject({
              lotId,
              streamId: `auction-${lotId}`,
              eventId: expect.any(String),
              occurredAt: expect.any(String),
              hash: expect.stringMatching(/^[0-9a-f]{64}$/),
            });
            const at = await asAuditor(`/audit/auctions/${lotId}/state?position=${e.position}`).expect(200);
            expect(at.body).toEqual(e.after);
            const upTo = await asAuditor(`/audit/auctions/${lotId}/events?position=${e.position}`).expect(200);
            expect(upTo.body.events).toHaveLength(i + 1);
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('shows the envelope: acting employee, command id as the idempotency key (scoped to the employee), correlation and causation', async () => {
    await open('env-1');
    await http
      .post('/auctions/env-1/bids')
      .set(system.as('e-boris'))
      .set('idempotency-key', 'bid-key-1')
      .set('x-correlation-id', 'corr-7')
      .send({ amount: 1000 })
      .expect(201);
    const { body } = await asAuditor('/audit/auctions/env-1/events').expect(200);
    const bid = (body.events as AuditEventView[]).find((e) => e.type === 'BidPlaced')!;
    expect(bid).toMatchObject({
      actorId: 'e-boris',
      commandId: `tg${system.telegramIdOf('e-boris')}/bid-key-1`,
      correlationId: 'corr-7',
      causationId: `tg${system.telegramIdOf('e-boris')}/bid-key-1`,
      schemaVersion: expect.any(Number),
      upcast: false,
    });
    expect(bid.after).toMatchObject({ leaderId: 'e-boris', currentPrice: 1000, leaderMaximum: 1000 });
  });

  it('as of a timestamp: nothing before the lot existed, the lot after its first events', async () => {
    await open('time-1');
    const { body } = await asAuditor('/audit/auctions/time-1/events').expect(200);
    const openedAt = body.events[0].occurredAt as string;
    const before = new Date(new Date(openedAt).getTime() - 1).toISOString();
    await asAuditor(`/audit/auctions/time-1/state?at=${before}`).expect(404);
    await readSettledLog(system.store, ['auction-time-1']); // the lot list reads the global log: once it shows the lot
    const at = await asAuditor(`/audit/auctions/time-1/state?at=${openedAt}`).expect(200);
    expect(at.body).toMatchObject({ lotId: 'time-1', status: 'open', bidCount: 0 });
    const all = await asAuditor(`/audit/auctions?at=${before}`).expect(200);
    expect(all.body.lots.map((l: { lotId: string }) => l.lotId)).not.toContain('time-1');
    const now = await asAuditor(`/audit/auctions`).expect(200);
    expect(now.body.lots.map((l: { lotId: string }) => l.lotId)).toContain('time-1');
  });

  it('the whole lot list as of a position equals each lot replayed up to it', async () => {
    const p1 = await randomHistory('list-a', [[1, 1000]]);
    await randomHistory('list-b', [[2, 1200]]);
    await http.post('/auctions/list-a/bids').set(system.as('e-3')).send({ amount: 3000 }).expect(201);
    await readSettledLog(system.store, ['auction-list-a', 'auction-list-b']);
    const { body } = await asAuditor(`/audit/auctions?position=${p1}`).expect(200);
    const lots = new Map((body.lots as { lotId: string }[]).map((l) => [l.lotId, l]));
    expect(lots.has('list-b')).toBe(false);
    const replayA = await asAuditor(`/audit/auctions/list-a/state?position=${p1}`).expect(200);
    expect(lots.get('list-a')).toEqual(replayA.body);
    expect(replayA.body).toMatchObject({ leaderId: 'e-1', currentPrice: 1000 });
  });

  it('exports a lot as CSV and JSON that round-trip to the replay', async () => {
    await randomHistory('exp-1', [
      [1, 1000],
      [2, 1500],
      [1, 2500],
    ]);
    const replay = (await asAuditor('/audit/auctions/exp-1/events').expect(200)).body.events as AuditEventView[];

    const csv = await asAuditor('/audit/auctions/exp-1/export?format=csv')
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => cb(null, text));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('auction-exp-1.csv');
    expect(csv.headers['x-audit-events']).toBe(String(replay.length));
    const [header, ...rows] = parseCsv(csv.body as string);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(replay.length);
    rows.forEach((row, i) => {
      const r = Object.fromEntries(header.map((h, j) => [h, row[j]]));
      const e = replay[i];
      expect(r).toMatchObject({
        position: e.position,
        eventId: e.eventId,
        type: e.type,
        revision: String(e.revision),
        actorId: e.actorId ?? '',
        hash: e.hash ?? '',
        leaderId: e.after?.leaderId ?? '',
      });
      expect(JSON.parse(r.data)).toEqual(e.data); // the title's quotes, comma and line break survive
    });

    const json = await asAuditor('/audit/auctions/exp-1/export?format=json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(json.text)).toEqual(replay);
  });

  it('exports every auction of a period, and only that period', async () => {
    const t0 = new Date().toISOString();
    await randomHistory('per-1', [[1, 1000]]);
    await randomHistory('per-2', [
      [2, 1000],
      [3, 1100],
    ]);
    const t1 = new Date(Date.now() + 1).toISOString();
    await randomHistory('per-3', [[1, 1000]]);
    await readSettledLog(system.store, ['auction-per-1', 'auction-per-2', 'auction-per-3']);
    const res = await asAuditor(`/audit/auctions/export?format=json&from=${t0}&to=${t1}`).expect(200);
    const rows = JSON.parse(res.text) as AuditEventView[];
    expect(new Set(rows.map((r) => r.lotId))).toEqual(new Set(['per-1', 'per-2']));
    expect(rows.every((r) => r.occurredAt >= t0 && r.occurredAt < t1)).toBe(true);
    expect(rows.filter((r) => r.lotId === 'per-2').map((r) => r.type)).toContain('BidPlaced');
    await asAuditor(`/audit/auctions/export?from=${t1}&to=${t0}`).expect(400);
  });

  it('verifies the hash chain and catches an event edited directly in the database', async () => {
    await randomHistory('tamper-1', [
      [1, 1000],
      [2, 1500],
      [3, 2500],
    ]);
    const ok = await asAuditor('/audit/auctions/tamper-1/verify').expect(200);
    expect(ok.body).toMatchObject({ status: 'intact', firstBroken: null, unchained: 0, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // Someone with database access lowers a winning bid.
    const edited = await system.ds.query(
      `UPDATE es.events SET data = jsonb_set(data, '{amount}', '1100') WHERE stream_id = 'auction-tamper-1' AND type = 'BidPlaced' AND (data->>'amount')::int = 1500 RETURNING revision`,
    );
    expect(edited[1]).toBe(1);
    const revision = String(edited[0][0].revision);
    const broken = await asAuditor('/audit/auctions/tamper-1/verify').expect(200);
    expect(broken.body).toMatchObject({ status: 'broken', firstBroken: { revision, reason: 'hash_mismatch' } });
    await readSettledLog(system.store, ['auction-tamper-1']);
    const all = await asAuditor('/audit/auctions/verify').expect(200);
    expect(all.body.broken.map((b: { lotId: string }) => b.lotId)).toEqual(['tamper-1']);
    expect(all.body.intact).toBe(all.body.streams - 1 - all.body.unverifiable.length);

    // Deleting the last event instead of editing it: the chain is intact but shorter - a gap is caught when not at the end.
    await randomHistory('tamper-2', [
      [1, 1000],
      [2, 1500],
      [3, 2500],
    ]);
    await system.ds.query(`DELETE FROM es.events WHERE stream_id = 'auction-tamper-2' AND revision = 1`);
    const gap = await asAuditor('/audit/auctions/tamper-2/verify').expect(200);
    expect(gap.body).toMatchObject({ status: 'broken', firstBroken: { revision: '2', reason: 'revision_gap' } });
  });

  it('reads an old LotOpened (schema 1, no rules) through the upcaster and reports it unverifiable (written before chaining)', async () => {
    await system.store.append(
      'auction-legacy-1',
      [
        {
          id: randomUUID(),
          type: 'LotOpened',
          data: {
            lotId: 'legacy-1',
            kind: 'own_lot',
            title: 'Old monitor',
            description: '',
            sellerId: 'e-old',
            currency: 'RUB',
            startingPrice: 500,
            minIncrement: 50,
            opensAt: '2025-01-10T09:00:00.000Z',
            closesAt: '2025-01-11T09:00:00.000Z',
            details: {},
          },
          metadata: { occurredAt: '2025-01-10T09:00:00.000Z', schemaVersion: 1, actorId: 'e-old', commandId: 'legacy-open' },
        },
      ],
      'no_stream',
    );
    const { body } = await asAuditor('/audit/auctions/legacy-1/events').expect(200);
    expect(body.events[0]).toMatchObject({
      schemaVersion: 1,
      upcast: true,
      hash: null,
      data: { rules: { incrementTiers: [{ from: 0, increment: 50 }] }, hasReserve: false, delegates: [] },
    });
    expect(body.events[0].after).toMatchObject({ status: 'open', minimumBid: 500 });
    const verify = await asAuditor('/audit/auctions/legacy-1/verify').expect(200);
    expect(verify.body).toMatchObject({ status: 'unverifiable', unchained: 1 });
  });

  it('is for auditors and admins only, with clear errors for bad input', async () => {
    await open('acl-1');
    await http.get('/audit/auctions/acl-1/events').expect(401);
    await http.get('/audit/auctions/acl-1/events').set('x-employee-id', 'auditor').expect(401);
    const denied = await http.get('/audit/auctions/acl-1/events').set(system.as('e-boris')).expect(403);
    expect(denied.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(denied.body).toMatchObject({ code: 'auth.role_required', roles: ['auditor', 'admin'] });
    await http.get('/audit/auctions/acl-1/events').set(system.as('admin')).expect(200);
    await asAuditor('/audit/auctions/no-such-lot/events').expect(404);
    const bad = await asAuditor('/audit/auctions/acl-1/state?at=yesterday').expect(400);
    expect(bad.body.detail).toMatch(/at must be an ISO 8601 timestamp/);
    const both = await asAuditor('/audit/auctions/acl-1/state?at=2026-01-01T00:00:00Z&position=1-1').expect(400);
    expect(both.body.code).toBe('audit.ambiguous_cut');
    await asAuditor('/audit/auctions/acl-1/export?format=xml').expect(400);
  });
});
