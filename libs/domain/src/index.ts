export * from './shared/domain-error';
export * from './shared/decider';
export * from './shared/write-side';
export * from './auction/auction.errors';
export * from './auction/auction.decider';
export * from './auction/auction.audit';
export * from './identity/index';
export * from './rooms/index';
