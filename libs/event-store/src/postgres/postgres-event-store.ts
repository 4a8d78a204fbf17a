import type { GlobalPosition } from '@megabot/contracts';
import { START_POSITION } from '@megabot/contracts';
import { coalesced, isDatabaseUnavailable } from '@megabot/platform';
import { Client, Pool, type PoolClient, type ClientBase } from 'pg';
import {
  type AppendRequest,
  assertDistinctEventIds,
  EventDataRefusedError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventData,
  type EventStore,
  type EventSubscription,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '../event-store.port';
import { eventStoreDdl } from './postgres-event-store.schema';
import { SharedLogReads } from './shared-log-reads';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the events table; lets tests and tenants share a database. */
  schema?: string;
  poolSize?: number;
  /** Safety poll of a live subscription when no notification arrives. */
  idlePollMs?: number;
}

const UNIQUE_VIOLATION = '23505';
/** SQLSTATE class 22: the data itself (e.g. `\u0000` or a lone surrogate in `jsonb`): no retry can help. */
const DATA_EXCEPTION_CLASS = '22';

/**
 * Event store on PostgreSQL.
 *
 * Global order without a global lock: every row stores the id of the
 * transaction that wrote it; readers only take rows whose transaction id is
 * below the oldest transaction still running (`pg_snapshot_xmin`), ordered by
 * (transaction id, sequence). A slower transaction that commits after a
 * later-numbered one can therefore never be skipped, and there are no gap
 * timers. Appends to different streams run fully in parallel; appends to one
 * stream are ordered by unique (stream, revision). LISTEN/NOTIFY wakes
 * subscribers; a slow poll covers a lost notification.
 */
export class PostgresEventStore implements EventStore {
  readonly pool: Pool;
  readonly schema: string;
  readonly channel: string;
  private readonly subscriptions = new Set<PostgresSubscription>();
  /** The subscriptions' reads of the log's tail, one for all (see SharedLogReads). */
  readonly sharedReads = new SharedLogReads((after, max) => this.readSettled(after, max));

