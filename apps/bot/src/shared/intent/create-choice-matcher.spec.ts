import { createChoiceMatcher } from './create-choice-matcher';
import { FuzzyChoiceMatcher } from './fuzzy-choice-matcher';
import { OllamaChoiceMatcher } from './ollama-choice-matcher';

describe('createChoiceMatcher', () => {
  it('is the local fuzzy matcher without OLLAMA_URL', async () => {
    for (const env of [{}, { OLLAMA_URL: '' }, { OLLAMA_URL: '   ' }]) {
      const m = createChoiceMatcher(env);
      expect(m).toBeInstanceOf(FuzzyChoiceMatcher);
      expect(await m.match('spb', [{ id: 'spb', labels: ['Санкт-Петербург'] }])).toMatchObject({ kind: 'match', id: 'spb', via: 'fuzzy' });
    }
  });

  it('goes through Ollama when OLLAMA_URL is set', () => {
    expect(createChoiceMatcher({ OLLAMA_URL: 'http://ollama:11434', OLLAMA_CHOICE_MODEL: 'qwen2.5:3b' })).toBeInstanceOf(OllamaChoiceMatcher);
  });
});
