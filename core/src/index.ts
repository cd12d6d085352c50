/** @ledgersync/core: the engine room. Each area exports its public surface from its own index. */
export * from './changeset/types';
export * from './engine/api';
