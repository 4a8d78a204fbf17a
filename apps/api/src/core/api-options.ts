/** What the API process needs, resolved from config by main.ts (or given by tests). */
export interface ApiOptions {
  databaseUrl: string;
  eventStoreUrl?: string;
  httpAdapter: 'fastify' | 'express';
  dbPoolSize: number;
  readWaitTimeoutMs: number;
}

export const API_OPTIONS = Symbol('API_OPTIONS');
export const EVENT_STORE = Symbol('EVENT_STORE');
