import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { parse } from 'yaml';
import { CONFIG_DOC, loadConfig } from '@megabot/config';
import { SERVER_NODE_FLAGS } from '@megabot/platform';
import { all, allOf, effective, first, isLoopback, listenOf, parseNginx, proxyTarget, renderTemplate, sizeBytes, timeMs, type Directive } from './nginx-conf';
import { monitoringMetricNames, readMonitoringFiles, type MonitoringFiles } from './monitoring-files';

/**
 * The deployment files cannot be run here (no Docker engine), so their
 * structure is checked instead: docker-compose.yml, the proxy's nginx
 * template, Dockerfile and .dockerignore against each other and against the
 * repository layout. (proxy.e2e-spec.ts runs the nginx template in a real
 * nginx, eventstore-certs.e2e-spec.ts the certificate script.)
 *
 * Every check is a function that returns problems. The real files must give
 * none; the "catches" tests break a copy of the real files in one place each
 * and expect exactly that check to complain, so no check can pass vacuously.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

const INFRA = ['eventstore', 'postgres', 'qdrant', 'ollama'] as const;
const APPS = ['api', 'projector', 'bot', 'admin'] as const;
/** The reverse proxy: the only service with published ports. */
const PROXY = 'proxy';
/** Makes EventStoreDB's CA and node certificate, then exits. */
const CERTS = 'eventstore-certs';
const ONE_SHOTS = [CERTS];
const ALL_SERVICES = [...INFRA, ...APPS, PROXY, CERTS];

/** Image per pulled service: pinned, never `latest`. */
const IMAGES: Record<string, RegExp> = {
  eventstore: /^eventstore\/eventstore:\d+\.\d+/,
  postgres: /^postgres:16(\.|$|-)/,
  qdrant: /^qdrant\/qdrant:v?\d+\.\d+/,
  ollama: /^ollama\/ollama:\d+\.\d+/,
  [PROXY]: /^nginx:\d+\.\d+(\.\d+)?(-alpine)?$/,
  [CERTS]: /^eventstore\/es-gencert-cli:\d+\.\d+\.\d+$/,
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

/** Environment each app must get (value checks are in envProblems and secretProblems). */
const REQUIRED_ENV: Record<(typeof APPS)[number], string[]> = {
  api: [
    'DATABASE_URL',
    'EVENTSTORE_URL',
    'QDRANT_URL',
    'OLLAMA_URL',
    'API_HOST',
    'API_PORT',
    'TELEGRAM_BOT_TOKEN',
    'BOT_API_TOKEN',
    'SESSION_SECRET',
    'AUDIT_CHAIN_KEY',
    'AUDIT_SIGNING_KEY',
  ],
  projector: ['DATABASE_URL', 'EVENTSTORE_URL', 'AUDIT_CHAIN_KEY', 'AUDIT_SIGNING_KEY'],
  bot: ['TELEGRAM_BOT_TOKEN', 'BOT_API_TOKEN', 'BOT_MODE', 'BOT_WEBHOOK_URL', 'BOT_WEBHOOK_SECRET', 'BOT_PORT', 'API_URL'],
  admin: ['API_URL'],
};

/**
 * The deployer's secrets and the services that need each. Every one of them gets it as ${VAR:?message}
 * (no default, no literal: compose refuses to start without it); no other service sees it.
 */
const SECRETS: Record<string, string[]> = {
  TELEGRAM_BOT_TOKEN: ['api', 'bot'],
  BOT_WEBHOOK_SECRET: ['bot'],
  BOT_API_TOKEN: ['api', 'bot'],
  SESSION_SECRET: ['api'],
  AUDIT_CHAIN_KEY: ['api', 'projector'],
  AUDIT_SIGNING_KEY: ['api', 'projector'],
  IDENTITY_CODE_SECRET: ['api'],
  POSTGRES_PASSWORD: ['postgres', 'api', 'projector'],
  EVENTSTORE_ADMIN_PASSWORD: ['eventstore', 'api', 'projector'],
  EVENTSTORE_OPS_PASSWORD: ['eventstore'],
};

/** Settings two services must agree on: [variable, service, service]. */
const SHARED: [string, string, string][] = [
  ['TELEGRAM_BOT_TOKEN', 'api', 'bot'],
  ['BOT_API_TOKEN', 'api', 'bot'],
  ['AUDIT_CHAIN_KEY', 'api', 'projector'],
  ['AUDIT_SIGNING_KEY', 'api', 'projector'],
];

/** The file names deploy/eventstore/make-certs.sh writes into the volumes it gets at CERTS_DIR/ca and CERTS_DIR/node. */
const CERT_FILES = { ca: 'ca.crt', nodeCert: 'node.crt', nodeKey: 'node.key' };

/** Where the official nginx image takes templates from; default.conf replaces the image's own server. */
const NGINX_TEMPLATE_TARGET = '/etc/nginx/templates/default.conf.template';
const NGINX_TEMPLATE = 'deploy/nginx/default.conf.template';
/** Docker's embedded DNS server. */
const DOCKER_DNS = '127.0.0.11';
/** Longest timeout the proxy may allow, and largest body. */
const MAX_TIMEOUT_MS = 120_000;
const MAX_BODY_BYTES = 10 * 1024 ** 2;
/** Headers the apps learn the client's request from; X-Forwarded-For must not pass on the client's own. */
const FORWARDED_HEADERS = ['Host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host'];

/** Values for the variables docker-compose.yml requires from the deployer. */
const SAMPLE_ENV: Record<string, string> = {
  PUBLIC_HOST: 'megabot.example.com',
  TLS_CERT_DIR: '/etc/megabot/tls',
  TELEGRAM_BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  POSTGRES_PASSWORD: 'sample-password',
  EVENTSTORE_ADMIN_PASSWORD: 'sample-eventstore-admin-password',
  EVENTSTORE_OPS_PASSWORD: 'sample-eventstore-ops-password',
  BOT_WEBHOOK_SECRET: 'sample_secret',
  BOT_API_TOKEN: 'sample-bot-api-token-of-40-characters-xx',
  SESSION_SECRET: 'a-sample-session-secret-32-chars',
  AUDIT_CHAIN_KEY: 'a-sample-chain-key-of-32-chars-x',
  AUDIT_SIGNING_KEY: Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).toString('base64'),
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

/** The compose variables a value refers to, each with how: required (${VAR:?message}), defaulted or plain. */
function variablesIn(value: string): { name: string; required: boolean; message: string }[] {
  return [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g)].map((m) => ({
    name: m[1],
    required: m[2] === ':' && m[3] === '?',
    message: m[4] ?? '',
  }));
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

/** A service's environment interpolated with `env`; variables it cannot resolve are reported in `problems`. */
function resolvedEnv(c: Dict, name: string, env: Record<string, string>, problems: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(envOf(c?.services?.[name]))) {
    try {
      out[k] = interpolate(v, env);
    } catch (e) {
      problems.push(`${name}.${k}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** `depends_on` as name -> condition, whichever of the two compose forms is used. */
/**
 * An EventStoreDB connection string as a URL (its first host) and its host list: a cluster's
 * `esdb://u:p@a:2113,b:2113,c:2113?…` is no URL to `new URL`, which stops at the second host.
 */
function esdbUrl(value: string | undefined): { url: URL; hosts: string[] } | undefined {
  const m = /^(esdb(?:\+discover)?:\/\/)(?:([^@/]*)@)?([^/?#]+)(.*)$/.exec(value ?? '');
  if (!m) return undefined;
  const hosts = m[3].split(',');
  try {
    return { url: new URL(`${m[1]}${m[2] !== undefined ? `${m[2]}@` : ''}${hosts[0]}${m[4]}`), hosts };
  } catch {
    return undefined;
  }
}

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

interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
  /** A named volume, or a path of the host (./…, /…, ~…, ${VAR}…). */
  kind: 'volume' | 'bind';
}

/** `volumes` of a service, short (source:target[:mode], where source may be ${VAR:?a: message}) or long syntax. */
function mountsOf(service: Dict): Mount[] {
  return (service?.volumes ?? []).flatMap((v: string | Dict): Mount[] => {
    if (typeof v !== 'string') {
      if (!v?.target) return [];
      return [{ source: String(v.source ?? ''), target: v.target, readOnly: v.read_only === true, kind: v.type === 'volume' ? 'volume' : 'bind' }];
    }
    // split at the colons that are not inside ${…}
    const parts: string[] = [''];
    let depth = 0;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === '$' && v[i + 1] === '{') depth++;
      else if (v[i] === '}' && depth) depth--;
      if (v[i] === ':' && !depth) parts.push('');
      else parts[parts.length - 1] += v[i];
    }
    if (parts.length < 2) return []; // an anonymous volume
    const [source, target, mode = ''] = parts;
    return [{ source, target, readOnly: mode.split(',').includes('ro'), kind: /^[./~$]/.test(source) ? 'bind' : 'volume' }];
  });
}

/** The mount a path inside the container lies on (the deepest one). */
function mountFor(service: Dict, file: string): Mount | undefined {
  return mountsOf(service)
    .filter((m) => file === m.target || file.startsWith(m.target.replace(/\/?$/, '/')))
    .sort((a, b) => b.target.length - a.target.length)[0];
}

/** The networks a service is attached to (`default` when it names none; none with network_mode). */
function networksOf(service: Dict): string[] {
  if (service?.network_mode) return [];
  const n = service?.networks;
  if (!n) return ['default'];
  return Array.isArray(n) ? n : Object.keys(n);
}

const shareNetwork = (a: Dict, b: Dict) => networksOf(a).some((n) => networksOf(b).includes(n));

/** The container ports a service publishes, with the host port each is published on. */
function publishedPorts(service: Dict, sample: Record<string, string>): { host?: string; container: string }[] {
  return (service?.ports ?? []).map((x: string | number | Dict) => {
    if (typeof x === 'object' && x !== null)
      return { host: x.published === undefined ? undefined : interpolate(String(x.published), sample), container: String(x.target) };
    const parts = interpolate(String(x), sample).split('/')[0].split(':');
    return { host: parts.length > 1 ? parts[parts.length - 2] : undefined, container: parts[parts.length - 1] };
  });
}

/** Where each app listens inside its container, from its own environment. */
function listenPort(c: Dict, name: string): string | undefined {
  const env = envOf(c?.services?.[name]);
  return { api: env.API_PORT ?? '3000', bot: env.BOT_PORT, admin: env.ADMIN_PORT ?? '3001' }[name];
}

// ------------------------------------------------------- compose checks

function serviceProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const name of ALL_SERVICES) if (!(name in services)) p.push(`service ${name} is missing`);
  for (const [name, re] of Object.entries(IMAGES)) {
    const s = services[name];
    if (!s) continue;
    if (typeof s.image !== 'string' || !re.test(s.image)) p.push(`${name}: image "${s.image}" does not match ${re}`);
    if (typeof s.image === 'string' && /:(latest|stable|mainline|alpine)$|^[^:]+$/.test(s.image)) p.push(`${name}: image "${s.image}" is not pinned`);
    if (s.build) p.push(`${name}: infrastructure is pulled, not built`);
  }
  for (const [name, s] of Object.entries(services)) {
    if (ONE_SHOTS.includes(name)) {
      // a one-shot that restarts never completes, and whoever waits for it never starts
      if (String(s?.restart ?? 'no') !== 'no') p.push(`${name}: a one-shot must have restart "no", not "${s?.restart}"`);
    } else if (!RESTART.test(String(s?.restart ?? ''))) p.push(`${name}: restart policy "${s?.restart}" is not always/unless-stopped/on-failure`);
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
      else if (ONE_SHOTS.includes(target)) {
        if (condition !== 'service_completed_successfully')
          p.push(`${name}: waits for the one-shot ${target} with ${condition}: use service_completed_successfully (it must have finished)`);
      } else if (hasHealthcheck(services[target]) && condition !== 'service_healthy') {
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
  const env = (name: string) => ({ raw: envOf(services[name]), out: resolvedEnv(c, name, sample, p) });
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
    else if (!shareNetwork(services[service], services[u.hostname])) p.push(`${service}.${key}: ${service} shares no network with ${u.hostname}`);
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
    // its first node (a cluster's other nodes: clusterProblems; its TLS: eventstoreTlsProblems)
    const es = esdbUrl(out.EVENTSTORE_URL);
    url(name, 'EVENTSTORE_URL', es ? es.url.href : out.EVENTSTORE_URL, 'esdb:', 'eventstore', '2113');
    // the API through the proxy's internal server on the API's port, which spreads the replicas (proxyProblems)
    if (out.API_URL !== undefined) url(name, 'API_URL', out.API_URL, 'http:', PROXY, listenPort(c, 'api') ?? '3000');
  }

  // api and projector read their settings through loadConfig: the wired values must pass it
  // every variable libs/config documents (its README table), so a new setting needs no second list here
  const known = new Set(CONFIG_DOC.flatMap((d) => d.name.split(' / ')));
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

  // development conveniences (the mail outbox page, cookies over http) never in a deployment
  for (const [name, s] of Object.entries(services)) if ('DEV_MODE' in envOf(s)) p.push(`${name}: DEV_MODE must not be set in a deployment`);

  if (services.bot) {
    const { out } = env('bot');
    if (out.BOT_MODE !== 'webhook') p.push(`bot: BOT_MODE should be webhook, got "${out.BOT_MODE}"`);
  }
  if (services.postgres) {
    const e = envOf(services.postgres);
    if (e.POSTGRES_DB !== 'megabot' || e.POSTGRES_USER !== 'megabot')
      p.push('postgres: POSTGRES_DB and POSTGRES_USER must be megabot (the apps connect as megabot@…/megabot)');
  }
  return p;
}

/** Every secret reaches exactly the services that need it, each time as ${VAR:?message}, and the same to both ends. */
function secretProblems(c: Dict, sample: Record<string, string>): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const [secret, users] of Object.entries(SECRETS)) {
    for (const [name, s] of Object.entries(services)) {
      const env = envOf(s);
      const uses = Object.entries(env).flatMap(([k, v]) => variablesIn(v).map((u) => ({ key: k, value: v, ...u })));
      const mine = uses.filter((u) => u.name === secret);
      if (!users.includes(name)) {
        for (const u of mine) p.push(`${name}.${u.key}: gets ${secret}, which ${name} does not need`);
        continue;
      }
      if (!mine.length) {
        p.push(`${name}: does not get ${secret}`);
        continue;
      }
      for (const u of mine) {
        if (!u.required || !u.message.trim())
          p.push(`${name}.${u.key}: ${secret} must come from the deployer as \${${secret}:?message} (required, no default)`);
        else if (u.key === secret && u.value !== `\${${secret}:?${u.message}}`)
          p.push(`${name}.${u.key}: must be exactly \${${secret}:?message}, got "${u.value}"`);
      }
      // compose must refuse to start this service without it
      const without = { ...sample, [secret]: undefined };
      const refused = Object.values(env).some((v) => {
        try {
          interpolate(v, without);
          return false;
        } catch (e) {
          return (e as Error).message.includes(secret);
        }
      });
      if (!refused) p.push(`${name}: starts without ${secret}`);
    }
  }
  for (const [variable, a, b] of SHARED) {
    if (!services[a] || !services[b]) continue;
    const va = resolvedEnv(c, a, sample)[variable];
    const vb = resolvedEnv(c, b, sample)[variable];
    if (va === undefined || vb === undefined) continue; // reported as missing
    // the bot sends the first of BOT_API_TOKEN's comma-separated list; the API accepts every one
    const ok = variable === 'BOT_API_TOKEN' ? va.split(',').includes(vb.split(',')[0]) : va === vb;
    if (!ok) p.push(`${a} and ${b} get different ${variable}`);
  }
  return p;
}

