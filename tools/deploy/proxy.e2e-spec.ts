import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { startWebhookServer, type RunningWebhookServer } from '../../apps/bot/src/shared/webhook-server';
import { renderTemplate } from './nginx-conf';

/**
 * The proxy's nginx template run in a real nginx (the machine's; docker-compose.yml uses the official
 * image): rendered as the image renders it, with only what a machine without Docker needs changed —
 * loopback ports instead of 80/443/8080, a certificate made here, the services' names replaced by the
 * addresses of servers started here (the bot's real webhook server, recorders for the API and the admin
 * site). Then each route is tried, and each thing that must not pass.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = 'megabot.example.com';
const SECRET = 'proxy_test_secret';
const onPath = (bin: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, bin)));
const runnable = onPath('nginx') && onPath('openssl');

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A stand-in for the API or the admin site that records what reaches it. */
async function recorder(name: string): Promise<{ server: http.Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

const freePort = async () => {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  scheme: 'http' | 'https',
  port: number,
  options: {
    method?: string;
    path: string;
    host?: string;
    servername?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    ca?: Buffer;
    /** Accept any certificate: to see what the server itself does, whatever the name. */
    anyCertificate?: boolean;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      method: options.method ?? 'GET',
      path: options.path,
      headers: { host: options.host ?? HOST, ...options.headers },
      agent: false as const,
    };
    const req =
      scheme === 'https'
        ? https.request({ ...common, servername: options.servername ?? HOST, ca: options.ca, rejectUnauthorized: !options.anyCertificate }, done)
        : http.request(common, done);
    function done(res: http.IncomingMessage) {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    }
    req.on('error', reject);
    req.end(options.body);
  });
}

const describeWithNginx = runnable ? describe : describe.skip;
if (!runnable)
  console.warn('[tests] proxy (nginx template in a real nginx): SKIPPED, nginx or openssl is not installed (apt-get install -y nginx-light openssl)');

