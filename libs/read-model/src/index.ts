export * from './auction/auction.rows';
export * from './data-source';
export * from './identity/index';
export * from './rooms/displays/index';
export * from './rooms/rooms.rows';
export * from './table-writer';
export * from './audit-checkpoints';
export * from './knowledge/index';
