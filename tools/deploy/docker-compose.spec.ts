import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_DOC, loadConfig } from '@megabot/config';

/**
 * The deployment files cannot be run here (no Docker engine), so their
 * structure is checked instead: docker-compose.yml, Dockerfile and
 * .dockerignore against each other and against the repository layout.
 *
 * Every check is a function that returns problems. The real files must give
 * none; the "catches" tests break a copy of the real files in one place each
 * and expect exactly that check to complain, so no check can pass vacuously.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

const INFRA = ['eventstore', 'postgres', 'qdrant', 'ollama'] as const;
const APPS = ['api', 'projector', 'bot', 'admin'] as const;
const ALL_SERVICES = [...INFRA, ...APPS];

/** Image per infrastructure service: pinned, never `latest`. */
const INFRA_IMAGES: Record<(typeof INFRA)[number], RegExp> = {
  eventstore: /^eventstore\/eventstore:\d+\.\d+/,
  postgres: /^postgres:16(\.|$|-)/,
  qdrant: /^qdrant\/qdrant:v?\d+\.\d+/,
  ollama: /^ollama\/ollama:\d+\.\d+/,
};

/** Where each infrastructure service keeps its data (must be on a volume). */
const DATA_DIRS: Record<(typeof INFRA)[number], string> = {
  eventstore: '/var/lib/eventstore',
  postgres: '/var/lib/postgresql/data',
  qdrant: '/qdrant/storage',
  ollama: '/root/.ollama',
};

/** Services each app must wait for. */
const REQUIRED_DEPENDENCIES: Record<(typeof APPS)[number], string[]> = {
  api: ['postgres', 'eventstore'],
  projector: ['postgres', 'eventstore'],
  bot: ['api'],
  admin: ['api'],
};

/** Environment each app must get (value checks are in envProblems). */
const REQUIRED_ENV: Record<(typeof APPS)[number], string[]> = {
  api: ['DATABASE_URL', 'EVENTSTORE_URL', 'QDRANT_URL', 'OLLAMA_URL', 'API_HOST', 'API_PORT'],
  projector: ['DATABASE_URL', 'EVENTSTORE_URL'],
  bot: ['TELEGRAM_BOT_TOKEN', 'BOT_MODE', 'BOT_WEBHOOK_URL', 'BOT_WEBHOOK_SECRET', 'BOT_PORT', 'API_URL'],
  admin: ['API_URL'],
};

/** Values for the variables docker-compose.yml requires from the deployer. */
const SAMPLE_ENV: Record<string, string> = {
  TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  POSTGRES_PASSWORD: 'sample-password',
  BOT_WEBHOOK_URL: 'https://bot.example.com/telegram',
  BOT_WEBHOOK_SECRET: 'sample_secret',
  SMTP_URL: 'smtp://mail.example.com:587',
  IDENTITY_EMAIL_DOMAINS: 'example.com',
  IDENTITY_CODE_SECRET: 'a-sample-secret-of-32-characters',
};

// ----------------------------------------------------------------- helpers

type Dict = Record<string, any>;

/** Compose variable interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_m, name: string, colon: string, op: string, arg: string) => {
      const v = env[name];
      const unset = colon ? !v : v === undefined;
      if (op === '-') return unset ? arg : (v as string);
      if (op === '?') {
        if (unset) throw new Error(`required variable ${name} is missing: ${arg}`);
        return v as string;
      }
      return v ?? '';
    })
    .replace(/\$\$/g, '$');
}

/** `environment` as a map, whichever of the two compose forms is used. */
function envOf(service: Dict): Record<string, string> {
  const e = service?.environment;
  if (!e) return {};
  if (Array.isArray(e)) {
    return Object.fromEntries(e.map((kv: string) => [kv.split('=')[0], kv.includes('=') ? kv.slice(kv.indexOf('=') + 1) : '']));
  }
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** `depends_on` as name -> condition, whichever of the two compose forms is used. */
function dependsOn(service: Dict): Record<string, string> {
  const d = service?.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n: string) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, (v as Dict)?.condition ?? 'service_started']));
}

function hasHealthcheck(service: Dict): boolean {
  const h = service?.healthcheck;
  if (!h || h.disable === true) return false;
  return !(Array.isArray(h.test) && h.test[0] === 'NONE');
}

/** The command a healthcheck runs, as one string (empty when there is none). */
function healthcheckCommand(h: Dict): string {
  if (typeof h?.test === 'string') return h.test.trim();
  if (Array.isArray(h?.test) && (h.test[0] === 'CMD' || h.test[0] === 'CMD-SHELL')) return h.test.slice(1).join(' ').trim();
  return '';
}

