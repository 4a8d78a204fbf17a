import type { IdentityApiOptions } from '../identity/identity.options';

/** What the API process needs, resolved from config by main.ts (or given by tests). */
export interface ApiOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  httpAdapter: 'fastify' | 'express';
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
  /** Identity: allowed e-mail domains, code policy, mail transport (see IdentityApiOptions). */
  identity?: IdentityApiOptions;
}

export const API_OPTIONS = Symbol('API_OPTIONS');
export const EVENT_STORE = Symbol('EVENT_STORE');
