/**
 * Seating: floor plans (sanitized SVG with named desks, rooms and a corridor
 * graph), desks and their assignments on plan streams, hot-desk bookings on
 * desk-day streams.
 */
export * from './seating.errors';
export * from './svg-plan';
export * from './floor-plan.decider';
export * from './desk-day.decider';
export * from './wayfinding';
export * from './markers';