/** EventStoreDB in secure mode, with the certificates of the one-shot, and the apps trusting that CA only. */
function eventstoreTlsProblems(c: Dict, sample: Record<string, string>, root: string): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const es = services.eventstore;
  const certs = services[CERTS];
  if (!es || !certs) return p;

  // the one-shot: runs the repository's script on the three volumes, offline, as root (it hands the node key to uid 1000)
  const certsEnv = resolvedEnv(c, CERTS, sample, p);
  const dir = certsEnv.CERTS_DIR;
  if (!dir) p.push(`${CERTS}: CERTS_DIR is not set`);
  const entry: unknown = certs.entrypoint;
  const script = Array.isArray(entry) && entry[0] === '/bin/sh' ? String(entry[1]) : undefined;
  if (!script) p.push(`${CERTS}: entrypoint must be ["/bin/sh", "<the mounted make-certs.sh>"], got ${JSON.stringify(entry)}`);
  else {
    const m = mountsOf(certs).find((x) => x.target === script);
    if (!m || m.kind !== 'bind' || !m.readOnly) p.push(`${CERTS}: ${script} is not a read-only bind mount of deploy/eventstore/make-certs.sh`);
    else if (path.resolve(root, m.source) !== path.join(root, 'deploy/eventstore/make-certs.sh'))
      p.push(`${CERTS}: runs ${m.source}, not deploy/eventstore/make-certs.sh`);
    else if (!fs.existsSync(path.join(root, m.source))) p.push(`${CERTS}: ${m.source} does not exist`);
  }
  if (certs.network_mode !== 'none') p.push(`${CERTS}: needs no network: network_mode must be none`);
  if (String(certs.user ?? '') !== '0:0') p.push(`${CERTS}: must run as root ("0:0") to hand the node key to the eventstore user`);
  const volumeAt = (sub: string) => mountsOf(certs).find((m) => m.kind === 'volume' && m.target === `${dir}/${sub}`)?.source;
  const [caVolume, caKeyVolume, nodeVolume] = [volumeAt('ca'), volumeAt('ca-key'), volumeAt('node')];
  for (const [sub, v] of [
    ['ca', caVolume],
    ['ca-key', caKeyVolume],
    ['node', nodeVolume],
  ] as const)
    if (!v) p.push(`${CERTS}: no named volume at ${dir}/${sub}`);
  if (new Set([caVolume, caKeyVolume, nodeVolume]).size !== 3) p.push(`${CERTS}: the CA, its key and the node certificate must be three volumes`);
  if (dependsOn(es)[CERTS] === undefined) p.push(`eventstore: does not wait for ${CERTS}`);

  // the server: secure, with the node certificate and the CA read-only from those volumes
  const env = resolvedEnv(c, 'eventstore', sample, p);
  if (env.EVENTSTORE_INSECURE !== undefined && env.EVENTSTORE_INSECURE.toLowerCase() !== 'false')
    p.push(`eventstore: EVENTSTORE_INSECURE=${env.EVENTSTORE_INSECURE} turns off TLS, users and ACLs`);
  /** `file` (a setting of `service`) lies on a read-only mount of `volume`, and is called `name`. */
  const onVolume = (service: string, key: string, file: string | undefined, volume: string | undefined, name: string) => {
    if (!file) {
      p.push(`${service}: ${key} is not set`);
      return;
    }
    const m = mountFor(services[service], file);
    if (!m || m.kind !== 'volume' || m.source !== volume) p.push(`${service}: ${key} ${file} is not on the volume ${volume} that ${CERTS} writes`);
    else if (!m.readOnly) p.push(`${service}: ${m.source} must be mounted read-only (:ro)`);
    if (path.posix.basename(file) !== name) p.push(`${service}: ${key} ${file} should be …/${name}`);
  };
  onVolume('eventstore', 'EVENTSTORE_CERTIFICATE_FILE', env.EVENTSTORE_CERTIFICATE_FILE, nodeVolume, CERT_FILES.nodeCert);
  onVolume('eventstore', 'EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE', env.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE, nodeVolume, CERT_FILES.nodeKey);
  const roots = env.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH;
  onVolume('eventstore', 'EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH', roots && `${roots.replace(/\/$/, '')}/${CERT_FILES.ca}`, caVolume, CERT_FILES.ca);
  if (!env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD) p.push('eventstore: EVENTSTORE_DEFAULT_ADMIN_PASSWORD is not set (the admin password would be "changeit")');
  if (!env.EVENTSTORE_DEFAULT_OPS_PASSWORD) p.push('eventstore: EVENTSTORE_DEFAULT_OPS_PASSWORD is not set (the ops password would be "changeit")');

  // the apps: TLS, this CA, a login
  for (const [name, s] of Object.entries(services)) {
    const value = resolvedEnv(c, name, sample).EVENTSTORE_URL;
    if (value !== undefined) {
      const u = esdbUrl(value)?.url; // not a URL: envProblems reports it
      if (u) {
        const option = (key: string) => [...u.searchParams].find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
        if (option('tls') !== 'true') p.push(`${name}.EVENTSTORE_URL: must connect with tls=true (the server is secure)`);
        if (option('tlsVerifyCert') === 'false') p.push(`${name}.EVENTSTORE_URL: tlsVerifyCert=false trusts any server`);
        const ca = option('tlsCAFile');
        if (!ca) p.push(`${name}.EVENTSTORE_URL: tlsCAFile is not set (the server's certificate is signed by the private CA)`);
        else onVolume(name, 'EVENTSTORE_URL tlsCAFile', ca, caVolume, CERT_FILES.ca);
        if (u.username !== 'admin' || !u.password)
          p.push(`${name}.EVENTSTORE_URL: must log in (admin:<password>@): a secure server refuses anonymous reads of $all`);
        else if (decodeURIComponent(u.password) !== env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD)
          p.push(`${name}.EVENTSTORE_URL: the password is not eventstore's admin password`);
      }
    }
    // keys stay where they are used
    for (const m of mountsOf(s)) {
      if (m.kind !== 'volume') continue;
      if (m.source === caKeyVolume && name !== CERTS) p.push(`${name}: mounts the CA's key (${m.source})`);
      if (m.source === nodeVolume && name !== CERTS && !CLUSTER_NODES.includes(name)) p.push(`${name}: mounts the node's key (${m.source})`);
    }
  }
  return p;
}

function healthcheckProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const name of [...INFRA, 'api', PROXY]) {
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
    // our runtime image is node:22-bookworm-slim: no curl, no wget
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
  if (es) {
    const cmd = healthcheckCommand(es);
    if (!cmd.includes(':2113/health/live')) p.push('eventstore: healthcheck should probe :2113/health/live');
    // secure mode serves https only; the node certificate is for localhost and is checked against the CA
    if (!cmd.includes('https://localhost:2113/')) p.push('eventstore: healthcheck must use https://localhost:2113 (secure mode has no http)');
    if (/(^|\s)(-k|--insecure)(\s|$)/.test(cmd) || !/--cacert\s+\S+/.test(cmd))
      p.push('eventstore: healthcheck must verify the server with --cacert, not -k/--insecure');
  }
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
    if (s?.expose) p.push(`${name}: expose is not needed on a compose network; leave it out`);
  }
  // the proxy is the only way in: the API, the apps and the infrastructure publish nothing
  for (const [name, s] of Object.entries(services)) {
    if (name !== PROXY && s?.ports?.length) p.push(`${name}: publishes ${JSON.stringify(s.ports)}; only the proxy may publish ports`);
  }
  if (services[PROXY]) {
    const ports = publishedPorts(services[PROXY], sample);
    const want = ['80', '443'];
    const got = ports.map((x) => `${x.host}:${x.container}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(want.map((x) => `${x}:${x}`).sort()))
      p.push(`proxy: must publish exactly 80:80 (redirects) and 443:443 (Telegram's webhook needs 443), got ${JSON.stringify(got)}`);
  }
  return p;
}

function volumeProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const declared = Object.keys(c?.volumes ?? {});
  for (const [name, s] of Object.entries(services)) {
    for (const v of mountsOf(s))
      if (v.kind === 'volume' && !declared.includes(v.source)) p.push(`${name}: volume ${v.source} is not declared under top-level volumes`);
  }
  for (const name of INFRA) {
    if (!services[name]) continue;
    if (!mountsOf(services[name]).some((v) => v.kind === 'volume' && v.target === DATA_DIRS[name]))
      p.push(`${name}: ${DATA_DIRS[name]} is not on a named volume (data would die with the container)`);
  }
  return p;
}

