import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL servers every adapter test runs against: the machine's server
 * (CI always has one) and the embedded server started by jest's global setup.
 */
export interface TestDatabase {
  name: string;
  url: string;
}

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [];
  if (process.env.MEGABOT_TEST_SERVER_PG === 'up') list.push({ name: 'server PostgreSQL', url: SERVER_URL });
  if (process.env.MEGABOT_TEST_EMBEDDED_PG_URL) list.push({ name: 'embedded PostgreSQL', url: process.env.MEGABOT_TEST_EMBEDDED_PG_URL });
  return list;
}

/** A short unique identifier safe for schema and database names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Creates a fresh database on the same server; returns its URL and a dropper. */
export async function createScratchDatabase(baseUrl: string, prefix = 'megabot_t'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix);
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}
