export * from './displays.rows';
