import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing, type Tracing } from '@megabot/platform';
// The system test runs the real projector beside the API, as in production.
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';

/** What an OTLP/HTTP JSON export carries of a span (the fields this test reads). */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  links?: { traceId: string; spanId: string }[];
}

/** A local collector speaking the OTLP/HTTP receiver's shape: POST /v1/traces, JSON body. */
async function startCollector(): Promise<{ url: string; spans: ExportedSpan[]; services: Set<string>; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const services = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const exported = JSON.parse(body) as {
        resourceSpans: { resource: { attributes: ExportedSpan['attributes'] }; scopeSpans: { spans: ExportedSpan[] }[] }[];
      };
      for (const rs of exported.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        if (service) services.add(service);
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    services,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const attribute = (s: ExportedSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined);
};

describe('OpenTelemetry: one bid followed from the HTTP request through the append to the projections', () => {
  let system: TestSystem;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let tracing: Tracing | undefined;
  const future = () => new Date(Date.now() + 3_600_000).toISOString();
  const post = (path: string, actor: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${system.apiUrl}${path}`, {
      method: 'POST',
      headers: { ...system.as(actor), 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const eventsOf = (streamId: string) => system.store.readStream(streamId, { fromRevision: 0n, maxCount: 100 });

  beforeAll(async () => {
    collector = await startCollector();
    // configured as OTEL_EXPORTER_OTLP_ENDPOINT would: the first test runs before the exporter starts
    system = await startTestSystem({ tracing: true });
    await system.employees('seller', 'anna');
  });
  afterAll(async () => {
    await tracing?.shutdown().catch(() => undefined);
    await system.close();
    await collector.close();
  });

  it('with tracing off, nothing is recorded and the events carry no traceparent', async () => {
    const opened = await post('/auctions', 'seller', {
      lotId: 'lot-off',
      kind: 'own_lot',
      title: 'Lamp',
      startingPrice: 100,
      minIncrement: 10,
      closesAt: future(),
    });
    expect(opened.status).toBe(201);
    const bid = await post('/auctions/lot-off/bids', 'anna', { amount: 100 }, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    expect(bid.status).toBe(201);
    const events = await eventsOf('auction-lot-off');
    expect(events.map((e) => e.type)).toContain('BidPlaced');
    expect(events.every((e) => e.metadata.traceparent === undefined)).toBe(true);
  });

  it("continues the caller's trace: request → command → append → every projection of the event, exported over OTLP", async () => {
    tracing = startTracing({ serviceName: 'megabot-api', endpoint: collector.url });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const opened = await post('/auctions', 'seller', {
      lotId: 'lot-on',
      kind: 'own_lot',
      title: 'Desk',
      startingPrice: 100,
      minIncrement: 10,
      closesAt: future(),
    });
    expect(opened.status).toBe(201);
    const bid = await post('/auctions/lot-on/bids', 'anna', { amount: 100 }, { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect(bid.status).toBe(201);
    const { position } = (await bid.json()) as { position: string };
    // read our write: the lot card waits for the auction projection to pass the bid
    expect((await fetch(`${system.apiUrl}/auctions/lot-on?waitFor=${position}`, { headers: system.as('anna') })).status).toBe(200);
    const placed = (await eventsOf('auction-lot-on')).find((e) => e.type === 'BidPlaced')!;
    expect(placed.metadata.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // a refused bid is the client's fault: recorded as a refusal, not as a failed span
    const low = await post('/auctions/lot-on/bids', 'anna', { amount: 50 }, { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect([409, 422]).toContain(low.status);
    const { code } = (await low.json()) as { code: string };

    await tracing.shutdown(); // exports everything buffered
    tracing = undefined;
    const ours = collector.spans.filter((s) => s.traceId === traceId);
    const byId = new Map(ours.map((s) => [s.spanId, s]));
    const [request, refused] = ours.filter((s) => s.name === 'POST /auctions/:lotId/bids');
    expect(request).toMatchObject({ parentSpanId: callerSpan, kind: 2 }); // SERVER, under the caller's span
    expect(attribute(request, 'http.response.status_code')).toBe(201);
    expect(attribute(refused, 'megabot.refusal')).toBe(code);
    expect(refused).not.toHaveProperty('status.code', 2); // not ERROR
    const command = ours.find((s) => s.name === 'auction command' && s.parentSpanId === request.spanId);
    expect(command).toBeDefined();
    expect(attribute(command!, 'megabot.stream')).toBe('auction-lot-on');
    expect(placed.metadata.traceparent).toBe(`00-${traceId}-${command!.spanId}-01`);
    const append = ours.find((s) => s.name === 'append auction' && s.parentSpanId === command!.spanId);
    expect(append && attribute(append, 'megabot.events')).toBeGreaterThanOrEqual(1);
    // each projection that applied the command's events (the bid and the bidder's maximum) joined the trace under it
    const projected = ours.filter((s) => s.name.startsWith('project ') && s.parentSpanId === command!.spanId);
    expect(projected.filter((s) => attribute(s, 'megabot.event') === 'BidPlaced').map((s) => s.name)).toContain('project auction');
    expect(projected.every((s) => s.kind === 5 && typeof attribute(s, 'megabot.lag_ms') === 'number')).toBe(true); // CONSUMER
    expect([...byId.values()].some((s) => s.name === 'GET /auctions/:lotId')).toBe(false); // the card read was not part of this trace
    expect(collector.services).toEqual(new Set(['megabot-api']));
  });
});
