export * from './databases';
export * from './auction-fixtures';
