import { stems, trigramVector, languageOf } from './analyze';
import { chunkDocument, sentencesOf } from './chunk';

describe('chunkDocument', () => {
  const doc = (body: string) => ({ title: 'Vacation policy', breadcrumb: ['HR', 'Policies'], body });

  it('keeps sections apart, with their heading path, and prefixes title and breadcrumb to the indexed text', () => {
    const chunks = chunkDocument(
      doc(
        `# Vacation policy\n\nIntro paragraph.\n\n## Requesting leave\n\nSubmit a request.\n\n### Approvals\n\nManagers approve.\n\n## Sick leave\n\nTell your manager.`,
      ),
    );
    expect(chunks.map((c) => [c.ordinal, c.headings, c.text])).toEqual([
      [0, [], 'Intro paragraph.'],
      [1, ['Requesting leave'], 'Submit a request.'],
      [2, ['Requesting leave', 'Approvals'], 'Managers approve.'],
      [3, ['Sick leave'], 'Tell your manager.'],
    ]);
    expect(chunks[2].indexText).toBe('HR › Policies › Vacation policy › Requesting leave › Approvals\nManagers approve.');
  });

  it('packs paragraphs of a section up to the size limit and cuts a long paragraph at sentence ends', () => {
    const sentence = (i: number) => `Sentence number ${i} has exactly seven words.`;
    const long = Array.from({ length: 100 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkDocument(doc(`## Long\n\n${long}\n\nShort one.\n\nAnother short.`), { maxWords: 100 });
    for (const c of chunks) expect(c.text.split(/\s+/).length).toBeLessThanOrEqual(125);
    expect(chunks.length).toBeGreaterThanOrEqual(7);
    expect(chunks[0].text.startsWith('Sentence number 0 ')).toBe(true);
    expect(chunks.every((c) => c.headings[0] === 'Long')).toBe(true);
    // every sentence is kept, in order, exactly once
    const all = chunks.map((c) => c.text).join(' ');
    expect(all.match(/Sentence number \d+/g)).toHaveLength(100);
    expect(all.endsWith('Short one.\n\nAnother short.')).toBe(true);
  });

  it('gives a document without body one chunk with its title', () => {
    expect(chunkDocument(doc(''))).toEqual([{ ordinal: 0, headings: [], text: 'Vacation policy', indexText: 'HR › Policies › Vacation policy' }]);
  });
});

describe('text analysis', () => {
  it('stems Russian and English words alike in their forms, without stop words, ё folded', () => {
    expect(stems('Отпуска, отпуск и отпусков')).toEqual(['отпуск', 'отпуск', 'отпуск']);
    expect(stems('How do I reset my passwords?')).toEqual(['reset', 'password']);
    expect(stems('Ещё ёлка')).toEqual(stems('Еще елка'));
  });

  it('3-gram vectors are unit length and close for inflected forms', () => {
    const a = trigramVector('электромобиль');
    const b = trigramVector('электромобили');
    const norm = Math.sqrt([...a.values()].reduce((s, w) => s + w * w, 0));
    expect(norm).toBeCloseTo(1, 6);
    let cos = 0;
    for (const [k, w] of a) cos += w * (b.get(k) ?? 0);
    expect(cos).toBeGreaterThan(0.7);
  });

  it('tells Russian from English, and splits sentences', () => {
    expect(languageOf('Как оформить VPN?')).toBe('ru');
    expect(languageOf('How to set up VPN')).toBe('en');
    expect(sentencesOf('One. Two!\n- item three\nFour?')).toEqual(['One.', 'Two!', '- item three', 'Four?']);
  });
});
