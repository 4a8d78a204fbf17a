import type { DataSource, EntityMetadata, ValueTransformer } from 'typeorm';

/** A connection inside a transaction (a TypeORM query runner or entity manager): SQL and the entity metadata of its data source. */
export interface Sql {
  readonly connection: DataSource;
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A read-model entity class: the one description of its table's row. */
export type RowClass<T> = new () => T;

/** A primary key: the value of a one-column key, or the values in the order the entity declares its key columns. */
export type RowKey = string | number | readonly (string | number)[];

interface Column {
  property: string;
  /** Column name as the JSON records key it. */
  column: string;
  /** Quoted column name. */
  name: string;
  /** Type as PostgreSQL spells it, for casts (`text[]`, `timestamp with time zone`). */
  type: string;
  transformer?: ValueTransformer;
}

interface Table {
  columns: Column[];
  /** Every property is named like its column and none is transformed: rows serialize as they are. */
  plain: boolean;
  key: Column[];
  byProperty: Map<string, Column>;
  schema: string;
  table: string;
}

const tables = new WeakMap<EntityMetadata, Table>();

/**
 * Writes read-model rows described by TypeORM entities: column names and
 * types come from the entity metadata, so a projection never spells a
 * column list. One statement per table and call, whatever the number of
 * rows (they travel as one JSON parameter): a projection calls each method
 * once per table and batch, so a hot lot costs a few statements per batch,
 * not per event.
 *
 * `schemas` redirects a live schema to the one being written: a rebuild
 * writes the projection's tables into a fresh schema, while tables outside
 * the projection's schema (an outbox that must survive a rebuild) keep theirs.
 */
export class TableWriter {
  constructor(
    private readonly sql: Sql,
    private readonly schemas: Readonly<Record<string, string>> = {},
  ) {}

  /** Qualified name of the entity's table, as written here. */
  name(entity: RowClass<unknown>): string {
    const t = this.table(entity);
    return `${this.schemas[t.schema] ?? t.schema}.${t.table}`;
  }

  /** For the few reads that are not by primary key (an aggregate), and NOTIFY. */
  query(sql: string, params?: unknown[]): Promise<any> {
    return this.sql.query(sql, params);
  }

  /** The rows with these keys (missing ones are absent), as a set the batch folds in memory. */
  async load<T extends object>(entity: RowClass<T>, keys: Iterable<RowKey>): Promise<RowSet<T>> {
    const t = this.table(entity);
    const unique = new Map<string, RowKey>();
    for (const k of keys) unique.set(keyString(k), k);
    const keyProperties = t.key.map((c) => c.property);
    if (!unique.size) return new RowSet<T>(keyProperties);
    const wanted = [...unique.values()].map(tuple);
    const select = t.columns.map((c) => `t.${c.name} AS "${c.property}"`).join(', ');
    const where =
      t.key.length === 1
        ? `t.${t.key[0].name} = ANY($1::${t.key[0].type}[])`
        : `(${t.key.map((c) => `t.${c.name}`).join(', ')}) IN (SELECT * FROM unnest(${t.key.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')}))`;
    const found: Record<string, unknown>[] = await this.sql.query(
      `SELECT ${select} FROM ${this.name(entity)} t WHERE ${where}`,
      t.key.map((_, i) => wanted.map((k) => k[i])),
    );
    const hydrated = t.columns.filter((c) => c.transformer);
    for (const row of found) for (const c of hydrated) row[c.property] = c.transformer!.from(row[c.property]);
    return new RowSet<T>(keyProperties, found as T[]);
  }

