import { KNOWLEDGE_DOCUMENT_STREAM_PREFIX, knowledgeGroupStreamId } from '@megabot/contracts';
import { UseLiteEmbedder, type Embedder } from '@megabot/knowledge';
import { FIXTURE_DOCUMENTS, docKey } from '@megabot/knowledge/testing/knowledge-corpus.fixtures';
import { changeAccess, deleteDocument, mirrorGroups, publish } from '@megabot/knowledge/testing/knowledge-events.fixtures';
import { readSettledLog, testDatabases } from '@megabot/testing';
import { openScratchStores, type ScratchStores } from '@megabot/testing/scratch-stores';
import { applyInTransaction } from '../projection-runner';
import { rebuildProjection } from '../rebuild';
import { KnowledgeProjection } from './knowledge.projection';

const [db] = testDatabases();

/** The real embedded embedder, counting the texts it is asked to embed. */
class CountingEmbedder implements Embedder {
  readonly inner = new UseLiteEmbedder();
  readonly model = this.inner.model;
  readonly dimensions = this.inner.dimensions;
  embedded = 0;
  covers(language: 'ru' | 'en') {
    return this.inner.covers(language);
  }
  async embed(texts: readonly string[]) {
    this.embedded += texts.length;
    return this.inner.embed(texts);
  }
}

