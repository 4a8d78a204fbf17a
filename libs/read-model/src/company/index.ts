export * from './company.rows';
export * from './working-days.query';