/** Two networks: the proxy reaches the apps it routes to, never the infrastructure. */
function networkProblems(c: Dict): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const declared = Object.keys(c?.networks ?? {});
  for (const [name, s] of Object.entries(services)) {
    if (s?.network_mode && s?.networks) p.push(`${name}: network_mode and networks exclude each other`);
    for (const n of networksOf(s)) if (n !== 'default' && !declared.includes(n)) p.push(`${name}: network ${n} is not declared under top-level networks`);
  }
  const proxy = services[PROXY];
  if (proxy) {
    for (const name of [...INFRA, 'projector']) if (services[name] && shareNetwork(proxy, services[name])) p.push(`proxy: shares a network with ${name}`);
  }
  return p;
}

// --------------------------------------------------------- proxy checks

interface Route {
  /** `= /path`, `^~ /prefix/` or `/prefix`, as the location is written. */
  match: string;
  service: string;
  methods?: string[];
}

/** The only routes the proxy may have: the bot's webhook, the door displays' schedule, the Web Apps, the admin site. */
function allowedRoutes(webhookPath: string): Route[] {
  return [
    { match: `= ${webhookPath}`, service: 'bot', methods: ['POST'] },
    { match: '= /displays/schedule', service: 'api', methods: ['GET'] },
    { match: '^~ /app/', service: 'api' },
    { match: '/', service: 'admin' },
  ];
}

/**
 * The proxy service and its nginx template: rendered as the image renders it, parsed, and read as nginx
 * applies it. Only the allowed routes, each to its service; https only; sane limits; forwarded headers.
 */
