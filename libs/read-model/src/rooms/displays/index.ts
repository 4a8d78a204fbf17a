export * from './displays.tables';
