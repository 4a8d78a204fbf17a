import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import russianMessages from 'ra-language-russian';
import { resolveBrowserLocale } from 'react-admin';
import { ru } from './i18n.ru';

/**
 * Russian and English. Our texts are written in English in the screens and are their own keys (`translate('Rehire')`):
 * English needs no dictionary, Russian maps each text (i18n.ru.ts); react-admin's own texts come from its language
 * packs. A text missing from the Russian dictionary shows in English rather than as a key.
 */
export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'ru', name: 'Русский' },
];

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'ru' ? { ...russianMessages, ...ru } : englishMessages),
  resolveBrowserLocale('en') === 'ru' ? 'ru' : 'en',
  LOCALES,
  { allowMissing: true },
);