function proxyProblems(c: Dict, template: string, sample: Record<string, string>, root: string): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const proxy = services[PROXY];
  if (!proxy) return p;
  const env = resolvedEnv(c, PROXY, sample, p);
  const publicHost = env.PUBLIC_HOST;
  if (!publicHost) p.push('proxy: PUBLIC_HOST is not set');

  // the template and the certificates, mounted read-only where the image and the config look for them
  const tpl = mountsOf(proxy).find((m) => m.target === NGINX_TEMPLATE_TARGET);
  if (!tpl) p.push(`proxy: nothing is mounted at ${NGINX_TEMPLATE_TARGET}`);
  else {
    if (tpl.kind !== 'bind' || path.resolve(root, tpl.source) !== path.join(root, NGINX_TEMPLATE))
      p.push(`proxy: ${tpl.source} is mounted as the template, not ${NGINX_TEMPLATE}`);
    else if (!fs.existsSync(path.join(root, tpl.source))) p.push(`proxy: ${tpl.source} does not exist`);
    if (!tpl.readOnly) p.push('proxy: the template must be mounted read-only (:ro)');
  }

  // what the image's entrypoint writes, then what nginx reads
  const rendered = renderTemplate(template, env);
  for (const left of new Set([...rendered.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1])))
    p.push(`proxy: the template's \${${left}} is not substituted (not in the proxy's environment, or not matched by NGINX_ENVSUBST_FILTER)`);
  let top: Directive[];
  try {
    top = parseNginx(rendered);
  } catch (e) {
    p.push(`proxy: ${(e as Error).message}`);
    return p;
  }

  const resolver = first(top, 'resolver');
  if (!resolver || resolver.args[0] !== DOCKER_DNS) p.push(`proxy: resolver must be Docker's DNS ${DOCKER_DNS}, so service names are resolved at request time`);
  if (first(top, 'server_tokens')?.args[0] !== 'off') p.push('proxy: server_tokens must be off');

  const published = new Set(publishedPorts(proxy, sample).map((x) => Number(x.container)));
  const servers = all(top, 'server').map((d) => d.block ?? []);
  const exposed = servers.filter((s) => all(s, 'listen').some((l) => !isLoopback(listenOf(l).host)));
  for (const port of published) {
    if (!exposed.some((s) => all(s, 'listen').some((l) => listenOf(l).port === port))) p.push(`proxy: publishes ${port}, but no server listens on it`);
  }
  const certDir = (file: string | undefined) => (file ? mountFor(proxy, file) : undefined);

  // a proxy_pass to an upstream block goes to that block's servers: resolved while running only when `resolve`d
  const upstreams = new Map(all(top, 'upstream').map((u) => [u.args[0], u.block ?? []]));
  const targetOf = (server: Directive[], block: Directive[]) => {
    const target = proxyTarget(server, block);
    if (!target) return undefined;
    const upstream = target.port === '80' && !/:\d+/.test(target.url.replace(/^https?:\/\//, '')) ? upstreams.get(target.host) : undefined;
    if (!upstream) return { ...target, literal: !first(block, 'proxy_pass')?.args[0]?.includes('$'), upstream: undefined };
    const members = all(upstream, 'server');
    const [host, port] = (members[0]?.args[0] ?? '').split(':');
    return {
      ...target,
      host: host ?? '',
      port: port ?? '80',
      literal: !members.length || members.some((d) => !d.args.includes('resolve')),
      upstream: target.host,
    };
  };
  upstreamProblems(top, upstreams, p);

  // the API for the bot and the admin site inside the compose network: a plain-http server on the API's port,
  // not published, whose one location passes everything to the API's upstream
  const gatewayPort = Number(listenPort(c, 'api') ?? '3000');
  let gateways = 0;

  const routes: { server: Directive[]; location: Directive[]; match: string; host: string; port: string; literal: boolean }[] = [];
  for (const server of servers) {
    const listens = all(server, 'listen').map(listenOf);
    const names = first(server, 'server_name')?.args ?? [];
    const label = `server ${names.join(' ') || '(no name)'} :${listens.map((l) => l.port).join(',')}`;
    const loopback = listens.every((l) => isLoopback(l.host));
    const locations = all(server, 'location');
    if (!loopback && listens.every((l) => l.port === gatewayPort && !l.ssl && !published.has(l.port))) {
      gateways++;
      const targets = locations.map((loc) => ({ match: loc.args.join(' '), target: targetOf(server, loc.block ?? []) }));
      const api = targets.length === 1 && targets[0].match === '/' ? targets[0].target : undefined;
      if (!api || api.host !== 'api' || String(api.port) !== String(gatewayPort) || !api.upstream)
        p.push(`proxy: ${label} (the internal API for API_URL) must pass location / to the api upstream, and nothing else`);
      else if (api.literal) p.push(`proxy: ${label}: the api upstream's servers must be resolved while running (server api:${gatewayPort} resolve)`);
      if (first(server, 'return') || first(server, 'proxy_pass')) p.push(`proxy: ${label} (the internal API) must only route, through its location`);
      continue;
    }
    for (const l of listens) if (!loopback && !published.has(l.port)) p.push(`proxy: ${label} listens on ${l.port}, which is not published`);
    for (const loc of locations) {
      const block = loc.block ?? [];
      if (all(block, 'location').length) p.push(`proxy: ${label}: location ${loc.args.join(' ')} nests locations (not checked; keep them flat)`);
      const target = targetOf(server, block);
      if (!target) continue;
      if (loopback || listens.some((l) => !l.ssl)) {
        p.push(`proxy: ${label} proxies ${loc.args.join(' ')} without TLS`);
        continue;
      }
      routes.push({
        server,
        location: block,
        match: loc.args.join(' '),
        host: target.host,
        port: target.port,
        literal: target.literal,
      });
    }
    if (first(server, 'proxy_pass')) p.push(`proxy: ${label} has proxy_pass outside a location`);
    if (loopback) continue;

    if (listens.some((l) => !l.ssl)) {
      // plain http: refuse, or send to https on the public name
      const ret = first(server, 'return');
      const redirect = ret && ['301', '308'].includes(ret.args[0]) ? ret.args[1] : undefined;
      if (ret?.args[0] === '444') continue;
      if (!redirect) p.push(`proxy: ${label} must return 301 https://… (or 444), not serve plain http`);
      else if (redirect !== `https://${publicHost}$request_uri`) p.push(`proxy: ${label} redirects to ${redirect}, not https://${publicHost}$request_uri`);
      if (locations.length) p.push(`proxy: ${label} has locations; plain http only redirects`);
    } else {
      if (first(server, 'ssl_reject_handshake')?.args[0] === 'on') {
        if (locations.length) p.push(`proxy: ${label} rejects TLS handshakes but has locations`);
        continue;
      }
      for (const key of ['ssl_certificate', 'ssl_certificate_key']) {
        const file = first(server, key)?.args[0];
        const m = certDir(file);
        if (!file) p.push(`proxy: ${label} has no ${key}`);
        else if (!m || m.kind !== 'bind') p.push(`proxy: ${label}: ${key} ${file} is not in a directory mounted from the host`);
        else {
          if (!variablesIn(m.source).some((v) => v.name === 'TLS_CERT_DIR' && v.required))
            p.push('proxy: the certificate directory must come from the deployer as ${TLS_CERT_DIR:?message}');
          if (!m.readOnly) p.push('proxy: the certificate directory must be mounted read-only (:ro)');
        }
      }
      if (!names.includes(publicHost)) p.push(`proxy: ${label} serves TLS for a name other than PUBLIC_HOST`);
      const protocols = effective([top, server], 'ssl_protocols')?.args ?? [];
      if (!protocols.length || protocols.some((x) => !['TLSv1.2', 'TLSv1.3'].includes(x)))
        p.push(`proxy: ${label}: ssl_protocols must be TLSv1.2/TLSv1.3 only, got ${protocols.join(' ') || 'the default'}`);
      const hsts = allOf([top, server], 'add_header').find((d) => d.args[0]?.toLowerCase() === 'strict-transport-security');
      if (!hsts || !hsts.args.includes('always')) p.push(`proxy: ${label} does not send Strict-Transport-Security (always)`);
    }
  }

  // exactly the allowed routes, each to its service on the port it listens on, on a shared network
  const bot = resolvedEnv(c, 'bot', sample);
  let webhookPath = '';
  try {
    const u = new URL(bot.BOT_WEBHOOK_URL);
    webhookPath = u.pathname;
    if (u.protocol !== 'https:' || u.hostname !== publicHost || (u.port !== '' && u.port !== '443') || u.search)
      p.push(`bot: BOT_WEBHOOK_URL ${bot.BOT_WEBHOOK_URL} must be https://<PUBLIC_HOST>/<path>, the proxy's address`);
  } catch {
    p.push(`bot: BOT_WEBHOOK_URL "${bot.BOT_WEBHOOK_URL}" is not a URL`);
  }
  const allowed = allowedRoutes(webhookPath);
  for (const r of routes) {
    const want = allowed.find((a) => a.match === r.match);
    if (!want) {
      p.push(`proxy: routes ${r.match} to ${r.host}:${r.port}, which is none of the allowed routes`);
      continue;
    }
    const port = listenPort(c, want.service);
    if (r.host !== want.service || r.port !== port) p.push(`proxy: routes ${r.match} to ${r.host}:${r.port}, not ${want.service}:${port}`);
    if (!services[r.host]) p.push(`proxy: routes ${r.match} to ${r.host}, which is not a service`);
    else if (!shareNetwork(proxy, services[r.host])) p.push(`proxy: shares no network with ${r.host}, where it routes ${r.match}`);
    if (r.literal)
      p.push(`proxy: ${r.match}: proxy_pass to a literal host is resolved once at start; take it from a variable (set $upstream ${r.host}:${r.port})`);
    if (want.methods) {
      const limit = all(r.location, 'limit_except')[0];
      const denies = limit && all(limit.block, 'deny').some((d) => d.args[0] === 'all');
      if (!limit || JSON.stringify(limit.args) !== JSON.stringify(want.methods) || !denies)
        p.push(`proxy: ${r.match} must allow ${want.methods.join(', ')} only (limit_except ${want.methods.join(' ')} { deny all; })`);
    }
    const scopes = [top, r.server, r.location];
    const headers = new Map(allOf(scopes, 'proxy_set_header').map((d) => [d.args[0]?.toLowerCase(), d.args[1]]));
    for (const h of FORWARDED_HEADERS) if (!headers.has(h.toLowerCase())) p.push(`proxy: ${r.match} does not set ${h}`);
    const xff = headers.get('x-forwarded-for');
    if (xff !== undefined && xff !== '$remote_addr') p.push(`proxy: ${r.match}: X-Forwarded-For must be $remote_addr (the edge replaces it), got ${xff}`);
    for (const key of ['proxy_connect_timeout', 'proxy_send_timeout', 'proxy_read_timeout', 'client_header_timeout', 'client_body_timeout', 'send_timeout']) {
      const d = effective(scopes, key);
      const ms = d ? timeMs(d.args[0]) : NaN;
      if (!d) p.push(`proxy: ${r.match}: ${key} is not set (nginx's default is 60 s)`);
      else if (!(ms > 0 && ms <= MAX_TIMEOUT_MS)) p.push(`proxy: ${r.match}: ${key} ${d.args[0]} is not between 1 ms and ${MAX_TIMEOUT_MS / 1000} s`);
    }
    const body = effective(scopes, 'client_max_body_size');
    const bytes = body ? sizeBytes(body.args[0]) : NaN;
    if (!body) p.push(`proxy: ${r.match}: client_max_body_size is not set`);
    else if (!(bytes > 0 && bytes <= MAX_BODY_BYTES))
      p.push(`proxy: ${r.match}: client_max_body_size ${body.args[0]} is not between 1 byte and 10m (0 is unlimited)`);
  }
  for (const a of allowed) if (!routes.some((r) => r.match === a.match)) p.push(`proxy: does not route ${a.match} to ${a.service}`);
  if (gateways !== 1) p.push(`proxy: needs one unpublished plain-http server on :${gatewayPort} for the apps' API_URL, found ${gateways}`);

  // the healthcheck asks a loopback server that answers 200
  const hc = healthcheckCommand(proxy.healthcheck);
  const probe = /http:\/\/127\.0\.0\.1:(\d+)(\/\S*)/.exec(hc);
  const answers =
    probe &&
    servers.some(
      (s) =>
        all(s, 'listen').some((l) => listenOf(l).port === Number(probe[1]) && isLoopback(listenOf(l).host)) &&
        all(s, 'location').some((l) => l.args.join(' ') === `= ${probe[2]}` && first(l.block, 'return')?.args[0] === '200'),
    );
  if (!answers) p.push(`proxy: the healthcheck (${hc || 'none'}) does not ask a loopback server that returns 200`);
  return p;
}

/**
 * The API's upstream: servers re-resolved while running (so replicas come and go), in a shared zone (which
 * `resolve` needs), balanced by consistent hashing on a key that is the lot id for the auction routes, so
 * a lot's commands reach one replica and only ~1/N of the lots move when a replica is added or lost.
 */
function upstreamProblems(top: Directive[], upstreams: Map<string, Directive[]>, p: string[]): void {
  const api = upstreams.get('api');
  if (!api) return; // routes to api by variable are checked where they are used
  if (!first(api, 'zone')) p.push('proxy: upstream api needs a zone (resolve keeps its servers there)');
  const hash = first(api, 'hash');
  if (!hash || hash.args[1] !== 'consistent') {
    p.push('proxy: upstream api must balance by `hash <key> consistent` (each lot on one replica)');
    return;
  }
  const key = hash.args[0];
  const map = all(top, 'map').find((m) => m.args[1] === key);
  const lotEntry = map?.block?.find((e) => /^~\^\/auctions\/\(\?<(\w+)>\[\^\/\]\+\)$/.test(e.name));
  const captured = lotEntry && /<(\w+)>/.exec(lotEntry.name)?.[1];
  if (!map || map.args[0] !== '$uri' || !lotEntry || lotEntry.args[0] !== `$${captured}`)
    p.push(
      `proxy: the api upstream's hash key ${key} must be mapped from $uri to the lot id of /auctions/<lot> (map $uri ${key} { ~^/auctions/(?<lot>[^/]+) $lot; … })`,
    );
  const fallback = map?.block?.find((e) => e.name === 'default');
  if (map && fallback?.args[0] !== '$request_id') p.push(`proxy: ${key} must default to $request_id (other requests spread over the replicas)`);
}

// ------------------------------------------------- Dockerfile checks

/** The base of both stages: a maintained Node LTS, pinned by minor version. */
const NODE_BASE = /^node:(22)\.(\d+)-bookworm-slim$/;

/** Whether a version satisfies an engines range of the forms package.json uses (>=a.b, <c, ||). */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const m = /^(>=|<=|>|<|=)?(\d+(?:\.\d+){0,2})$/.exec(comparator);
        if (!m) throw new Error(`engines: cannot read "${comparator}"`);
        const d = cmp(v, m[2].split('.').map(Number));
        return { '>=': d >= 0, '<=': d <= 0, '>': d > 0, '<': d < 0, '=': d === 0, '': d === 0 }[m[1] ?? ''] as boolean;
      }),
  );
}

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
  const bases = stages.filter((s) => !stages.some((o) => o.name === s.from)).map((s) => s.from);
  for (const s of stages)
    if (!NODE_BASE.test(s.from) && !stages.some((o) => o.name === s.from))
      p.push(`Dockerfile: stage ${s.name ?? '?'} is FROM ${s.from}, not node:22.<minor>-bookworm-slim (a maintained LTS, pinned by minor)`);
  if (new Set(bases).size > 1) p.push(`Dockerfile: the stages build and run on different bases (${[...new Set(bases)].join(', ')})`);
  for (const base of new Set(bases)) {
    const m = NODE_BASE.exec(base);
    if (m && !satisfies(`${m[1]}.${m[2]}.0`, pkg.engines?.node ?? '')) p.push(`package.json: engines.node "${pkg.engines?.node}" does not allow ${base}`);
  }
  const builder = stages.find((s) => s.name === 'builder');
  const runtime = stages[stages.length - 1];
  if (!builder) p.push('Dockerfile: no stage named builder');
  if (builder && builder === runtime) p.push('Dockerfile: the builder is the final stage');

  const has = (s: Stage | undefined, re: RegExp) => !!s?.lines.some((l) => re.test(l));
  if (builder) {
    if (!has(builder, /^RUN\s+.*\bnpm ci\b(?!.*--omit=dev)/)) p.push('Dockerfile: builder does not run npm ci (with devDependencies, needed by swc)');
    if (!has(builder, /^RUN\s+.*\bnpm run build(?![:\w-])/)) p.push('Dockerfile: builder does not run npm run build');
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
    const options = runtime.lines.map((l) => /^ENV\b.*\bNODE_OPTIONS=(\S+(?:\s+--\S+)*)/.exec(l)?.[1]).find(Boolean);
    if (options !== SERVER_NODE_FLAGS.join(' '))
      p.push(`Dockerfile: runtime NODE_OPTIONS is ${options ?? 'unset'}, not the servers' flags "${SERVER_NODE_FLAGS.join(' ')}" (SERVER_NODE_FLAGS)`);
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

// ------------------------------------------------- the cluster overlay

/** The overlay that makes EventStoreDB a three-node cluster (docker compose -f docker-compose.yml -f …). */
const CLUSTER_OVERLAY = 'deploy/compose.cluster.yml';
const CLUSTER_NODES = ['eventstore', 'eventstore-2', 'eventstore-3'];

/**
 * What `docker compose -f base -f overlay` makes of two files, for what our overlays use: mappings merged
 * key by key (environment too), a service's volumes merged by their target, any other value replaced.
 */
function mergeCompose(base: Dict, overlay: Dict): Dict {
  const isMap = (x: unknown): x is Dict => typeof x === 'object' && x !== null && !Array.isArray(x);
  const merge = (a: unknown, b: unknown, key: string, inService: boolean): unknown => {
    if (inService && key === 'volumes' && Array.isArray(a) && Array.isArray(b)) {
      const targets = new Set(mountsOf({ volumes: b }).map((m) => m.target));
      return [...a.filter((v, i) => !targets.has(mountsOf({ volumes: [a[i]] })[0]?.target)), ...b];
    }
    if (isMap(a) && isMap(b)) {
      const out: Dict = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = k in a ? merge(a[k], v, k, inService || key === 'services') : v;
      return out;
    }
    return b;
  };
  const out = merge(structuredClone(base), structuredClone(overlay), '', false) as Dict;
  for (const k of Object.keys(out)) if (k.startsWith('x-')) delete out[k];
  return out;
}

/**
 * The cluster: every node a full peer of the base file's eventstore (image, network, certificates, secure
 * mode, healthcheck, its own data), told the cluster's size and the other nodes as gossip seeds, advertising
 * its own name (which the one node certificate carries); the apps connect to all three, following the leader.
 */
function clusterProblems(c: Dict, base: Dict, sample: Record<string, string>): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  const first = base.services.eventstore;
  const firstEnv = envOf(first);
  const dataOwners = new Map<string, string>();
  for (const node of CLUSTER_NODES) {
    const s = services[node];
    if (!s) {
      p.push(`cluster: node ${node} is missing`);
      continue;
    }
    const env = resolvedEnv(c, node, sample, p);
    if (env.EVENTSTORE_CLUSTER_SIZE !== String(CLUSTER_NODES.length)) p.push(`${node}: EVENTSTORE_CLUSTER_SIZE must be ${CLUSTER_NODES.length}`);
    if (env.EVENTSTORE_DISCOVER_VIA_DNS !== 'false') p.push(`${node}: EVENTSTORE_DISCOVER_VIA_DNS must be false (the nodes are found by gossip seeds)`);
    const seeds = (env.EVENTSTORE_GOSSIP_SEED ?? '').split(',').filter(Boolean).sort();
    const others = CLUSTER_NODES.filter((n) => n !== node)
      .map((n) => `${n}:2113`)
      .sort();
    if (JSON.stringify(seeds) !== JSON.stringify(others))
      p.push(`${node}: EVENTSTORE_GOSSIP_SEED must be the other nodes (${others.join(',')}), got ${seeds.join(',')}`);
    for (const key of ['EVENTSTORE_ADVERTISE_HOST_TO_CLUSTER_AS', 'EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS'])
      if (env[key] !== node) p.push(`${node}: ${key} must be its own name ${node} (the certificate's), got ${env[key]}`);
    for (const key of Object.keys(firstEnv).filter((k) => k !== 'EVENTSTORE_CLUSTER_SIZE'))
      if (!(key in env)) p.push(`${node}: ${key} is not set as on eventstore (secure mode, certificates, projections, passwords)`);
    for (const key of ['EVENTSTORE_CERTIFICATE_FILE', 'EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE', 'EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH'])
      if (env[key] !== firstEnv[key]) p.push(`${node}: ${key} differs from eventstore's`);
    if (s.image !== first.image) p.push(`${node}: image ${s.image} is not eventstore's ${first.image}`);
    if (JSON.stringify(s.networks) !== JSON.stringify(first.networks)) p.push(`${node}: networks differ from eventstore's (${JSON.stringify(first.networks)})`);
    if (!hasHealthcheck(s)) p.push(`${node}: has no healthcheck`);
    if (dependsOn(s)[CERTS] !== 'service_completed_successfully') p.push(`${node}: must wait for ${CERTS} to complete`);
    const mounts = mountsOf(s);
    for (const target of ['/var/lib/eventstore', '/var/log/eventstore']) {
      const m = mounts.find((x) => x.target === target);
      if (!m || m.kind !== 'volume') p.push(`${node}: ${target} is not on a named volume`);
      else {
        if (!(m.source in (c.volumes ?? {}))) p.push(`${node}: volume ${m.source} is not declared`);
        if (dataOwners.has(m.source)) p.push(`${node}: shares the volume ${m.source} with ${dataOwners.get(m.source)}`);
        dataOwners.set(m.source, node);
      }
    }
    for (const m of mountsOf(first).filter((x) => x.target.startsWith('/etc/eventstore/certs')))
      if (!mounts.some((x) => x.source === m.source && x.target === m.target && x.readOnly))
        p.push(`${node}: does not mount ${m.source} read-only at ${m.target}`);
  }
  const names = (resolvedEnv(c, CERTS, sample).NODE_DNS_NAMES ?? '').split(',');
  for (const node of CLUSTER_NODES) if (!names.includes(node)) p.push(`${CERTS}: NODE_DNS_NAMES does not name ${node} (its TLS would fail)`);
  for (const app of ['api', 'projector']) {
    const value = resolvedEnv(c, app, sample).EVENTSTORE_URL;
    const es = esdbUrl(value);
    const want = CLUSTER_NODES.map((n) => `${n}:2113`);
    if (!es || JSON.stringify(es.hosts) !== JSON.stringify(want)) p.push(`${app}.EVENTSTORE_URL: must list every node (${want.join(',')}), got ${value}`);
    else if (es.url.searchParams.get('nodePreference') !== 'leader')
      p.push(`${app}.EVENTSTORE_URL: nodePreference=leader (commands and the reads that decide go to the leader)`);
  }
  return p;
}

