import { UseLiteEmbedder } from '@megabot/knowledge';
import { testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import type { ApiOptions } from '../core/api-options';
import { KnowledgeIndex } from './knowledge.index';

const [db] = testDatabases();

/**
 * Model generations in the API: the projection rebuilt with another embedding model (a new table swapped in, as
 * `projections:rebuild` does) is loaded beside the index in use, which answers - from its own model - until the
 * new generation is complete and swapped in; changes committed meanwhile reach both.
 */
describe('KnowledgeIndex generations', () => {
  let scratch: ScratchStores;
  const embedder = new UseLiteEmbedder();
  const everyone = { tokens: new Set<string>(), clearance: 'internal' as const };
  const access = { public: true, allow: [], classification: 'internal' };

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 3);
  });
  afterAll(() => scratch.close());

  /** A document and its one chunk as the projection writes them, into `schema`, with a vector of `model` or none. */
  const write = async (schema: string, key: string, text: string, position: number, vector: Float32Array | null) => {
    await scratch.ds.query(
      `INSERT INTO ${schema}.documents (document_key, source_id, native_id, title, url, content_hash, language, access, chunks, model, deleted, modified_at, revision, position_commit, position_prepare)
       VALUES ($1, 'wiki', $1, $1, 'https://wiki.example.com/' || $1, 'h', 'en', $2, 1, $3, false, now(), 1, $4, $4)`,
      [key, access, vector ? embedder.model : null, position],
    );
    await scratch.ds.query(
      `INSERT INTO ${schema}.chunks (chunk_id, document_key, ordinal, text, index_text, language, access, embedding, model)
       VALUES ($1 || '#0', $1, 0, $2, $2, 'en', $3, $4, $5)`,
      [key, text, access, vector && Array.from(vector), vector ? embedder.model : null],
    );
  };

  it('keeps answering from the current generation while a rebuilt one loads, then swaps it in with its model', async () => {
    // Generation 1: indexed without vectors (an embedder that covered no language).
    await write('knowledge', 'parking', 'Parking permits for the garage are issued by facilities', 1, null);
    const index = new KnowledgeIndex({ knowledge: {} } as ApiOptions, scratch.ds);
    const [first] = await index.search('parking permits', everyone);
    expect(first).toMatchObject({ chunk: { documentKey: 'parking', model: null }, cosine: null });

    // The rebuild: the same log re-embedded with USE lite into fresh tables, swapped in atomically.
    await scratch.ds.query(`CREATE SCHEMA knowledge__rebuild`);
    for (const table of ['documents', 'chunks', 'group_members', 'group_sources', 'answers', 'checkpoint'])
      await scratch.ds.query(`CREATE TABLE knowledge__rebuild.${table} (LIKE knowledge.${table} INCLUDING ALL)`);
    const [vector] = await embedder.embed(['Parking permits for the garage are issued by facilities']);
    await write('knowledge__rebuild', 'parking', 'Parking permits for the garage are issued by facilities', 1, vector);
    await scratch.ds.transaction(async (q) => {
      await q.query(`ALTER SCHEMA knowledge RENAME TO knowledge__old`);
      await q.query(`ALTER SCHEMA knowledge__rebuild RENAME TO knowledge`);
      await q.query(`DROP SCHEMA knowledge__old CASCADE`);
    });
    // A document published after the rebuild: the current generation takes it at once.
    await write('knowledge', 'lunch', 'The cafeteria serves lunch from noon', 2, null);

    const [during] = await index.search('parking permits', everyone);
    expect(during).toMatchObject({ chunk: { documentKey: 'parking', model: null }, cosine: null });
    expect((await index.search('cafeteria lunch', everyone))[0].chunk.documentKey).toBe('lunch');

    await index.settled();
    expect(index.stats).toEqual({ documents: 2, chunks: 2, model: embedder.model });
    const [after] = await index.search('parking permits', everyone);
    expect(after.chunk).toMatchObject({ documentKey: 'parking', model: embedder.model });
    expect(after.cosine).toBeGreaterThan(0.5);
    expect((await index.search('cafeteria lunch', everyone))[0].chunk.documentKey).toBe('lunch');
  }, 60_000);
});
