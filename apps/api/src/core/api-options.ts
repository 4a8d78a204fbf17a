import type { KnowledgeSettings } from '@megabot/knowledge';
import type { IdentityApiOptions } from '../identity/identity.options';

/** What the API process needs, resolved from config by main.ts (or given by tests). */
export interface ApiOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  httpAdapter: 'fastify' | 'express';
  /**
   * Tracing is configured (OTEL_EXPORTER_OTLP_ENDPOINT): each request gets a server span (TracingInterceptor). Off, no
   * interceptor is installed at all, and a request runs without an rxjs pipeline.
   */
  tracing?: boolean;
  dbPoolSize: number;
  readWaitTimeoutMs: number;
  /** Employees with the admin role (ADMIN_EMPLOYEE_IDS). */
  adminEmployeeIds?: string[];
  /** Employees with the auditor role (AUDITOR_EMPLOYEE_IDS). */
  auditorEmployeeIds?: string[];
  /** Bids per employee per minute (BID_RATE_LIMIT_PER_MINUTE); 0 = unlimited. Default 60. */
  bidRateLimitPerMinute?: number;
  /** Show other bidders as "Bidder #n" (AUCTION_MASK_BIDDERS). */
  maskBidders?: boolean;
  /** The bot's username without @ (TELEGRAM_BOT_USERNAME): target of the door displays' check-in QR code. */
  botUsername?: string;
  /** Reverse proxies in front of the API whose X-Forwarded-For is believed (TRUST_PROXY_HOPS; default 0). */
  trustProxyHops?: number;
  /** Identity: allowed e-mail domains, code policy, mail transport (see IdentityApiOptions). */
  identity?: IdentityApiOptions;
  /** The trust boundary: credentials and keys (see AuthOptions). */
  auth?: AuthOptions;
  /** Keys of the audit evidence (see AuditKeyOptions). */
  audit?: AuditKeyOptions;
  /** The knowledge assistant's Ollama and Qdrant (OLLAMA_URL, QDRANT_URL...); unset: the embedded defaults. */
  knowledge?: KnowledgeSettings;
}

export interface AuditKeyOptions {
  /** AUDIT_CHAIN_KEY: keys of the auction hash chain, the current one first (older ones verify old events); unset: one kept in dataDir. */
  chainKeys?: string[];
  /** AUDIT_SIGNING_KEY: the Ed25519 key signing checkpoints (PEM); unset: one kept in dataDir. */
  signingKey?: string;
  dataDir?: string;
}

export interface AuthOptions {
  /** BOT_API_TOKEN(S): credentials of the bot service; several during a rotation. None: no bot can call. */
  botApiTokens?: string[];
  /** SESSION_SECRET: signs session cookies and CSRF tokens (the same on every instance); unset: random, kept in dataDir. */
  sessionSecret?: string;
  /** The bot's Telegram token (TELEGRAM_BOT_TOKEN): validates Web App initData and Login Widget payloads. */
  telegramBotToken?: string;
  /** `Secure` cookies (HTTPS). Off only for local development over http. Default true. */
  secureCookies?: boolean;
  /** Local development (`npm start`): the mail outbox page and other development helpers exist only then. */
  devMode?: boolean;
  dataDir?: string;
}

export const API_OPTIONS = Symbol('API_OPTIONS');
export const EVENT_STORE = Symbol('EVENT_STORE');
