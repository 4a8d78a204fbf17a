import { auctionMessages, t as auctionT } from '../auction/auction.i18n';
import { authMessages } from '../auth/auth.i18n';
import { identityMessages } from '../identity/identity.i18n';
import { companyMessages } from '../company/company.i18n';
import { directoryMessages } from '../directory/directory.i18n';
import { knowledgeMessages } from '../knowledge/knowledge.i18n';
import { roomsMessages } from '../rooms/rooms.i18n';
import { money, resolveLanguage, telegramLanguage, sharedMessages, type Catalogue } from './i18n';

const catalogues: Record<string, Catalogue> = {
  shared: sharedMessages,
  auction: auctionMessages,
  identity: identityMessages,
  rooms: roomsMessages,
  auth: authMessages,
  directory: directoryMessages,
  company: companyMessages,
  knowledge: knowledgeMessages,
};

describe('i18n', () => {
  it.each(Object.entries(catalogues))('the %s catalogue has every key in both languages, with the same placeholders', (_, catalogue) => {
    const en = Object.keys(catalogue.en).sort();
    expect(Object.keys(catalogue.ru).sort()).toEqual(en);
    for (const key of en) {
      const holders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, holders(catalogue.ru[key])]).toEqual([key, holders(catalogue.en[key])]);
    }
  });
  it('no key is defined by two catalogues (a feature would silently take another one’s text)', () => {
    const owners = new Map<string, string[]>();
    for (const [name, c] of Object.entries(catalogues)) for (const key of Object.keys(c.en)) owners.set(key, [...(owners.get(key) ?? []), name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });
  it('picks Russian for ru-* and English otherwise', () => {
    expect(telegramLanguage('ru')).toBe('ru');
    expect(telegramLanguage('ru-RU')).toBe('ru');
    expect(telegramLanguage('en-GB')).toBe('en');
    expect(telegramLanguage('de')).toBeUndefined();
    expect(telegramLanguage(undefined)).toBeUndefined();
    // one resolution for replies, notifications and reminders: chosen, else Telegram's, else the deployment's default
    expect(resolveLanguage('en', 'ru', 'ru')).toBe('en');
    expect(resolveLanguage(null, 'en', 'ru')).toBe('en');
    expect(resolveLanguage(null, undefined, 'ru')).toBe('ru');
    expect(resolveLanguage(undefined, telegramLanguage('de'), 'en')).toBe('en');
  });
  it('fills placeholders and formats minor units as money', () => {
    expect(auctionT('en', 'bid.too_low', { price: '15' })).toBe('Too low: the minimum is now 15');
    expect(money('en', 150_050).replace(/\s/g, ' ')).toBe('RUB 1,500.50');
    expect(money('ru', 150_000).replace(/\s/g, ' ')).toBe('1 500,00 ₽');
  });
});
