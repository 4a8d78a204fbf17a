export * from './timesheets.events';
