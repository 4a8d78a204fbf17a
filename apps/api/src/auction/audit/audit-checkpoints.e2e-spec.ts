import { createPublicKey } from 'node:crypto';
import { checkpointSignatureValid, chainHash, type RecordedEvent } from '@megabot/event-store';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';

/**
 * Audit evidence that survives someone with database access: the chain is keyed (an edit recomputed without the key
 * is caught), and signed checkpoints of the stream heads catch what a chain cannot - a stream cut short, or rewritten
 * consistently from its start.
 */
describe('audit evidence beyond the database: keyed chain, signed checkpoints', () => {
  let system: TestSystem;
  const call = async (method: string, p: string, as: string, body?: unknown) => {
    const res = await fetch(`${system.apiUrl}${p}`, {
      method,
      headers: { ...system.as(as), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.clone().text(), body: (await res.json().catch(() => ({}))) as Record<string, any> };
  };
  const open = (lotId: string) =>
    call('POST', '/auctions', 'cp-seller', {
      lotId,
      kind: 'own_lot',
      title: lotId,
      startingPrice: 1000,
      minIncrement: 100,
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
    });
  const stored = async (
    lotId: string,
  ): Promise<{ position: string; revision: string; data: unknown; metadata: Record<string, unknown>; type: string; event_id: string }[]> =>
    system.ds.query(`SELECT position, revision, type, event_id, data, metadata FROM es.events WHERE stream_id = $1 ORDER BY revision`, [`auction-${lotId}`]);

  beforeAll(async () => {
    system = await startTestSystem({ auditorEmployeeIds: ['cp-auditor'], bidRateLimitPerMinute: 0 });
    await system.employees('cp-seller', 'cp-anna', 'cp-boris', 'cp-auditor');
    for (const lot of ['cp-1', 'cp-2', 'cp-3']) {
      expect((await open(lot)).status).toBe(201);
      expect((await call('POST', `/auctions/${lot}/bids`, 'cp-anna', { amount: 1000 })).status).toBe(201);
      expect((await call('POST', `/auctions/${lot}/bids`, 'cp-boris', { amount: 2000 })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await system.close();
  });

  it('new events are chained under the key (its id in each event), and verify', async () => {
    const events = await stored('cp-1');
    expect(events.every((e) => typeof e.metadata.hashKeyId === 'string' && typeof e.metadata.hash === 'string')).toBe(true);
    expect((await call('GET', '/audit/auctions/cp-1/verify', 'cp-auditor')).body).toMatchObject({ status: 'intact' });
  });

  it('a checkpoint is signed with the key auditors get, and any change to it breaks the signature', async () => {
    // every committed stream counts, even while an older transaction elsewhere holds the log's settled tail back
    const other = system.ds.createQueryRunner();
    await other.startTransaction();
    await other.query('SELECT pg_current_xact_id()');
    expect((await call('POST', `/auctions/cp-3/bids`, 'cp-boris', { amount: 2500 })).status).toBe(201);
    const taken = await call('POST', '/audit/checkpoints', 'cp-auditor').finally(async () => {
      await other.rollbackTransaction();
      await other.release();
    });
    expect(taken.status).toBe(201);
    const cp = taken.body;
    expect(cp.heads.map((h: { streamId: string }) => h.streamId)).toEqual(expect.arrayContaining(['auction-cp-1', 'auction-cp-2', 'auction-cp-3']));
    const cp3 = await stored('cp-3');
    expect(cp.heads.find((h: { streamId: string }) => h.streamId === 'auction-cp-3')).toMatchObject({ revision: String(cp3.at(-1)!.revision) }); // the newest bid too
    expect(cp.position).not.toBe('0-0');
    const pem = (await call('GET', '/audit/checkpoints/key', 'cp-auditor')).text;
    expect(checkpointSignatureValid(cp as never, createPublicKey(pem))).toBe(true);
    const altered = { ...cp, heads: cp.heads.map((h: { revision: string }, i: number) => (i === 0 ? { ...h, revision: '0' } : h)) };
    expect(checkpointSignatureValid(altered as never, createPublicKey(pem))).toBe(false);
    expect((await call('GET', `/audit/checkpoints/${cp.checkpointId}`, 'cp-auditor')).body).toEqual(cp);
    expect((await call('GET', '/audit/checkpoints/latest', 'cp-auditor')).body.checkpointId).toBe(cp.checkpointId);
    expect((await call('POST', '/audit/checkpoints/verify', 'cp-auditor', { checkpoint: cp })).body).toMatchObject({ signatureValid: true, deviations: [] });
    expect((await call('POST', '/audit/checkpoints/verify', 'cp-auditor', { checkpoint: altered })).body.signatureValid).toBe(false);
    // employees neither take nor read checkpoints
    expect((await call('POST', '/audit/checkpoints', 'cp-anna')).status).toBe(403);
  });

  it("a stream's tail cut after a checkpoint is reported as truncated (the chain of what is left still verifies)", async () => {
    const cp = (await call('POST', '/audit/checkpoints', 'cp-auditor')).body;
    const events = await stored('cp-2');
    await system.ds.query(`DELETE FROM es.events WHERE stream_id = 'auction-cp-2' AND revision = $1`, [events[events.length - 1].revision]);
    expect((await call('GET', '/audit/auctions/cp-2/verify', 'cp-auditor')).body.status).toBe('intact'); // what the chain alone cannot see
    const verified = (await call('POST', '/audit/checkpoints/verify', 'cp-auditor', { checkpoint: cp })).body;
    expect(verified.deviations).toEqual([
      expect.objectContaining({
        streamId: 'auction-cp-2',
        reason: 'truncated',
        checkpointRevision: String(events.length - 1),
        currentRevision: String(events.length - 2),
      }),
    ]);
  });

  it('an edit with the chain recomputed without the key is caught by the chain; rewritten as an old, unkeyed chain, by the checkpoint', async () => {
    const cp = (await call('POST', '/audit/checkpoints', 'cp-auditor')).body;
    const events = await stored('cp-3');
    // the attacker changes the winning maximum and recomputes every hash from there (plain SHA-256: they lack the key)
    const rewrite = async (dropKeyIds: boolean) => {
      let previous: string | null = null;
      for (const e of events) {
        const submitted = (e.data as { submitted?: { bidderId: string } }).submitted; // the maximum the bid that moved the price carries
        const data = submitted?.bidderId === 'cp-boris' ? { ...(e.data as object), submitted: { ...submitted, maximum: 99 } } : e.data;
        const metadata: Record<string, unknown> = { ...e.metadata };
        if (dropKeyIds) delete metadata.hashKeyId;
        const input = { streamId: 'auction-cp-3', revision: BigInt(e.revision), id: e.event_id, type: e.type, data, metadata } as unknown as RecordedEvent;
        metadata.hash = previous = chainHash(input, previous);
        await system.ds.query(`UPDATE es.events SET data = $2, metadata = $3 WHERE position = $1`, [
          e.position,
          JSON.stringify(data),
          JSON.stringify(metadata),
        ]);
      }
    };
    await rewrite(false);
    expect((await call('GET', '/audit/auctions/cp-3/verify', 'cp-auditor')).body).toMatchObject({
      status: 'broken',
      firstBroken: { revision: '0', reason: 'hash_mismatch' },
    });
    await rewrite(true); // every key id removed: the stream now looks like one chained before keys existed
    expect((await call('GET', '/audit/auctions/cp-3/verify', 'cp-auditor')).body.status).toBe('intact');
    const verified = (await call('POST', '/audit/checkpoints/verify', 'cp-auditor', { checkpoint: cp })).body;
    expect(verified.deviations).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: 'auction-cp-3', reason: 'rewritten' })]));
  });

  it('a keyed stream continued with unkeyed hashes is a break at the first unkeyed event', async () => {
    await open('cp-4');
    await call('POST', '/auctions/cp-4/bids', 'cp-anna', { amount: 1000 });
    const events = await stored('cp-4');
    const last = events[events.length - 1];
    const metadata: Record<string, unknown> = { ...last.metadata };
    delete metadata.hashKeyId;
    const input = {
      streamId: 'auction-cp-4',
      revision: BigInt(last.revision),
      id: last.event_id,
      type: last.type,
      data: last.data,
      metadata,
    } as unknown as RecordedEvent;
    metadata.hash = chainHash(input, events[events.length - 2].metadata.hash as string);
    await system.ds.query(`UPDATE es.events SET metadata = $2 WHERE position = $1`, [last.position, JSON.stringify(metadata)]);
    expect((await call('GET', '/audit/auctions/cp-4/verify', 'cp-auditor')).body).toMatchObject({
      status: 'broken',
      firstBroken: { reason: 'unkeyed_after_keyed', revision: last.revision },
    });
  });
});
