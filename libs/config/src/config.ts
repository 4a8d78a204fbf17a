import { createPrivateKey } from 'node:crypto';
import * as path from 'node:path';

/**
 * Configuration from the environment, validated once at start. Every
 * external part is optional: unset means the embedded default.
 */
export interface AppConfig {
  /** PostgreSQL for read models (and the event store, without EVENTSTORE_URL). Unset: embedded server. */
  databaseUrl?: string;
  /** EventStoreDB connection string (esdb://…). Unset: the Postgres event store. */
  eventStoreUrl?: string;
  qdrantUrl?: string;
  ollamaUrl?: string;
  /** Knowledge: the Ollama model that embeds passages and questions (with OLLAMA_URL). */
  ollamaEmbedModel: string;
  /** Knowledge: the Ollama model that writes cited answers (with OLLAMA_URL). */
  ollamaAnswerModel: string;
  telegramBotToken?: string;
  /** The bot's username (without @): the door displays' check-in QR links to t.me/<it>. */
  telegramBotUsername?: string;
  smtpUrl?: string;
  /** OpenTelemetry: where traces go (OTLP over HTTP); unset: no tracing, nothing recorded. */
  otlpEndpoint?: string;
  dataDir: string;
  apiHost: string;
  apiPort: number;
  /** HTTP stack of the API: fastify (measured faster) or express. */
  httpAdapter: 'fastify' | 'express';
  /** Database connections per process. */
  dbPoolSize: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** How long a query may wait for the read model to reach a position. */
  readWaitTimeoutMs: number;
  /** Employees with the admin role (until the identity feature assigns roles). */
  adminEmployeeIds: string[];
  /** Employees with the auditor role. */
  auditorEmployeeIds: string[];
  /** Bids (and buy-nows) per employee per minute; 0 = unlimited. */
  bidRateLimitPerMinute: number;
  /** Show other bidders as "Bidder #n" instead of their employee ids. */
  auctionMaskBidders: boolean;
  /** Identity: corporate e-mail domains (lower case) that may receive verification codes. */
  identityEmailDomains: string[];
  identityCodeLength: number;
  identityCodeTtlMinutes: number;
  identityMaxAttempts: number;
  identityLockMinutes: number;
  identityResendsPerHour: number;
  /** Key of the HMAC that verification codes are stored as; unset: a random key kept in DATA_DIR. */
  identityCodeSecret?: string;
  /** Sender of verification e-mails. */
  mailFrom: string;
  /** Credentials of the bot service (BOT_API_TOKEN: one, or several during a rotation; the bot uses the first). */
  botApiTokens: string[];
  /** Signs session cookies and CSRF tokens; unset: random, kept in DATA_DIR. */
  sessionSecret?: string;
  /** Keys the auction hash chain (HMAC) with a secret outside the database; unset: random, kept in DATA_DIR. */
  auditChainKey?: string;
  /** Ed25519 private key (PKCS#8 PEM, or its base64) that signs the stream-head checkpoints; unset: generated in DATA_DIR. */
  auditSigningKey?: string;
  /** Minutes between signed checkpoints of the auction streams' heads. */
  auditCheckpointMinutes: number;
  /** Folders a file-share knowledge source may read (a source's location must lie inside one). */
  knowledgeShareRoots: string[];
  /** Local development (`npm start` sets it): the mail outbox page, http cookies. */
  devMode: boolean;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (0: none, a direct client could forge it). */
  trustProxyHops: number;
  /** Verification codes per corporate e-mail address and hour, whichever Telegram accounts ask. */
  identityCodesPerEmailPerHour: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const url = (name: string, protocols: string[]) => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${u.protocol}//…")`);
    } catch {
      problems.push(`${name} is not a valid URL: "${redact(v)}"`);
    }
    return v;
  };
  const eventStoreUrl = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    const problem = eventStoreUrlProblem(v);
    if (problem) problems.push(`${name} is not a valid EventStoreDB connection string: ${problem} (got "${redact(v)}")`);
    return v;
  };
  const int = (name: string, def: number, min: number, max: number) => {
    const v = str(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${v}")`);
      return def;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], def: T): T => {
    const v = str(name);
    if (v === undefined) return def;
    if (!values.includes(v as T)) {
      problems.push(`${name} must be one of ${values.join(', ')} (got "${v}")`);
      return def;
    }
    return v as T;
  };

  const idList = (name: string) => {
    const v = str(name);
    if (v === undefined) return [];
    const ids = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const bad = ids.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id));
    if (bad.length)
      problems.push(`${name} must be comma-separated employee ids (letters, digits, "_" or "-"); not valid: ${bad.map((b) => `"${b}"`).join(', ')}`);
    return [...new Set(ids)];
  };
  const bool = (name: string, def: boolean) => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return def;
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return def;
  };

  const domainList = (name: string, def: string[]) => {
    const v = str(name);
    if (v === undefined) return def;
    const domains = [
      ...new Set(
        v
          .split(',')
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const bad = domains.filter((d) => !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d));
    if (!domains.length || bad.length)
      problems.push(`${name} must be comma-separated domain names, e.g. company.com,corp.company.com (not valid: ${bad.join(', ') || 'empty'})`);
    return domains;
  };
  const secret = (name: string) => {
    const v = str(name);
    if (v !== undefined && v.length < 16) problems.push(`${name} must be at least 16 characters`);
    return v;
  };

  const tokenList = (name: string) => {
    const v = str(name);
    if (v === undefined) return [];
    const tokens = v
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (tokens.some((t) => t.length < 24 || !/^[\x21-\x7e]+$/.test(t)))
      problems.push(`${name} must be comma-separated tokens of at least 24 printable characters (no spaces)`);
    return tokens;
  };

  const ed25519Key = (name: string) => {
    const v = str(name);
    if (v === undefined) return undefined;
    const pem = v.includes('BEGIN') ? v : Buffer.from(v, 'base64').toString('utf8');
    try {
      if (createPrivateKey(pem).asymmetricKeyType !== 'ed25519') problems.push(`${name} must be an Ed25519 private key (openssl genpkey -algorithm ed25519)`);
    } catch {
      problems.push(`${name} must be an Ed25519 private key in PKCS#8 PEM, or that PEM in base64 (openssl genpkey -algorithm ed25519)`);
    }
    return v;
  };
  const botUsername = str('TELEGRAM_BOT_USERNAME')?.replace(/^@/, '');
  if (botUsername !== undefined && !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(botUsername)) {
    problems.push(`TELEGRAM_BOT_USERNAME must be a bot username such as MegaCorpRoomsBot (got "${botUsername}")`);
  }
  const token = str('TELEGRAM_BOT_TOKEN');
  if (token !== undefined && !/^\d+:[A-Za-z0-9_-]{20,}$/.test(token)) {
    problems.push('TELEGRAM_BOT_TOKEN does not look like a bot token ("<digits>:<secret>", from @BotFather)');
  }

  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    eventStoreUrl: eventStoreUrl('EVENTSTORE_URL'),
    qdrantUrl: url('QDRANT_URL', ['http:', 'https:']),
    ollamaUrl: url('OLLAMA_URL', ['http:', 'https:']),
    ollamaEmbedModel: str('OLLAMA_EMBED_MODEL') ?? 'bge-m3',
    ollamaAnswerModel: str('OLLAMA_ANSWER_MODEL') ?? 'qwen2.5:3b',
    telegramBotToken: token,
    telegramBotUsername: botUsername,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    otlpEndpoint: url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    dataDir: path.resolve(str('DATA_DIR') ?? '.data'),
    apiHost: str('API_HOST') ?? '127.0.0.1',
    apiPort: int('API_PORT', 3000, 0, 65535),
    httpAdapter: oneOf('HTTP_ADAPTER', ['fastify', 'express'] as const, 'fastify'),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    logLevel: oneOf('LOG_LEVEL', ['error', 'warn', 'log', 'debug'] as const, 'log'),
    readWaitTimeoutMs: int('READ_WAIT_TIMEOUT_MS', 5000, 0, 60000),
    adminEmployeeIds: idList('ADMIN_EMPLOYEE_IDS'),
    auditorEmployeeIds: idList('AUDITOR_EMPLOYEE_IDS'),
    bidRateLimitPerMinute: int('BID_RATE_LIMIT_PER_MINUTE', 60, 0, 1_000_000),
    auctionMaskBidders: bool('AUCTION_MASK_BIDDERS', false),
    identityEmailDomains: domainList('IDENTITY_EMAIL_DOMAINS', ['example.com']),
    identityCodeLength: int('IDENTITY_CODE_LENGTH', 6, 4, 12),
    identityCodeTtlMinutes: int('IDENTITY_CODE_TTL_MINUTES', 10, 1, 1440),
    identityMaxAttempts: int('IDENTITY_MAX_ATTEMPTS', 5, 1, 20),
    identityLockMinutes: int('IDENTITY_LOCK_MINUTES', 30, 1, 10080),
    identityResendsPerHour: int('IDENTITY_RESENDS_PER_HOUR', 3, 0, 20),
    identityCodeSecret: secret('IDENTITY_CODE_SECRET'),
    mailFrom: str('MAIL_FROM') ?? 'Megabot <no-reply@megabot.local>',
    botApiTokens: tokenList('BOT_API_TOKEN'),
    sessionSecret: secret('SESSION_SECRET'),
    auditChainKey: secret('AUDIT_CHAIN_KEY'),
    auditSigningKey: ed25519Key('AUDIT_SIGNING_KEY'),
    auditCheckpointMinutes: int('AUDIT_CHECKPOINT_MINUTES', 60, 1, 10080),
    knowledgeShareRoots: (str('KNOWLEDGE_SHARE_ROOTS') ?? 'samples/knowledge')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => path.resolve(p)),
    devMode: bool('DEV_MODE', false),
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 5),
    identityCodesPerEmailPerHour: int('IDENTITY_CODES_PER_EMAIL_PER_HOUR', 5, 1, 100),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Options @eventstore/db-client reads from a connection string (keys compared without case, "-" and "_"), and their kind. */
