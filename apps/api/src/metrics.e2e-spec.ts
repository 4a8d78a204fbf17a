import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { monitoringMetricNames, readMonitoringFiles } from '../../../tools/deploy/monitoring-files';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';

/** GET /metrics: JSON for people and benchmarks, the Prometheus text format for a scrape. */
describe('metrics over HTTP', () => {
  let system: TestSystem;
  let http: ReturnType<typeof request>;
  const SCRAPE = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

  beforeAll(async () => {
    system = await startTestSystem();
    http = request(system.apiUrl);
    await system.employees('seller', 'bidder');
  });
  afterAll(async () => {
    await system.close();
  });

  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it("counts this process's commands per write side, in Prometheus's format when scraped", async () => {
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    await http
      .post('/auctions')
      .set(system.as('seller'))
      .send({ lotId: 'metrics-lot', kind: 'own_lot', title: 'Lamp', startingPrice: 100, closesAt })
      .expect(201);
    const before = value((await http.get('/metrics').set('accept', SCRAPE).expect(200)).text, 'megabot_commands_total{write_side="auction"}') ?? 0;
    for (const amount of [100, 200]) await http.post('/auctions/metrics-lot/bids').set(system.as('bidder')).send({ amount }).expect(201);

    const scrape = await http.get('/metrics').set('accept', SCRAPE).expect(200);
    expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(scrape.text).toContain('# TYPE megabot_commands_total counter');
    expect(value(scrape.text, 'megabot_commands_total{write_side="auction"}')).toBe(before + 2);
    expect(value(scrape.text, 'megabot_process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
    expect(value(scrape.text, 'megabot_event_loop_delay_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0);
    // every line is a comment or `name{labels} number`
    for (const line of scrape.text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? (-?[\d.e+-]+|NaN))$/);

    const json = await http.get('/metrics').expect(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    expect(json.body.auction.commands).toBe(before + 2);
  });

  it("exports every metric the deployment's dashboard and alerts ask for", async () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const wanted = monitoringMetricNames(readMonitoringFiles(root), parse(fs.readFileSync(path.join(root, 'deploy/prometheus/alerts.yml'), 'utf8')));
    const scrape = await http.get('/metrics').set('accept', SCRAPE).expect(200);
    const exported = new Set([...scrape.text.matchAll(/^# TYPE (\w+) /gm)].map((m) => m[1]));
    expect(wanted.filter((name) => !exported.has(name))).toEqual([]);
    expect(wanted.length).toBeGreaterThanOrEqual(4);
  });

  it('shows how many events each projection trails the log by, down to 0 once it has caught up', async () => {
    await system.stopProjector();
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    await http
      .post('/auctions')
      .set(system.as('seller'))
      .send({ lotId: 'metrics-lag', kind: 'own_lot', title: 'Desk', startingPrice: 100, closesAt })
      .expect(201);
    const behind = async () =>
      value((await http.get('/metrics').set('accept', SCRAPE).expect(200)).text, 'megabot_projection_events_behind{projection="auction"}');
    expect(await behind()).toBeGreaterThanOrEqual(1);
    system.startProjector();
    for (let i = 0; i < 200 && (await behind()) !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await behind()).toBe(0);
  });
});
