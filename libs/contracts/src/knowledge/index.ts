export * from './knowledge.events';
export * from './knowledge.ask';
export * from './knowledge.dto';
