import type { Database, Statement } from 'better-sqlite3';

/**
 * The state store's hot statements on SQLite, prepared once per connection and run directly on
 * better-sqlite3 (see `nativeSqlite`): single-row inserts in one transaction instead of knex's
 * multi-row statements, which are parsed anew each time, and `IN` lists passed as one JSON array
 * (`json_each`) so that one statement serves every list length. Table and column names come from
 * the store's own code, never from input.
 */
const prepared = new WeakMap<Database, Map<string, Statement>>();

function statement(connection: Database, sql: string): Statement {
  let cache = prepared.get(connection);
  if (!cache) prepared.set(connection, (cache = new Map()));
  let found = cache.get(sql);
  if (!found) cache.set(sql, (found = connection.prepare(sql)));
  return found;
}

const quoted = (name: string) => `"${name}"`;

/** Inserts rows that share their columns; `replace` overwrites rows with the same primary key. */
export function sqliteInsert(connection: Database, table: string, rows: readonly Record<string, unknown>[], replace = false): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const verb = replace ? 'INSERT OR REPLACE' : 'INSERT';
  const insert = statement(connection, `${verb} INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  // one transaction for the batch (a savepoint inside the caller's knex transaction, if any)
  connection.transaction(() => {
    for (const row of rows) insert.run(columns.map((column) => (row[column] ?? null) as unknown));
  })();
}

/** Rows of `table` matching `where` whose `column` is one of `values`. */
export function sqliteSelectIn<R>(connection: Database, table: string, where: Record<string, unknown>, column: string, values: readonly string[], columns: string[]): R[] {
  if (values.length === 0) return [];
  const keys = Object.keys(where);
  const select = statement(connection, selectInSql(table, keys, column, columns));
  return select.all(...keys.map((key) => where[key]), JSON.stringify(values)) as R[];
}

/** The statement of {@link sqliteSelectIn}: equal to each of `keys`, `column` in a JSON array (the last parameter). */
export function selectInSql(table: string, keys: readonly string[], column: string, columns: readonly string[]): string {
  const conditions = [...keys.map((key) => `${quoted(key)} = ?`), `${quoted(column)} IN (SELECT value FROM json_each(?))`];
  const list = columns.length === 1 && columns[0] === '*' ? '*' : columns.map(quoted).join(', ');
  return `SELECT ${list} FROM ${quoted(table)} WHERE ${conditions.join(' AND ')}`;
}

/** Deletes the rows of `table` matching `where` whose `column` is one of `values`. */
export function sqliteDeleteIn(connection: Database, table: string, where: Record<string, unknown>, column: string, values: readonly string[]): void {
  if (values.length === 0) return;
  const keys = Object.keys(where);
  const conditions = [...keys.map((key) => `${quoted(key)} = ?`), `${quoted(column)} IN (SELECT value FROM json_each(?))`];
  statement(connection, `DELETE FROM ${quoted(table)} WHERE ${conditions.join(' AND ')}`).run(...keys.map((key) => where[key]), JSON.stringify(values));
}
