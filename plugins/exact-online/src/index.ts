export * from './adapter';
export * from './configuration';
export * from './factory';
export * from './endpoints';
export * from './markers';
export * from './http/oauth';
export * from './http/rate-limit';
export * from './mapping/rows';
export { activate, deactivate } from './plugin';