const EVENTSTORE_OPTIONS: Record<string, 'bool' | 'int' | 'text' | 'nodePreference'> = {
  tls: 'bool',
  tlsverifycert: 'bool',
  throwonappendfailure: 'bool',
  dnsdiscover: 'bool',
  tlscafile: 'text',
  usercertfile: 'text',
  userkeyfile: 'text',
  connectionname: 'text',
  maxdiscoverattempts: 'int',
  discoveryinterval: 'int',
  gossiptimeout: 'int',
  defaultdeadline: 'int',
  keepaliveinterval: 'int',
  keepalivetimeout: 'int',
  nodepreference: 'nodePreference',
};

/**
 * What is wrong with an EventStoreDB connection string, as the client parses
 * it: `esdb://[user:password@]host[:port][,host[:port]...][?key=value&...]`
 * or `esdb+discover://` with the cluster's DNS name. (`new URL` cannot check
 * these: it refuses a cluster's list of nodes.)
 */
export function eventStoreUrlProblem(value: string): string | undefined {
  const m = /^(esdb|esdb\+discover):\/\/(?:([^@/?]*)@)?([^/?]*)\/*(?:\?(.*))?$/.exec(value.trim());
  if (!m) return 'it must be esdb://host:port (a cluster: esdb://a:2113,b:2113,c:2113) or esdb+discover://cluster-dns-name, then ?key=value options';
  const [, scheme, credentials, hostList, query] = m;
  if (credentials !== undefined && !/^[^:]+:.+$/.test(credentials)) return 'credentials must be user:password@';
  const hosts = hostList.split(',');
  for (const host of hosts) {
    const h = /^([A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(host.trim());
    if (!h) return `"${host}" is not a host or host:port`;
    if (h[2] !== undefined && (Number(h[2]) < 1 || Number(h[2]) > 65535)) return `the port of "${host}" is not between 1 and 65535`;
  }
  if (scheme === 'esdb+discover' && hosts.length > 1)
    return 'esdb+discover:// takes the one DNS name of the cluster; list the nodes with esdb://a:2113,b:2113,c:2113';
  for (const pair of query ? query.split('&') : []) {
    const [key, v, ...rest] = pair.split('=');
    if (!key || !v || rest.length) return `option "${pair}" is not key=value`;
    const kind = EVENTSTORE_OPTIONS[key.toLowerCase().replace(/[_-]/g, '')];
    if (!kind) return `unknown option "${key}" (known: tls, nodePreference, defaultDeadline, keepAliveInterval, ...)`;
    if (kind === 'bool' && v !== 'true' && v !== 'false') return `${key} must be true or false`;
    if (kind === 'int' && !/^\d+$/.test(v)) return `${key} must be a whole number`;
    if (kind === 'nodePreference' && !['leader', 'follower', 'random', 'readonlyreplica'].includes(v.toLowerCase().replace(/[_-]/g, ''))) {
      return 'nodePreference must be leader, follower, random or read_only_replica';
    }
  }
  return undefined;
}

function redact(v: string): string {
  return v.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/** The configuration table of the README, kept next to the code that reads it. */
export const CONFIG_DOC: { name: string; default: string; meaning: string }[] = [
  { name: 'DATABASE_URL', default: 'embedded PostgreSQL in ./.data', meaning: 'PostgreSQL for read models (and events without EVENTSTORE_URL)' },
  {
    name: 'EVENTSTORE_URL',
    default: 'Postgres event store',
    meaning: 'EventStoreDB, e.g. esdb://localhost:2113?tls=false, a cluster esdb://a:2113,b:2113,c:2113 or esdb+discover://cluster-dns',
  },
  { name: 'QDRANT_URL', default: 'in-process vector index', meaning: 'Qdrant for the knowledge assistant' },
  { name: 'OLLAMA_URL', default: 'local embedder', meaning: 'Ollama for embeddings and answers' },
  {
    name: 'OLLAMA_EMBED_MODEL',
    default: 'bge-m3',
    meaning:
      'knowledge: the Ollama model embedding passages and questions (multilingual); after changing it run `npm run projections:rebuild -- knowledge` (vectors of another model are not compared)',
  },
  { name: 'OLLAMA_ANSWER_MODEL', default: 'qwen2.5:3b', meaning: 'knowledge: the Ollama model writing cited answers from the passages' },
  { name: 'TELEGRAM_BOT_TOKEN', default: 'local Bot API emulator', meaning: 'your bot token from @BotFather' },
  {
    name: 'TELEGRAM_BOT_USERNAME',
    default: 'none (`npm start` with the emulator: megabot_dev_bot)',
    meaning:
      "the bot's username: door displays show a check-in QR code linking to t.me/<it>?start=checkin_<room>; without it they ask to check in without a code",
  },
  { name: 'SMTP_URL', default: 'outbox files in ./.data/outbox', meaning: 'SMTP server for verification codes' },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    default: 'no tracing',
    meaning:
      'OpenTelemetry collector (OTLP/HTTP, e.g. http://otel-collector:4318): traces follow each command from the request through the append to every projection',
  },
  { name: 'DATA_DIR', default: './.data', meaning: 'embedded database and outbox folder' },
  { name: 'API_HOST / API_PORT', default: '127.0.0.1 / 3000 (0 = any free port)', meaning: 'where the API listens' },
  { name: 'HTTP_ADAPTER', default: 'fastify', meaning: 'fastify or express' },
  { name: 'DB_POOL_SIZE', default: '10', meaning: 'connections per process' },
  { name: 'READ_WAIT_TIMEOUT_MS', default: '5000', meaning: 'longest a query waits for `waitFor`' },
  { name: 'LOG_LEVEL', default: 'log', meaning: 'error, warn, log or debug' },
  {
    name: 'ADMIN_EMPLOYEE_IDS',
    default: 'none (`npm start`: e-anna)',
    meaning:
      'comma-separated employee ids that have the admin role whatever identity says (unless dismissed): the bootstrap admin who hires the first employees',
  },
  {
    name: 'AUDITOR_EMPLOYEE_IDS',
    default: 'none',
    meaning: 'comma-separated employee ids with the auditor role besides the ones identity gives it (unless dismissed)',
  },
  {
    name: 'BID_RATE_LIMIT_PER_MINUTE',
    default: '60',
    meaning: 'bids and buy-nows per employee per minute and API process (token bucket; 0 = unlimited); over it: 429 with Retry-After',
  },
  {
    name: 'IDENTITY_EMAIL_DOMAINS',
    default: 'example.com',
    meaning: 'comma-separated corporate e-mail domains: employees are hired with, and verification codes go only to, addresses in them',
  },
  { name: 'IDENTITY_CODE_LENGTH', default: '6', meaning: 'digits in a verification code (4-12)' },
  { name: 'IDENTITY_CODE_TTL_MINUTES', default: '10', meaning: 'how long a verification code is accepted' },
  { name: 'IDENTITY_MAX_ATTEMPTS', default: '5', meaning: 'wrong codes in a row that lock the verification' },
  { name: 'IDENTITY_LOCK_MINUTES', default: '30', meaning: 'how long a locked verification refuses codes' },
  { name: 'IDENTITY_RESENDS_PER_HOUR', default: '3', meaning: 'new codes after the first one per Telegram account in a rolling hour' },
  {
    name: 'IDENTITY_CODE_SECRET',
    default: 'random, kept in DATA_DIR/identity-secret',
    meaning: 'HMAC key verification codes are stored as (set the same value on every API instance)',
  },
  { name: 'MAIL_FROM', default: 'Megabot <no-reply@megabot.local>', meaning: 'sender of verification e-mails' },
  {
    name: 'IDENTITY_CODES_PER_EMAIL_PER_HOUR',
    default: '5',
    meaning: 'verification codes per corporate e-mail address in a rolling hour, whichever Telegram accounts ask (no mail bombing by rotating accounts)',
  },
  {
    name: 'BOT_API_TOKEN',
    default: 'none (`npm start` generates one in DATA_DIR/bot-api-token)',
    meaning: "the bot service's credential for the API (at least 24 characters); comma-separated to accept several during a rotation - the bot uses the first",
  },
  {
    name: 'SESSION_SECRET',
    default: 'random, kept in DATA_DIR/session-secret',
    meaning: 'signs web session cookies and CSRF tokens (the same on every API instance)',
  },
  {
    name: 'AUDIT_CHAIN_KEY',
    default: 'random, kept in DATA_DIR/audit-chain-key',
    meaning: 'HMAC key of the auction hash chain, outside the database (the same on every writer; its id is in each event)',
  },
  {
    name: 'AUDIT_SIGNING_KEY',
    default: 'generated in DATA_DIR/audit-signing-key.pem',
    meaning: 'Ed25519 private key (PEM) that signs the stream-head checkpoints auditors keep; its public key is served at /audit/checkpoints/key',
  },
  {
    name: 'AUDIT_CHECKPOINT_MINUTES',
    default: '60',
    meaning: "how often the projector signs a checkpoint of every auction stream's head (auditors export and keep them)",
  },
  {
    name: 'KNOWLEDGE_SHARE_ROOTS',
    default: '`samples/knowledge`',
    meaning: 'comma-separated folders a file-share knowledge source may read (an admin cannot point a source at any other folder of the server)',
  },
  {
    name: 'TRUST_PROXY_HOPS',
    default: '0',
    meaning:
      'reverse proxies in front of the API whose X-Forwarded-For is believed (the client address of display rate limits and telemetry); docker-compose: 1',
  },
  { name: 'DEV_MODE', default: 'false (`npm start`: true)', meaning: 'local development: the mail outbox page exists and cookies work over http' },
  { name: 'AUCTION_MASK_BIDDERS', default: 'false', meaning: 'true shows other bidders as "Bidder #n" instead of their employee ids' },
];