describe('knowledge projection', () => {
  let scratch: ScratchStores;
  const embedder = new CountingEmbedder();
  const projection = new KnowledgeProjection({ embedder });
  const [vacation, vacationRu, , , , , , , salary] = FIXTURE_DOCUMENTS;

  beforeAll(async () => {
    scratch = await openScratchStores(db.url, 4);
  });
  afterAll(async () => {
    await scratch.close();
  });

  const catchUp = async () => {
    // every committed stream (a settled read may not show the newest yet), then the log once it has settled past them all
    const streams = (await scratch.store.readAll({ maxCount: 10_000, unsettled: true })).map((e) => e.streamId);
    const log = await readSettledLog(scratch.store, [...new Set(streams)]);
    await scratch.ds.transaction((q) => applyInTransaction(q, projection, 'knowledge', log));
  };
  const snapshot = async () => ({
    documents: await scratch.ds.query(
      `SELECT document_key, title, url, content_hash, access, chunks, model, deleted, revision FROM knowledge.documents ORDER BY document_key`,
    ),
    chunks: await scratch.ds.query(
      `SELECT chunk_id, document_key, ordinal, headings, text, language, access, model, embedding FROM knowledge.chunks ORDER BY chunk_id`,
    ),
    groups: await scratch.ds.query(`SELECT source_id, group_name, employee_id FROM knowledge.group_members ORDER BY 1, 2, 3`),
  });

  it('chunks and embeds published documents, re-ACLs without re-embedding, removes deleted ones, mirrors groups; replay and rebuild change nothing', async () => {
    for (const d of FIXTURE_DOCUMENTS) await publish(scratch.store, d);
    await mirrorGroups(scratch.store, 'confluence', { 'hr-leads': ['e-olga', 'e-ivan'], admins: ['e-anna'] });
    await catchUp();

    const first = await snapshot();
    expect(first.documents).toHaveLength(FIXTURE_DOCUMENTS.length);
    const vacationChunks = first.chunks.filter((c: { document_key: string }) => c.document_key === docKey(vacation));
    expect(vacationChunks.map((c: { headings: string[] }) => c.headings)).toEqual([[], ['Requesting leave'], ['Sick leave']]);
    expect(vacationChunks.every((c: { model: string; embedding: number[] }) => c.model === embedder.model && c.embedding.length === 512)).toBe(true);
    // Russian text is not embedded by the English-only model: it is found lexically.
    const russian = first.chunks.filter((c: { document_key: string }) => c.document_key === docKey(vacationRu));
    expect(russian.length).toBeGreaterThan(0);
    expect(russian.every((c: { model: null; embedding: null; language: string }) => c.model === null && c.embedding === null && c.language === 'ru')).toBe(
      true,
    );
    const salaryChunks = first.chunks.filter((c: { document_key: string }) => c.document_key === docKey(salary));
    expect(salaryChunks[0].access).toEqual(salary.access);
    expect(first.groups).toEqual([
      { source_id: 'confluence', group_name: 'admins', employee_id: 'e-anna' },
      { source_id: 'confluence', group_name: 'hr-leads', employee_id: 'e-ivan' },
      { source_id: 'confluence', group_name: 'hr-leads', employee_id: 'e-olga' },
    ]);
    const embeddedAtFirst = embedder.embedded;
    expect(embeddedAtFirst).toBeGreaterThan(0);

    // Permission change, the same content published again (new link), a new section, a deletion, a new mirror.
    await changeAccess(scratch.store, salary, { public: false, allow: ['user:e-cfo'], classification: 'secret' });
    await publish(scratch.store, vacationRu, { url: 'https://wiki.example.com/wiki/Отпуск_(новая)' });
    await publish(scratch.store, vacation, { body: `${vacation.body}\n\n## Parental leave\n\nParents get 10 extra days.` });
    await deleteDocument(scratch.store, FIXTURE_DOCUMENTS[2]);
    await mirrorGroups(scratch.store, 'confluence', { 'hr-leads': ['e-olga'] });
    await catchUp();

    const second = await snapshot();
    const salaryNow = second.chunks.filter((c: { document_key: string }) => c.document_key === docKey(salary));
    expect(salaryNow.map((c: { access: unknown }) => c.access)).toEqual(
      salaryChunks.map(() => ({ public: false, allow: ['user:e-cfo'], classification: 'secret' })),
    );
    expect(salaryNow.map((c: { embedding: number[] }) => c.embedding)).toEqual(salaryChunks.map((c: { embedding: number[] }) => c.embedding));
    expect(second.documents.find((d: { document_key: string }) => d.document_key === docKey(vacationRu)).url).toBe(
      'https://wiki.example.com/wiki/Отпуск_(новая)',
    );
    const vacationNow = second.chunks.filter((c: { document_key: string }) => c.document_key === docKey(vacation));
    expect(vacationNow.map((c: { headings: string[] }) => c.headings.join('/'))).toEqual(['', 'Requesting leave', 'Sick leave', 'Parental leave']);
    // Only the changed passages were embedded: the three unchanged ones came from the cache.
    expect(embedder.embedded - embeddedAtFirst).toBe(1);
    const deletedKey = docKey(FIXTURE_DOCUMENTS[2]);
    expect(second.chunks.filter((c: { document_key: string }) => c.document_key === deletedKey)).toEqual([]);
    expect(second.documents.find((d: { document_key: string }) => d.document_key === deletedKey)).toMatchObject({ deleted: true, chunks: 0 });
    expect(second.groups).toEqual([{ source_id: 'confluence', group_name: 'hr-leads', employee_id: 'e-olga' }]);

    // Replaying every event in place changes nothing; a rebuild gives the same rows and embeds nothing again.
    const all = await scratch.store.readAll({ maxCount: 10_000 });
    await scratch.ds.transaction((q) => applyInTransaction(q, projection, 'knowledge', all));
    expect(await snapshot()).toEqual(second);
    const embeddedBeforeRebuild = embedder.embedded;
    const progress: number[] = [];
    await rebuildProjection(scratch.store, scratch.ds, projection, ({ processed }) => progress.push(processed));
    expect(await snapshot()).toEqual(second);
    expect(embedder.embedded).toBe(embeddedBeforeRebuild);
    expect(progress.at(-1)).toBe(all.length);
    expect(all.some((e) => e.streamId.startsWith(KNOWLEDGE_DOCUMENT_STREAM_PREFIX))).toBe(true);
    expect(all.some((e) => e.streamId === knowledgeGroupStreamId('confluence'))).toBe(true);
  }, 120_000);
});
