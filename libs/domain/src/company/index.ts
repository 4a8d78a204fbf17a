export * from './company.errors';
export * from './working-days';
export * from './xmlcalendar';
export * from './links.decider';
export * from './calendar.decider';
export * from './announcement.decider';
