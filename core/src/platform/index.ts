/** The platform reference store: changesets in, portal figures out, tasks and monitoring over HTTP. */
export * from './clock';
export * from './errors';
export * from './migrations';
export * from './receiver';
export * from './figures';
export * from './records';
export * from './dossiers';
export * from './worklist';
export * from './schedule';
export * from './backfill';
export * from './email';
export * from './tasks/types';
export * from './tasks/queue';
export * from './tasks/backoff';
export * from './platform';
