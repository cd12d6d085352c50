/** The SQL dialects the helper writes for. */
export type SqlDialectName = 'sqlite' | 'mysql' | 'postgres' | 'mssql';

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
  /** A derived table: `(<query>) alias`. */
  derived(query: string, alias: string): string;
}