// ------------------------------------------------- the monitoring overlay

const MONITORING_OVERLAY = 'deploy/compose.monitoring.yml';
const MONITORING_IMAGES: Record<string, RegExp> = {
  prometheus: /^prom\/prometheus:v\d+\.\d+\.\d+$/,
  grafana: /^grafana\/grafana:\d+\.\d+\.\d+$/,
  jaeger: /^jaegertracing\/jaeger:\d+\.\d+\.\d+$/,
};
/** Where the API and the projector send traces: Jaeger's OTLP/HTTP receiver. */
const OTLP_ENDPOINT = 'http://jaeger:4318';

/**
 * Prometheus scrapes every API replica where the API listens, with its rules mounted where its config names them;
 * Grafana reads that Prometheus, its dashboards where its provider looks, with an admin password the deployer sets.
 * Both pinned, on the API's network, unpublished, their data on declared volumes.
 */
function monitoringProblems(c: Dict, files: MonitoringFiles, sample: Record<string, string>, root: string): string[] {
  const p: string[] = [];
  const services: Dict = c?.services ?? {};
  for (const [name, re] of Object.entries(MONITORING_IMAGES)) {
    const s = services[name];
    if (!s) {
      p.push(`monitoring: service ${name} is missing`);
      continue;
    }
    if (typeof s.image !== 'string' || !re.test(s.image)) p.push(`${name}: image "${s.image}" is not pinned as ${re}`);
    if (publishedPorts(s, sample).length) p.push(`${name}: publishes ports (only the proxy does)`);
    if (!shareNetwork(s, services.api)) p.push(`${name}: shares no network with api`);
    if (!hasHealthcheck(s) && name === 'prometheus') p.push(`${name}: has no healthcheck`);
    for (const m of mountsOf(s)) {
      if (m.kind === 'bind') {
        if (!m.readOnly) p.push(`${name}: ${m.source} must be mounted read-only (:ro)`);
        if (!fs.existsSync(path.join(root, m.source))) p.push(`${name}: ${m.source} does not exist`);
      } else if (!(m.source in (c.volumes ?? {}))) p.push(`${name}: volume ${m.source} is not declared`);
    }
  }
  // Traces: every process that runs commands or projections sends them to the collector above
  for (const name of ['api', 'projector']) {
    const endpoint = envOf(services[name] ?? {}).OTEL_EXPORTER_OTLP_ENDPOINT;
    if (endpoint !== OTLP_ENDPOINT) p.push(`${name}: OTEL_EXPORTER_OTLP_ENDPOINT is ${endpoint}, not ${OTLP_ENDPOINT}`);
  }
  const prometheus = services.prometheus;
  const grafana = services.grafana;
  if (!prometheus || !grafana) return p;

  // Prometheus: its config and rules where it reads them, the API's replicas where they listen
  const arg = (flag: string) => (prometheus.command ?? []).find((a: string) => a.startsWith(`--${flag}=`))?.split('=')[1];
  const mountedAt = (s: Dict, target: string) => mountsOf(s).find((m) => m.target === target || target.startsWith(`${m.target.replace(/\/$/, '')}/`));
  const config = arg('config.file');
  if (!config || !mountedAt(prometheus, config)) p.push(`prometheus: --config.file ${config} is not mounted`);
  const tsdb = arg('storage.tsdb.path');
  if (!tsdb || mountedAt(prometheus, tsdb)?.kind !== 'volume') p.push(`prometheus: --storage.tsdb.path ${tsdb} is not on a volume`);
  for (const rules of files.prometheus.rule_files ?? []) if (!mountedAt(prometheus, rules)) p.push(`prometheus: rule file ${rules} is not mounted`);
  const job = (files.prometheus.scrape_configs ?? []).find((j: Dict) => j.job_name === 'api');
  const sd = job?.dns_sd_configs?.[0];
  const apiPort = Number(listenPort(c, 'api') ?? '3000');
  if (!job) p.push('prometheus: no scrape job "api"');
  else {
    if ((job.metrics_path ?? '/metrics') !== '/metrics') p.push(`prometheus: the api job scrapes ${job.metrics_path}, not /metrics`);
    if (!sd || !(sd.names ?? []).includes('api') || (sd.type ?? 'SRV') !== 'A' || sd.port !== apiPort)
      p.push(`prometheus: the api job must find every replica by DNS (dns_sd_configs: names [api], type A, port ${apiPort})`);
  }

  // Grafana: the Prometheus above, the dashboards where its provider looks, no default password
  const ds = (files.grafanaDatasources.datasources ?? [])[0];
  if (ds?.url !== 'http://prometheus:9090') p.push(`grafana: the datasource must be http://prometheus:9090, not ${ds?.url}`);
  const dashPath = (files.grafanaDashboards.providers ?? [])[0]?.options?.path;
  const dashMount = mountsOf(grafana).find((m) => m.target === dashPath);
  if (!dashMount || path.resolve(root, dashMount.source) !== path.join(root, 'deploy/grafana/dashboards'))
    p.push(`grafana: the dashboards provider's path ${dashPath} is not deploy/grafana/dashboards`);
  if (!mountsOf(grafana).some((m) => m.target === '/etc/grafana/provisioning'))
    p.push('grafana: the provisioning folder is not mounted at /etc/grafana/provisioning');
  const password = envOf(grafana).GF_SECURITY_ADMIN_PASSWORD ?? '';
  if (!variablesIn(password).some((v) => v.required))
    p.push("grafana: GF_SECURITY_ADMIN_PASSWORD must come from the deployer (${GRAFANA_ADMIN_PASSWORD:?…}); Grafana's default is admin");
  for (const panel of files.dashboard.panels ?? []) {
    if (panel.datasource?.uid !== ds?.uid) p.push(`grafana: panel "${panel.title}" reads datasource ${panel.datasource?.uid}, not ${ds?.uid}`);
    if (!(panel.targets ?? []).length) p.push(`grafana: panel "${panel.title}" has no query`);
  }
  return p;
}

// ------------------------------------------------------------------- tests

const compose: Dict = parse(read('docker-compose.yml'));
const template = read(NGINX_TEMPLATE);
const dockerfile = read('Dockerfile');
const dockerignore = read('.dockerignore');
const copy = (): Dict => structuredClone(compose);
const clusterOverlay: Dict = parse(read(CLUSTER_OVERLAY), { merge: true });
const cluster = mergeCompose(compose, clusterOverlay);
const monitoring = mergeCompose(compose, parse(read(MONITORING_OVERLAY)));
const monitoringFiles = readMonitoringFiles(ROOT);

describe('docker-compose.yml', () => {
  it('parses to services, networks and volumes', () => {
    expect(compose).toEqual(expect.objectContaining({ services: expect.any(Object), networks: expect.any(Object), volumes: expect.any(Object) }));
  });
  it('has the 10 services, pinned images and restart policies', () => expect(serviceProblems(compose)).toEqual([]));
  it('builds every app from the Dockerfile and runs its own entry', () => expect(buildProblems(compose, ROOT)).toEqual([]));
  it('has sound depends_on: known targets, service_healthy where checked, one-shots completed, no self-edges, no cycles', () =>
    expect(dependencyProblems(compose)).toEqual([]));
  it('wires every app to the services', () => expect(envProblems(compose, SAMPLE_ENV)).toEqual([]));
  it('requires every secret from the deployer, in the services that need it and no other', () => expect(secretProblems(compose, SAMPLE_ENV)).toEqual([]));
  it('runs EventStoreDB in secure mode with its own CA, which the apps trust over TLS', () =>
    expect(eventstoreTlsProblems(compose, SAMPLE_ENV, ROOT)).toEqual([]));
  it('has working healthchecks', () => expect(healthcheckProblems(compose)).toEqual([]));
  it('publishes only the proxy, on 80 and 443', () => expect(portProblems(compose, SAMPLE_ENV)).toEqual([]));
  it('keeps infrastructure data on declared named volumes', () => expect(volumeProblems(compose)).toEqual([]));
  it('keeps the proxy off the infrastructure network', () => expect(networkProblems(compose)).toEqual([]));
  it('routes only the webhook, the schedule, /app/ and the admin site through the proxy, over https', () =>
    expect(proxyProblems(compose, template, SAMPLE_ENV, ROOT)).toEqual([]));
  it('refuses to start without each required variable, naming it', () => {
    const required = new Set(
      Object.values(compose.services as Dict).flatMap((s) => [
        ...Object.values(envOf(s)).flatMap((v) => variablesIn(v)),
        ...mountsOf(s).flatMap((m) => variablesIn(m.source)),
      ]),
    );
    const names = [...new Set([...required].filter((v) => v.required).map((v) => v.name))].sort();
    expect(names).toEqual([...Object.keys(SECRETS), 'IDENTITY_EMAIL_DOMAINS', 'PUBLIC_HOST', 'SMTP_URL', 'TLS_CERT_DIR'].sort());
    for (const name of names) {
      const values = Object.values(compose.services as Dict).flatMap((s) => [...Object.values(envOf(s)), ...mountsOf(s).map((m) => m.source)]);
      const without = { ...SAMPLE_ENV, [name]: undefined };
      expect(() => values.forEach((v) => interpolate(v, without))).toThrow(new RegExp(`required variable ${name} is missing: \\S`));
    }
  });
});

describe('deploy/compose.cluster.yml: EventStoreDB as a three-node cluster', () => {
  it('makes three peers that find each other, each with its own data, and apps that use all three', () =>
    expect(clusterProblems(cluster, compose, SAMPLE_ENV)).toEqual([]));
  it('keeps every check of the single-node deployment', () => {
    for (const check of [serviceProblems, dependencyProblems, healthcheckProblems, volumeProblems, networkProblems]) expect(check(cluster)).toEqual([]);
    expect(envProblems(cluster, SAMPLE_ENV)).toEqual([]);
    expect(eventstoreTlsProblems(cluster, SAMPLE_ENV, ROOT)).toEqual([]);
    expect(portProblems(cluster, SAMPLE_ENV)).toEqual([]);
  });
  it('catches a node missing, a wrong size, seeds or name, shared data, another image, and apps on one node', () => {
    const broken = (edit: (c: Dict) => void) => {
      const c = structuredClone(cluster);
      edit(c);
      return clusterProblems(c, compose, SAMPLE_ENV);
    };
    const expectProblem = (problems: string[], re: RegExp) => expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
    expectProblem(
      broken((c) => delete c.services['eventstore-3']),
      /node eventstore-3 is missing/,
    );
    expectProblem(
      broken((c) => (c.services['eventstore-2'].environment.EVENTSTORE_CLUSTER_SIZE = '1')),
      /eventstore-2: EVENTSTORE_CLUSTER_SIZE must be 3/,
    );
    expectProblem(
      broken((c) => (c.services.eventstore.environment.EVENTSTORE_GOSSIP_SEED = 'eventstore-2:2113')),
      /eventstore: EVENTSTORE_GOSSIP_SEED must be the other nodes/,
    );
    expectProblem(
      broken((c) => (c.services['eventstore-3'].environment.EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS = 'eventstore')),
      /eventstore-3: EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS must be its own name/,
    );
    expectProblem(
      broken((c) => (c.services['eventstore-3'].volumes[0] = 'eventstore-2-data:/var/lib/eventstore')),
      /eventstore-3: shares the volume eventstore-2-data with eventstore-2/,
    );
    expectProblem(
      broken((c) => (c.services['eventstore-2'].image = 'eventstore/eventstore:23.10')),
      /eventstore-2: image .* is not eventstore's/,
    );
    expectProblem(
      broken((c) => delete c.services['eventstore-2'].environment.EVENTSTORE_DEFAULT_ADMIN_PASSWORD),
      /eventstore-2: EVENTSTORE_DEFAULT_ADMIN_PASSWORD is not set as on eventstore/,
    );
    expectProblem(
      broken((c) => (c.services['eventstore-2'].volumes = c.services['eventstore-2'].volumes.filter((v: string) => !v.includes('node-cert')))),
      /eventstore-2: does not mount eventstore-node-cert read-only/,
    );
    expectProblem(
      broken((c) => (c.services[CERTS].environment.NODE_DNS_NAMES = 'eventstore,localhost')),
      /NODE_DNS_NAMES does not name eventstore-2/,
    );
    expectProblem(
      broken((c) => (c.services.api.environment = compose.services.api.environment)),
      /api\.EVENTSTORE_URL: must list every node/,
    );
    expectProblem(
      broken(
        (c) =>
          (c.services.projector.environment.EVENTSTORE_URL = String(c.services.projector.environment.EVENTSTORE_URL).replace('&nodePreference=leader', '')),
      ),
      /projector\.EVENTSTORE_URL: nodePreference=leader/,
    );
  });
});

