export * from './timesheets.events';
export * from './timesheets.dto';
