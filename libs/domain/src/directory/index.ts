export * from './transliteration';
export * from './first-names';
export * from './directory.search';
