export * from './adapter';
export * from './source-file';
export * from './source-provider';
export { activate, deactivate } from './plugin';
export * from './fixture';
