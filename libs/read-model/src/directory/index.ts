export * from './directory.rows';
