export * from './company.events';
export * from './company.dto';
export * from './company.read';
