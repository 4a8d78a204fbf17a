export * from './auction/lot.entity';
export * from './auction/bid.entity';
export * from './auction/private.entities';
export * from './checkpoint.entity';
export * from './data-source';
export * from './identity/index';
export * from './rooms/displays/index';