  private constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'es';
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(this.schema)) throw new Error(`invalid event store schema name "${this.schema}"`);
    this.channel = `${this.schema}_events`;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    this.pool.on('error', () => undefined); // idle client errors surface on next use
  }

  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    await store.migrate();
    return store;
  }

  /** Idempotent DDL, serialized across processes by an advisory lock. */
  async migrate(): Promise<void> {
    await this.withClient(async (c) => {
      await c.query('SELECT pg_advisory_lock(hashtext($1))', [`megabot:es:${this.schema}`]);
      try {
        await c.query(eventStoreDdl(this.schema));
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`megabot:es:${this.schema}`]);
      }
    });
  }

  async append(streamId: string, events: EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    // A checked-out client, not pool.query(): pg destroys the pooled connection
    // of a failed pool.query(), and conflicts are an expected outcome here.
    const result = await this.withClient((c) => this.appendOn(c, streamId, events, expected));
    if (!result.duplicate) this.notify();
    return result;
  }

  /**
   * Wakes subscribers after a committed append. Coalesced: while one NOTIFY is
   * on its way, further appends only ask for one more. Sent in its own tiny
   * transaction, so the global notify lock is never held across an append's
   * commit; a missed notification only costs a subscriber its safety poll.
   */
  readonly notify: () => void = coalesced(() => this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']));

  /**
   * One INSERT for many streams, one commit: what lets many lots at once cost
   * one round trip instead of one per lot. Only explicit expectations (a
   * revision or no_stream) go into the shared statement.
   *
   * Rows go in ordered by stream id (then revision), so two processes whose
   * groups share streams take the rows' locks in one order and one waits for
   * the other instead of deadlocking. If the statement fails as a whole for
   * any reason but a lost connection (another process took a revision, a
   * retried append, a deadlock with some other writer, a serialization
   * failure, data the database refuses), every request is redone on its own,
   * so each gets its own answer and one bad request fails nobody else.
   */
  async appendMany(requests: AppendRequest[]): Promise<(AppendResult | Error)[]> {
    const shared = requests.filter((r) => typeof r.expected === 'bigint' || r.expected === 'no_stream');
    if (shared.length !== requests.length || new Set(requests.map((r) => r.streamId)).size !== requests.length || requests.length === 1) {
      return this.appendEach(requests);
    }
    const rowsToWrite: { s: string; r: string; g: string; id: string; type: string; data: unknown; metadata: unknown }[] = [];
    for (const r of [...requests].sort((a, b) => (a.streamId < b.streamId ? -1 : 1))) {
      if (new Set(r.events.map((e) => e.id)).size !== r.events.length) return this.appendEach(requests);
      const base = r.expected === 'no_stream' ? 0n : (r.expected as bigint) + 1n;
      r.events.forEach((e, i) =>
        rowsToWrite.push({ s: r.streamId, r: String(base + BigInt(i)), g: String(base), id: e.id, type: e.type, data: e.data, metadata: e.metadata }),
      );
    }
    let rows: { stream_id: string; revision: string; position: string; tx: string }[];
    try {
      ({ rows } = await this.query(this.sql.insertMany, [JSON.stringify(rowsToWrite)]));
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        const err = mapError(e);
        return requests.map(() => err);
      }
      return this.appendEach(requests);
    }
    const written = new Map<string, { revision: string; position: string; tx: string; n: number }>();
    for (const row of rows) {
      const w = written.get(row.stream_id);
      written.set(row.stream_id, { ...row, n: (w?.n ?? 0) + 1 });
    }
    if (rows.length) this.notify();
    const redo: number[] = [];
    const results: (AppendResult | Error)[] = requests.map((r, i) => {
      const w = written.get(r.streamId);
      if (!w || w.n !== r.events.length) {
        redo.push(i); // expectation ahead of the stream: let append explain it
        return new Error('pending');
      }
      return { nextExpectedRevision: BigInt(w.revision), position: { commit: BigInt(w.tx), prepare: BigInt(w.position) }, duplicate: false };
    });
    const again = await this.appendEach(redo.map((i) => requests[i]));
    redo.forEach((i, k) => (results[i] = again[k]));
    return results;
  }

  private appendEach(requests: AppendRequest[]): Promise<(AppendResult | Error)[]> {
    return Promise.all(requests.map((r) => this.append(r.streamId, r.events, r.expected).catch((e: Error) => e)));
  }

  /**
   * Appends on a given connection. Inside an open transaction pass
   * `inTransaction` so a conflict is contained by a savepoint: the caller's
   * transaction stays usable whatever this throws (but a lost connection).
   */
  async appendOn(client: ClientBase, streamId: string, events: EventData[], expected: ExpectedRevision, { inTransaction = false } = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    assertDistinctEventIds(streamId, events);
    for (let attempt = 0; ; attempt++) {
      let base: bigint;
      if (typeof expected === 'bigint') base = expected + 1n;
      else if (expected === 'no_stream') base = 0n;
      else {
        const current = await this.lastRevision(client, streamId);
        if (current === null && expected === 'stream_exists') {
          const original = await this.findExisting(client, streamId, events);
          if (original) return original;
          throw new WrongExpectedRevisionError(streamId, expected, 'no_stream');
        }
        base = (current ?? -1n) + 1n;
      }
      let rows: { position: string; tx: string; revision: string }[];
      if (inTransaction) await client.query('SAVEPOINT es_append');
      try {
        ({ rows } = await client.query(this.sql.insert, [
          streamId,
          String(base),
          JSON.stringify(events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }))),
        ]));
      } catch (e) {
        if (isDatabaseUnavailable(e)) throw mapError(e);
        if (inTransaction) await client.query('ROLLBACK TO SAVEPOINT es_append; RELEASE SAVEPOINT es_append');
        const code = (e as { code?: string }).code;
        if (code?.startsWith(DATA_EXCEPTION_CLASS)) throw new EventDataRefusedError(streamId, (e as Error).message, e);
        if (code !== UNIQUE_VIOLATION) throw mapError(e);
        const original = await this.findExisting(client, streamId, events);
        if (original) return original;
        // Some of these event ids are in the stream already, others not: no later revision can change that.
        const raceForRevision = (e as { constraint?: string }).constraint !== 'events_stream_event_id';
        // Someone else took the revision: with 'any'/'stream_exists' try the next one.
        if (raceForRevision && typeof expected !== 'bigint' && expected !== 'no_stream' && attempt < 20) continue;
        const actual = await this.lastRevision(client, streamId);
        throw new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
      }
      if (inTransaction) {
        await client.query('RELEASE SAVEPOINT es_append');
        // The caller commits: a NOTIFY in its transaction is delivered exactly then.
        if (rows.length) await client.query('SELECT pg_notify($1, $2)', [this.channel, '']);
      }
      if (rows.length === 0) {
        // expected revision is ahead of the stream
        const original = await this.findExisting(client, streamId, events);
        if (original) return original;
        const actual = await this.lastRevision(client, streamId);
        throw new WrongExpectedRevisionError(streamId, expected, actual ?? 'no_stream');
      }
      const last = rows[rows.length - 1];
      return {
        nextExpectedRevision: BigInt(last.revision),
        position: { commit: BigInt(last.tx), prepare: BigInt(last.position) },
        duplicate: false,
      };
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.query(this.sql.readStream, [streamId, String(options.fromRevision ?? 0n), options.maxCount ?? null]);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_POSITION;
    const max = options.maxCount ?? 1000;
    if (!options.unsettled) return (await this.readSettled(after, max)).events;
    const { rows } = await this.query(this.sql.readAll, [String(after.commit), String(after.prepare), max]);
    return rows.map(toRecorded);
  }

  /** Reads up to `max` settled events after a position; `fenced` tells that newer committed ones wait behind an open transaction. */
  async readSettled(after: GlobalPosition, max: number): Promise<{ events: RecordedEvent[]; fenced: boolean }> {
    const { rows } = await this.query(this.sql.readAll, [String(after.commit), String(after.prepare), max]);
    const events: RecordedEvent[] = [];
    for (const row of rows) {
      if (!row.settled) return { events, fenced: true };
      events.push(toRecorded(row));
    }
    return { events, fenced: false };
  }

  /** Number of events in the log (progress bars). */
  async countEvents(): Promise<number> {
    const { rows } = await this.query(`SELECT count(*)::bigint AS n FROM ${this.schema}.events`, []);
    return Number(rows[0].n);
  }

  subscribeToAll(options: SubscribeOptions = {}): EventSubscription {
    const sub = new PostgresSubscription(this, options, this.options.idlePollMs ?? 1000, () => this.subscriptions.delete(sub));
    this.subscriptions.add(sub);
    return sub;
  }

  /**
   * Opens a dedicated LISTEN connection for a subscription. `onError` hears the connection's death from the start: a
   * server shutting down can end it while LISTEN is still answered, and an unheard 'error' ends the process.
   */
  async listen(onNotify: () => void, onError: (client: Client) => void): Promise<Client> {
    const client = new Client({ connectionString: this.options.connectionString });
    client.on('error', () => {
      onError(client);
      client.end().catch(() => undefined);
    });
    client.on('notification', onNotify);
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.pool.end();
  }

  async withClient<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw mapError(e);
    }
    // A connection that dies while checked out fails its query and also emits 'error':
    // unheard, that event would crash the process.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (e) {
      if (isDatabaseUnavailable(e)) {
        broken = e as Error;
        throw mapError(e);
      }
      throw e;
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  private async query(sql: string, params: unknown[]) {
    return this.withClient((c) => c.query(sql, params));
  }

  private async lastRevision(client: ClientBase, streamId: string): Promise<bigint | null> {
    const { rows } = await client.query(this.sql.lastRevision, [streamId]);
    return rows[0].revision === null ? null : BigInt(rows[0].revision);
  }

  /** A retried append: when every event id is already in the stream, answer what the first append answered. */
  private async findExisting(client: ClientBase, streamId: string, events: EventData[]): Promise<AppendResult | undefined> {
    const { rows } = await client.query(this.sql.existing, [streamId, events.map((e) => e.id)]);
    if (rows.length !== events.length) return undefined;
    const last = rows[rows.length - 1];
    return {
      nextExpectedRevision: BigInt(last.revision),
      position: { commit: BigInt(last.tx), prepare: BigInt(last.position) },
      duplicate: true,
    };
  }

  private get sql() {
    const t = `${this.schema}.events`;
    return (this._sql ??= {
      // Events travel as one JSON document: no per-element array escaping on the client.
      insert: `INSERT INTO ${t} (stream_id, revision, event_id, type, data, metadata)
        SELECT $1, $2::bigint + e.ord - 1, (e.v->>'id')::uuid, e.v->>'type', e.v->'data', e.v->'metadata'
        FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(v, ord)
        -- contiguous revisions: the previous one must exist (unique (stream, revision) settles races)
        WHERE $2::bigint = 0 OR EXISTS (SELECT 1 FROM ${t} p WHERE p.stream_id = $1 AND p.revision = $2::bigint - 1)
        ORDER BY e.ord
        RETURNING position, transaction_id::text AS tx, revision`,
      insertMany: `INSERT INTO ${t} (stream_id, revision, event_id, type, data, metadata)
        SELECT e.v->>'s', (e.v->>'r')::bigint, (e.v->>'id')::uuid, e.v->>'type', e.v->'data', e.v->'metadata'
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord)
        WHERE (e.v->>'g')::bigint = 0
           OR EXISTS (SELECT 1 FROM ${t} p WHERE p.stream_id = e.v->>'s' AND p.revision = (e.v->>'g')::bigint - 1)
        ORDER BY e.ord
        RETURNING stream_id, revision, position, transaction_id::text AS tx`,
      lastRevision: `SELECT max(revision) AS revision FROM ${t} WHERE stream_id = $1`,
      existing: `SELECT revision, position, transaction_id::text AS tx FROM ${t}
        WHERE stream_id = $1 AND event_id = ANY($2::uuid[]) ORDER BY revision`,
      readStream: `SELECT position, transaction_id::text AS tx, stream_id, revision, event_id, type, data, metadata, recorded_at
        FROM ${t} WHERE stream_id = $1 AND revision >= $2::bigint ORDER BY revision LIMIT $3`,
      readAll: `WITH fence AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
        SELECT e.position, e.transaction_id::text AS tx, e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata,
               e.recorded_at, e.transaction_id < fence.xmin AS settled
        FROM ${t} e, fence
        WHERE (e.transaction_id, e.position) > ($1::text::xid8, $2::bigint)
        ORDER BY e.transaction_id, e.position
        LIMIT $3`,
    });
  }
  private _sql?: Record<'insert' | 'insertMany' | 'lastRevision' | 'existing' | 'readStream' | 'readAll', string>;
}

