/**
 * Room door displays: the protocol v1 payload the e-ink signs fetch
 * (firmware/PROTOCOL.md), the 200/304 answer, and a pixel-exact preview of
 * what the panel will show (preview/).
 */
export * from './protocol/limits';
export * from './protocol/payload-parser';
export * from './protocol/status';
export * from './protocol/dump';
export * from './protocol/vectors';
export * from './payload/text';
export * from './payload/etag';
export * from './payload/refresh';
export * from './payload/build-payload';
export * from './payload/respond';
export * from './preview';
