export * from './rooms.events';
export * from './rooms.dto';
export * from './rooms.read';
export * from './displays.events';
export * from './displays.dto';
