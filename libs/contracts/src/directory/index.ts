export * from './directory.dto';
export * from './directory.read';
