export * from './identity.rows';
export * from './log-reactor';
