export { SqlAdapter } from './adapter';
export { connect } from './connect';
export { createSchema } from './schema';
export { TABLES, Table, Column, toRows, fromRows } from './tables';
export { putRecords, deleteRecords, clearRecords, HeldRow } from './writer';
export { SqlFixtureDriver } from './fixture';
export { activate, deactivate } from './plugin';
