export * from './embedded-postgres';
export * from './runtime';
export * from './coalesce';
export * from './time-zone';
export * from './secrets';
export * from './cli-tokens';
export * from './database-unavailable';