  /**
   * Inserts the rows or replaces the stored ones with the same key. With
   * `newerBy` (a stream revision) a stored row is replaced only by a row with
   * a greater value: a replayed batch cannot move a row back.
   */
  async upsert<T extends object>(entity: RowClass<T>, rows: readonly T[], options: { newerBy?: keyof T & string } = {}): Promise<number> {
    if (!rows.length) return 0;
    const t = this.table(entity);
    const names = t.columns.map((c) => c.name).join(', ');
    const keys = new Set(t.key);
    const set = t.columns.filter((c) => !keys.has(c)).map((c) => `${c.name} = EXCLUDED.${c.name}`);
    const guard = options.newerBy ? ` WHERE t.${this.column(t, options.newerBy).name} < EXCLUDED.${this.column(t, options.newerBy).name}` : '';
    const onConflict = set.length ? `ON CONFLICT (${t.key.map((c) => c.name).join(', ')}) DO UPDATE SET ${set.join(', ')}${guard}` : 'ON CONFLICT DO NOTHING';
    return this.count(
      `INSERT INTO ${this.name(entity)} AS t (${names}) SELECT ${names} FROM ${recordset(t.columns)} ${onConflict} RETURNING 1`,
      records(t, t.columns, rows),
    );
  }

  /** Inserts the rows that are not there yet (any unique conflict skips the row): for append-only rows keyed by what they record. */
  async insertIgnore<T extends object>(entity: RowClass<T>, rows: readonly T[]): Promise<number> {
    if (!rows.length) return 0;
    const t = this.table(entity);
    const names = t.columns.map((c) => c.name).join(', ');
    return this.count(
      `INSERT INTO ${this.name(entity)} (${names}) SELECT ${names} FROM ${recordset(t.columns)} ON CONFLICT DO NOTHING RETURNING 1`,
      records(t, t.columns, rows),
    );
  }

  /** Sets the columns the rows carry, other than `by`, on the stored rows whose `by` columns match (any columns, not only the key). */
  async update<T extends object>(entity: RowClass<T>, rows: readonly Partial<T>[], options: { by: readonly (keyof T & string)[] }): Promise<number> {
    if (!rows.length) return 0;
    const t = this.table(entity);
    const by = options.by.map((p) => this.column(t, p));
    const set = Object.keys(rows[0])
      .filter((p) => !options.by.includes(p as keyof T & string))
      .map((p) => this.column(t, p));
    const columns = [...by, ...set];
    return this.count(
      `UPDATE ${this.name(entity)} AS t SET ${set.map((c) => `${c.name} = r.${c.name}`).join(', ')}
       FROM ${recordset(columns)} WHERE ${by.map((c) => `t.${c.name} = r.${c.name}`).join(' AND ')} RETURNING 1`,
      records(t, columns, rows),
    );
  }

  /** Deletes the rows with these keys. */
  async delete<T extends object>(entity: RowClass<T>, keys: readonly RowKey[]): Promise<number> {
    if (!keys.length) return 0;
    const t = this.table(entity);
    const rows = keys.map((k) => Object.fromEntries(tuple(k).map((v, i) => [t.key[i].property, v])));
    return this.count(
      `DELETE FROM ${this.name(entity)} AS t USING ${recordset(t.key)} WHERE ${t.key.map((c) => `t.${c.name} = r.${c.name}`).join(' AND ')} RETURNING 1`,
      records(t, t.key, rows),
    );
  }

  private async count(statement: string, json: string): Promise<number> {
    const [{ n }] = await this.sql.query(`WITH w AS (${statement}) SELECT count(*)::int AS n FROM w`, [json]);
    return n;
  }

  private column(t: Table, property: string): Column {
    const c = t.byProperty.get(property);
    if (!c) throw new Error(`${t.schema}.${t.table} has no column for property ${property}`);
    return c;
  }

