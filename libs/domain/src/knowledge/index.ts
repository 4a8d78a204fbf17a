export * from './knowledge.errors';
export * from './knowledge-source.decider';
export * from './knowledge-document.decider';
export * from './knowledge-sync.plan';
