import { createScratchDatabase, testDatabases } from '@megabot/testing';
import { DataSource } from 'typeorm';
import { createReadModelDataSource, migrateReadModel, READ_MODEL_ENTITIES, readModelDataSourceOptions } from './data-source';

const [db] = testDatabases();

/**
 * The entities are the one description of each projected row; the
 * migrations must build exactly those tables. Two checks, because TypeORM's
 * schema builder compares columns, keys and index columns but not an index's
 * predicate, method or column order: the builder must find nothing to change
 * on the migrated database, and the catalog of the migrated tables must equal
 * the catalog of the same tables created by TypeORM from the entities.
 */
describe('read-model entities and migrations', () => {
  let migrated: { url: string; drop: () => Promise<void> };
  let synchronized: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let fromEntities: DataSource;

  beforeAll(async () => {
    migrated = await createScratchDatabase(db.url);
    synchronized = await createScratchDatabase(db.url);
    ds = createReadModelDataSource(migrated.url, { poolSize: 2 });
    await ds.initialize();
    await migrateReadModel(ds);
    fromEntities = new DataSource({ ...readModelDataSourceOptions(synchronized.url, { poolSize: 2 }), migrations: [] });
    await fromEntities.initialize();
    for (const schema of new Set(fromEntities.entityMetadatas.map((m) => m.schema))) await fromEntities.query(`CREATE SCHEMA ${schema}`);
    await fromEntities.synchronize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await fromEntities?.destroy();
    await migrated?.drop();
    await synchronized?.drop();
  });

  it('TypeORM finds nothing to change on the migrated database', async () => {
    const log = await ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('the migrated tables equal the tables TypeORM creates from the entities (columns, defaults, indexes, constraints)', async () => {
    const tables = READ_MODEL_ENTITIES.map((e) => ds.getMetadata(e).tablePath);
    expect(await catalog(ds, tables)).toEqual(await catalog(fromEntities, tables));
  });

  it('covers every table of the rebuilt schemas', async () => {
    // A projection's schema is rebuilt wholesale: a table in it without an entity would be written by hand.
    const described = new Set(READ_MODEL_ENTITIES.map((e) => ds.getMetadata(e).tablePath));
    const schemas = [...new Set(READ_MODEL_ENTITIES.map((e) => ds.getMetadata(e).schema!))].filter((s) => s !== 'rooms_outbox');
    const rows: { path: string }[] = await ds.query(
      `SELECT table_schema || '.' || table_name AS path FROM information_schema.tables WHERE table_schema = ANY($1) AND table_name <> 'checkpoint' ORDER BY 1`,
      [schemas],
    );
    expect(rows.map((r) => r.path).filter((p) => !described.has(p))).toEqual([]);
  });
});

/** Columns, indexes (by definition) and constraints (by definition: TypeORM names keys its own way) of the tables. */
async function catalog(ds: DataSource, tables: string[]) {
  const columns = await ds.query(
    `SELECT table_schema || '.' || table_name AS "table", column_name, data_type, udt_name, is_nullable, column_default
     FROM information_schema.columns WHERE table_schema || '.' || table_name = ANY($1) ORDER BY 1, 2`,
    [tables],
  );
  const indexes = await ds.query(
    `SELECT schemaname || '.' || tablename AS "table", indexdef FROM pg_indexes i
     WHERE schemaname || '.' || tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
     ORDER BY 1, 2`,
    [tables],
  );
  const constraints = await ds.query(
    `SELECT n.nspname || '.' || t.relname AS "table", c.contype, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname || '.' || t.relname = ANY($1) ORDER BY 1, 2, 3`,
    [tables],
  );
  return { columns, indexes, constraints };
}
