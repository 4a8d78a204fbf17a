import type { DataSource } from 'typeorm';

/** Counting the events a projection trails by stops here: beyond it, it is rebuilding or stopped either way. */
export const BEHIND_CAP = 100_000;

/** The schemas holding a projection checkpoint table (every read model's own; the event store's is not one). */
async function checkpointTables(ds: DataSource): Promise<string[]> {
  const schemas: { schema: string }[] = await ds.query(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'checkpoint' AND table_schema <> 'es' ORDER BY 1`,
  );
  return schemas.map(({ schema }) => `"${schema.replace(/"/g, '')}".checkpoint`);
}

/**
 * Events in the log after each projection's checkpoint, by projection (counted up to BEHIND_CAP). Only the
 * Postgres event store can be counted from here: with EventStoreDB there is no es.events and the answer is empty.
 */
export async function projectionsBehind(ds: DataSource): Promise<Record<string, number>> {
  const behind: Record<string, number> = {};
  try {
    for (const table of await checkpointTables(ds)) {
      const rows: { projection: string; behind: number }[] = await ds.query(
        `SELECT c.projection, (SELECT count(*)::int FROM (SELECT 1 FROM es.events e
           WHERE (e.transaction_id, e.position) > (c.commit_position::text::xid8, c.prepare_position) LIMIT ${BEHIND_CAP}) x) AS behind
         FROM ${table} c`,
      );
      for (const r of rows) behind[r.projection] = r.behind;
    }
  } catch {
    // no es.events here (EventStoreDB): the projector's own lag is not visible from the API
  }
  return behind;
}

/** Each projection's committed log position ("commit-prepare"): it moves exactly when its read model changes. */
export async function projectionPositions(ds: DataSource): Promise<Record<string, string>> {
  const positions: Record<string, string> = {};
  for (const table of await checkpointTables(ds)) {
    const rows: { projection: string; position: string }[] = await ds.query(
      `SELECT projection, commit_position::text || '-' || prepare_position::text AS position FROM ${table}`,
    );
    for (const r of rows) positions[r.projection] = r.position;
  }
  return positions;
}
