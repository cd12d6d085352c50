/** The SQL dialects the helper writes for. */
export type SqlDialectName = 'sqlite' | 'mysql' | 'postgres' | 'mssql';

/** One cell of a JSON array a dialect builds (`jsonArray`): SQL over the query's columns and how to write it. */
export interface SqlCell {
  sql: string;
  /** `text`: a JSON string; `number`: the integer as written (64 bits exact); `boolean`: 0/1 stored, written as its number. */
  kind: 'text' | 'number' | 'boolean';
}

/**
 * What differs between dialects (knex's split: one interface, a file per dialect). Every
 * expression takes SQL expressions over the entity query's columns, never input: values go in
 * as bindings (`?`).
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** `bucketOf(id, 32)`: the top 32 bits of MD5 over the id's UTF-8 bytes, as an unsigned integer. */
  bucket32(id: string): string;
  /** `value` shifted right by `bits` (a constant), as an integer. */
  shiftRight(value: string, bits: number): string;
  /** The first 16 hex digits (lowercase) of MD5 over `text`: the record's fingerprint. */
  fingerprint(text: string): string;
  /** Orders `id` by code point, as `compareIds` does (not by the server's locale). */
  byCodePoint(id: string): string;
  /**
   * Per bucket, COUNT and the XOR of the fingerprints as 16 hex digits, where the server can
   * aggregate XOR over 64 bits; undefined where it cannot (the helper then folds fingerprints it
   * streams in bucket order).
   */
  xorFingerprints?(text: string): string;
  /**
   * An aggregate over all rows giving one JSON text `[[bucket, count, xor], …]` (any order) of
   * each row's `id` at `bits` (1..32, a constant), where the connection folds in place of XOR
   * (SQLite: `ls_fold_id_digests`, see registerSqliteFunctions): one row a call, no sort, no
   * fingerprint a record crossing to the helper, and the bucket hashed in the same call.
   */
  foldDigests?(id: string, bits: number, text: string): string;
  /** A derived table: `(<query>) alias`. */
  derived(query: string, alias: string): string;
  /** An identifier quoted (a fixed name from the author's mapping, never input). */
  quote(name: string): string;
  /** After an ORDER BY: at most `count` rows (an integer constant). */
  limit(count: number): string;
  /**
   * Cells as one compact JSON array text (`["a",1,null]`, no spaces; NULL as `null`): a record's
   * text that no cell value can shift into its neighbour, the same bytes on every dialect.
   */
  jsonArray(cells: readonly SqlCell[]): string;
  /** Texts concatenated; NULL when one is. */
  concat(parts: readonly string[]): string;
  /**
   * A scalar subquery: `text` of each row of `rows.from` that `rows.where` keeps, joined with `,`
   * in `rows.order`; NULL for no row (a record's child rows, e.g. an entry's lines).
   */
  joinRows(rows: JoinedRows): string;
}

/** The rows `joinRows` joins: SQL over the child table's alias and the outer query's columns. */
export interface JoinedRows {
  /** Each row's text, e.g. `jsonArray` of its cells. */
  text: string;
  /** The table and its alias: `` `entry_line` c ``. */
  from: string;
  /** Which rows: `` c.`entry_id` = t.`id` ``. */
  where: string;
  /** Their order: `` c.`line` ``. */
  order: string;
}
