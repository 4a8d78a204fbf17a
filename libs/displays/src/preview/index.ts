export * from './font';
export * from './frame';
export * from './text';
export * from './qr';
export * from './i18n';
export * from './layout';
export * from './png';
export * from './render';
export { FONT_SOURCE_SHA256 } from './font-data';
