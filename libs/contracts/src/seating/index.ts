export * from './seating.events';
export * from './seating.dto';
export * from './seating.read';
