/** A connector distribution: bundles certified plugins and starts them in certified-only mode. */
export * from './bundle';
export * from './start';
