export * from './knowledge-sources.rows';
