import { Knex } from 'knex';
import { nativeSqlite } from '../database';
import { HashRange } from './rows';
import { sqliteDeleteIn, sqliteInsert, sqliteSelectIn } from './sqlite-statements';

/**
 * Rows per INSERT: SQL Server takes at most 2,100 parameters per statement, so a batch holds
 * fewer than 2,000 values whatever the dialect (fewer, larger statements: each one is parsed).
 */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(1900 / columns));
}

/** Ids per `IN (…)` list, under the same parameter limit. */
export const IDS_PER_QUERY = 1000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts rows in batches that every dialect accepts. */
export async function insertRows(db: Knex | Knex.Transaction, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const native = nativeSqlite(db);
  if (native) return sqliteInsert(native, table, rows);
  const columns = Object.keys(rows[0]);
  const client = String(db.client.config.client);
  // knex writes SQLite's multi-row insert as a UNION ALL of SELECTs, which SQLite parses slowly;
  // SQLite (>= 3.7.11) and MySQL take a plain VALUES list. SQL Server keeps knex's own statement.
  const valuesList = client === 'better-sqlite3' || client.startsWith('mysql');
  for (const batch of chunks(rows, rowsPerInsert(columns.length))) {
    if (!valuesList) {
      await db(table).insert(batch);
      continue;
    }
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) values ${batch.map(() => tuple).join(', ')}`;
    await db.raw(sql, [table, ...columns, ...batch.flatMap((row) => columns.map((column) => (row[column] ?? null) as Knex.Value))]);
  }
}

/**
 * Inserts rows, replacing those with the same primary key: `INSERT OR REPLACE` on SQLite, else
 * `deleteExisting` (which deletes the rows about to be written) followed by plain inserts.
 */
export async function replaceRows(db: Knex | Knex.Transaction, table: string, rows: readonly Record<string, unknown>[], deleteExisting: () => Promise<void>): Promise<void> {
  const native = nativeSqlite(db);
  if (native) return sqliteInsert(native, table, rows, true);
  await deleteExisting();
  await insertRows(db, table, rows);
}

/** The inclusive interval of a bucket among the buckets of `width` bits (the 32-bit hashes by default; `range.bits` ≤ `width`). */
export function hashInterval(range: HashRange, width = 32): { lo: number; hi: number } {
  const span = 2 ** (width - range.bits);
  return { lo: range.value * span, hi: range.value * span + span - 1 };
}

/**
 * Streams a query in key order by keyset pagination (`key > last ORDER BY key LIMIT n`): portable,
 * holds one page in memory, and never keeps a cursor open across the caller's own queries (SQLite
 * has a single connection).
 */
export async function* keyset<T extends Record<string, unknown>>(
  query: () => Knex.QueryBuilder,
  key: string,
  pageSize = 1000,
): AsyncGenerator<T> {
  let last: unknown;
  for (;;) {
    const builder = query();
    if (last !== undefined) builder.where(key, '>', last as string);
    const rows = (await builder.orderBy(key).limit(pageSize)) as T[];
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1][key.includes('.') ? key.split('.')[1] : key];
  }
}

/** Rows of `table` matching `where` whose `column` is one of `values`, in batches under the parameter limit. */
export async function selectIn<R>(db: Knex | Knex.Transaction, table: string, where: Record<string, unknown>, column: string, values: readonly string[], columns: string[] = ['*']): Promise<R[]> {
  const native = nativeSqlite(db);
  if (native) return sqliteSelectIn<R>(native, table, where, column, [...new Set(values)], columns);
  const out: R[] = [];
  for (const batch of chunks([...new Set(values)], IDS_PER_QUERY)) {
    out.push(...((await db(table).select(columns).where(where).whereIn(column, batch)) as R[]));
  }
  return out;
}

/** Deletes the rows of `table` matching `where` whose `column` is one of `values`, in batches under the parameter limit. */
export async function deleteIn(db: Knex | Knex.Transaction, table: string, where: Record<string, unknown>, column: string, values: readonly string[]): Promise<void> {
  const native = nativeSqlite(db);
  if (native) return sqliteDeleteIn(native, table, where, column, values);
  for (const batch of chunks(values, IDS_PER_QUERY)) await db(table).where(where).whereIn(column, batch).delete();
}
