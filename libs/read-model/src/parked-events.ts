import { formatPosition } from '@megabot/contracts';
import type { DataSource } from 'typeorm';

type Q = Pick<DataSource, 'query'>;

/** Where a parked event stands (see the migration ParkedEvents1767600000000). */
export type ParkedState = 'parked' | 'blocking' | 'retry' | 'skipped';

/** An event a projection could not apply, with the error it raised. */
export interface ParkedEvent {
  projection: string;
  eventId: string;
  streamId: string;
  revision: number;
  eventType: string;
  /** The event's global position, `commit-prepare` (as commands answer it). */
  position: string;
  error: string;
  failures: number;
  state: ParkedState;
  parkedAt: string;
  updatedAt: string;
  decidedBy: string | null;
}

/** What the projector records when it parks or blocks on an event. */
export interface PoisonedEvent {
  projection: string;
  eventId: string;
  streamId: string;
  revision: bigint;
  eventType: string;
  position: { commit: bigint; prepare: bigint };
  error: string;
}

/** Records (or records again) that `projection` could not apply an event; `state` is parked or blocking. */
export async function recordPoisonedEvent(q: Q, e: PoisonedEvent, state: 'parked' | 'blocking'): Promise<void> {
  await q.query(
    `INSERT INTO projector_ops.parked_events (projection, event_id, stream_id, revision, event_type, commit_position, prepare_position, error, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (projection, event_id) DO UPDATE SET error = EXCLUDED.error, state = EXCLUDED.state,
       failures = projector_ops.parked_events.failures + 1, updated_at = now()`,
    [
      e.projection,
      e.eventId,
      e.streamId,
      e.revision.toString(),
      e.eventType,
      e.position.commit.toString(),
      e.position.prepare.toString(),
      e.error.slice(0, 4000),
      state,
    ],
  );
}

/** Parked events, newest first; by default those still waiting for a decision (not skipped). */
export async function listParkedEvents(q: Q, filter: { projection?: string; includeSkipped?: boolean; limit?: number } = {}): Promise<ParkedEvent[]> {
  const rows = await q.query(
    `SELECT * FROM projector_ops.parked_events
     WHERE ($1::text IS NULL OR projection = $1) AND ($2 OR state <> 'skipped')
     ORDER BY parked_at DESC, commit_position DESC, prepare_position DESC LIMIT $3`,
    [filter.projection ?? null, filter.includeSkipped ?? false, filter.limit ?? 100],
  );
  return rows.map(toParked);
}

/** Per projection, how many events wait for a decision and whether one blocks it (health, metrics). */
export async function parkedEventCounts(q: Q): Promise<Record<string, { parked: number; blocking: number; retry: number }>> {
  const rows: { projection: string; state: ParkedState; n: number }[] = await q.query(
    `SELECT projection, state, count(*)::int AS n FROM projector_ops.parked_events WHERE state <> 'skipped' GROUP BY projection, state`,
  );
  const out: Record<string, { parked: number; blocking: number; retry: number }> = {};
  for (const r of rows) (out[r.projection] ??= { parked: 0, blocking: 0, retry: 0 })[r.state as 'parked' | 'blocking' | 'retry'] = r.n;
  return out;
}

/**
 * An admin's decision: `retry` applies the event again (the projector picks it
 * up within its poll; the row disappears once it applied), `skip` lets it go
 * (a projection that stops on it moves on). Answers the row as it now is,
 * undefined when there is no such event, or the row unchanged when the decision
 * does not apply to its state (a skipped event is not retried).
 */
export async function decideParkedEvent(q: Q, projection: string, eventId: string, decision: 'retry' | 'skip', by: string): Promise<ParkedEvent | undefined> {
  const [updated] = await q.query(
    // In a CTE: TypeORM answers a bare UPDATE ... RETURNING as [rows, count], a SELECT as rows.
    `WITH decided AS (
       UPDATE projector_ops.parked_events SET state = $3, decided_by = $4, updated_at = now()
       WHERE projection = $1 AND event_id = $2 AND state IN ('parked', 'blocking'${decision === 'skip' ? ", 'retry'" : ''})
       RETURNING *)
     SELECT * FROM decided`,
    [projection, eventId, decision === 'retry' ? 'retry' : 'skipped', by],
  );
  if (updated) return toParked(updated);
  const [row] = await q.query(`SELECT * FROM projector_ops.parked_events WHERE projection = $1 AND event_id = $2`, [projection, eventId]);
  return row ? toParked(row) : undefined;
}

function toParked(r: Record<string, unknown>): ParkedEvent {
  return {
    projection: r.projection as string,
    eventId: r.event_id as string,
    streamId: r.stream_id as string,
    revision: Number(r.revision),
    eventType: r.event_type as string,
    position: formatPosition({ commit: BigInt(r.commit_position as string), prepare: BigInt(r.prepare_position as string) }),
    error: r.error as string,
    failures: r.failures as number,
    state: r.state as ParkedState,
    parkedAt: new Date(r.parked_at as string).toISOString(),
    updatedAt: new Date(r.updated_at as string).toISOString(),
    decidedBy: (r.decided_by as string | null) ?? null,
  };
}