/** Live tail of the global log: catch up in batches, then wake on NOTIFY (with a safety poll). */
class PostgresSubscription implements EventSubscription {
  private checkpoint: GlobalPosition;
  private closed = false;
  private notified = false;
  private wake?: () => void;
  private listener?: Client;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: SubscribeOptions,
    private readonly idlePollMs: number,
    private readonly onClose: () => void,
  ) {
    this.checkpoint = options.after ?? START_POSITION;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent[]> {
    const batchSize = this.options.batchSize ?? 500;
    const gatherMs = this.options.gatherMs ?? 20;
    let fenceWaitMs = 1;
    let errorWaitMs = 100;
    while (!this.closed) {
      await this.ensureListener();
      this.notified = false;
      let batch: { events: RecordedEvent[]; fenced: boolean };
      const readAt = Date.now();
      try {
        batch = await this.store.sharedReads.readSettled(this.checkpoint, batchSize);
        errorWaitMs = 100;
      } catch (e) {
        if (this.closed) return;
        await this.pause((errorWaitMs = Math.min(errorWaitMs * 2, 5000)));
        continue;
      }
      if (batch.events.length > 0) {
        this.checkpoint = batch.events[batch.events.length - 1].position;
        fenceWaitMs = 1;
        yield batch.events;
        // Live and busy: let a few milliseconds of appends gather instead of one read per commit. The time the
        // consumer took counts: a projection busy for longer than that already has the next batch waiting (a fixed
        // pause after it added 20 ms to a hot lot's projection lag).
        const gathered = Date.now() - readAt;
        if (batch.events.length < batchSize && gathered < gatherMs) await this.pause(gatherMs - gathered);
      } else if (batch.fenced) {
        // Committed events wait behind an older open transaction that may never notify (it wrote no events).
        await this.pause((fenceWaitMs = Math.min(fenceWaitMs * 2, 50)));
      } else {
        await this.pause(this.idlePollMs, true);
      }
    }
  }

  private async ensureListener() {
    if (this.listener || this.closed) return;
    try {
      const client = await this.store.listen(
        () => {
          this.notified = true;
          if (this.wakeOnNotify) this.wake?.();
        },
        (dead) => {
          if (this.listener === dead) this.listener = undefined;
        },
      );
      // closed meanwhile: close() saw no listener to end
      if (this.closed) await client.end().catch(() => undefined);
      else this.listener = client;
    } catch {
      this.listener = undefined; // fall back to polling until the database is back
    }
  }

  /** Sleeps; close() always ends the sleep, a notification only when asked. */
  private pause(ms: number, wakeOnNotify = false): Promise<void> {
    if (this.closed || (wakeOnNotify && this.notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.wakeOnNotify = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      this.wakeOnNotify = wakeOnNotify;
    });
  }
  private wakeOnNotify = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose();
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }
}

function toRecorded(row: Record<string, unknown>): RecordedEvent {
  return {
    id: row.event_id as string,
    type: row.type as string,
    data: row.data,
    metadata: row.metadata as RecordedEvent['metadata'],
    streamId: row.stream_id as string,
    revision: BigInt(row.revision as string),
    position: { commit: BigInt(row.tx as string), prepare: BigInt(row.position as string) },
    recordedAt: row.recorded_at as Date,
  };
}

function mapError(e: unknown): Error {
  if (isDatabaseUnavailable(e)) return new EventStoreUnavailableError(`event store database unavailable: ${(e as Error).message}`, e);
  return e as Error;
}