const DURATION = /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/;
const RESTART = /^(always|unless-stopped|on-failure(:\d+)?)$/;

/** Cycles in the depends_on graph, each as a path a -> b -> a. */
function findCycles(services: Dict): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(name)), name]);
      return;
    }
    state.set(name, 'visiting');
    for (const next of Object.keys(dependsOn(services[name]))) if (next in services) visit(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);
  return cycles;
}

/** Named volumes referenced by a service (bind mounts start with . / ~ or $). */
function namedVolumes(service: Dict): { name: string; target: string }[] {
  return (service?.volumes ?? []).flatMap((v: string | Dict) => {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      return target !== undefined && !/^[./~$]/.test(source) ? [{ name: source, target }] : [];
    }
    return v.type === 'volume' && v.source ? [{ name: v.source, target: v.target }] : [];
  });
}

// ------------------------------------------------------- compose checks

function serviceProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const name of ALL_SERVICES) if (!(name in services)) p.push(`service ${name} is missing`);
  for (const name of INFRA) {
    const s = services[name];
    if (!s) continue;
    if (typeof s.image !== 'string' || !INFRA_IMAGES[name].test(s.image)) p.push(`${name}: image "${s.image}" does not match ${INFRA_IMAGES[name]}`);
    if (typeof s.image === 'string' && /:latest$|^[^:]+$/.test(s.image)) p.push(`${name}: image "${s.image}" is not pinned`);
    if (s.build) p.push(`${name}: infrastructure is pulled, not built`);
  }
  for (const [name, s] of Object.entries(services)) {
    if (!RESTART.test(String(s?.restart ?? ''))) p.push(`${name}: restart policy "${s?.restart}" is not always/unless-stopped/on-failure`);
  }
  return p;
}

function buildProblems(c: Dict, root: string): string[] {
  const p: string[] = [];
  for (const name of APPS) {
    const s = c?.services?.[name];
    if (!s) continue;
    const b = typeof s.build === 'string' ? { context: s.build } : s.build;
    if (!b) {
      p.push(`${name}: has no build section`);
      continue;
    }
    const context = path.resolve(root, b.context ?? '.');
    if (context !== root) p.push(`${name}: build context ${b.context} is not the repository root`);
    const dockerfile = b.dockerfile ?? 'Dockerfile';
    if (dockerfile !== 'Dockerfile') p.push(`${name}: builds from ${dockerfile}, not the shared Dockerfile`);
    if (!fs.existsSync(path.join(context, dockerfile))) p.push(`${name}: ${path.join(b.context ?? '.', dockerfile)} does not exist`);

    const cmd: unknown = s.command;
    if (!Array.isArray(cmd) || cmd[0] !== 'node' || typeof cmd[1] !== 'string') {
      p.push(`${name}: command must be the exec form ["node", "dist/apps/${name}/src/main.js"], got ${JSON.stringify(cmd)}`);
      continue;
    }
    const entry = cmd[1];
    if (entry !== `dist/apps/${name}/src/main.js`) p.push(`${name}: runs ${entry} instead of dist/apps/${name}/src/main.js`);
    // dist/<x>.js is compiled from <x>.ts (npm run build: swc … -d dist)
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    const appExists = fs.existsSync(path.join(root, 'apps', name));
    if (appExists && !fs.existsSync(path.join(root, source))) p.push(`${name}: entry ${entry} has no source ${source}`);
  }
  return p;
}

function dependencyProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const [name, s] of Object.entries(services)) {
    for (const [target, condition] of Object.entries(dependsOn(s))) {
      if (target === name) p.push(`${name}: depends on itself`);
      if (!(target in services)) p.push(`${name}: depends on unknown service ${target}`);
      else if (hasHealthcheck(services[target]) && condition !== 'service_healthy') {
        p.push(`${name}: waits for ${target} with ${condition}, but ${target} has a healthcheck: use service_healthy`);
      } else if (!hasHealthcheck(services[target]) && condition === 'service_healthy') {
        p.push(`${name}: waits for ${target} to be healthy, but ${target} has no healthcheck`);
      }
    }
  }
  for (const app of APPS) {
    if (!services[app]) continue;
    const deps = dependsOn(services[app]);
    for (const needed of REQUIRED_DEPENDENCIES[app]) if (!(needed in deps)) p.push(`${app}: does not wait for ${needed}`);
  }
  for (const cycle of findCycles(services)) p.push(`dependency cycle: ${cycle.join(' -> ')}`);
  return p;
}

