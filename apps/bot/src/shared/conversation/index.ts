export * from './conversation-store';
export * from './conversations';
export * from './flow';
export * from './session';
