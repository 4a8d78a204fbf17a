export * from './knowledge.events';
export * from './knowledge.dto';