function envProblems(c: Dict, sample: Record<string, string>): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const env = (name: string) => {
    const raw = envOf(services[name]);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      try {
        out[k] = interpolate(v, sample);
      } catch (e) {
        p.push(`${name}.${k}: ${(e as Error).message}`);
      }
    }
    return { raw, out };
  };
  const url = (service: string, key: string, value: string | undefined, protocol: string, host: string, port: string) => {
    if (value === undefined) return;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      p.push(`${service}.${key}: "${value}" is not a URL`);
      return;
    }
    if (u.protocol !== protocol || u.hostname !== host || u.port !== port) {
      p.push(`${service}.${key}: "${value}" should be ${protocol}//${host}:${port}`);
    }
    if (!(u.hostname in services)) p.push(`${service}.${key}: host ${u.hostname} is not a service`);
    return u;
  };

  for (const name of APPS) {
    if (!services[name]) continue;
    const { raw, out } = env(name);
    for (const key of REQUIRED_ENV[name]) if (!(key in raw) || raw[key] === '') p.push(`${name}: environment ${key} is missing`);
    for (const [k, v] of Object.entries(services[name].environment ?? {})) {
      if (!Array.isArray(services[name].environment) && typeof v !== 'string') p.push(`${name}.${k}: value ${JSON.stringify(v)} must be a quoted string`);
    }
    url(name, 'QDRANT_URL', out.QDRANT_URL, 'http:', 'qdrant', '6333');
    url(name, 'OLLAMA_URL', out.OLLAMA_URL, 'http:', 'ollama', '11434');
    const db = url(name, 'DATABASE_URL', out.DATABASE_URL, 'postgres:', 'postgres', '5432');
    if (db && db.pathname !== '/megabot') p.push(`${name}.DATABASE_URL: database should be /megabot, got ${db.pathname}`);
    const es = url(name, 'EVENTSTORE_URL', out.EVENTSTORE_URL, 'esdb:', 'eventstore', '2113');
    if (es && es.searchParams.get('tls') !== 'false') p.push(`${name}.EVENTSTORE_URL: the insecure single node needs ?tls=false`);
    if (out.API_URL !== undefined) {
      const apiPort = envOf(services.api).API_PORT ?? '3000';
      url(name, 'API_URL', out.API_URL, 'http:', 'api', apiPort);
    }
  }

  // api and projector read their settings through loadConfig: the wired values must pass it
  // every variable libs/config documents (its README table), so a new setting needs no second list here
  const known = new Set(CONFIG_DOC.flatMap((c) => c.name.split(' / ')));
  for (const name of ['api', 'projector'] as const) {
    if (!services[name]) continue;
    const { raw, out } = env(name);
    for (const k of Object.keys(raw)) if (!known.has(k)) p.push(`${name}: ${k} is not read by libs/config`);
    try {
      const config = loadConfig(out);
      if (!config.databaseUrl) p.push(`${name}: would start an embedded PostgreSQL (no DATABASE_URL)`);
      if (!config.eventStoreUrl) p.push(`${name}: would use the Postgres event store (no EVENTSTORE_URL)`);
    } catch (e) {
      p.push(`${name}: loadConfig rejects the environment: ${(e as Error).message}`);
    }
  }
  const api: Record<string, string> = services.api ? env('api').out : {};
  if (services.api && api.API_HOST !== '0.0.0.0') p.push(`api: API_HOST must be 0.0.0.0 to be reachable from other containers, got "${api.API_HOST}"`);

  if (services.bot) {
    const { raw, out } = env('bot');
    if (out.BOT_MODE !== 'webhook') p.push(`bot: BOT_MODE should be webhook, got "${out.BOT_MODE}"`);
    if (raw.TELEGRAM_BOT_TOKEN !== undefined && !/^\$\{TELEGRAM_BOT_TOKEN:\?[^}]+\}$/.test(raw.TELEGRAM_BOT_TOKEN)) {
      p.push('bot: TELEGRAM_BOT_TOKEN must come from the deployer as ${TELEGRAM_BOT_TOKEN:?message}, never a literal');
    }
  }
  if (services.postgres) {
    const pw = envOf(services.postgres).POSTGRES_PASSWORD;
    if (!pw || !/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/.test(pw))
      p.push('postgres: POSTGRES_PASSWORD must be required from the deployer (${POSTGRES_PASSWORD:?…})');
    const e = envOf(services.postgres);
    if (e.POSTGRES_DB !== 'megabot' || e.POSTGRES_USER !== 'megabot')
      p.push('postgres: POSTGRES_DB and POSTGRES_USER must be megabot (the apps connect as megabot@…/megabot)');
  }
  return p;
}

function healthcheckProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const name of [...INFRA, 'api']) {
    if (services[name] && !hasHealthcheck(services[name])) p.push(`${name}: has no healthcheck`);
  }
  for (const [name, s] of Object.entries(services)) {
    const h = s?.healthcheck;
    if (!h || h.disable === true) continue;
    if (!healthcheckCommand(h)) p.push(`${name}: healthcheck has no test command (${JSON.stringify(h.test)})`);
    for (const k of ['interval', 'timeout', 'start_period']) {
      if (h[k] !== undefined && !DURATION.test(String(h[k]))) p.push(`${name}: healthcheck ${k} "${h[k]}" is not a duration`);
    }
    if (h.retries !== undefined && !(Number.isInteger(h.retries) && h.retries > 0))
      p.push(`${name}: healthcheck retries "${h.retries}" is not a positive integer`);
    // our runtime image is node:20-bookworm-slim: no curl, no wget
    if (s.build && /\b(curl|wget)\b/.test(healthcheckCommand(h))) p.push(`${name}: the slim node image has no curl/wget; probe with node -e fetch`);
  }
  const api = services.api?.healthcheck;
  if (api) {
    const cmd = healthcheckCommand(api);
    const port = envOf(services.api).API_PORT ?? '3000';
    if (!cmd.includes(`:${port}/health`)) p.push(`api: healthcheck does not GET :${port}/health`);
    if (!/^node\b/.test(cmd) || !cmd.includes('fetch(')) p.push('api: healthcheck should be node -e "fetch(…)"');
    if (!/process\.exit\(/.test(cmd)) p.push('api: healthcheck must exit non-zero on failure');
  }
  const es = services.eventstore?.healthcheck;
  if (es && !healthcheckCommand(es).includes(':2113/health/live')) p.push('eventstore: healthcheck should probe :2113/health/live');
  const pg = services.postgres?.healthcheck;
  if (pg && !healthcheckCommand(pg).includes('pg_isready')) p.push('postgres: healthcheck should run pg_isready');
  return p;
}

function portProblems(c: Dict, sample: Record<string, string>): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const valid = (n: string) => /^\d+$/.test(n) && Number(n) >= 1 && Number(n) <= 65535;
  for (const [name, s] of Object.entries(services)) {
    for (const port of s?.ports ?? []) {
      if (typeof port === 'object' && port !== null) {
        if (!valid(String(port.target)) || (port.published !== undefined && !valid(interpolate(String(port.published), sample))))
          p.push(`${name}: port ${JSON.stringify(port)} is invalid`);
        continue;
      }
      if (typeof port !== 'string') {
        p.push(`${name}: port ${JSON.stringify(port)} must be a quoted string (YAML reads 22:22 as a number)`);
        continue;
      }
      const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(interpolate(port, sample));
      if (!m || (m[2] !== undefined && !valid(m[2])) || !valid(m[3])) p.push(`${name}: port "${port}" is not [ip:][host:]container[/proto]`);
    }
  }
  const api = services.api;
  if (api) {
    const apiPort = envOf(api).API_PORT ?? '3000';
    const targets = (api.ports ?? []).map((x: string | Dict) =>
      typeof x === 'string' ? interpolate(x, sample).split('/')[0].split(':').pop() : String(x.target),
    );
    if (!targets.includes(apiPort)) p.push(`api: no published port reaches the container port ${apiPort} the API listens on`);
  }
  return p;
}

function volumeProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const declared = Object.keys(c?.volumes ?? {});
  for (const [name, s] of Object.entries(services)) {
    for (const v of namedVolumes(s)) if (!declared.includes(v.name)) p.push(`${name}: volume ${v.name} is not declared under top-level volumes`);
  }
  for (const name of INFRA) {
    if (!services[name]) continue;
    if (!namedVolumes(services[name]).some((v) => v.target === DATA_DIRS[name]))
      p.push(`${name}: ${DATA_DIRS[name]} is not on a named volume (data would die with the container)`);
  }
  return p;
}

// ------------------------------------------------- Dockerfile checks

interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

/** Stages of a Dockerfile, with continuation lines joined and comments dropped. */
function stagesOf(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2], lines: [] });
    else if (stages.length) stages[stages.length - 1].lines.push(line);
  }
  return stages;
}

/** A .dockerignore matcher good enough for the patterns used here (*, ?, **, leading !). */
function dockerignored(patterns: string[], file: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const segments = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '').split('/');
    const body = segments
      .map((seg, i) => {
        if (seg === '**') return '(?:[^/]+/)*';
        const re = seg
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]');
        return i < segments.length - 1 ? `${re}/` : re;
      })
      .join('');
    if (new RegExp(`^${body}(?:/.*)?$`).test(file)) ignored = !negate;
  }
  return ignored;
}

