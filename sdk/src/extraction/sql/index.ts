export { JoinedRows, SqlCell, SqlDialect, SqlDialectName } from './dialect';
export { SQL_DIALECTS } from './dialects';
export { SqlEntityQueries, SqlEntityQuery, SqlExtraction, SqlExtractionOptions, SqlRunner, numberedPlaceholders } from './sql-extraction';
export { registerSqliteFunctions, SqliteFunctionHost } from './sqlite-functions';