describe('deploy/compose.monitoring.yml: Prometheus, Grafana and Jaeger', () => {
  it('scrapes every API replica, keeps its data, and shows the dashboard from that Prometheus', () =>
    expect(monitoringProblems(monitoring, monitoringFiles, SAMPLE_ENV, ROOT)).toEqual([]));
  it('keeps every check of the deployment', () => {
    for (const check of [serviceProblems, dependencyProblems, healthcheckProblems, volumeProblems, networkProblems]) expect(check(monitoring)).toEqual([]);
    expect(portProblems(monitoring, SAMPLE_ENV)).toEqual([]);
  });
  it('asks only for metrics the API exports (checked against a real scrape in apps/api/src/metrics.e2e-spec.ts)', () =>
    expect(monitoringMetricNames(monitoringFiles, parse(read('deploy/prometheus/alerts.yml'))).length).toBeGreaterThanOrEqual(4));
  it('catches an unpinned or published service, a scrape of the wrong port, a dashboard on another datasource, a default password', () => {
    const expectProblem = (problems: string[], re: RegExp) => expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
    const broken = (edit: (c: Dict, f: MonitoringFiles) => void) => {
      const c = structuredClone(monitoring);
      const f = structuredClone(monitoringFiles);
      edit(c, f);
      return monitoringProblems(c, f, SAMPLE_ENV, ROOT);
    };
    expectProblem(
      broken((c) => (c.services.prometheus.image = 'prom/prometheus:latest')),
      /prometheus: image .* is not pinned/,
    );
    expectProblem(
      broken((c) => (c.services.grafana.ports = ['3000:3000'])),
      /grafana: publishes ports/,
    );
    expectProblem(
      broken((_, f) => (f.prometheus.scrape_configs[0].dns_sd_configs[0].port = 8080)),
      /the api job must find every replica by DNS/,
    );
    expectProblem(
      broken((_, f) => (f.prometheus.rule_files = ['/etc/prometheus/other.yml'])),
      /rule file \/etc\/prometheus\/other\.yml is not mounted/,
    );
    expectProblem(
      broken((_, f) => (f.dashboard.panels[0].datasource.uid = 'other')),
      /reads datasource other, not prometheus/,
    );
    expectProblem(
      broken((c) => (c.services.jaeger.image = 'jaegertracing/jaeger:latest')),
      /jaeger: image .* is not pinned/,
    );
    expectProblem(
      broken((c) => delete c.services.projector.environment.OTEL_EXPORTER_OTLP_ENDPOINT),
      /projector: OTEL_EXPORTER_OTLP_ENDPOINT is undefined, not http:\/\/jaeger:4318/,
    );
    expectProblem(
      broken((c) => (c.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD = 'admin')),
      /GF_SECURITY_ADMIN_PASSWORD must come from the deployer/,
    );
    expectProblem(
      broken((c) => (c.services.prometheus.volumes = c.services.prometheus.volumes.filter((v: string) => !v.startsWith('prometheus-data')))),
      /--storage\.tsdb\.path \/prometheus is not on a volume/,
    );
  });
});

describe('Dockerfile and .dockerignore', () => {
  it('are consistent with the repository', () => expect(dockerfileProblems(dockerfile, dockerignore, ROOT)).toEqual([]));
});

