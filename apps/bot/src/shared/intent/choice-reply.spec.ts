import type { ChoiceOption } from './choice-matcher';
import { choiceReply, displayName } from './choice-reply';
import { FuzzyChoiceMatcher } from './fuzzy-choice-matcher';

const OFFICES: ChoiceOption[] = [
  { id: 'spb', labels: ['Санкт-Петербург', 'Saint Petersburg'] },
  { id: 'msk', labels: ['Москва', 'Moscow'] },
  { id: 'kzn', labels: ['Казань'] },
];
const m = new FuzzyChoiceMatcher();

describe('choiceReply', () => {
  it('says nothing for a match', () => {
    expect(choiceReply('питер', m.matchSync('питер', OFFICES), OFFICES)).toBeNull();
  });

  it('suggests the nearest option and lists them all for an unknown answer', () => {
    expect(choiceReply('рязань', m.matchSync('рязань', OFFICES), OFFICES)).toBe(
      'Не нашёл «рязань» среди вариантов. Может быть, Казань? Выберите, пожалуйста, один из них: Санкт-Петербург, Москва, Казань.',
    );
    expect(choiceReply('asdf', m.matchSync('asdf', OFFICES), OFFICES, 'en')).toBe(
      'I could not find "asdf" among the options. Please choose one of: Saint Petersburg, Moscow, Казань.',
    );
  });

  it('asks which one for an ambiguous answer', () => {
    expect(choiceReply('москва или питер', m.matchSync('москва или питер', OFFICES), OFFICES)).toMatch(
      /^Уточните, пожалуйста: (Санкт-Петербург или Москва|Москва или Санкт-Петербург)\?$/,
    );
    expect(
      choiceReply(
        'x',
        {
          kind: 'ambiguous',
          candidates: [
            { id: 'spb', confidence: 0.7 },
            { id: 'msk', confidence: 0.7 },
            { id: 'kzn', confidence: 0.6 },
          ],
        },
        OFFICES,
        'en',
      ),
    ).toBe('Which one do you mean: Saint Petersburg, Moscow or Казань?');
  });

  it('shortens a long echo of the text', () => {
    const reply = choiceReply('а'.repeat(100), { kind: 'none', suggestions: [] }, OFFICES) ?? '';
    expect(reply).toContain(`«${'а'.repeat(39)}…»`);
  });

  it("shows the label in the user's alphabet when there is one", () => {
    expect(displayName(OFFICES[0], 'en')).toBe('Saint Petersburg');
    expect(displayName(OFFICES[0], 'ru')).toBe('Санкт-Петербург');
    expect(displayName(OFFICES[2], 'en')).toBe('Казань');
  });
});