describeWithNginx('the proxy config in a real nginx', () => {
  let dir: string;
  let nginx: ChildProcess;
  let bot: RunningWebhookServer;
  /** Three replicas of the API behind the api upstream. */
  let apis: Awaited<ReturnType<typeof recorder>>[];
  let admin: Awaited<ReturnType<typeof recorder>>;
  const updates: { update_id: number }[] = [];
  let ca: Buffer;
  const ports = { http: 0, https: 0, health: 0, internal: 0 };
  const apiSeen = () => apis.flatMap((r) => r.seen);
  let nginxLog = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-proxy-'));
    fs.mkdirSync(path.join(dir, 'certs'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`].concat([
        '-keyout',
        path.join(dir, 'certs/privkey.pem'),
        '-out',
        path.join(dir, 'certs/fullchain.pem'),
      ]),
      { stdio: 'ignore' },
    );
    ca = fs.readFileSync(path.join(dir, 'certs/fullchain.pem'));

    // the bot's own webhook server, at the URL docker-compose.yml gives it
    const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
    const webhookUrl = String(compose.services.bot.environment.BOT_WEBHOOK_URL).replace(/\$\{PUBLIC_HOST:\?[^}]*\}/, HOST);
    bot = await startWebhookServer({
      webhookUrl,
      secretToken: SECRET,
      port: 0,
      host: '127.0.0.1',
      handleUpdate: async (u) => void updates.push(u),
      log: () => undefined,
    });
    apis = [await recorder('api'), await recorder('api'), await recorder('api')];
    admin = await recorder('admin');
    ports.http = await freePort();
    ports.https = await freePort();
    ports.health = await freePort();
    ports.internal = await freePort();

    // the template as the image renders it, then only what this machine needs changed (each must apply)
    const env = { ...compose.services.proxy.environment, PUBLIC_HOST: HOST };
    let conf = renderTemplate(fs.readFileSync(path.join(ROOT, 'deploy/nginx/default.conf.template'), 'utf8'), env);
    const change = (from: RegExp, to: string) => {
      expect(conf).toMatch(from);
      conf = conf.replace(from, to);
    };
    change(/listen 80( default_server)?;/g, `listen 127.0.0.1:${ports.http}$1;`);
    change(/listen 443 ssl( default_server)?;/g, `listen 127.0.0.1:${ports.https} ssl$1;`);
    change(/listen 127\.0\.0\.1:8080;/g, `listen 127.0.0.1:${ports.health};`);
    change(/\/etc\/nginx\/certs\//g, `${dir}/certs/`);
    change(/ bot:8443;/g, ` 127.0.0.1:${bot.port};`);
    // the replicas Docker's DNS would give for `api` (this nginx predates `resolve`, so they are listed)
    change(/ server api:3000 resolve;/g, apis.map((r) => ` server 127.0.0.1:${r.port};`).join('\n   '));
    change(/listen 3000;/g, `listen 127.0.0.1:${ports.internal};`);
    change(/ admin:3001;/g, ` 127.0.0.1:${admin.port};`);
    fs.writeFileSync(path.join(dir, 'site.conf'), conf);
    // what the image's /etc/nginx/nginx.conf provides around conf.d
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr warn;\nevents { worker_connections 64; }\n` +
        `http {\n  access_log off;\n  include ${dir}/site.conf;\n}\n`,
    );
    execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
    nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr?.on('data', (d: Buffer) => (nginxLog += d.toString()));
    for (let i = 0; ; i++) {
      const up = await request('http', ports.health, { path: '/nginx-health' }).then(
        (a) => a.status === 200,
        () => false,
      );
      if (up) break;
      if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxLog}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await bot?.stop();
    await Promise.all([...(apis ?? []), admin].map((r) => r && new Promise((resolve) => r.server.close(resolve))));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const tls = (options: Parameters<typeof request>[2]) => request('https', ports.https, { ca, ...options });
  const reached = () => ({ api: apiSeen().length, admin: admin.seen.length, updates: updates.length });

  it("passes Telegram's update to the bot's webhook server, with the forwarded headers set by the proxy", async () => {
    const a = await tls({
      method: 'POST',
      path: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET, 'x-forwarded-for': '6.6.6.6' },
      body: JSON.stringify({ update_id: 41, message: { text: 'hi' } }),
    });
    expect(a.status).toBe(200);
    expect(updates).toEqual([{ update_id: 41, message: { text: 'hi' } }]);
    expect(a.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(a.headers.server).toBe('nginx');
  });

  it('sends the API the forwarded headers, with X-Forwarded-For replaced by the real client', async () => {
    const before = apiSeen().length;
    const a = await tls({ path: '/displays/schedule?proto=1&fw=1.0.0', headers: { authorization: 'Bearer rd_test', 'x-forwarded-for': '6.6.6.6' } });
    expect(a).toMatchObject({ status: 200, body: 'api' });
    const [seen] = apiSeen().slice(before);
    expect(seen).toMatchObject({ method: 'GET', url: '/displays/schedule?proto=1&fw=1.0.0' });
    expect(seen.headers).toMatchObject({
      host: HOST,
      authorization: 'Bearer rd_test',
      'x-forwarded-for': '127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': HOST,
      'x-forwarded-port': String(ports.https),
    });
  });

  it('routes /app/ to the API and everything else to the admin site', async () => {
    const routes: [string, string][] = [
      ['/app/seating?x=1', 'api'],
      ['/', 'admin'],
      ['/health', 'admin'],
      ['/auctions', 'admin'],
      ['/identity/telegram-bindings', 'admin'],
      ['/displays/schedule/extra', 'admin'],
      ['/displays', 'admin'],
    ];
    for (const [p, service] of routes) expect([p, (await tls({ path: p })).body]).toEqual([p, service]);
    // nginx's own rule for a proxied prefix location ending in "/": the bare prefix is redirected to it
    const bare = await tls({ path: '/app' });
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toMatch(new RegExp(`^https://${HOST.replace(/\./g, '\\.')}(:\\d+)?/app/$`));
    expect(apiSeen().map((s) => s.url)).not.toContain('/auctions');
    expect(apiSeen().map((s) => s.url)).toContain('/seating?x=1'); // the API under /app/, the prefix taken off
    expect(admin.seen.map((s) => s.url)).toEqual(expect.arrayContaining(['/auctions', '/displays/schedule/extra']));
  });

  it('refuses other methods on the webhook and the schedule, and oversized bodies, before any service sees them', async () => {
    const before = reached();
    expect((await tls({ path: '/telegram/webhook' })).status).toBe(403);
    expect((await tls({ method: 'POST', path: '/displays/schedule', body: 'x' })).status).toBe(403);
    expect((await tls({ method: 'DELETE', path: '/displays/schedule' })).status).toBe(403);
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const a = await tls({ method: 'POST', path: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': SECRET }, body: big });
    expect(a.status).toBe(413);
    expect(reached()).toEqual(before);
  });

  it("leaves the secret check to the bot: a wrong secret is the bot's 401", async () => {
    const a = await tls({ method: 'POST', path: '/telegram/webhook', headers: { 'x-telegram-bot-api-secret-token': 'wrong' }, body: '{"update_id":42}' });
    expect(a.status).toBe(401);
    expect(updates.map((u) => u.update_id)).not.toContain(42);
  });

  it('redirects plain http to https on the public name', async () => {
    const a = await request('http', ports.http, { path: '/auctions?x=1' });
    expect(a.status).toBe(301);
    expect(a.headers.location).toBe(`https://${HOST}/auctions?x=1`);
  });

  it('answers nothing for another host name, over http or TLS, or without a name', async () => {
    await expect(request('http', ports.http, { path: '/', host: 'evil.example.org' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    // the handshake itself is refused (not just a certificate the client dislikes: any certificate is accepted here)
    const refused = /unrecognized name/i;
    await expect(tls({ path: '/', host: 'evil.example.org', servername: 'evil.example.org', anyCertificate: true })).rejects.toThrow(refused);
    // no SNI at all (a client that dialled the address)
    await expect(tls({ path: '/', servername: '', anyCertificate: true })).rejects.toThrow(refused);
    // the same request with the public name is served
    expect((await tls({ path: '/', anyCertificate: true })).body).toBe('admin');
  });

  it('gives the bot and the admin site the API on the internal port: each lot on one replica, the rest spread', async () => {
    /** Which replica answered (index into apis), through the internal server the apps' API_URL names. */
    const replicaOf = async (p: string, method = 'POST') => {
      const before = apis.map((r) => r.seen.length);
      const a = await request('http', ports.internal, { method, path: p, host: 'proxy:3000', headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect([p, a.status, a.body]).toEqual([p, 200, 'api']);
      const hit = apis.findIndex((r, i) => r.seen.length > before[i]);
      expect(apis[hit].seen.at(-1)).toMatchObject({ method, url: p, headers: { 'x-forwarded-for': '127.0.0.1' } });
      return hit;
    };
    // a hot lot: its bids, its card and its other commands always reach the same replica
    const hot = await replicaOf('/auctions/lot-hot/bids');
    for (let i = 0; i < 10; i++) expect(await replicaOf('/auctions/lot-hot/bids')).toBe(hot);
    expect(await replicaOf('/auctions/lot-hot', 'GET')).toBe(hot);
    expect(await replicaOf('/auctions/lot-hot/buy-now')).toBe(hot);
    // many lots: spread over every replica, each stable
    const placement = new Map<string, number>();
    for (let i = 0; i < 60; i++) placement.set(`lot-${i}`, await replicaOf(`/auctions/lot-${i}/bids`));
    expect(new Set(placement.values())).toEqual(new Set([0, 1, 2]));
    for (const [lot, at] of placement) expect([lot, await replicaOf(`/auctions/${lot}`, 'GET')]).toEqual([lot, at]);
    // everything else is spread by the request id
    const others = new Set<number>();
    for (let i = 0; i < 30; i++) others.add(await replicaOf('/notifications/claim'));
    expect(others).toEqual(new Set([0, 1, 2]));

    // a replica lost: only its lots move (to the others); every other lot stays where it was
    const lost = placement.get('lot-0')!;
    await new Promise((resolve) => {
      apis[lost].server.close(resolve);
      apis[lost].server.closeAllConnections(); // nginx's idle keep-alive connections to it, too
    });
    for (const [lot, at] of placement) {
      const now = await replicaOf(`/auctions/${lot}`, 'GET'); // a GET is retried on the next replica by nginx
      if (at === lost) expect(now).not.toBe(lost);
      else expect([lot, now]).toEqual([lot, at]);
    }
  });
});
