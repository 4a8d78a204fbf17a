export * from './embedded-postgres';
export * from './runtime';
