export * from './identity.events';
export * from './identity.dto';
export * from './identity.read';
export * from './offboarding';
