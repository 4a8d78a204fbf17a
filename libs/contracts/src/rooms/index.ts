export * from './rooms.events';
