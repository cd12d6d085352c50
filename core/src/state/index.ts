export * from './rows';
export * from './store';
export * from './changesets';
export * from './records';
export * from './staging';
export { STATE_MIGRATIONS, STATE_MIGRATION_TABLE } from './migrations';
export * from './errors';
