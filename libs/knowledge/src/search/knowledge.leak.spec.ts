import { CLEARANCE_LEVELS, knowledgeReadable, type KnowledgeAccess } from '@megabot/contracts';
import fc from 'fast-check';
import { ExtractiveAnswerer } from '../answer/answerer';
import { FIXTURE_DOCUMENTS, RESTRICTED_SECRETS, docKey, indexedChunksOf } from '../testing/knowledge-corpus.fixtures';
import type { KnowledgeReader } from './reader';
import { KnowledgeSearchIndex, type IndexedChunk } from './search-index';

/**
 * Nothing a reader may not read is ever retrieved, cited or quoted: every hit, every citation and every word of the
 * answer comes from documents knowledgeReadable admits for that reader - over random permissions, random readers and
 * questions aimed straight at the documents they may not read.
 */
const TOKENS = ['user:e-1', 'user:e-2', 'department:Finance', 'department:Eng', 'office:HQ', 'project:sokol', 'group:confluence/hr-leads'];
const CODEWORDS = ['amberfox', 'quillstone', 'marshlight', 'bronzekite', 'сапфир', 'малахит', 'гранит', 'tidewater'];

const accessArb: fc.Arbitrary<KnowledgeAccess> = fc.record({
  public: fc.boolean(),
  allow: fc.subarray(TOKENS),
  classification: fc.constantFrom(...CLEARANCE_LEVELS),
});
const readerArb: fc.Arbitrary<KnowledgeReader> = fc.record({
  tokens: fc.subarray(TOKENS).map((t) => new Set(t)),
  clearance: fc.constantFrom(null, ...CLEARANCE_LEVELS),
});

function documentChunks(i: number, access: KnowledgeAccess): IndexedChunk[] {
  const key = `wiki:${i}`;
  const word = CODEWORDS[i];
  const title = `Project ${word} handbook`;
  return [0, 1].map((ordinal) => ({
    chunkId: `${key}#${ordinal}`,
    documentKey: key,
    ordinal,
    title,
    breadcrumb: ['Projects', word],
    url: `https://wiki.example.com/${word}`,
    headings: [],
    text: ordinal === 0 ? `The ${word} budget is secret and the ${word} launch date is in spring.` : `Ask the ${word} team lead about ${word} access.`,
    indexText: `Projects › ${title}\nThe ${word} budget and launch, the ${word} team lead, ${word} access.`,
    language: 'en',
    access,
    vector: null,
    model: null,
  }));
}

describe('knowledge search never leaks', () => {
  const answerer = new ExtractiveAnswerer();

  it('over random permissions and readers: every hit and citation is readable, no answer names an unreadable document', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(accessArb, { minLength: CODEWORDS.length, maxLength: CODEWORDS.length }),
        fc.array(readerArb, { minLength: 1, maxLength: 4 }),
        async (accesses, readers) => {
          const index = new KnowledgeSearchIndex();
          accesses.forEach((access, i) => index.replaceDocument(`wiki:${i}`, documentChunks(i, access)));
          // Half the documents change permissions after indexing (the projector's re-ACL path).
          accesses.forEach((access, i) => {
            if (i % 2) {
              const changed = { ...access, public: !access.public };
              accesses[i] = changed;
              index.setAccess(`wiki:${i}`, changed);
            }
          });
          for (const reader of readers) {
            const forbidden = CODEWORDS.filter((_, i) => !knowledgeReadable(accesses[i], reader));
            for (const word of CODEWORDS) {
              for (const question of [`What is the ${word} budget?`, `${word} handbook`, `Who leads ${word}?`]) {
                const hits = await index.search(question, reader, { limit: 10 });
                for (const hit of hits) expect(knowledgeReadable(hit.chunk.access, reader)).toBe(true);
                const answer = await answerer.answer(question, hits);
                const shown = `${answer.text} ${JSON.stringify(answer.citations)}`.toLowerCase();
                for (const secret of forbidden) expect(shown).not.toContain(secret);
                if (knowledgeReadable(accesses[CODEWORDS.indexOf(word)], reader) && question.endsWith('handbook')) {
                  // Positive control: a readable document is found by its title.
                  expect(hits.some((h) => h.chunk.documentKey === `wiki:${CODEWORDS.indexOf(word)}`)).toBe(true);
                }
              }
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('the restricted fixture pages stay with their readers: targeted questions by employees without rights get nothing of them', async () => {
    const index = new KnowledgeSearchIndex();
    for (const d of FIXTURE_DOCUMENTS) index.replaceDocument(docKey(d), await indexedChunksOf(d));
    const questions = [
      'What is the salary review budget for 2027?',
      'Salary review 2027 BLUEHERON',
      'Какое кодовое слово релиза проекта Сокол?',
      'Сколько брокеров Kafka в проекте Сокол?',
      'ИЗУМРУД',
    ];
    const restricted = FIXTURE_DOCUMENTS.filter((d) => !d.access.public);
    const outsiders: KnowledgeReader[] = [
      { tokens: new Set(['user:e-anna', 'department:Eng', 'office:HQ']), clearance: 'secret' },
      { tokens: new Set(['department:Finance']), clearance: 'internal' }, // the right department, not cleared for the salary page
      { tokens: new Set(['user:e-boris', 'project:falcon']), clearance: 'confidential' },
      { tokens: new Set(['project:sokol', 'department:Finance']), clearance: null }, // dismissed
    ];
    let leaks = 0;
    for (const reader of outsiders) {
      for (const question of questions) {
        const hits = await index.search(question, reader, { limit: 10 });
        const answer = await answerer.answer(question, hits);
        const shown = `${answer.text} ${JSON.stringify(answer.citations)} ${hits.map((h) => h.chunk.text).join(' ')}`;
        for (const d of restricted) {
          if (knowledgeReadable(d.access, reader)) continue;
          if (hits.some((h) => h.chunk.documentKey === docKey(d))) leaks++;
          if (shown.includes(d.title) || shown.includes(d.url)) leaks++;
        }
        for (const secret of RESTRICTED_SECRETS) {
          const owner = restricted.find((d) => d.body.includes(secret))!;
          if (!knowledgeReadable(owner.access, reader) && shown.includes(secret)) leaks++;
        }
      }
    }
    expect(leaks).toBe(0);

    // Positive control: with the rights, the same questions find the pages.
    const finance: KnowledgeReader = { tokens: new Set(['department:Finance']), clearance: 'confidential' };
    const salary = await answerer.answer(questions[0], await index.search(questions[0], finance));
    expect(salary.text).toContain('7 percent');
    const sokol: KnowledgeReader = { tokens: new Set(['project:sokol']), clearance: 'internal' };
    const release = await answerer.answer(questions[2], await index.search(questions[2], sokol));
    expect(release.text).toContain('ИЗУМРУД');
  });
});