function dockerfileProblems(dockerfile: string, dockerignore: string, root: string): string[] {
  const p: string[] = [];
  const stages = stagesOf(dockerfile);
  const ignore = dockerignore
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  if (stages.length < 2) p.push(`Dockerfile: needs a builder and a runtime stage, found ${stages.length} stage(s)`);
  for (const s of stages)
    if (s.from !== 'node:20-bookworm-slim' && !stages.some((o) => o.name === s.from))
      p.push(`Dockerfile: stage ${s.name ?? '?'} is FROM ${s.from}, not node:20-bookworm-slim`);
  const builder = stages.find((s) => s.name === 'builder');
  const runtime = stages[stages.length - 1];
  if (!builder) p.push('Dockerfile: no stage named builder');
  if (builder && builder === runtime) p.push('Dockerfile: the builder is the final stage');

  const has = (s: Stage | undefined, re: RegExp) => !!s?.lines.some((l) => re.test(l));
  if (builder) {
    if (!has(builder, /^RUN\s+.*\bnpm ci\b(?!.*--omit=dev)/)) p.push('Dockerfile: builder does not run npm ci (with devDependencies, needed by swc)');
    if (!has(builder, /^RUN\s+.*\bnpm run build\b/)) p.push('Dockerfile: builder does not run npm run build');
    if (!pkg.scripts?.build) p.push('package.json: no build script for npm run build');
    const ci = builder.lines.findIndex((l) => /\bnpm ci\b/.test(l));
    const lock = builder.lines.findIndex((l) => /^COPY\b.*\bpackage-lock\.json\b/.test(l));
    if (lock < 0 || (ci >= 0 && lock > ci)) p.push('Dockerfile: builder must COPY package-lock.json before npm ci');
  }
  if (runtime && runtime !== builder) {
    if (!has(runtime, /^RUN\s+.*\bnpm ci\b.*(--omit=dev|--production|--only=prod)/))
      p.push('Dockerfile: runtime stage must install production dependencies only (npm ci --omit=dev)');
    if (!has(runtime, /^COPY\s+--from=builder\b/)) p.push('Dockerfile: runtime stage copies nothing from the builder');
    if (!has(runtime, /^USER\s+(?!root\b|0\b)\S+/)) p.push('Dockerfile: runtime stage runs as root');
    const cmd = runtime.lines.filter((l) => /^CMD\b/.test(l)).pop();
    let argv: unknown;
    try {
      argv = cmd ? JSON.parse(cmd.replace(/^CMD\s+/, '')) : undefined;
    } catch {
      argv = undefined;
    }
    if (!Array.isArray(argv) || argv[0] !== 'node' || !/^dist\/.+\.js$/.test(String(argv[1]))) {
      p.push(`Dockerfile: CMD must be the exec form ["node", "dist/….js"], got ${cmd ?? 'none'}`);
    } else {
      const source = String(argv[1])
        .replace(/^dist\//, '')
        .replace(/\.js$/, '.ts');
      if (!fs.existsSync(path.join(root, source))) p.push(`Dockerfile: CMD runs ${argv[1]} but ${source} does not exist`);
    }
  }
  if (!/-d\s+dist\b/.test(pkg.scripts?.build ?? '')) p.push('package.json: the build script does not write to dist/ (the path CMD and docker-compose.yml run)');

  // COPY sources from the build context must exist and survive .dockerignore
  const names = new Set(stages.map((s) => s.name).filter(Boolean));
  for (const s of stages) {
    for (const line of s.lines.filter((l) => /^(COPY|ADD)\b/.test(l))) {
      const args = line.split(/\s+/).slice(1);
      const from = args.find((a) => a.startsWith('--from='))?.slice('--from='.length);
      const files = args.filter((a) => !a.startsWith('--')).slice(0, -1);
      if (from) {
        if (!names.has(from)) p.push(`Dockerfile: ${line} copies from unknown stage ${from}`);
        continue;
      }
      for (const f of files) {
        const rel = f.replace(/^\.\/?/, '').replace(/\/$/, '');
        if (rel === '') continue;
        if (!fs.existsSync(path.join(root, rel))) p.push(`Dockerfile: ${line}: ${f} does not exist in the repository`);
        else if (dockerignored(ignore, rel)) p.push(`Dockerfile: ${line}: ${f} is excluded by .dockerignore`);
      }
    }
  }
  // what the build needs must be in the context; what would bloat or leak it must not
  for (const f of ['package.json', 'package-lock.json', '.swcrc', 'tsconfig.json', 'apps/api/src/main.ts', 'libs/domain/src/index.ts', 'tools/start/main.ts']) {
    if (dockerignored(ignore, f)) p.push(`.dockerignore: excludes ${f}, which the build needs`);
  }
  for (const f of ['node_modules', 'libs/domain/node_modules', 'dist', '.data', '.git', '.env', 'firmware']) {
    if (!dockerignored(ignore, f)) p.push(`.dockerignore: does not exclude ${f}`);
  }
  return p;
}

// ------------------------------------------------------------------- tests

const compose: Dict = parse(read('docker-compose.yml'));
const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore');
const copy = (): Dict => structuredClone(compose);

describe('docker-compose.yml', () => {
  it('parses to services and volumes', () => {
    expect(compose).toEqual(expect.objectContaining({ services: expect.any(Object), volumes: expect.any(Object) }));
  });
  it('has the 8 services, pinned infrastructure images and restart policies', () => expect(serviceProblems(compose)).toEqual([]));
  it('builds every app from the Dockerfile and runs its own entry', () => expect(buildProblems(compose, ROOT)).toEqual([]));
  it('has sound depends_on: known targets, service_healthy where checked, no self-edges, no cycles', () => expect(dependencyProblems(compose)).toEqual([]));
  it('wires every app to the services', () => expect(envProblems(compose, SAMPLE_ENV)).toEqual([]));
  it('has working healthchecks', () => expect(healthcheckProblems(compose)).toEqual([]));
  it('publishes valid ports', () => expect(portProblems(compose, SAMPLE_ENV)).toEqual([]));
  it('keeps infrastructure data on declared named volumes', () => expect(volumeProblems(compose)).toEqual([]));
  it('requires TELEGRAM_BOT_TOKEN and POSTGRES_PASSWORD from the deployer', () => {
    expect(() => interpolate(envOf(compose.services.bot).TELEGRAM_BOT_TOKEN, {})).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => interpolate(envOf(compose.services.bot).BOT_WEBHOOK_SECRET, {})).toThrow(/BOT_WEBHOOK_SECRET/);
    expect(() => interpolate(envOf(compose.services.api).DATABASE_URL, {})).toThrow(/POSTGRES_PASSWORD/);
  });
});

