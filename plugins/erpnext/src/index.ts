export { activate, deactivate } from './plugin';
export * from './adapter';
export * from './config';
export * from './factory';
export * from './fixture/driver';
export * from './fixture/holding';
export * from './fixture/step-not-expressible';
