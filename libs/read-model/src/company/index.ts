export * from './company.rows';
