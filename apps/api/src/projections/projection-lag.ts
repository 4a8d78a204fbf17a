import type { DataSource } from 'typeorm';

/** Counting the events a projection trails by stops here: beyond it, it is rebuilding or stopped either way. */
export const BEHIND_CAP = 100_000;

/**
 * Events in the log after each projection's checkpoint, by projection (counted up to BEHIND_CAP). Only the
 * Postgres event store can be counted from here: with EventStoreDB there is no es.events and the answer is empty.
 */
export async function projectionsBehind(ds: DataSource): Promise<Record<string, number>> {
  const behind: Record<string, number> = {};
  try {
    const schemas: { schema: string }[] = await ds.query(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'checkpoint' AND table_schema <> 'es' ORDER BY 1`,
    );
    for (const { schema } of schemas) {
      const rows: { projection: string; behind: number }[] = await ds.query(
        `SELECT c.projection, (SELECT count(*)::int FROM (SELECT 1 FROM es.events e
           WHERE (e.transaction_id, e.position) > (c.commit_position::text::xid8, c.prepare_position) LIMIT ${BEHIND_CAP}) x) AS behind
         FROM "${schema.replace(/"/g, '')}".checkpoint c`,
      );
      for (const r of rows) behind[r.projection] = r.behind;
    }
  } catch {
    // no es.events here (EventStoreDB): the projector's own lag is not visible from the API
  }
  return behind;
}
