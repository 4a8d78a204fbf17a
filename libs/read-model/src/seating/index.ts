export * from './seating.rows';