describe('Dockerfile and .dockerignore', () => {
  it('are consistent with the repository', () => expect(dockerfileProblems(dockerfile, dockerignore, ROOT)).toEqual([]));
});

/** Each check must be able to fail: break one thing, expect that complaint. */
describe('the checks catch', () => {
  const expectProblem = (problems: string[], re: RegExp) => expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(re)]));

  it('a missing service', () => {
    const c = copy();
    delete c.services.qdrant;
    expectProblem(serviceProblems(c), /service qdrant is missing/);
  });
  it('a wrong or unpinned infrastructure image', () => {
    const c = copy();
    c.services.postgres.image = 'postgres:15';
    c.services.ollama.image = 'ollama/ollama:latest';
    expectProblem(serviceProblems(c), /postgres: image "postgres:15"/);
    expectProblem(serviceProblems(c), /ollama: image "ollama\/ollama:latest" is not pinned/);
  });
  it('a missing restart policy', () => {
    const c = copy();
    delete c.services.projector.restart;
    expectProblem(serviceProblems(c), /projector: restart policy/);
  });
  it('an app not built from the Dockerfile', () => {
    const c = copy();
    c.services.bot.build = { context: '.', dockerfile: 'Dockerfile.bot' };
    delete c.services.admin.build;
    c.services.api.build = { context: './apps/api' };
    const p = buildProblems(c, ROOT);
    expectProblem(p, /bot: builds from Dockerfile\.bot/);
    expectProblem(p, /bot: .*Dockerfile\.bot does not exist/);
    expectProblem(p, /admin: has no build section/);
    expectProblem(p, /api: build context \.\/apps\/api is not the repository root/);
  });
  it('a command that runs the wrong or a missing entry', () => {
    const c = copy();
    c.services.projector.command = ['node', 'dist/apps/api/src/main.js'];
    c.services.api.command = ['node', 'dist/apps/api/src/mian.js'];
    c.services.bot.command = 'node dist/apps/bot/src/main.js';
    const p = buildProblems(c, ROOT);
    expectProblem(p, /projector: runs dist\/apps\/api\/src\/main\.js/);
    expectProblem(p, /api: entry dist\/apps\/api\/src\/mian\.js has no source/);
    expectProblem(p, /bot: command must be the exec form/);
  });
  it('depends_on an unknown service, itself, or without service_healthy', () => {
    const c = copy();
    c.services.api.depends_on.postgress = { condition: 'service_healthy' };
    c.services.projector.depends_on.projector = { condition: 'service_started' };
    c.services.projector.depends_on.eventstore = { condition: 'service_started' };
    c.services.admin.depends_on = ['api'];
    const p = dependencyProblems(c);
    expectProblem(p, /api: depends on unknown service postgress/);
    expectProblem(p, /projector: depends on itself/);
    expectProblem(p, /projector: waits for eventstore with service_started/);
    expectProblem(p, /admin: waits for api with service_started/);
  });
  it('service_healthy on a service without healthcheck, and a missing required dependency', () => {
    const c = copy();
    c.services.admin.depends_on = { projector: { condition: 'service_healthy' } };
    const p = dependencyProblems(c);
    expectProblem(p, /admin: waits for projector to be healthy, but projector has no healthcheck/);
    expectProblem(p, /admin: does not wait for api/);
  });
  it('a dependency cycle', () => {
    const c = copy();
    c.services.postgres.depends_on = { bot: { condition: 'service_started' } };
    expectProblem(dependencyProblems(c), /dependency cycle: (.+ -> )+.+/);
    expect(findCycles(c.services)).toEqual([expect.arrayContaining(['postgres', 'api', 'bot'])]);
  });
  it('missing or mis-wired environment', () => {
    const c = copy();
    delete c.services.projector.environment.EVENTSTORE_URL;
    delete c.services.bot.environment.API_URL;
    c.services.api.environment.DATABASE_URL = 'postgres://megabot:x@localhost:5432/megabot';
    c.services.api.environment.EVENTSTORE_URL = 'esdb://eventstore:2113';
    c.services.admin.environment.API_URL = 'http://api:8080';
    c.services.api.environment.QDRANT_URL = 'http://qdrant:6334';
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /projector: environment EVENTSTORE_URL is missing/);
    expectProblem(p, /projector: would use the Postgres event store/);
    expectProblem(p, /bot: environment API_URL is missing/);
    expectProblem(p, /api\.DATABASE_URL: .* should be postgres:\/\/postgres:5432/);
    expectProblem(p, /api\.DATABASE_URL: host localhost is not a service/);
    expectProblem(p, /api\.EVENTSTORE_URL: .*tls=false/);
    expectProblem(p, /admin\.API_URL: .* should be http:\/\/api:3000/);
    expectProblem(p, /api\.QDRANT_URL: .* should be http:\/\/qdrant:6333/);
  });
  it('environment libs/config rejects or does not read', () => {
    const c = copy();
    c.services.api.environment.DB_POOL_SIZE = '0';
    c.services.projector.environment.DATABASE_URI = 'postgres://x@postgres:5432/megabot';
    c.services.api.environment.API_HOST = '127.0.0.1';
    c.services.api.environment.API_PORT = 3000;
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /api: loadConfig rejects the environment: [\s\S]*DB_POOL_SIZE/);
    expectProblem(p, /projector: DATABASE_URI is not read by libs\/config/);
    expectProblem(p, /api: API_HOST must be 0\.0\.0\.0/);
    expectProblem(p, /api\.API_PORT: value 3000 must be a quoted string/);
  });
  it('a hard-coded bot token or database password, and a non-webhook bot', () => {
    const c = copy();
    c.services.bot.environment.TELEGRAM_BOT_TOKEN = SAMPLE_ENV.TELEGRAM_BOT_TOKEN;
    c.services.bot.environment.BOT_MODE = 'polling';
    c.services.postgres.environment.POSTGRES_PASSWORD = 'postgres';
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /bot: TELEGRAM_BOT_TOKEN must come from the deployer/);
    expectProblem(p, /bot: BOT_MODE should be webhook/);
    expectProblem(p, /postgres: POSTGRES_PASSWORD must be required/);
  });
  it('healthchecks that are missing, empty or cannot work', () => {
    const c = copy();
    delete c.services.qdrant.healthcheck;
    c.services.ollama.healthcheck.test = ['CMD'];
    c.services.eventstore.healthcheck.interval = 'often';
    c.services.postgres.healthcheck.retries = 0;
    c.services.api.healthcheck.test = ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'];
    const p = healthcheckProblems(c);
    expectProblem(p, /qdrant: has no healthcheck/);
    expectProblem(p, /ollama: healthcheck has no test command/);
    expectProblem(p, /eventstore: healthcheck interval "often"/);
    expectProblem(p, /postgres: healthcheck retries "0"/);
    expectProblem(p, /api: the slim node image has no curl\/wget/);
    expectProblem(p, /api: healthcheck should be node -e/);
  });
  it('an api healthcheck on the wrong path or port', () => {
    const c = copy();
    c.services.api.healthcheck.test = ['CMD', 'node', '-e', "fetch('http://127.0.0.1:3001/healthz').then((r) => process.exit(r.ok ? 0 : 1))"];
    expectProblem(healthcheckProblems(c), /api: healthcheck does not GET :3000\/health/);
  });
  it('ports that are numbers, malformed, or do not reach the API', () => {
    const c = copy();
    c.services.admin.ports = [8080, '70000:80', 'abc'];
    c.services.api.ports = ['3000:3001'];
    const p = portProblems(c, SAMPLE_ENV);
    expectProblem(p, /admin: port 8080 must be a quoted string/);
    expectProblem(p, /admin: port "70000:80" is not/);
    expectProblem(p, /admin: port "abc" is not/);
    expectProblem(p, /api: no published port reaches the container port 3000/);
  });
  it('undeclared volumes and infrastructure data off a volume', () => {
    const c = copy();
    c.services.qdrant.volumes = ['qdrant-storage:/qdrant/storage'];
    c.services.postgres.volumes = ['./pgdata:/var/lib/postgresql/data'];
    const p = volumeProblems(c);
    expectProblem(p, /qdrant: volume qdrant-storage is not declared/);
    expectProblem(p, /postgres: \/var\/lib\/postgresql\/data is not on a named volume/);
  });
  it('a single-stage Dockerfile on another base', () => {
    const p = dockerfileProblems('FROM node:22\nCOPY . .\nRUN npm install\nCMD ["node", "dist/apps/api/src/main.js"]\n', dockerignore, ROOT);
    expectProblem(p, /needs a builder and a runtime stage/);
    expectProblem(p, /FROM node:22, not node:20-bookworm-slim/);
    expectProblem(p, /no stage named builder/);
  });
  it('a builder without npm ci, the lock file or npm run build', () => {
    const broken = dockerfile
      .replace('COPY package.json package-lock.json ./\nRUN npm ci\n', 'COPY package.json ./\nRUN npm install\n')
      .replace('RUN npm run build', 'RUN npx tsc');
    expect(broken).not.toEqual(dockerfile);
    const p = dockerfileProblems(broken, dockerignore, ROOT);
    expectProblem(p, /builder does not run npm ci/);
    expectProblem(p, /builder must COPY package-lock\.json before npm ci/);
    expectProblem(p, /builder does not run npm run build/);
  });
  it('a runtime stage with devDependencies, as root, or with a CMD that has no source', () => {
    const broken = dockerfile
      .replace(/RUN npm ci --omit=dev/, 'RUN npm ci')
      .replace(/\nUSER node\n/, '\n')
      .replace('CMD ["node", "dist/apps/api/src/main.js"]', 'CMD ["node", "dist/apps/nope/src/main.js"]');
    expect(broken).not.toEqual(dockerfile);
    const p = dockerfileProblems(broken, dockerignore, ROOT);
    expectProblem(p, /runtime stage must install production dependencies only/);
    expectProblem(p, /runtime stage runs as root/);
    expectProblem(p, /CMD runs dist\/apps\/nope\/src\/main\.js but apps\/nope\/src\/main\.ts does not exist/);
  });
  it('COPY of a missing file, from an unknown stage, or of an ignored file', () => {
    const broken = dockerfile
      .replace('COPY package.json package-lock.json ./', 'COPY package.json yarn.lock ./')
      .replace('COPY --from=builder', 'COPY --from=build');
    const p = dockerfileProblems(broken, dockerignore + '\n.swcrc\npackage-lock.json\n', ROOT);
    expectProblem(p, /yarn\.lock does not exist in the repository/);
    expectProblem(p, /copies from unknown stage build/);
    expectProblem(p, /package-lock\.json is excluded by \.dockerignore/);
    expectProblem(p, /\.dockerignore: excludes \.swcrc/);
  });
  it('a .dockerignore that lets node_modules, dist or secrets in', () => {
    const p = dockerfileProblems(
      dockerfile,
      dockerignore
        .replace(/^\*\*\/node_modules$/m, '')
        .replace(/^\.env$/m, '')
        .replace(/^dist$/m, ''),
      ROOT,
    );
    expectProblem(p, /does not exclude node_modules/);
    expectProblem(p, /does not exclude libs\/domain\/node_modules/);
    expectProblem(p, /does not exclude dist/);
    expectProblem(p, /does not exclude \.env/);
  });
});
