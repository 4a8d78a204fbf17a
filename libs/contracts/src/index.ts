export * from './shared/position';
export * from './shared/problem';
export * from './shared/command-result';
export * from './auction/auction.events';
export * from './auction/auction.dto';
export * from './auction/auction.read';
export * from './notifications/notifications';
export * from './identity/index';
