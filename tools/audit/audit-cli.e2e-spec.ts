import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { readSettledLog } from '@megabot/testing';
import { startTestSystem, type TestSystem } from '../testing/test-system';
import { runAuditCli } from './audit-cli';

describe('npm run audit (CLI against the API)', () => {
  let system: TestSystem;
  let dir: string;
  /** Personal access tokens, as the CLI is given them (--token, MEGABOT_TOKEN or the file `npm start` writes). */
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    system = await startTestSystem({ auditorEmployeeIds: ['auditor'], bidRateLimitPerMinute: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-cli-'));
    const http = request(system.apiUrl);
    await system.employees('e-seller', 'e-boris', 'e-vera');
    // the auditor is the bootstrap one (AUDITOR_EMPLOYEE_IDS, never hired); e-boris is an employee, no auditor
    for (const id of ['auditor', 'e-boris']) tokens[id] = (await system.token(id)).authorization.replace(/^Bearer /, '');
    for (const lotId of ['cli-1', 'cli-2']) {
      await http
        .post('/auctions')
        .set(system.as('e-seller'))
        .send({
          lotId,
          kind: 'own_lot',
          title: 'Lamp, "desk"',
          startingPrice: 1000,
          minIncrement: 100,
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        })
        .expect(201);
      await http.post(`/auctions/${lotId}/bids`).set(system.as('e-boris')).send({ amount: 1000 }).expect(201);
      await http.post(`/auctions/${lotId}/bids`).set(system.as('e-vera')).send({ amount: 1500 }).expect(201);
    }
    // `state`, period exports and `verify --all` read the global log, which shows an append once it has settled.
    await readSettledLog(system.store, ['auction-cli-1', 'auction-cli-2']);
  });
  afterAll(async () => {
    await system.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(argv: string[], token = tokens.auditor) {
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (c) => (stdout += c));
    err.on('data', (c) => (stderr += c));
    const code = await runAuditCli(argv, { apiUrl: system.apiUrl, token, tokenSource: '--token', out, err, progress: false });
    return { code, stdout, stderr };
  }

  it('replay prints the events as a table with the lot after each', async () => {
    const { code, stdout } = await run(['replay', 'cli-1']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rev\s+position\s+occurred at\s+event\s+actor/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[3])).toEqual(['LotOpened', 'BidPlaced', 'BidPlaced']);
    expect(lines[lines.length - 1]).toMatch(/BidPlaced\s+e-vera\s+\S+\s+15\.00\s+e-vera\s+15\.00\s+open/);
  });

  it('state prints one lot or all of them, as of a position', async () => {
    const all = await run(['state']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/cli-1\s+open\s+1\s+15\.00\s+e-vera/);
    const events = JSON.parse((await run(['replay', 'cli-1', '--json'])).stdout).events;
    const early = await run(['state', 'cli-1', '--position', events[1].position, '--json']);
    expect(JSON.parse(early.stdout)).toMatchObject({ leaderId: 'e-boris', currentPrice: 1000 });
  });

  it('exports a lot and a period to files', async () => {
    const file = path.join(dir, 'lot.csv');
    const lot = await run(['export', 'cli-1', '--out', file]);
    expect(lot).toMatchObject({ code: 0, stderr: `3 event(s) exported to ${file}\n` });
    expect(fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(4); // header + 3
    const json = path.join(dir, 'period.json');
    const period = await run(['export', '--from', '2020-01-01T00:00:00Z', '--format', 'json', '--out', json]);
    expect(period.code).toBe(0);
    const rows = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(rows).toHaveLength(6);
    expect(period.stderr).toBe(`6 event(s) exported to ${json}\n`);
  });

  it('checkpoint writes a signed checkpoint and the key; verify --checkpoint exits 0 while the streams still hold it, 2 once a tail is cut', async () => {
    const cp = path.join(dir, 'cp.json');
    const key = path.join(dir, 'cp.pem');
    expect(await run(['checkpoint', '--out', cp])).toMatchObject({ code: 0 });
    expect(await run(['checkpoint', 'key', '--out', key])).toMatchObject({ code: 0 });
    expect(
      JSON.parse(fs.readFileSync(cp, 'utf8'))
        .heads.map((h: { streamId: string }) => h.streamId)
        .sort(),
    ).toEqual(['auction-cli-1', 'auction-cli-2']);
    const intact = await run(['verify', '--checkpoint', cp, '--key', key]);
    expect(intact).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/signature valid with the API's key, valid with the kept key\n2 stream head\(s\) compared: 0 deviation/),
    });
    // an altered checkpoint fails with the kept key
    const forged = path.join(dir, 'forged.json');
    fs.writeFileSync(forged, JSON.stringify({ ...JSON.parse(fs.readFileSync(cp, 'utf8')), takenAt: '2020-01-01T00:00:00.000Z' }));
    expect((await run(['verify', '--checkpoint', forged, '--key', key])).stdout).toMatch(/INVALID with the kept key/);
    const [last] = await system.ds.query(`SELECT max(revision) AS r FROM es.events WHERE stream_id = 'auction-cli-1'`);
    await system.ds.query(`DELETE FROM es.events WHERE stream_id = 'auction-cli-1' AND revision = $1`, [last.r]);
    const cut = await run(['verify', '--checkpoint', cp, '--key', key]);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toMatch(/auction-cli-1: truncated \(checkpoint revision 2, now 1\)/);
  });

  it('verify exits 0 while intact and 2 with the first broken link after a database edit', async () => {
    expect(await run(['verify', '--all'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^2 auction stream\(s\): 2 intact, 0 broken/) });
    await system.ds.query(`UPDATE es.events SET metadata = jsonb_set(metadata, '{actorId}', '"e-mallory"') WHERE stream_id = 'auction-cli-2' AND revision = 2`);
    const one = await run(['verify', 'cli-2']);
    expect(one.code).toBe(2);
    expect(one.stdout).toMatch(/cli-2: BROKEN at revision 2 \(BidPlaced .*\): stored content does not match its hash/);
    const all = await run(['verify', '--all']);
    expect(all.code).toBe(2);
    expect(all.stdout).toMatch(/1 intact, 1 broken/);
  });

  it('refuses non-auditors, unknown or revoked tokens and bad usage with a clear message', async () => {
    const denied = await run(['replay', 'cli-1'], tokens['e-boris']);
    expect(denied).toMatchObject({ code: 1, stderr: expect.stringContaining('403 This needs the role auditor or admin') });
    expect(denied.stderr).toContain('the access token from --token acts for an employee who is neither auditor nor admin');
    const forged = await run(['replay', 'cli-1'], `mbp_${'x'.repeat(12)}_${'y'.repeat(43)}`);
    expect(forged).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^audit: 401 The access token is unknown, revoked or expired - the API refused the access token from --token/),
    });
    // revoked by its owner: refused from the next request on
    const [tokenId] = /^mbp_([A-Za-z0-9]{12})_/.exec(tokens['e-boris'])!.slice(1);
    await request(system.apiUrl).delete(`/auth/tokens/${tokenId}`).set('authorization', `Bearer ${tokens['e-boris']}`).expect(200);
    expect((await run(['replay', 'cli-1'], tokens['e-boris'])).stderr).toMatch(/^audit: 401 The access token is unknown, revoked or expired/);
    expect((await run(['frobnicate'])).code).toBe(64);
    expect((await run(['replay'])).stderr).toContain('replay needs a lot id');
    expect((await run(['export', '--from', 'yesterday'])).stderr).toContain('--from must be an ISO timestamp');
  });
});
