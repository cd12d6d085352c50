export { SqlAdapter } from './adapter';
export { connect } from './connect';
export { createSchema } from './schema';
export { TABLES, Table, Column } from './tables';
export { entityQueries, fromText } from './queries';
export { toRows } from './rows';
export { putRecords, deleteRecords, clearRecords, HeldRow } from './writer';
export { SqlFixtureDriver, SqlFixtureClient } from './fixture';
export { activate, deactivate } from './plugin';
