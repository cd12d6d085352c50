/** @ledgersync/core: the engine room. Each area exports its public surface from its own index. */
import 'reflect-metadata';
export * from './changeset/types';
export * from './engine/api';
export * from './database';
export * from './state';
export * from './engine';
export * from './host';
export * from './certificates';
export * from './platform';
export * from './orchestration';
