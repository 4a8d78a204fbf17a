export * from './databases';
export * from './auction-fixtures';
export * from './settled-log';
export * from './fold-spec';
export * from './browser';
export * from './midday-zone';
