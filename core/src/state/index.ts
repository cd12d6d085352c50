export * from './rows';
export * from './store';
export * from './changesets';
export * from './records';
export { foldBuckets, STORED_BUCKET_BITS } from './bucket-digests';
export * from './staging';
export { STATE_MIGRATIONS, STATE_MIGRATION_TABLE } from './migrations';
export * from './errors';
