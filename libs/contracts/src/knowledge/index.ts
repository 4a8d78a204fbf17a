export * from './knowledge.events';
