import { catalogs, languageOf, money, t } from './i18n';

describe('i18n', () => {
  it('has every key in both languages, with the same placeholders', () => {
    const en = Object.keys(catalogs.en).sort();
    expect(Object.keys(catalogs.ru).sort()).toEqual(en);
    for (const key of en as (keyof typeof catalogs.en)[]) {
      const holders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, holders(catalogs.ru[key])]).toEqual([key, holders(catalogs.en[key])]);
    }
  });
  it('picks Russian for ru-* and English otherwise', () => {
    expect(languageOf('ru')).toBe('ru');
    expect(languageOf('ru-RU')).toBe('ru');
    expect(languageOf('de')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });
  it('fills placeholders and formats minor units as money', () => {
    expect(t('en', 'bid.too_low', { price: '15' })).toBe('Too low: the minimum is now 15');
    expect(money('en', 150_050).replace(/\s/g, ' ')).toBe('RUB 1,500.50');
    expect(money('ru', 150_000).replace(/\s/g, ' ')).toBe('1 500,00 ₽');
  });
});
