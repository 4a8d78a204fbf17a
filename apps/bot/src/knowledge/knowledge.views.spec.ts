import type { KnowledgeAnswerView } from '@megabot/contracts';
import { answerMessages, MESSAGE_LIMIT, packParagraphs } from './knowledge.views';

const answer = (text: string, over: Partial<KnowledgeAnswerView> = {}): KnowledgeAnswerView => ({
  answerId: 'abcdefgh1234',
  mode: 'extractive',
  text,
  language: 'en',
  citations: [
    { n: 1, documentKey: 'wiki:1', title: 'Vacation <policy>', breadcrumb: ['HR'], section: ['Sick leave'], url: 'https://wiki.example.com/a?b=1&c="2"' },
    { n: 2, documentKey: 'share:x', title: 'Expenses', breadcrumb: [], section: [], url: 'file://share/Finance/Expenses.md' },
  ],
  ...over,
});

describe('knowledge answer messages', () => {
  it('shows the answer, the sources as links with their place, and the rating buttons', () => {
    const { texts, keyboard } = answerMessages('en', answer('You get 28 days [1]. Keep receipts [2].'), 'q');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('You get 28 days [1].');
    expect(texts[0]).toContain('[1] <a href="https://wiki.example.com/a?b=1&amp;c=&quot;2&quot;">Vacation &lt;policy&gt;</a> — HR › Sick leave');
    expect(texts[0]).toContain('[2] Expenses (<code>file://share/Finance/Expenses.md</code>)');
    expect(keyboard!.inline_keyboard[0].map((b) => ('callback_data' in b ? b.callback_data : ''))).toEqual(['kn:u:abcdefgh1234', 'kn:d:abcdefgh1234']);
  });

  it('says it does not know, in the asker’s language, without buttons', () => {
    const { texts, keyboard } = answerMessages('ru', answer('', { mode: 'unknown', citations: [] }), 'Где <столовая>?');
    expect(texts).toEqual(['🤷 Не знаю: в документах, доступных вам, нет ответа на «Где &lt;столовая&gt;?». Попробуйте другие слова или спросите коллег.']);
    expect(keyboard).toBeUndefined();
  });

  it('splits a long answer at paragraph boundaries, every message within the limit', () => {
    const paragraph = (i: number) => `${i} `.repeat(400).trim();
    const { texts } = answerMessages('en', answer(Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n')), 'q');
    expect(texts.length).toBeGreaterThan(1);
    for (const m of texts) expect(m.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    expect(texts.join('\n\n').split('\n\n').slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => paragraph(i)));
    expect(packParagraphs(['x'.repeat(9000)], 4000).map((m) => m.length)).toEqual([4000, 4000, 1000]);
  });
});
