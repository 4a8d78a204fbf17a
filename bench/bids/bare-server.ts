import * as http from 'node:http';

/** Baseline (a): node:http that parses the JSON body and answers — the ceiling of Node's HTTP here. */
export function startBareServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let amount: unknown;
      try {
        amount = JSON.parse(Buffer.concat(chunks).toString()).amount;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const body = JSON.stringify({ revision: Number.isInteger(amount) ? 1 : 0, position: '0-0', duplicate: false });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (require.main === module) {
  void startBareServer(Number(process.argv[2])).then(() => process.send?.({ type: 'ready' }));
  process.on('SIGTERM', () => process.exit(0));
}
