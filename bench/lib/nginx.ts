import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * nginx in front of several API processes, balanced as the deployment balances them: the `map` and the
 * `upstream api` of deploy/nginx/default.conf.template (consistent hashing on the lot id), with the replicas'
 * addresses in place of the Docker name, and for comparison the same upstream without the hash (round robin).
 * Each balancing gets a port of its own. Needs Debian's nginx (`apt-get install nginx-light`).
 */
export interface Balancer {
  /** Port per balancing: 'consistent' (the deployment's) or 'round_robin'. */
  ports: Record<'consistent' | 'round_robin', number>;
  stop(): Promise<void>;
}

export function nginxAvailable(): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, 'nginx')));
}

export async function startBalancer(root: string, apiPorts: number[], ports: Balancer['ports']): Promise<Balancer> {
  const template = fs.readFileSync(path.join(root, 'deploy/nginx/default.conf.template'), 'utf8');
  const block = (re: RegExp) => {
    const m = re.exec(template);
    if (!m) throw new Error(`deploy/nginx/default.conf.template has no ${re}`);
    return m[0];
  };
  const map = block(/^map \$uri \$api_affinity \{[\s\S]*?^\}/m);
  const upstream = block(/^upstream api \{[\s\S]*?^\}/m);
  const servers = apiPorts.map((p) => `    server 127.0.0.1:${p};`).join('\n');
  if (!/^\s*server api:3000 resolve;$/m.test(upstream)) throw new Error('the upstream api no longer names its servers as "server api:3000 resolve;"');
  const consistent = upstream.replace(/^\s*server api:3000 resolve;$/m, servers);
  const roundRobin = consistent
    .replace('upstream api {', 'upstream api_round_robin {')
    .replace(/zone api /, 'zone api_round_robin ')
    .replace(/^\s*hash .*;$/m, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'megabot-bench-nginx-'));
  const site = (port: number, up: string) =>
    `server {\n  listen 127.0.0.1:${port};\n  location / {\n    proxy_pass http://${up};\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";\n    proxy_set_header X-Forwarded-For $remote_addr;\n  }\n}\n`;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log stderr error;\nevents { worker_connections 4096; }\n` +
      `http {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n${map}\n${consistent}\n${roundRobin}\n` +
      site(ports.consistent, 'api') +
      site(ports.round_robin, 'api_round_robin') +
      `}\n`,
  );
  const nginx: ChildProcess = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${ports.consistent}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 200 || nginx.exitCode !== null) throw new Error('nginx did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    ports,
    stop: async () => {
      if (nginx.exitCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
