import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { employeeStreamId, type EmployeeHired } from '@megabot/contracts';
import { auctionWriteSide, type AuctionCommand } from '@megabot/domain';
import { StreamCommandProcessor, PostgresEventStore } from '@megabot/event-store';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuctionProjection } from '../../../../projector/src/auction/auction.projection';
import { IdentityProjection } from '../../../../projector/src/identity/identity.projection';
import { ProjectionRunner } from '../../../../projector/src/projection-runner';
import { createApiApp } from '../../bootstrap';
import { PersonalTokens } from '../../core/access/personal-tokens';

const [db] = testDatabases();

describe('shill signals report', () => {
  let scratch: ScratchStores;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let store: PostgresEventStore;
  let ds: DataSource;
  let runners: ProjectionRunner[];
  /** Personal access tokens' headers: the bootstrap admin, and e-x (an employee, no admin). */
  const credentials: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 3);
    ({ store, ds } = scratch);

    // A seeded history, written through the domain with a clock that can pass the deadlines.
    const T0 = Date.parse('2026-11-01T10:00:00.000Z');
    let now = T0;
    const processor = new StreamCommandProcessor(store, auctionWriteSide, { clock: () => new Date(now) });
    let n = 0;
    const send = (c: AuctionCommand) => processor.execute(c, { commandId: `seed-${n++}`, actorId: 'seed' });
    const open = (lotId: string, sellerId: string) =>
      send({
        type: 'OpenLot',
        lotId,
        kind: 'own_lot',
        title: lotId,
        description: '',
        sellerId,
        startingPrice: 1000,
        closesAt: new Date(T0 + 3_600_000).toISOString(),
        details: {},
        openedBy: { employeeId: sellerId, roles: ['employee'] },
      });
    const bid = (lotId: string, bidderId: string, amount: number) => send({ type: 'PlaceBid', lotId, bidderId, amount });
    // x and y bid on each other's lots, twice each way; z once on x
    for (const [lot, seller, bidder] of [
      ['x1', 'e-x', 'e-y'],
      ['x2', 'e-x', 'e-y'],
      ['y1', 'e-y', 'e-x'],
      ['y2', 'e-y', 'e-x'],
    ]) {
      await open(lot, seller);
      await bid(lot, bidder, 1000);
    }
    await bid('x1', 'e-z', 2000);
    // p pushes the price on three lots and never wins; w wins them
    for (const lot of ['p1', 'p2', 'p3']) {
      await open(lot, 'e-s');
      await bid(lot, 'e-p', 3000);
      await bid(lot, 'e-w', 9000);
    }
    // q loses two lots only (below the threshold of 3)
    for (const lot of ['q1', 'q2']) {
      await open(lot, 'e-s');
      await bid(lot, 'e-q', 2000);
      await bid(lot, 'e-w', 9000);
    }
    now = T0 + 2 * 3_600_000;
    for (const lot of ['x1', 'x2', 'y1', 'y2', 'p1', 'p2', 'p3', 'q1', 'q2']) await send({ type: 'CloseLot', lotId: lot });

    // e-x is an employee (hired), not an admin: the report refuses them.
    const hiredAt = new Date(T0).toISOString();
    const hired: EmployeeHired = {
      type: 'EmployeeHired',
      data: {
        employeeId: 'e-x',
        fullName: 'X',
        email: 'x@example.com',
        department: 'D',
        position: 'P',
        office: 'O',
        managerId: null,
        roles: ['employee'],
        clearance: 'internal',
        projects: [],
        hiredAt,
        hiredBy: 'admin',
      },
    };
    await store.append(employeeStreamId('e-x'), [{ id: randomUUID(), ...hired, metadata: { occurredAt: hiredAt, schemaVersion: 1 } }], 'no_stream');

    runners = [new ProjectionRunner(store, ds, new AuctionProjection()), new ProjectionRunner(store, ds, new IdentityProjection())];
    runners.forEach((r) => r.start());
    app = await createApiApp({ databaseUrl: scratch.url, httpAdapter: 'fastify', dbPoolSize: 4, readWaitTimeoutMs: 3000, adminEmployeeIds: ['admin'] }, false);
    await app.listen(0, '127.0.0.1');
    http = request(await app.getUrl());
    for (let i = 0; i < 200; i++) {
      const [{ n: closed }] = await ds.query(`SELECT count(*)::int AS n FROM auction.lots WHERE status = 'closed'`);
      const [{ n: employees }] = await ds.query(`SELECT count(*)::int AS n FROM identity.employees`);
      if (closed === 9 && employees === 1) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    for (const id of ['admin', 'e-x']) credentials[id] = { authorization: `Bearer ${(await app.get(PersonalTokens).issue(id, 'test', 'test', null)).token}` };
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(runners.map((r) => r.stop()));
    await scratch.close();
  });

  const report = (query = '', actor = 'admin') => http.get(`/auctions/reports/shill${query}`).set(credentials[actor]);

  it('finds the pair bidding on each other and the bidder who pushes prices but never wins', async () => {
    const r = await report().expect(200);
    expect(r.body).toEqual({
      thresholds: { minMutualLots: 2, minLostLots: 3 },
      mutualBidding: [{ employeeA: 'e-x', employeeB: 'e-y', lotsAOnB: 2, lotsBOnA: 2 }],
      nonWinningPushers: [{ bidderId: 'e-p', lotsPushed: 3, lotsWon: 0, maxima: 3 }],
    });
  });

  it('thresholds are query parameters', async () => {
    const strict = await report('?minMutualLots=3&minLostLots=4').expect(200);
    expect(strict.body).toMatchObject({ mutualBidding: [], nonWinningPushers: [] });
    const loose = await report('?minMutualLots=1&minLostLots=2').expect(200);
    expect(loose.body.nonWinningPushers.map((p: { bidderId: string }) => p.bidderId)).toEqual(['e-p', 'e-q']);
    // e-x lost y1/y2 to nobody else (they won them) and e-y likewise: winners are never pushers
    expect(loose.body.nonWinningPushers.map((p: { bidderId: string }) => p.bidderId)).not.toContain('e-w');
    await report('?minMutualLots=0').expect(400);
  });

  it('is for admins only', async () => {
    expect((await report('', 'e-x').expect(403)).body.code).toBe('auth.admin_required');
    await http.get('/auctions/reports/shill').expect(401);
    await http.get('/auctions/reports/shill').set('x-employee-id', 'admin').expect(401);
  });
});