/** Each check must be able to fail: break one thing, expect that complaint. */
describe('the checks catch', () => {
  const expectProblem = (problems: string[], re: RegExp) => expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
  /** The template with one piece replaced (which must be there). */
  const broken = (from: string | RegExp, to: string) => {
    const out = template.replace(from, to);
    expect(out).not.toEqual(template);
    return out;
  };

  it('a missing service', () => {
    const c = copy();
    delete c.services.qdrant;
    delete c.services.proxy;
    expectProblem(serviceProblems(c), /service qdrant is missing/);
    expectProblem(serviceProblems(c), /service proxy is missing/);
  });
  it('a wrong or unpinned image', () => {
    const c = copy();
    c.services.postgres.image = 'postgres:15';
    c.services.ollama.image = 'ollama/ollama:latest';
    c.services.proxy.image = 'nginx:stable';
    c.services['eventstore-certs'].image = 'eventstore/es-gencert-cli';
    const p = serviceProblems(c);
    expectProblem(p, /postgres: image "postgres:15"/);
    expectProblem(p, /ollama: image "ollama\/ollama:latest" is not pinned/);
    expectProblem(p, /proxy: image "nginx:stable" is not pinned/);
    expectProblem(p, /eventstore-certs: image "eventstore\/es-gencert-cli" is not pinned/);
  });
  it('a missing restart policy, and a one-shot that restarts', () => {
    const c = copy();
    delete c.services.projector.restart;
    c.services['eventstore-certs'].restart = 'on-failure';
    expectProblem(serviceProblems(c), /projector: restart policy/);
    expectProblem(serviceProblems(c), /eventstore-certs: a one-shot must have restart "no"/);
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
  it('depends_on an unknown service, itself, without service_healthy, or on an unfinished one-shot', () => {
    const c = copy();
    c.services.api.depends_on.postgress = { condition: 'service_healthy' };
    c.services.projector.depends_on.projector = { condition: 'service_started' };
    c.services.projector.depends_on.eventstore = { condition: 'service_started' };
    c.services.admin.depends_on = ['api'];
    c.services.eventstore.depends_on['eventstore-certs'] = { condition: 'service_started' };
    const p = dependencyProblems(c);
    expectProblem(p, /api: depends on unknown service postgress/);
    expectProblem(p, /projector: depends on itself/);
    expectProblem(p, /projector: waits for eventstore with service_started/);
    expectProblem(p, /admin: waits for api with service_started/);
    expectProblem(p, /eventstore: waits for the one-shot eventstore-certs with service_started/);
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
    delete c.services.api.environment.SESSION_SECRET;
    c.services.api.environment.DATABASE_URL = 'postgres://megabot:x@localhost:5432/megabot';
    c.services.admin.environment.API_URL = 'http://api:8080';
    c.services.api.environment.QDRANT_URL = 'http://qdrant:6334';
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /projector: environment EVENTSTORE_URL is missing/);
    expectProblem(p, /projector: would use the Postgres event store/);
    expectProblem(p, /bot: environment API_URL is missing/);
    expectProblem(p, /api: environment SESSION_SECRET is missing/);
    expectProblem(p, /api\.DATABASE_URL: .* should be postgres:\/\/postgres:5432/);
    expectProblem(p, /api\.DATABASE_URL: host localhost is not a service/);
    expectProblem(p, /admin\.API_URL: .* should be http:\/\/proxy:3000/);
    expectProblem(p, /api\.QDRANT_URL: .* should be http:\/\/qdrant:6333/);
  });
  it('an app on a network where its services are not', () => {
    const c = copy();
    c.services.projector.networks = ['edge'];
    c.services.admin.networks = ['admin-only'];
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /projector\.DATABASE_URL: projector shares no network with postgres/);
    expectProblem(p, /projector\.EVENTSTORE_URL: projector shares no network with eventstore/);
    expectProblem(p, /admin\.API_URL: admin shares no network with proxy/);
  });
  it('environment libs/config rejects or does not read, and development mode', () => {
    const c = copy();
    c.services.api.environment.DB_POOL_SIZE = '0';
    c.services.projector.environment.DATABASE_URI = 'postgres://x@postgres:5432/megabot';
    c.services.api.environment.API_HOST = '127.0.0.1';
    c.services.api.environment.API_PORT = 3000;
    c.services.api.environment.DEV_MODE = 'false';
    c.services.bot.environment.BOT_MODE = 'polling';
    const p = envProblems(c, SAMPLE_ENV);
    expectProblem(p, /api: loadConfig rejects the environment: [\s\S]*DB_POOL_SIZE/);
    expectProblem(p, /projector: DATABASE_URI is not read by libs\/config/);
    expectProblem(p, /api: API_HOST must be 0\.0\.0\.0/);
    expectProblem(p, /api\.API_PORT: value 3000 must be a quoted string/);
    expectProblem(p, /api: DEV_MODE must not be set in a deployment/);
    expectProblem(p, /bot: BOT_MODE should be webhook/);
  });
  it('a hard-coded, defaulted or optional secret', () => {
    const c = copy();
    c.services.bot.environment.TELEGRAM_BOT_TOKEN = SAMPLE_ENV.TELEGRAM_BOT_TOKEN;
    c.services.postgres.environment.POSTGRES_PASSWORD = 'postgres';
    c.services.api.environment.SESSION_SECRET = '${SESSION_SECRET:-change-me-please-change-me}';
    c.services.projector.environment.AUDIT_CHAIN_KEY = '${AUDIT_CHAIN_KEY}';
    c.services.api.environment.BOT_API_TOKEN = '${BOT_API_TOKEN:?}';
    c.services.api.environment.AUDIT_SIGNING_KEY = 'x${AUDIT_SIGNING_KEY:?set it}';
    const p = secretProblems(c, SAMPLE_ENV);
    expectProblem(p, /bot: does not get TELEGRAM_BOT_TOKEN/);
    expectProblem(p, /postgres: does not get POSTGRES_PASSWORD/);
    expectProblem(p, /api\.SESSION_SECRET: SESSION_SECRET must come from the deployer as \$\{SESSION_SECRET:\?message\}/);
    expectProblem(p, /api: starts without SESSION_SECRET/);
    expectProblem(p, /projector\.AUDIT_CHAIN_KEY: AUDIT_CHAIN_KEY must come from the deployer/);
    expectProblem(p, /projector: starts without AUDIT_CHAIN_KEY/);
    expectProblem(p, /api\.BOT_API_TOKEN: BOT_API_TOKEN must come from the deployer/);
    expectProblem(p, /api\.AUDIT_SIGNING_KEY: must be exactly \$\{AUDIT_SIGNING_KEY:\?message\}/);
  });
  it('a secret missing where it is needed, or given where it is not', () => {
    const c = copy();
    delete c.services.projector.environment.AUDIT_SIGNING_KEY;
    delete c.services.bot.environment.BOT_API_TOKEN;
    c.services.admin.environment.SESSION_SECRET = '${SESSION_SECRET:?set SESSION_SECRET}';
    c.services.proxy.environment.BOT_API_TOKEN = '${BOT_API_TOKEN:?set BOT_API_TOKEN}';
    const p = secretProblems(c, SAMPLE_ENV);
    expectProblem(p, /projector: does not get AUDIT_SIGNING_KEY/);
    expectProblem(p, /bot: does not get BOT_API_TOKEN/);
    expectProblem(p, /admin\.SESSION_SECRET: gets SESSION_SECRET, which admin does not need/);
    expectProblem(p, /proxy\.BOT_API_TOKEN: gets BOT_API_TOKEN, which proxy does not need/);
  });
  it('two services that must agree on a secret and do not', () => {
    const c = copy();
    c.services.projector.environment.AUDIT_CHAIN_KEY = '${AUDIT_CHAIN_KEY:?set it}-projector';
    c.services.bot.environment.BOT_API_TOKEN = '${BOT_API_TOKEN:?set it}x';
    const p = secretProblems(c, SAMPLE_ENV);
    expectProblem(p, /api and projector get different AUDIT_CHAIN_KEY/);
    expectProblem(p, /api and bot get different BOT_API_TOKEN/);
    // during a rotation the API accepts "new,old" and the bot sends the first: that agrees
    const rotating = { ...SAMPLE_ENV, BOT_API_TOKEN: `${SAMPLE_ENV.BOT_API_TOKEN},an-older-token-still-accepted-xxxx` };
    expect(secretProblems(copy(), rotating)).toEqual([]);
  });
  it('an insecure EventStoreDB, or apps that do not use TLS with its CA', () => {
    const c = copy();
    c.services.eventstore.environment.EVENTSTORE_INSECURE = 'true';
    c.services.api.environment.EVENTSTORE_URL = 'esdb://eventstore:2113?tls=false';
    c.services.projector.environment.EVENTSTORE_URL =
      'esdb://admin:${EVENTSTORE_ADMIN_PASSWORD:?x}@eventstore:2113?tls=true&tlsVerifyCert=false&tlsCAFile=/etc/ssl/certs/ca-certificates.crt';
    const p = eventstoreTlsProblems(c, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore: EVENTSTORE_INSECURE=true turns off TLS/);
    expectProblem(p, /api\.EVENTSTORE_URL: must connect with tls=true/);
    expectProblem(p, /api\.EVENTSTORE_URL: tlsCAFile is not set/);
    expectProblem(p, /api\.EVENTSTORE_URL: must log in/);
    expectProblem(p, /projector\.EVENTSTORE_URL: tlsVerifyCert=false trusts any server/);
    expectProblem(p, /projector: EVENTSTORE_URL tlsCAFile \/etc\/ssl\/certs\/ca-certificates\.crt is not on the volume eventstore-ca/);
  });
  it("certificates that are not the one-shot's, writable, or keys that travel", () => {
    const c = copy();
    c.services.eventstore.environment.EVENTSTORE_CERTIFICATE_FILE = '/etc/eventstore/node.crt';
    delete c.services.eventstore.environment.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH;
    delete c.services.eventstore.environment.EVENTSTORE_DEFAULT_ADMIN_PASSWORD;
    c.services.api.volumes = ['eventstore-ca:/etc/megabot/eventstore-ca'];
    c.services.projector.volumes.push('eventstore-ca-key:/etc/megabot/ca-key:ro');
    c.services.bot.volumes = ['eventstore-node-cert:/etc/megabot/node:ro'];
    delete c.services.eventstore.depends_on;
    const p = eventstoreTlsProblems(c, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore: EVENTSTORE_CERTIFICATE_FILE \/etc\/eventstore\/node\.crt is not on the volume eventstore-node-cert/);
    expectProblem(p, /eventstore: EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH is not set/);
    expectProblem(p, /eventstore: EVENTSTORE_DEFAULT_ADMIN_PASSWORD is not set/);
    expectProblem(p, /api\.EVENTSTORE_URL: the password is not eventstore's admin password/);
    expectProblem(p, /api: eventstore-ca must be mounted read-only/);
    expectProblem(p, /projector: mounts the CA's key/);
    expectProblem(p, /bot: mounts the node's key/);
    expectProblem(p, /eventstore: does not wait for eventstore-certs/);
  });
  it('a certificate one-shot that runs something else, online, or writes elsewhere', () => {
    const c = copy();
    const certs = c.services['eventstore-certs'];
    certs.entrypoint = ['es-gencert-cli', 'create-ca'];
    delete certs.network_mode;
    delete certs.user;
    certs.volumes = certs.volumes.map((v: string) => v.replace('eventstore-ca-key:/certs/ca-key', 'eventstore-ca:/certs/ca-key'));
    let p = eventstoreTlsProblems(c, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore-certs: entrypoint must be \["\/bin\/sh"/);
    expectProblem(p, /eventstore-certs: needs no network/);
    expectProblem(p, /eventstore-certs: must run as root/);
    expectProblem(p, /the CA, its key and the node certificate must be three volumes/);
    const other = copy();
    other.services['eventstore-certs'].volumes[0] = './deploy/nginx/default.conf.template:/deploy/make-certs.sh:ro';
    p = eventstoreTlsProblems(other, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore-certs: runs \.\/deploy\/nginx\/default\.conf\.template, not deploy\/eventstore\/make-certs\.sh/);
  });
  it('healthchecks that are missing, empty or cannot work', () => {
    const c = copy();
    delete c.services.qdrant.healthcheck;
    delete c.services.proxy.healthcheck;
    c.services.ollama.healthcheck.test = ['CMD'];
    c.services.eventstore.healthcheck.interval = 'often';
    c.services.postgres.healthcheck.retries = 0;
    c.services.api.healthcheck.test = ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'];
    const p = healthcheckProblems(c);
    expectProblem(p, /qdrant: has no healthcheck/);
    expectProblem(p, /proxy: has no healthcheck/);
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
  it('an eventstore healthcheck over http or without verifying the certificate', () => {
    const c = copy();
    c.services.eventstore.healthcheck.test = ['CMD-SHELL', 'curl -fsS http://localhost:2113/health/live || exit 1'];
    expectProblem(healthcheckProblems(c), /eventstore: healthcheck must use https:\/\/localhost:2113/);
    c.services.eventstore.healthcheck.test = ['CMD-SHELL', 'curl -fsS -k https://localhost:2113/health/live || exit 1'];
    expectProblem(healthcheckProblems(c), /eventstore: healthcheck must verify the server with --cacert/);
  });
  it('ports that are numbers, malformed, published by anything but the proxy, or other than 80 and 443', () => {
    const c = copy();
    c.services.admin.ports = [8080, '70000:80', 'abc'];
    c.services.api.ports = ['3000:3000'];
    c.services.bot.ports = ['8443:8443'];
    c.services.proxy.ports = ['443:443', '8080:8080'];
    const p = portProblems(c, SAMPLE_ENV);
    expectProblem(p, /admin: port 8080 must be a quoted string/);
    expectProblem(p, /admin: port "70000:80" is not/);
    expectProblem(p, /admin: port "abc" is not/);
    expectProblem(p, /api: publishes \["3000:3000"\]; only the proxy may publish ports/);
    expectProblem(p, /bot: publishes \["8443:8443"\]/);
    expectProblem(p, /proxy: must publish exactly 80:80 .* and 443:443/);
  });
  it('undeclared volumes and infrastructure data off a volume', () => {
    const c = copy();
    c.services.qdrant.volumes = ['qdrant-storage:/qdrant/storage'];
    c.services.postgres.volumes = ['./pgdata:/var/lib/postgresql/data'];
    const p = volumeProblems(c);
    expectProblem(p, /qdrant: volume qdrant-storage is not declared/);
    expectProblem(p, /postgres: \/var\/lib\/postgresql\/data is not on a named volume/);
  });
  it('a proxy on the infrastructure network, and undeclared networks', () => {
    const c = copy();
    c.services.proxy.networks = ['edge', 'backend'];
    c.services.admin.networks = ['front'];
    delete c.services.postgres.networks;
    c.services.proxy.networks.push('default');
    const p = networkProblems(c);
    expectProblem(p, /proxy: shares a network with eventstore/);
    expectProblem(p, /proxy: shares a network with postgres/);
    expectProblem(p, /admin: network front is not declared/);
  });
  it('a route to the API beyond the schedule and /app/, or any other extra route', () => {
    const extra = broken(
      '    # The admin site;',
      '    location /auctions {\n        set $api_upstream api:3000;\n        proxy_pass http://$api_upstream;\n    }\n\n    # The admin site;',
    );
    expectProblem(proxyProblems(copy(), extra, SAMPLE_ENV, ROOT), /proxy: routes \/auctions to api:3000, which is none of the allowed routes/);
    const prefix = broken('location = /displays/schedule', 'location /displays/');
    const p = proxyProblems(copy(), prefix, SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: routes \/displays\/ to api:3000, which is none of the allowed routes/);
    expectProblem(p, /proxy: does not route = \/displays\/schedule to api/);
    const wholeApi = broken('set $admin_upstream admin:3001;', 'set $admin_upstream api:3000;');
    expectProblem(proxyProblems(copy(), wholeApi, SAMPLE_ENV, ROOT), /proxy: routes \/ to api:3000, not admin:3001/);
  });
  it('a route to the wrong service or port, to no service, or to a literal host', () => {
    let p = proxyProblems(copy(), broken('set $bot_upstream bot:8443;', 'set $bot_upstream bot:8080;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: routes = \/telegram\/webhook to bot:8080, not bot:8443/);
    p = proxyProblems(copy(), broken('set $admin_upstream admin:3001;', 'set $admin_upstream admn:3001;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: routes \/ to admn, which is not a service/);
    p = proxyProblems(copy(), broken('proxy_pass http://$bot_upstream;', 'proxy_pass http://bot:8443;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: = \/telegram\/webhook: proxy_pass to a literal host is resolved once at start/);
    const c = copy();
    c.services.bot.networks = ['backend'];
    expectProblem(proxyProblems(c, template, SAMPLE_ENV, ROOT), /proxy: shares no network with bot, where it routes = \/telegram\/webhook/);
  });
  it('a webhook path the bot does not serve, and a webhook URL off the proxy', () => {
    const c = copy();
    c.services.bot.environment.BOT_WEBHOOK_URL = 'https://${PUBLIC_HOST:?x}/telegram/hook';
    let p = proxyProblems(c, template, SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: routes = \/telegram\/webhook to bot:8443, which is none of the allowed routes/);
    expectProblem(p, /proxy: does not route = \/telegram\/hook to bot/);
    c.services.bot.environment.BOT_WEBHOOK_URL = 'https://bot.example.org:8443/telegram/webhook';
    p = proxyProblems(c, template, SAMPLE_ENV, ROOT);
    expectProblem(p, /bot: BOT_WEBHOOK_URL https:\/\/bot\.example\.org:8443\/telegram\/webhook must be https:\/\/<PUBLIC_HOST>/);
  });
  it('methods beyond what the webhook and the displays use', () => {
    let p = proxyProblems(copy(), broken('limit_except POST {', 'limit_except POST GET {'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: = \/telegram\/webhook must allow POST only/);
    p = proxyProblems(copy(), broken(/limit_except GET \{\s*deny all;\s*\}/, ''), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: = \/displays\/schedule must allow GET only/);
  });
  it('plain http that serves instead of redirecting, or redirects elsewhere', () => {
    let p = proxyProblems(
      copy(),
      broken('return 301 https://${PUBLIC_HOST}$request_uri;', 'location / { set $a admin:3001; proxy_pass http://$a; }'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /proxy: server megabot\.example\.com :80 proxies \/ without TLS/);
    expectProblem(p, /proxy: server megabot\.example\.com :80 must return 301 https:\/\/…/);
    p = proxyProblems(copy(), broken('return 301 https://${PUBLIC_HOST}$request_uri;', 'return 301 https://$host$request_uri;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /redirects to https:\/\/\$host\$request_uri, not https:\/\/megabot\.example\.com\$request_uri/);
  });
  it('TLS without the mounted certificate, old protocols or HSTS, and a server for another name', () => {
    let p = proxyProblems(copy(), broken('ssl_certificate /etc/nginx/certs/fullchain.pem;', 'ssl_certificate /etc/ssl/fullchain.pem;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /ssl_certificate \/etc\/ssl\/fullchain\.pem is not in a directory mounted from the host/);
    p = proxyProblems(copy(), broken('ssl_protocols TLSv1.2 TLSv1.3;', 'ssl_protocols TLSv1 TLSv1.2 TLSv1.3;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /ssl_protocols must be TLSv1\.2\/TLSv1\.3 only/);
    p = proxyProblems(copy(), broken(/\n\s*add_header Strict-Transport-Security[^\n]*/, ''), SAMPLE_ENV, ROOT);
    expectProblem(p, /does not send Strict-Transport-Security/);
    p = proxyProblems(
      copy(),
      broken('ssl_reject_handshake on;', 'ssl_certificate /etc/nginx/certs/fullchain.pem; ssl_certificate_key /etc/nginx/certs/privkey.pem;'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /proxy: server _ :443 serves TLS for a name other than PUBLIC_HOST/);
    const c = copy();
    c.services.proxy.volumes[1] = '/etc/letsencrypt/live/x:/etc/nginx/certs';
    p = proxyProblems(c, template, SAMPLE_ENV, ROOT);
    expectProblem(p, /the certificate directory must come from the deployer as \$\{TLS_CERT_DIR:\?message\}/);
    expectProblem(p, /the certificate directory must be mounted read-only/);
  });
  it('forwarded headers missing, overridden in a location, or trusting the client', () => {
    let p = proxyProblems(
      copy(),
      broken('proxy_set_header X-Forwarded-For $remote_addr;', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /X-Forwarded-For must be \$remote_addr/);
    // a location with a proxy_set_header of its own inherits none of the server's
    p = proxyProblems(
      copy(),
      broken('set $admin_upstream admin:3001;', 'set $admin_upstream admin:3001;\n        proxy_set_header X-Admin yes;'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /proxy: \/ does not set X-Forwarded-Proto/);
    expectProblem(p, /proxy: \/ does not set Host/);
  });
  it('timeouts and body limits that are unset, unlimited or too long', () => {
    let p = proxyProblems(copy(), broken(/\nproxy_read_timeout [^;]+;/, ''), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: \/: proxy_read_timeout is not set \(nginx's default is 60 s\)/);
    p = proxyProblems(copy(), broken('send_timeout 30s;', 'send_timeout 10m;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /send_timeout 10m is not between 1 ms and 120 s/);
    p = proxyProblems(copy(), broken('client_max_body_size 1k;', 'client_max_body_size 0;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: = \/displays\/schedule: client_max_body_size 0 is not between 1 byte and 10m/);
    p = proxyProblems(copy(), broken('client_max_body_size 1m;', 'client_max_body_size 100m;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: \/: client_max_body_size 100m is not between/);
  });
  it('a template variable the image does not substitute, a missing resolver, a syntax error', () => {
    const c = copy();
    c.services.proxy.environment.NGINX_ENVSUBST_FILTER = 'NOTHING';
    expectProblem(proxyProblems(c, template, SAMPLE_ENV, ROOT), /the template's \$\{PUBLIC_HOST\} is not substituted/);
    expectProblem(proxyProblems(copy(), broken(/\nresolver [^;]+;/, ''), SAMPLE_ENV, ROOT), /resolver must be Docker's DNS 127\.0\.0\.11/);
    expectProblem(
      proxyProblems(
        copy(),
        broken('proxy_pass http://api;\n    }\n}\n\n# For the container', 'proxy_pass http://api;\n}\n\n# For the container'),
        SAMPLE_ENV,
        ROOT,
      ),
      /nginx config line \d+/,
    );
  });
  it('an API upstream without runtime resolution, a zone or consistent hashing on the lot id', () => {
    let p = proxyProblems(copy(), broken('server api:3000 resolve;', 'server api:3000;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: = \/displays\/schedule: proxy_pass to a literal host is resolved once at start/);
    expectProblem(p, /server \(no name\) :3000: the api upstream's servers must be resolved while running/);
    p = proxyProblems(copy(), broken('zone api 64k;', ''), SAMPLE_ENV, ROOT);
    expectProblem(p, /upstream api needs a zone/);
    p = proxyProblems(copy(), broken('hash $api_affinity consistent;', 'hash $api_affinity;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /upstream api must balance by `hash <key> consistent`/);
    p = proxyProblems(copy(), broken('hash $api_affinity consistent;', 'hash $request_uri consistent;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /hash key \$request_uri must be mapped from \$uri to the lot id/);
    p = proxyProblems(copy(), broken('~^/auctions/(?<lot>[^/]+) $lot;', '~^/auctions/(?<lot>[^/]+) $uri;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /hash key \$api_affinity must be mapped from \$uri to the lot id/);
    p = proxyProblems(copy(), broken('default $request_id;', 'default "";'), SAMPLE_ENV, ROOT);
    expectProblem(p, /\$api_affinity must default to \$request_id/);
  });

  it('an internal API server that is missing, published, routes elsewhere or more than the API', () => {
    let p = proxyProblems(copy(), broken(/\nserver \{\n {4}listen 3000;[^}]+\}\n\}\n/, '\n'), SAMPLE_ENV, ROOT);
    expectProblem(p, /needs one unpublished plain-http server on :3000 for the apps' API_URL, found 0/);
    p = proxyProblems(
      copy(),
      broken(
        '        proxy_pass http://api;\n    }\n}\n\n# For the container',
        '        set $a admin:3001;\n        proxy_pass http://$a;\n    }\n}\n\n# For the container',
      ),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /server \(no name\) :3000 \(the internal API for API_URL\) must pass location \/ to the api upstream/);
    p = proxyProblems(
      copy(),
      broken('    listen 3000;\n    location / {', '    listen 3000;\n    location /x { return 404; }\n    location / {'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /\(the internal API for API_URL\) must pass location \/ to the api upstream, and nothing else/);
    const c = copy();
    c.services.proxy.ports.push('3000:3000');
    expectProblem(proxyProblems(c, template, SAMPLE_ENV, ROOT), /needs one unpublished plain-http server on :3000/);
  });

  it('a template or certificate mount that is wrong, and a healthcheck nothing answers', () => {
    const c = copy();
    c.services.proxy.volumes[0] = './deploy/nginx/default.conf.template:/etc/nginx/conf.d/default.conf';
    c.services.proxy.healthcheck.test = ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz'];
    const p = proxyProblems(c, template, SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: nothing is mounted at \/etc\/nginx\/templates\/default\.conf\.template/);
    expectProblem(p, /proxy: the healthcheck .* does not ask a loopback server that returns 200/);
  });
  it('a template mounted writable or from another file, and no PUBLIC_HOST', () => {
    const c = copy();
    c.services.proxy.volumes[0] = './deploy/eventstore/make-certs.sh:/etc/nginx/templates/default.conf.template';
    delete c.services.proxy.environment.PUBLIC_HOST;
    const p = proxyProblems(c, template, SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: \.\/deploy\/eventstore\/make-certs\.sh is mounted as the template, not deploy\/nginx\/default\.conf\.template/);
    expectProblem(p, /proxy: the template must be mounted read-only/);
    expectProblem(p, /proxy: PUBLIC_HOST is not set/);
  });
  it('server tokens, ports published and listened on that do not match, and proxying outside the plain shape', () => {
    let p = proxyProblems(copy(), broken('server_tokens off;', 'server_tokens on;'), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: server_tokens must be off/);
    p = proxyProblems(
      copy(),
      broken(
        /listen 80 default_server;[\s\S]*?listen 80;/,
        'listen 8080 default_server;\n    server_name _;\n    return 444;\n}\n\nserver {\n    listen 8081;',
      ),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /proxy: publishes 80, but no server listens on it/);
    expectProblem(p, /proxy: server _ :8080 listens on 8080, which is not published/);
    p = proxyProblems(copy(), broken('location ^~ /app/ {', 'location ^~ /app/ {\n        location /app/x { return 404; }'), SAMPLE_ENV, ROOT);
    expectProblem(p, /location \^~ \/app\/ nests locations/);
    p = proxyProblems(
      copy(),
      broken('ssl_reject_handshake on;', 'ssl_reject_handshake on;\n    location / { return 404; }\n    proxy_pass http://admin:3001;'),
      SAMPLE_ENV,
      ROOT,
    );
    expectProblem(p, /proxy: server _ :443 rejects TLS handshakes but has locations/);
    expectProblem(p, /proxy: server _ :443 has proxy_pass outside a location/);
    p = proxyProblems(copy(), broken(/\n\s*ssl_certificate_key [^;]+;/, ''), SAMPLE_ENV, ROOT);
    expectProblem(p, /proxy: server megabot\.example\.com :443 has no ssl_certificate_key/);
    const c = copy();
    c.services.bot.environment.BOT_WEBHOOK_URL = 'telegram/webhook';
    expectProblem(proxyProblems(c, template, SAMPLE_ENV, ROOT), /bot: BOT_WEBHOOK_URL "telegram\/webhook" is not a URL/);
  });
  it('certificate files under other names, a one-shot without its directory, volume or script, and the default ops password', () => {
    const c = copy();
    c.services.eventstore.environment.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE = '/etc/eventstore/certs/node/server.key';
    delete c.services.eventstore.environment.EVENTSTORE_DEFAULT_OPS_PASSWORD;
    c.services['eventstore-certs'].volumes = c.services['eventstore-certs'].volumes.filter((v: string) => !v.startsWith('eventstore-ca-key:'));
    c.services['eventstore-certs'].volumes[0] = './deploy/eventstore/missing.sh:/deploy/make-certs.sh';
    let p = eventstoreTlsProblems(c, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore: EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE \/etc\/eventstore\/certs\/node\/server\.key should be …\/node\.key/);
    expectProblem(p, /eventstore: EVENTSTORE_DEFAULT_OPS_PASSWORD is not set/);
    expectProblem(p, /eventstore-certs: no named volume at \/certs\/ca-key/);
    expectProblem(p, /eventstore-certs: \/deploy\/make-certs\.sh is not a read-only bind mount/);
    const d = copy();
    delete d.services['eventstore-certs'].environment.CERTS_DIR;
    d.services['eventstore-certs'].volumes[0] = './deploy/eventstore/missing.sh:/deploy/make-certs.sh:ro';
    p = eventstoreTlsProblems(d, SAMPLE_ENV, ROOT);
    expectProblem(p, /eventstore-certs: CERTS_DIR is not set/);
    expectProblem(p, /eventstore-certs: runs \.\/deploy\/eventstore\/missing\.sh, not deploy\/eventstore\/make-certs\.sh/);
  });
  it('a single-stage Dockerfile on another base', () => {
    const p = dockerfileProblems('FROM node:22\nCOPY . .\nRUN npm install\nCMD ["node", "dist/apps/api/src/main.js"]\n', dockerignore, ROOT);
    expectProblem(p, /needs a builder and a runtime stage/);
    expectProblem(p, /FROM node:22, not node:22\.<minor>-bookworm-slim/);
    expectProblem(p, /no stage named builder/);
  });
  it('an unmaintained Node, mixed bases, or a base package.json does not allow', () => {
    let p = dockerfileProblems(dockerfile.replace(/node:22\.\d+-bookworm-slim/g, 'node:20-bookworm-slim'), dockerignore, ROOT);
    expectProblem(p, /stage builder is FROM node:20-bookworm-slim, not node:22/);
    p = dockerfileProblems(dockerfile.replace(/FROM node:22\.\d+-bookworm-slim AS runtime/, 'FROM node:22.1-bookworm-slim AS runtime'), dockerignore, ROOT);
    expectProblem(p, /the stages build and run on different bases/);
    expect(satisfies('22.23.0', '>=20.19 <21 || >=22')).toBe(true);
    expect(satisfies('22.23.0', '>=20.19 <21')).toBe(false);
    expect(satisfies('21.7.0', '>=20.19 <21 || >=22')).toBe(false);
  });
  it("a runtime without the servers' Node flags", () => {
    const broken = dockerfile.replace(/ \\\n\s*NODE_OPTIONS=\S+/, '');
    expect(broken).not.toEqual(dockerfile);
    expectProblem(dockerfileProblems(broken, dockerignore, ROOT), /runtime NODE_OPTIONS is unset, not the servers' flags/);
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
