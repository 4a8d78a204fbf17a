/**
 * Meeting rooms: offices and rooms (admin streams), bookings on room-day
 * streams, recurring series, and pure planners/searches over room-day states.
 */
export * from './zone';
export * from './rooms.errors';
export * from './rooms.settings';
export * from './office.decider';
export * from './room.decider';
export * from './room-day.state';
export * from './booking.rules';
export * from './room-day.decider';
export * from './series.rules';
export * from './series.planner';
export * from './series.decider';
export * from './availability';
export * from './display.decider';
export * from './holidays';