  private table(entity: RowClass<unknown>): Table {
    const metadata = this.sql.connection.getMetadata(entity);
    let t = tables.get(metadata);
    if (!t) {
      const driver = this.sql.connection.driver;
      const columns = metadata.columns.map((c): Column => ({
        property: c.propertyName,
        column: c.databaseName,
        name: `"${c.databaseName}"`,
        type: `${driver.normalizeType(c)}${c.isArray ? '[]' : ''}`,
        transformer: Array.isArray(c.transformer) ? undefined : c.transformer,
      }));
      if (metadata.columns.some((c) => Array.isArray(c.transformer))) throw new Error(`${metadata.tablePath}: one transformer per column`);
      if (!metadata.schema) throw new Error(`${metadata.tableName}: a read-model entity names its schema`);
      const byProperty = new Map(columns.map((c) => [c.property, c]));
      const plain = columns.every((c) => c.property === c.column && !c.transformer);
      t = {
        columns,
        plain,
        byProperty,
        key: metadata.primaryColumns.map((c) => byProperty.get(c.propertyName)!),
        schema: metadata.schema,
        table: metadata.tableName,
      };
      tables.set(metadata, t);
    }
    return t;
  }
}

/**
 * The rows of one table that a batch touches: loaded once, folded in
 * memory, then written once - `changed()` to upsert, `deleted()` to delete.
 * A changed row must keep its key (the fold makes a new row for a new key).
 */
export class RowSet<T extends object> {
  private readonly rows = new Map<string, T>();
  private readonly touched = new Set<string>();
  private readonly removed = new Map<string, RowKey>();

  constructor(
    private readonly keyProperties: readonly string[],
    stored: readonly T[] = [],
  ) {
    for (const row of stored) this.rows.set(this.keyOf(row), row);
  }

  get(key: RowKey): T | undefined {
    return this.rows.get(keyString(key));
  }

  set(row: T): void {
    const key = this.keyOf(row);
    this.rows.set(key, row);
    this.touched.add(key);
    this.removed.delete(key);
  }

  delete(key: RowKey): void {
    const k = keyString(key);
    this.rows.delete(k);
    this.touched.delete(k);
    this.removed.set(k, key);
  }

  /**
   * Folds the event into the row with this key: a new row is set, a row the
   * fold drops is deleted. Returns the row before and after (the same object
   * when the event changed nothing).
   */
  fold<E>(key: RowKey, event: E, evolve: (row: T | undefined, event: E) => T | undefined): { before: T | undefined; after: T | undefined } {
    const before = this.get(key);
    const after = evolve(before, event);
    if (after !== before) {
      if (after) this.set(after);
      else this.delete(key);
    }
    return { before, after };
  }

  /** Rows set since the load, in the order they were first set. */
  changed(): T[] {
    return [...this.touched].map((k) => this.rows.get(k)!);
  }

  /** Keys deleted since the load (and not set again). */
  deleted(): RowKey[] {
    return [...this.removed.values()];
  }

  private keyOf(row: T): string {
    const r = row as Record<string, string | number>;
    return this.keyProperties.length === 1 ? String(r[this.keyProperties[0]]) : keyString(this.keyProperties.map((p) => r[p]));
  }
}

const tuple = (key: RowKey): readonly (string | number)[] => (Array.isArray(key) ? key : [key as string | number]);
/** Numbers and their text compare equal: pg hands bigint keys back as text. */
const keyString = (key: RowKey): string => (Array.isArray(key) ? key.join('\u0000') : String(key));

const recordset = (columns: Column[]) => `jsonb_to_recordset($1::jsonb) AS r(${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`;

/**
 * The rows as one JSON array keyed by column name; Dates become ISO text.
 * jsonb_to_recordset reads an absent key as null and ignores keys it was not
 * asked for, so rows of a plain table are serialized as they are (the
 * projector's hot path); others are copied column by column.
 */
function records(table: Table, columns: Column[], rows: readonly object[]): string {
  if (table.plain) return JSON.stringify(rows);
  return JSON.stringify(
    rows.map((row) => {
      const r: Record<string, unknown> = {};
      for (const c of columns) {
        const v = (row as Record<string, unknown>)[c.property];
        r[c.column] = c.transformer && v !== undefined ? c.transformer.to(v) : v;
      }
      return r;
    }),
  );
}
